"""Pain by site and the next-day check, posted twice to the in-memory FHIR engine."""

from __future__ import annotations

from pathlib import Path

from tests.support.fhir_engine import load_twice
from tests.support.history_factory import by_site_session
from tui.core.exports.fhir import NEXT_DAY_CODE
from tui.core.exports.fhir_transaction import ClinicPatient, transaction_bundle
from tui.core.history import HistoryStore

PATIENT = ClinicPatient("A-1042", "https://clinic.example/patient-ids")


def test_each_site_comes_back_once_with_its_body_site_and_timing(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        by_site_session(store)
        bundle = transaction_bundle(store.sessions_with_segments(), PATIENT)
    result = load_twice(bundle, tmp_path)
    observations = result["found"]["Observation"]
    sent = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]
    assert len(observations) == len(sent)
    by_site = sorted(
        (
            o["method"]["coding"][0]["code"],
            o["bodySite"]["coding"][0]["code"],
            o["valueQuantity"]["value"],
        )
        for o in observations
        if "bodySite" in o
    )
    assert by_site == [
        ("after-session", "77568009", 4),
        ("before-session", "61685007", 6),
        ("before-session", "77568009", 3),
    ]
    (answer,) = [o for o in observations if o["code"]["coding"][0]["code"] == NEXT_DAY_CODE]
    assert answer["valueCodeableConcept"]["coding"][0]["code"] == "worse"
