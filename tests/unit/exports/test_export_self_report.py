"""Pain by site and the next-day check in the CSV, the JSON backup and both FHIR bundles."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.history_factory import T0, by_site_session, finished_session
from tui.core.exports.csv_export import csv_text
from tui.core.exports.fhir import BODY_SITES, NEXT_DAY_CODE, fhir_bundle
from tui.core.exports.fhir_transaction import PAIN_TIMING, ClinicPatient, transaction_bundle
from tui.core.history import HistoryStore, Session
from tui.core.routine.model import PainSite

NOW = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)
PATIENT = ClinicPatient("A-1042", "https://clinic.example/patient-ids")
TZ = UTC


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def sessions(store: HistoryStore) -> list[Session]:
    return store.sessions_with_segments()


def test_the_csv_has_a_column_for_each_site_and_the_next_day(store: HistoryStore) -> None:
    by_site_session(store)
    finished_session(store, started_at=T0 + timedelta(days=2))
    rows = list(csv.DictReader(io.StringIO(csv_text(store.sessions(oldest_first=True), tz=TZ))))
    first, second = rows
    assert [first[k] for k in ("pain_before", "pain_leg_before", "pain_back_before")] == [
        "6",
        "6",
        "3",
    ]
    assert [first[k] for k in ("pain_after", "pain_leg_after", "pain_back_after")] == ["4", "", "4"]
    assert first["next_day"] == "worse"
    assert [second[k] for k in ("pain_leg_before", "next_day")] == ["", ""]


def test_a_skipped_next_day_check_reads_skipped(store: HistoryStore) -> None:
    by_site_session(store, answer=None)
    (row,) = csv.DictReader(io.StringIO(csv_text(store.sessions(), tz=TZ)))
    assert row["next_day"] == "skipped"


def site_observations(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "bodySite" in e["resource"]
    ]


def test_the_collection_has_a_pain_observation_per_site_with_its_snomed_body_site(
    store: HistoryStore,
) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.observation import Observation

    by_site_session(store)
    bundle = fhir_bundle(sessions(store), now=NOW)
    Bundle.model_validate(bundle)
    found = site_observations(bundle)
    for resource in found:
        Observation.model_validate(resource)
    assert [
        (o["bodySite"]["coding"][0]["code"], o["valueQuantity"]["value"], o["effectiveDateTime"])
        for o in found
    ] == [
        (BODY_SITES[PainSite.LEG][0], 6, "2024-03-01T08:00:00+00:00"),
        (BODY_SITES[PainSite.BACK][0], 3, "2024-03-01T08:00:00+00:00"),
        (BODY_SITES[PainSite.BACK][0], 4, "2024-03-01T08:10:00+00:00"),
    ]
    assert {o["bodySite"]["coding"][0]["system"] for o in found} == {"http://snomed.info/sct"}
    assert BODY_SITES == {
        PainSite.LEG: ("61685007", "Lower limb structure"),
        PainSite.BACK: ("77568009", "Structure of back of trunk"),
    }


def next_day_of(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == NEXT_DAY_CODE
    ]


def test_the_next_day_answer_is_an_observation_at_the_time_it_was_asked(
    store: HistoryStore,
) -> None:
    from fhir.resources.R4B.observation import Observation

    by_site_session(store)
    (answer,) = next_day_of(fhir_bundle(sessions(store), now=NOW))
    Observation.model_validate(answer)
    assert answer["valueCodeableConcept"]["coding"][0]["code"] == "worse"
    assert answer["effectiveDateTime"] == "2024-03-02T08:00:00+00:00"


def test_a_skipped_next_day_check_is_no_observation(store: HistoryStore) -> None:
    by_site_session(store, answer=None)
    assert next_day_of(fhir_bundle(sessions(store), now=NOW)) == []


def test_the_transaction_times_each_site_and_keeps_distinct_identifiers(
    store: HistoryStore,
) -> None:
    from fhir.resources.R4B.bundle import Bundle

    by_site_session(store)
    bundle = transaction_bundle(sessions(store), PATIENT, now=NOW)
    Bundle.model_validate(bundle)
    found = site_observations(bundle)
    assert [o["method"]["coding"][0]["code"] for o in found] == [
        "before-session",
        "before-session",
        "after-session",
    ]
    assert {o["method"]["coding"][0]["system"] for o in found} == {PAIN_TIMING}
    identifiers = [
        e["resource"]["identifier"][0]["value"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    ]
    assert len(identifiers) == len(set(identifiers))
    (answer,) = next_day_of(bundle)
    assert answer["subject"]["reference"] == PATIENT.full_url
