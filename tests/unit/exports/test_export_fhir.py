"""The FHIR export, validated by a FHIR model library rather than by eye.

``fhir.resources`` (7.0 and later) carries R4 as its ``R4B`` sub-package: R4B
changed no element of Bundle or Observation.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.history_factory import T0, begin, finished_session, record
from tui.core.exports.fhir import fhir_bundle, stable_uuid
from tui.core.history import HistoryStore
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

r4_bundle = pytest.importorskip("fhir.resources.R4B.bundle", reason="fhir.resources not installed")

NOW = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def bundle_of(store: HistoryStore) -> dict[str, Any]:
    return fhir_bundle(store.sessions_with_segments(include_preview=True), now=NOW)


def observations(bundle: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["code"]["coding"][0]["code"] == code
    ]


def test_bundle_validates_as_fhir_r4(store: HistoryStore) -> None:
    finished_session(store, pain_before=6, pain_after=3)
    finished_session(store, started_at=T0 + timedelta(days=1), pain_before=None)
    parsed = r4_bundle.Bundle.model_validate(bundle_of(store))
    assert (parsed.type, len(parsed.entry)) == ("collection", 5)


def test_every_resource_validates_as_an_r4_observation(store: HistoryStore) -> None:
    observation = pytest.importorskip("fhir.resources.R4B.observation")
    finished_session(store)
    for entry in bundle_of(store)["entry"]:
        assert observation.Observation.model_validate(entry["resource"]).status == "final"


def test_each_pain_rating_is_a_loinc_72514_3_observation(store: HistoryStore) -> None:
    finished_session(store, pain_before=6, pain_after=3)
    pain = observations(bundle_of(store), "72514-3")
    assert [(o["valueQuantity"]["value"], o["valueQuantity"]["unit"]) for o in pain] == [
        (6, "{score}"),
        (3, "{score}"),
    ]


def test_pain_before_is_timed_at_the_start_and_after_at_the_end(store: HistoryStore) -> None:
    finished_session(store, pain_before=6, pain_after=3)
    pain = observations(bundle_of(store), "72514-3")
    assert [o["effectiveDateTime"] for o in pain] == [
        "2024-03-01T08:00:00+00:00",
        "2024-03-01T08:10:00+00:00",
    ]


def test_pain_is_a_survey_and_exercise_an_activity(store: HistoryStore) -> None:
    finished_session(store)
    bundle = bundle_of(store)
    categories = {
        o["code"]["coding"][0]["code"]: o["category"][0]["coding"][0]["code"]
        for o in (e["resource"] for e in bundle["entry"])
    }
    assert categories == {"72514-3": "survey", "55411-3": "activity"}


def test_exercise_duration_is_minutes_of_exercise_segments(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(0, kind=SegmentKind.GET_READY, actual=5), ended_at=T0)
    store.add_segment(sid, record(1, actual=30), ended_at=T0)
    store.add_segment(sid, record(2, kind=SegmentKind.SET, actual=60), ended_at=T0)
    store.finish_session(sid, SessionStatus.COMPLETED, ended_at=T0 + timedelta(minutes=2))
    (duration,) = observations(bundle_of(store), "55411-3")
    assert duration["valueQuantity"] == {
        "value": 1.5,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }


def test_unfinished_session_has_no_duration(store: HistoryStore) -> None:
    begin(store, pain_before=4)
    assert observations(bundle_of(store), "55411-3") == []


def test_previews_are_not_exported(store: HistoryStore) -> None:
    finished_session(store, preview=True)
    assert bundle_of(store)["entry"] == []


def test_ids_are_stable_across_exports(store: HistoryStore) -> None:
    finished_session(store)
    assert bundle_of(store) == bundle_of(store)


def test_full_urls_match_resource_ids(store: HistoryStore) -> None:
    finished_session(store)
    entries = bundle_of(store)["entry"]
    assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in entries)


def hurt_session(store: HistoryStore) -> str:
    sid = begin(store, pain_before=3)
    store.add_segment(sid, record(0), ended_at=T0 + timedelta(seconds=30))
    hurt = record(1, name="Bird-dog", side="right", hurt=True, pain_now=7, actual=4.0)
    store.add_segment(
        sid, replace(hurt, status=SegmentStatus.SKIPPED), ended_at=T0 + timedelta(seconds=40)
    )
    store.finish_session(
        sid, SessionStatus.PARTIAL, ended_at=T0 + timedelta(minutes=2), pain_after=6
    )
    return sid


def test_a_this_hurts_rating_is_a_pain_observation_tied_to_the_exercise(
    store: HistoryStore,
) -> None:
    observation = pytest.importorskip("fhir.resources.R4B.observation")
    hurt_session(store)
    bundle = bundle_of(store)
    r4_bundle.Bundle.model_validate(bundle)
    pain = observations(bundle, "72514-3")
    assert [o["valueQuantity"]["value"] for o in pain] == [3, 7, 6]  # before, hurt, after
    hurt = pain[1]
    observation.Observation.model_validate(hurt)
    assert hurt["component"] == [
        {"code": {"text": "Exercise"}, "valueString": "Bird-dog, right side"}
    ]
    assert hurt["effectiveDateTime"] == "2024-03-01T08:00:40+00:00"
    [exercise] = observations(bundle, "55411-3")
    assert hurt["derivedFrom"] == [{"reference": f"urn:uuid:{exercise['id']}"}]
    assert "Bird-dog" in hurt["note"][0]["text"]


def test_a_not_today_session_has_its_pain_before_and_no_exercise(store: HistoryStore) -> None:
    sid = begin(store, pain_before=8)
    store.finish_session(sid, SessionStatus.NOT_TODAY, ended_at=T0)
    bundle = bundle_of(store)
    assert [o["valueQuantity"]["value"] for o in observations(bundle, "72514-3")] == [8]
    assert observations(bundle, "55411-3") == []


@pytest.mark.parametrize("name", ["", "a1b2/pain-before", "Übung/ç", "x" * 300])
def test_stable_uuid_is_uuid5(name: str) -> None:
    namespace = uuid.UUID("4f3a51c2-7d0e-5b8e-9c61-2f0d3b8a9e17")
    assert stable_uuid(namespace, name) == str(uuid.uuid5(namespace, name))
