"""Schema 7: pain by site and the next-day check, stored, backed up and found again."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from tests.support.history_factory import T0, finished_session, record
from tui.core.history import HistoryStore
from tui.core.history.backup import HistoryImportError, parse_history_batch, write_json
from tui.core.history.migrations import migrate
from tui.core.history.next_day import next_day_due, worse_since_last_session
from tui.core.history.recorder import SessionRecorder
from tui.core.session.ratings import NextDay, SitePain
from tui.core.session.status import SessionStatus

SITE_COLUMNS = {
    "pain_leg_before",
    "pain_back_before",
    "pain_leg_after",
    "pain_back_after",
    "next_day",
    "next_day_at",
}


def test_upgrade_to_7_adds_the_site_and_next_day_columns_empty(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 6)
    conn.execute(
        "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256, app_version,"
        " started_at, ended_at, status, preview, pain_before)"
        " VALUES ('6f1c2a8e-5b7d-4e3f-9a10-2b3c4d5e6f70', 'Old', '/r.toml', 'abc', '0.1',"
        " '2023-05-01T08:00:00.000000+00:00', '2023-05-01T08:20:00.000000+00:00',"
        " 'completed', 0, 6)"
    )
    assert migrate(conn) == 7
    columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    assert columns >= SITE_COLUMNS
    conn.close()
    with HistoryStore.open(path) as store:
        (old,) = store.sessions()
    assert (old.pain_before, old.sites_before, old.next_day, old.next_day_at) == (
        6,
        SitePain(),
        None,
        None,
    )
    assert not old.rated_by_site


def test_the_new_columns_refuse_out_of_range_values(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = finished_session(store)
    conn = sqlite3.connect(tmp_path / "h.sqlite3")
    for statement in (
        "UPDATE sessions SET pain_leg_after = 11",
        "UPDATE sessions SET next_day = 'fine'",
    ):
        try:
            conn.execute(statement + " WHERE id = ?", (sid,))
        except sqlite3.IntegrityError:
            continue
        raise AssertionError(f"{statement} was accepted")
    conn.close()


def recorded_by_site(store: HistoryStore) -> str:
    recorder = SessionRecorder(lambda: store)
    sid = recorder.start("Sciatica", "/r.toml", "a" * 64, "0.1", False, started_at=T0)
    recorder.set_pain_before(7, SitePain(leg=7, back=3))
    recorder.record_segment(record(0), ended_at=T0 + timedelta(seconds=30))
    recorder.session_ended(SessionStatus.COMPLETED)
    recorder.finish(
        ended_at=T0 + timedelta(minutes=5), pain_after=4, sites_after=SitePain(leg=2, back=4)
    )
    return sid


def test_pain_by_site_is_stored_before_and_after(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = recorded_by_site(store)
        got = store.session(sid)
    assert got is not None
    assert (got.pain_before, got.sites_before) == (7, SitePain(leg=7, back=3))
    assert (got.pain_after, got.sites_after) == (4, SitePain(leg=2, back=4))
    assert got.rated_by_site


def test_the_worse_site_is_the_one_pain_number() -> None:
    assert SitePain(leg=7, back=3).worse == 7
    assert SitePain(leg=None, back=5).worse == 5
    assert SitePain().worse is None


def test_next_day_is_kept_once_for_a_finished_session(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = finished_session(store)
        asked = T0 + timedelta(days=1)
        assert store.record_next_day(sid, NextDay.WORSE, asked)
        assert not store.record_next_day(sid, NextDay.BETTER, asked + timedelta(hours=1))
        got = store.session(sid)
    assert got is not None
    assert (got.next_day, got.next_day_at) == (NextDay.WORSE, asked)


def test_a_skipped_next_day_check_is_not_asked_again(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = finished_session(store)
        now = T0 + timedelta(days=1)
        assert next_day_due(store, now.date(), UTC) is not None
        assert store.record_next_day(sid, None, now)
        assert next_day_due(store, now.date(), UTC) is None
        got = store.session(sid)
    assert got is not None
    assert (got.next_day, got.next_day_at) == (None, now)


def test_an_unfinished_session_takes_no_next_day_check(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = store.begin_session("R", "/r.toml", "a" * 64, "0.1", False, started_at=T0)
        assert not store.record_next_day(sid, NextDay.SAME, T0 + timedelta(days=1))


def test_next_day_is_due_for_yesterdays_last_exercised_session_only(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        finished_session(store, started_at=T0)
        last = finished_session(store, started_at=T0 + timedelta(hours=8))
        finished_session(
            store,
            started_at=T0 + timedelta(hours=9),
            status=SessionStatus.NOT_TODAY,
            segments=0,
        )
        finished_session(store, started_at=T0 + timedelta(hours=10), preview=True)
        due = next_day_due(store, date(2024, 3, 2), UTC)
        assert due is not None and due.id == last
        # The same day and two days later: not "yesterday's session".
        assert next_day_due(store, date(2024, 3, 1), UTC) is None
        assert next_day_due(store, date(2024, 3, 3), UTC) is None


def test_worse_the_next_day_holds_until_the_next_session(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = finished_session(store, started_at=T0)
        assert worse_since_last_session(store) is None
        store.record_next_day(sid, NextDay.WORSE, T0 + timedelta(days=1))
        found = worse_since_last_session(store)
        assert found is not None and found.id == sid
        finished_session(store, started_at=T0 + timedelta(days=1, hours=1))
        assert worse_since_last_session(store) is None


def test_better_or_the_same_the_next_day_is_no_stop_signal(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = finished_session(store, started_at=T0)
        store.record_next_day(sid, NextDay.SAME, T0 + timedelta(days=1))
        assert worse_since_last_session(store) is None


def test_a_backup_carries_the_sites_and_the_next_day_check(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "a.sqlite3") as store:
        sid = recorded_by_site(store)
        store.record_next_day(sid, NextDay.BETTER, T0 + timedelta(days=1))
        session = store.session(sid)
        from_sql = json.loads(next(iter(store.session_json_lines())))
    assert session is not None
    out = io.StringIO()
    write_json([session], out)
    document = json.loads(out.getvalue())
    written = document["sessions"][0]
    assert written == from_sql
    assert (written["pain_leg_before"], written["pain_back_after"]) == (7, 4)
    assert (written["next_day"], written["next_day_at"]) == (
        "better",
        "2024-03-02T08:00:00+00:00",
    )
    with HistoryStore.open(tmp_path / "b.sqlite3") as other:
        other.import_batch(parse_history_batch(document))
        again = other.session(sid)
    assert again is not None
    assert (again.sites_before, again.sites_after, again.next_day) == (
        session.sites_before,
        session.sites_after,
        NextDay.BETTER,
    )


def test_a_backup_from_schema_6_still_imports(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "a.sqlite3") as store:
        sid = finished_session(store)
        document = {
            "format": "supple-history",
            "version": 1,
            "sessions": [json.loads(line) for line in list(store.session_json_lines())],
        }
    for key in SITE_COLUMNS:
        del document["sessions"][0][key]
    del document["sessions"][0]["credited"]
    with HistoryStore.open(tmp_path / "b.sqlite3") as other:
        result = other.import_batch(parse_history_batch(document))
        got = other.session(sid)
    assert result.added == 1
    assert got is not None
    assert (got.pain_before, got.sites_before, got.next_day_at) == (5, SitePain(), None)
    # credited worked out from the segments, as for any backup without it
    assert got.credited is True


def test_a_bad_next_day_answer_in_a_backup_is_refused(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "a.sqlite3") as store:
        finished_session(store)
        lines = list(store.session_json_lines())
    session = json.loads(lines[0])
    session["next_day"] = "fine"
    session["pain_leg_before"] = 12
    document = {"format": "supple-history", "version": 1, "sessions": [session]}
    with pytest.raises(HistoryImportError) as caught:
        parse_history_batch(document)
    assert "next_day" in str(caught.value) and "pain_leg_before" in str(caught.value)
