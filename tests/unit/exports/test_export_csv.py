"""CSV: one row per session."""

from __future__ import annotations

import csv
import io
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from tests.support.history_factory import T0, begin, finished_session, record
from tui.core.exports.csv_export import CSV_COLUMNS, csv_text
from tui.core.history import HistoryStore, SessionSummary
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus

TZ = timezone(timedelta(hours=2))


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def rows(summaries: list[SessionSummary]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text(summaries, tz=TZ))))


def test_header_lists_the_columns(store: HistoryStore) -> None:
    assert csv_text([], tz=TZ).splitlines()[0].split(",") == list(CSV_COLUMNS)


def test_one_row_per_session(store: HistoryStore) -> None:
    for day in range(3):
        finished_session(store, started_at=T0 + timedelta(days=day))
    assert len(rows(store.sessions())) == 3


def test_row_has_local_date_time_and_duration(store: HistoryStore) -> None:
    finished_session(store)
    (row,) = rows(store.sessions())
    assert (row["date"], row["time"], row["duration_min"]) == ("2024-03-01", "10:00", "10.0")


def test_row_has_ratings_and_pain_change(store: HistoryStore) -> None:
    finished_session(store, pain_before=6, pain_after=3, effort=5)
    (row,) = rows(store.sessions())
    assert (row["pain_before"], row["pain_after"], row["pain_change"], row["effort"]) == (
        "6",
        "3",
        "-3",
        "5",
    )


def test_missing_ratings_are_empty_cells(store: HistoryStore) -> None:
    finished_session(store, pain_before=None, pain_after=None, effort=None)
    (row,) = rows(store.sessions())
    assert (row["pain_before"], row["pain_change"], row["effort"]) == ("", "", "")


def test_row_counts_segments_and_hurt_marks(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(0), ended_at=T0)
    store.add_segment(sid, record(1, status=SegmentStatus.SKIPPED), ended_at=T0)
    store.add_segment(sid, record(2, status=SegmentStatus.PARTIAL, hurt=True), ended_at=T0)
    store.finish_session(sid, SessionStatus.PARTIAL, ended_at=T0 + timedelta(minutes=3))
    (row,) = rows(store.sessions())
    counts = ("segments_done", "segments_skipped", "segments_partial", "hurt_marks")
    assert [row[c] for c in counts] == ["1", "1", "1", "1"]


def test_notes_with_commas_quotes_and_newlines_survive(store: HistoryStore) -> None:
    note = 'left knee "clicked", then\nstopped'
    finished_session(store, notes=note)
    (row,) = rows(store.sessions())
    assert row["notes"] == note


def test_unfinished_session_has_no_duration(store: HistoryStore) -> None:
    begin(store)
    (row,) = rows(store.sessions())
    assert (row["status"], row["duration_min"]) == ("unfinished", "")


def test_hurt_pain_lists_the_pain_rated_on_this_hurts(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(0, name="Bird-dog", hurt=True, pain_now=7))
    store.add_segment(sid, record(1, name="Bridge", hurt=True))  # marked, not rated
    store.add_segment(sid, record(2, name="Bridge", hurt=True, pain_now=5))
    store.finish_session(sid, SessionStatus.PARTIAL, ended_at=T0 + timedelta(minutes=5))
    finished_session(store, started_at=T0 + timedelta(days=1))
    summaries = store.sessions(oldest_first=True)
    text = csv_text(summaries, tz=TZ, hurt=store.hurt_ratings())
    got = [row["hurt_pain"] for row in csv.DictReader(io.StringIO(text))]
    assert got == ["Bird-dog 7; Bridge 5", ""]


def test_a_not_today_session_is_a_row_of_its_own(store: HistoryStore) -> None:
    sid = begin(store, pain_before=8)
    store.finish_session(sid, SessionStatus.NOT_TODAY, ended_at=T0)
    [row] = rows(store.sessions())
    assert (row["status"], row["pain_before"], row["segments_done"]) == ("not_today", "8", "0")
