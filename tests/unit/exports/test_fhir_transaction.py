"""The FHIR transaction Bundle: validated by fhir.resources, idempotent by construction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.history_factory import T0, begin, finished_session
from tui.core.config import Settings
from tui.core.exports.fhir_transaction import (
    PAIN_TIMING,
    RECORD_SYSTEM,
    ClinicPatient,
    transaction_bundle,
)
from tui.core.history import HistoryStore
from tui.core.session.status import SessionStatus

r4_bundle = pytest.importorskip("fhir.resources.R4B.bundle", reason="fhir.resources not installed")

NOW = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)
PATIENT = ClinicPatient("A-1042", "https://clinic.example/patient-ids")


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def bundle_of(store: HistoryStore) -> dict[str, Any]:
    return transaction_bundle(store.sessions_with_segments(include_preview=True), PATIENT, now=NOW)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def coded(bundle: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == code]


def test_the_bundle_and_every_resource_validate_as_fhir_r4(store: HistoryStore) -> None:
    from fhir.resources.R4B.observation import Observation
    from fhir.resources.R4B.patient import Patient
    from fhir.resources.R4B.procedure import Procedure

    finished_session(store, pain_before=6, pain_after=3, effort=5, notes="stiff today")
    finished_session(store, started_at=T0 + timedelta(days=1), status=SessionStatus.PARTIAL)
    begin(store, started_at=T0 + timedelta(days=2), pain_before=4)  # still unfinished
    bundle = bundle_of(store)
    parsed = r4_bundle.Bundle.model_validate(bundle)
    assert parsed.type == "transaction"
    models = {"Patient": Patient, "Procedure": Procedure, "Observation": Observation}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        models[resource["resourceType"]].model_validate(resource)
    assert [len(resources(bundle, k)) for k in models] == [1, 3, 9]


def test_the_patient_is_only_the_clinic_id(store: HistoryStore) -> None:
    finished_session(store)
    (patient,) = resources(bundle_of(store), "Patient")
    assert patient == {
        "resourceType": "Patient",
        "identifier": [{"system": "https://clinic.example/patient-ids", "value": "A-1042"}],
        "active": True,
    }


def test_every_entry_is_a_conditional_update_on_its_identifier(store: HistoryStore) -> None:
    finished_session(store)
    for entry in bundle_of(store)["entry"]:
        resource = entry["resource"]
        identifier = resource["identifier"][0]
        assert "id" not in resource
        assert entry["request"] == {
            "method": "PUT",
            "url": f"{resource['resourceType']}?identifier={identifier['system']}|"
            f"{identifier['value']}",
        }
        assert entry["fullUrl"].startswith("urn:uuid:")


def test_identifiers_are_stable_and_distinct(store: HistoryStore) -> None:
    finished_session(store)
    finished_session(store, started_at=T0 + timedelta(days=1))
    first = bundle_of(store)
    again = transaction_bundle(store.sessions_with_segments(), PATIENT, now=NOW + timedelta(1))
    urls = [e["request"]["url"] for e in first["entry"]]
    assert urls == [e["request"]["url"] for e in again["entry"]]
    assert len(set(urls)) == len(urls)
    assert len({e["fullUrl"] for e in first["entry"]}) == len(urls)


def test_the_session_is_an_exercise_therapy_procedure(store: HistoryStore) -> None:
    finished_session(store, notes="stiff today", status=SessionStatus.PARTIAL)
    (procedure,) = resources(bundle_of(store), "Procedure")
    assert procedure["code"]["coding"][0]["system"] == "http://snomed.info/sct"
    assert procedure["code"]["coding"][0]["code"] == "229065009"
    assert procedure["code"]["text"] == "Home exercise routine: Morning back routine"
    assert procedure["status"] == "stopped"
    assert procedure["performedPeriod"] == {
        "start": "2024-03-01T08:00:00+00:00",
        "end": "2024-03-01T08:10:00+00:00",
    }
    assert procedure["note"] == [{"text": "The patient's note: stiff today"}]
    assert procedure["subject"]["reference"] == PATIENT.full_url


def test_an_unfinished_session_is_in_progress_without_an_end(store: HistoryStore) -> None:
    begin(store, pain_before=3)
    (procedure,) = resources(bundle_of(store), "Procedure")
    assert (procedure["status"], procedure["performedPeriod"]) == (
        "in-progress",
        {"start": "2024-03-01T08:00:00+00:00"},
    )


def test_pain_before_and_after_differ_by_method_code_and_identifier(store: HistoryStore) -> None:
    finished_session(store, pain_before=6, pain_after=3)
    pain = coded(bundle_of(store), "72514-3")
    assert [
        (p["method"]["coding"][0]["system"], p["method"]["coding"][0]["code"]) for p in pain
    ] == [
        (PAIN_TIMING, "before-session"),
        (PAIN_TIMING, "after-session"),
    ]
    assert [p["valueQuantity"]["value"] for p in pain] == [6, 3]
    assert pain[0]["identifier"] != pain[1]["identifier"]
    assert all(p["identifier"][0]["system"] == RECORD_SYSTEM for p in pain)


def test_observations_belong_to_the_patient_and_the_session(store: HistoryStore) -> None:
    finished_session(store, effort=4)
    bundle = bundle_of(store)
    procedure_url = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Procedure"
    )
    for observation in resources(bundle, "Observation"):
        assert observation["subject"] == {"reference": PATIENT.full_url}
        assert observation["partOf"] == [{"reference": procedure_url}]


def test_effort_and_exercise_duration(store: HistoryStore) -> None:
    finished_session(store, effort=4)
    bundle = bundle_of(store)
    (effort,) = coded(bundle, "session-effort")
    assert effort["valueQuantity"]["value"] == 4
    (duration,) = coded(bundle, "55411-3")
    assert duration["valueQuantity"]["unit"] == "min"


def test_previews_are_left_out(store: HistoryStore) -> None:
    finished_session(store, preview=True)
    assert [e["resource"]["resourceType"] for e in bundle_of(store)["entry"]] == ["Patient"]


def test_the_patient_comes_from_the_settings() -> None:
    assert ClinicPatient.from_settings(Settings()) is None
    settings = Settings(clinic_patient_id="A-1042", clinic_id_system="urn:oid:1.2.3")
    assert ClinicPatient.from_settings(settings) == ClinicPatient("A-1042", "urn:oid:1.2.3")


def test_a_pain_rating_on_this_hurts_is_during_the_session(store: HistoryStore) -> None:
    from tests.support.history_factory import record

    sid = begin(store, pain_before=3)
    store.add_segment(sid, record(0, hurt=True, pain_now=6), ended_at=T0 + timedelta(seconds=30))
    store.finish_session(sid, SessionStatus.PARTIAL, ended_at=T0 + timedelta(minutes=1))
    pain = coded(bundle_of(store), "72514-3")
    assert sorted(p["method"]["coding"][0]["code"] for p in pain) == [
        "before-session",
        "during-session",
    ]
    during = next(p for p in pain if p["method"]["coding"][0]["code"] == "during-session")
    assert during["valueQuantity"]["value"] == 6
    duration = next(
        e
        for e in bundle_of(store)["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "55411-3"
    )
    assert during["derivedFrom"] == [{"reference": duration["fullUrl"]}]


def test_a_session_not_started_today_is_a_procedure_not_done(store: HistoryStore) -> None:
    sid = begin(store, pain_before=8)
    store.finish_session(sid, SessionStatus.NOT_TODAY, ended_at=T0)
    (procedure,) = resources(bundle_of(store), "Procedure")
    assert procedure["status"] == "not-done"
    assert "stop level" in procedure["statusReason"]["text"]
