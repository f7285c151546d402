"""The streamed exports write what the whole-history builders build.

``supple history --format csv|json|fhir`` reads the sessions from SQLite
cursors and writes the document piece by piece; each test here compares that
with what the builders that hold every session give (``csv_text``,
``write_json``: the same text, byte for byte; ``fhir_bundle`` /
``transaction_bundle``: the same Bundle once parsed, laid out one entry per
line) on a small history with the awkward cases in it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.history_factory import T0, begin, finished_session, record
from tui.core import config
from tui.core.exports import FHIR_BUNDLES, FORMATS, fhir
from tui.core.exports.bundle_file import write_bundle
from tui.core.exports.csv_export import csv_text, flat_summary
from tui.core.exports.fhir import bundle_head, fhir_bundle
from tui.core.exports.fhir_transaction import ClinicPatient, transaction_bundle
from tui.core.history import HistoryStore, SessionFilter
from tui.core.history.backup import write_json
from tui.core.history.queries import FLAT_SUMMARY_COLUMNS
from tui.core.safe_text import escape_json_text
from tui.core.session.ratings import NextDay, SitePain
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PATIENT = ClinicPatient("A-1042", "https://clinic.example/patient-ids")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HistoryStore]:
    monkeypatch.setattr(fhir, "utc_now", lambda: NOW)
    settings = config.Settings(clinic_patient_id=PATIENT.id, clinic_id_system=PATIENT.system)
    monkeypatch.setattr(config, "load_settings", lambda: (settings, []))
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        finished_session(opened, title="Walk", started_at=T0 + timedelta(days=1))
        # Two sessions at the same moment: the id breaks the tie in both cursors.
        finished_session(opened, title="Back", started_at=T0, notes="=sum \x85 \u202e odd")
        finished_session(
            opened, title="Back", started_at=T0, segments=0, status=SessionStatus.PARTIAL
        )
        finished_session(opened, title="Walk", started_at=T0 + timedelta(days=2), preview=True)
        sid = begin(opened, title="Bridge", started_at=T0 + timedelta(days=3), pain_before=4)
        opened.add_segment(sid, record(0, name="Bird-dog", hurt=True, pain_now=7))
        opened.add_segment(sid, record(1, kind=SegmentKind.REST, hurt=True, pain_now=2))
        opened.set_pain_before(sid, 4, SitePain(leg=3, back=5))
        opened.finish_session(
            sid,
            SessionStatus.PARTIAL,
            ended_at=T0 + timedelta(days=3, hours=1),
            sites_after=SitePain(back=2),
        )
        opened.record_next_day(sid, NextDay.WORSE, T0 + timedelta(days=4))
        skipped = finished_session(opened, title="Walk", started_at=T0 + timedelta(days=3, hours=2))
        opened.record_next_day(skipped, None, T0 + timedelta(days=4))  # asked, not answered
        begin(opened, title="Unfinished", started_at=T0 + timedelta(days=4))
        yield opened


def written(store: HistoryStore, name: str, filters: SessionFilter) -> str:
    out = io.StringIO()
    (FHIR_BUNDLES[name[5:]] if name.startswith("fhir-") else FORMATS[name]).write(
        store, filters, out
    )
    return out.getvalue()


FILTERS = [
    SessionFilter(),
    SessionFilter(include_preview=True),
    SessionFilter(routine="walk", include_preview=True),
    SessionFilter(since=T0 + timedelta(hours=1), until=T0 + timedelta(days=3, hours=1)),
]


@pytest.mark.parametrize("flt", FILTERS)
def test_sessions_with_segments_stream_in_step(store: HistoryStore, flt: SessionFilter) -> None:
    args = (flt.since, flt.until, flt.routine, flt.include_preview)
    one_by_one = [store.session(s.id) for s in store.sessions(*args, oldest_first=True)]
    assert list(store.each_session_with_segments(*args)) == one_by_one
    assert any(s is not None and s.segments for s in one_by_one)


@pytest.mark.parametrize("flt", FILTERS)
def test_csv_is_the_whole_list_csv(store: HistoryStore, flt: SessionFilter) -> None:
    args = (flt.since, flt.until, flt.routine, flt.include_preview)
    hurt = store.hurt_ratings(flt.since, flt.until, include_preview=True)
    expected = csv_text(store.sessions(*args, oldest_first=True), hurt=hurt)
    assert written(store, "csv", flt) == expected


@pytest.mark.parametrize("flt", FILTERS)
def test_flat_rows_are_the_sessions_values(store: HistoryStore, flt: SessionFilter) -> None:
    args = (flt.since, flt.until, flt.routine, flt.include_preview)
    flat = [tuple(r) for r in store.each_flat_summary(*args)]
    assert flat == [flat_summary(s) for s in store.sessions(*args, oldest_first=True)]
    assert len(flat[0]) == len(FLAT_SUMMARY_COLUMNS)


@pytest.mark.parametrize("flt", FILTERS)
def test_json_is_the_whole_history_backup(store: HistoryStore, flt: SessionFilter) -> None:
    out = io.StringIO()
    write_json(
        store.sessions_with_segments(flt.since, flt.until, flt.routine, flt.include_preview), out
    )
    assert written(store, "json", flt) == out.getvalue()


@pytest.mark.parametrize("flt", FILTERS)
def test_fhir_collection_is_the_whole_bundle(store: HistoryStore, flt: SessionFilter) -> None:
    sessions = store.sessions_with_segments(flt.since, flt.until, flt.routine, flt.include_preview)
    text = written(store, "fhir-collection", flt)
    assert json.loads(text) == fhir_bundle(sessions, now=NOW)
    assert text == escape_json_text(text)  # nothing a terminal would act on
    assert_one_entry_a_line(text)


@pytest.mark.parametrize("flt", FILTERS)
def test_fhir_transaction_is_the_whole_bundle(store: HistoryStore, flt: SessionFilter) -> None:
    sessions = store.sessions_with_segments(flt.since, flt.until, flt.routine, flt.include_preview)
    text = written(store, "fhir-transaction", flt)
    assert json.loads(text) == transaction_bundle(sessions, PATIENT, now=NOW)
    assert_one_entry_a_line(text)


def assert_one_entry_a_line(text: str) -> None:
    """The head on the first line, then each entry on its own, then the closing brackets."""
    head, *entries, tail = text.split("\n")[:-1]
    assert head.endswith('"entry":[') and tail == "]}" and text.endswith("\n")
    for n, line in enumerate(entries):
        assert json.loads(line.removesuffix(",") if n < len(entries) - 1 else line)["fullUrl"]


def test_a_bundle_without_entries_is_the_empty_bundle() -> None:
    out = io.StringIO()
    write_bundle(bundle_head("collection", NOW), iter(()), out)
    assert json.loads(out.getvalue()) == fhir_bundle([], now=NOW)


def test_a_bundle_is_compact_json_one_entry_a_line() -> None:
    out = io.StringIO()
    entries = [{"fullUrl": "urn:uuid:1", "resource": {"a": [1, 2]}}, {"fullUrl": "urn:uuid:2"}]
    write_bundle({"resourceType": "Bundle", "entry": []}, iter(entries), out)
    assert out.getvalue() == (
        '{"resourceType":"Bundle","entry":[\n'
        '{"fullUrl":"urn:uuid:1","resource":{"a":[1,2]}},\n'
        '{"fullUrl":"urn:uuid:2"}\n'
        "]}\n"
    )


def test_a_head_with_entries_is_refused() -> None:
    head = {**bundle_head("collection", NOW), "entry": [{"fullUrl": "x"}]}
    with pytest.raises(ValueError):
        write_bundle(head, iter(()), io.StringIO())


def test_a_stream_left_half_read_frees_the_store(store: HistoryStore) -> None:
    stream = store.each_session_with_segments()
    next(stream)
    stream.close()
    # The read transaction ended with the stream: the store reads (and writes) again.
    finished_session(store, started_at=T0 + timedelta(days=9))
    assert len(store.sessions_with_segments()) == 7


def test_csv_rows_carry_the_site_pains_and_the_next_day_check(store: HistoryStore) -> None:
    text = written(store, "csv", SessionFilter())
    assert ",3,,5,2,worse," in text  # leg before, leg after, back before, back after, next day
    assert ",skipped," in text  # asked the next day, not answered
