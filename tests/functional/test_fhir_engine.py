"""The transaction Bundle against a real FHIR engine: Medplum's router, in memory, twice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.fhir_engine import load_twice
from tests.support.history_factory import T0, begin, finished_session
from tui.core.exports.fhir_transaction import PAIN_TIMING, ClinicPatient, transaction_bundle
from tui.core.history import HistoryStore
from tui.core.session.status import SessionStatus

PATIENT = ClinicPatient("A-1042", "https://clinic.example/patient-ids")


def history_bundle(tmp_path: Path) -> dict[str, Any]:
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        finished_session(store, pain_before=6, pain_after=3, effort=5, notes="stiff")
        finished_session(
            store, started_at=T0 + timedelta(days=1), pain_before=4, pain_after=4, effort=None
        )
        finished_session(
            store, started_at=T0 + timedelta(days=2), status=SessionStatus.PARTIAL, pain_after=None
        )
        begin(store, started_at=T0 + timedelta(days=3), pain_before=2)
        return transaction_bundle(store.sessions_with_segments(), PATIENT)


@pytest.fixture(scope="module")
def posted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    """The bundle of a small history, and what the engine said and held after it twice."""
    tmp_path = tmp_path_factory.mktemp("engine")
    bundle = history_bundle(tmp_path)
    return bundle, load_twice(bundle, tmp_path)


def pain_by_timing(observations: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return sorted(
        (o["effectiveDateTime"], o["method"]["coding"][0]["code"], o["valueQuantity"]["value"])
        for o in observations
        if o["code"]["coding"][0]["code"] == "72514-3"
    )


def test_posted_twice_every_resource_is_there_once(
    posted: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    bundle, result = posted
    first, second = result["responses"]
    assert [e["response"]["status"] for e in first["bundle"]["entry"]] == ["201"] * len(
        bundle["entry"]
    )
    assert {e["response"]["status"] for e in second["bundle"]["entry"]} == {"200"}
    found = result["found"]
    sent = [e["resource"]["resourceType"] for e in bundle["entry"]]
    for kind in ("Patient", "Procedure", "Observation"):
        assert len(found[kind]) == sent.count(kind), kind
    identifiers = [o["identifier"][0]["value"] for o in found["Observation"]]
    assert len(set(identifiers)) == len(identifiers)


def test_values_codes_and_timing_come_back(posted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    found = posted[1]["found"]
    assert pain_by_timing(found["Observation"]) == [
        ("2024-03-01T08:00:00+00:00", "before-session", 6),
        ("2024-03-01T08:10:00+00:00", "after-session", 3),
        ("2024-03-02T08:00:00+00:00", "before-session", 4),
        ("2024-03-02T08:10:00+00:00", "after-session", 4),
        ("2024-03-03T08:00:00+00:00", "before-session", 5),
        ("2024-03-04T08:00:00+00:00", "before-session", 2),
    ]
    assert all(
        o["method"]["coding"][0]["system"] == PAIN_TIMING
        for o in found["Observation"]
        if o["code"]["coding"][0]["code"] == "72514-3"
    )
    efforts = [
        o for o in found["Observation"] if o["code"]["coding"][0]["code"] == "session-effort"
    ]
    assert [o["valueQuantity"]["value"] for o in efforts] == [5, 4]
    durations = [o for o in found["Observation"] if o["code"]["coding"][0]["code"] == "55411-3"]
    assert len(durations) == 3


def test_references_point_at_the_stored_patient_and_procedures(
    posted: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    found = posted[1]["found"]
    (patient,) = found["Patient"]
    assert patient["identifier"] == [{"system": PATIENT.system, "value": PATIENT.id}]
    procedures = {f"Procedure/{p['id']}": p for p in found["Procedure"]}
    assert sorted(p["status"] for p in procedures.values()) == [
        "completed",
        "completed",
        "in-progress",
        "stopped",
    ]
    for resource in (*found["Observation"], *found["Procedure"]):
        assert resource["subject"]["reference"] == f"Patient/{patient['id']}"
    for observation in found["Observation"]:
        assert observation["partOf"][0]["reference"] in procedures


def test_without_the_packages_ci_fails_and_a_developer_skips(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.support import fhir_engine

    monkeypatch.setattr(fhir_engine, "FHIR_ENGINE", tmp_path)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="must run in CI"):
        fhir_engine.node_or_skip()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="npm ci"):
        fhir_engine.node_or_skip()
