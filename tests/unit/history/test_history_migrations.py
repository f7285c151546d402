"""Schema versions: forward migrations from every earlier version, and read-only refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.history_factory import finished_session
from tui.core.history import (
    ExerciseCount,
    HistoryError,
    HistoryStore,
    HistoryUnavailable,
    SchemaVersionError,
    SegmentTally,
    open_for_reading,
)
from tui.core.history.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate, schema_version
from tui.core.session.status import SessionStatus

SESSION_ID = "6f1c2a8e-5b7d-4e3f-9a10-2b3c4d5e6f70"


def make_old_file(path: Path, version: int) -> None:
    """A history file left at ``version``, with one finished and one unfinished session."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, version)
    if version >= 1:
        # Only columns that exist since version 1.
        conn.execute(
            "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256, app_version,"
            " started_at, ended_at, status, preview, pain_before, pain_after, effort, notes)"
            " VALUES (?, 'Old routine', '/r.toml', 'abc', '0.0.9',"
            " '2023-05-01T08:00:00.000000+00:00', '2023-05-01T08:20:00.000000+00:00',"
            " 'completed', 0, 6, 4, 3, 'fine')",
            (SESSION_ID,),
        )
        conn.execute(
            "INSERT INTO segments (session_id, position, segment_index, step, name, kind, side,"
            " rep, set_number, planned_seconds, actual_seconds, status, hurt, ended_at)"
            " VALUES (?, 0, 1, 0, 'Bird-dog', 'hold', 'left', 1, NULL, 10, 10, 'done', 0,"
            " '2023-05-01T08:01:00.000000+00:00')",
            (SESSION_ID,),
        )
        conn.execute(
            "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256, app_version,"
            " started_at, preview) VALUES ('0a1b2c3d-0000-4000-8000-000000000001', 'Old routine',"
            " '/r.toml', 'abc', '0.0.9', '2023-05-02T08:00:00.000000+00:00', 0)"
        )
    conn.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_opening_upgrades_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, version)
    with HistoryStore.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_upgrade_keeps_every_session(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, version)
    with HistoryStore.open(path) as store:
        got = store.session(SESSION_ID)
    assert got is not None
    assert (got.status, got.pain_before, got.notes, [s.name for s in got.segments]) == (
        SessionStatus.COMPLETED,
        6,
        "fine",
        ["Bird-dog"],
    )


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_upgraded_unfinished_session_is_offered_for_recovery(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, version)
    with HistoryStore.open(path) as store:
        assert [s.routine.title for s in store.unfinished_sessions()] == ["Old routine"]


def test_upgraded_store_takes_new_sessions(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 1)
    with HistoryStore.open(path) as store:
        finished_session(store)
        assert store.count_sessions() == 3


REDONE_ID = "0a1b2c3d-0000-4000-8000-0000000000f3"


def add_redone_session(path: Path) -> None:
    """A version-2 session where a part was skipped and hurt, then gone back to and done."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256, app_version,"
        " started_at, ended_at, status, preview) VALUES (?, 'Old routine', '/r.toml', 'abc',"
        " '0.0.9', '2023-05-03T08:00:00.000000+00:00', '2023-05-03T08:20:00.000000+00:00',"
        " 'partial', 0)",
        (REDONE_ID,),
    )
    # (position, index, name, status, hurt): Bird-dog 1 skipped (hurt), Bridge done, back to
    # Bird-dog 1 done (hurt again), Bridge cut short on a second go.
    for position, index, name, status, hurt in (
        (0, 1, "Bird-dog", "skipped", 1),
        (1, 2, "Bridge", "done", 0),
        (2, 1, "Bird-dog", "done", 1),
        (3, 2, "Bridge", "partial", 0),
    ):
        conn.execute(
            "INSERT INTO segments (session_id, position, segment_index, step, name, kind, side,"
            " rep, set_number, planned_seconds, actual_seconds, status, hurt, ended_at)"
            " VALUES (?, ?, ?, 0, ?, 'hold', NULL, 1, NULL, 10, 10, ?, ?,"
            " '2023-05-03T08:01:00.000000+00:00')",
            (REDONE_ID, position, index, name, status, hurt),
        )
    conn.close()


def test_upgrade_to_3_counts_the_latest_outcome_of_each_part(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 2)
    add_redone_session(path)
    with HistoryStore.open(path) as store:
        tallies = {s.id: s.tally for s in store.sessions()}
        counts = {c.name: c for c in store.exercise_counts()}
        read = store.session(REDONE_ID)
    # Bird-dog done (hurt once), Bridge cut short; every second counts.
    assert tallies[REDONE_ID] == SegmentTally(1, 0, 1, 1, 40.0)
    assert tallies[SESSION_ID] == SegmentTally(1, 0, 0, 0, 10.0)
    assert read is not None and read.tally == tallies[REDONE_ID]
    assert counts["Bird-dog"] == ExerciseCount("Bird-dog", 2, 0, 0, 1)
    assert counts["Bridge"] == ExerciseCount("Bridge", 0, 0, 1, 0)
    conn = sqlite3.connect(path)
    marks = conn.execute(
        "SELECT position, superseded FROM segments WHERE session_id = ? ORDER BY position",
        (REDONE_ID,),
    ).fetchall()
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert marks == [(0, 1), (1, 1), (2, 0), (3, 0)]
    assert {"segments_by_exercise", "segments_hurt"} <= indexes


def test_migrate_twice_changes_nothing(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    migrate(conn)
    assert migrate(conn) == SCHEMA_VERSION
    conn.close()


def set_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version:d}")
    conn.commit()
    conn.close()


def test_newer_schema_is_refused_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    HistoryStore.open(path).close()
    set_version(path, SCHEMA_VERSION + 1)
    with pytest.raises(SchemaVersionError, match="newer supple"):
        HistoryStore.open(path)


def test_newer_schema_is_refused_read_only(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    HistoryStore.open(path).close()
    set_version(path, SCHEMA_VERSION + 1)
    with pytest.raises(SchemaVersionError, match="update supple"):
        HistoryStore.open(path, read_only=True)


def test_older_schema_is_refused_read_only(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 1)
    with pytest.raises(SchemaVersionError) as info:
        HistoryStore.open(path, read_only=True)
    assert (info.value.found, info.value.supported) == (1, SCHEMA_VERSION)


def test_read_only_refusal_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 1)
    with pytest.raises(SchemaVersionError):
        HistoryStore.open(path, read_only=True)
    conn = sqlite3.connect(path)
    assert schema_version(conn) == 1
    conn.close()


def test_snapshot_reads_an_older_file_upgraded_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 1)
    before = path.read_bytes()
    with HistoryStore.snapshot(path) as store:
        assert store.session(SESSION_ID) is not None
    assert path.read_bytes() == before


def test_read_only_open_changes_no_byte_and_adds_no_file(tmp_path: Path) -> None:
    path = tmp_path / "patient.sqlite3"
    with HistoryStore.open(path) as store:
        finished_session(store)
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir()))
    with HistoryStore.open(path, read_only=True) as reader:
        reader.sessions()
        reader.sessions_with_segments()
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir())) == before


def test_read_only_sees_sessions_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    with HistoryStore.open(path) as writer:
        finished_session(writer)
        with HistoryStore.open(path, read_only=True) as reader:
            assert reader.count_sessions() == 1


def test_read_only_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HistoryUnavailable, match="no history file"):
        HistoryStore.open(tmp_path / "absent.sqlite3", read_only=True)


# ----------------------------------------------------------------- open_for_reading


def test_open_for_reading_opens_a_current_file_read_only(tmp_path: Path) -> None:
    path = tmp_path / "patient.sqlite3"
    with HistoryStore.open(path) as store:
        finished_session(store)
    before = (path.read_bytes(), sorted(tmp_path.iterdir()))
    with open_for_reading(path) as store:
        assert (store.read_only, store.count_sessions(), store.schema_version()) == (
            True,
            1,
            SCHEMA_VERSION,
        )
    assert (path.read_bytes(), sorted(tmp_path.iterdir())) == before


def test_open_for_reading_reads_an_older_file_through_an_upgraded_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 1)
    before = path.read_bytes()
    with open_for_reading(path) as store:
        assert store.read_only and store.session(SESSION_ID) is not None
        assert store.schema_version() == SCHEMA_VERSION
    assert path.read_bytes() == before


def test_open_for_reading_refuses_a_newer_file(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    HistoryStore.open(path).close()
    set_version(path, SCHEMA_VERSION + 1)
    with pytest.raises(SchemaVersionError, match="update supple"):
        open_for_reading(path)


def test_open_for_reading_says_when_there_is_no_file(tmp_path: Path) -> None:
    with pytest.raises(HistoryUnavailable, match="no history file"):
        open_for_reading(tmp_path / "absent.sqlite3")


def test_open_for_reading_defaults_to_the_patients_own_history() -> None:
    with HistoryStore.open() as store:
        finished_session(store)
    with open_for_reading() as store:
        assert (store.read_only, store.count_sessions()) == (True, 1)


def test_an_empty_store_reads_nothing_and_writes_nothing() -> None:
    with HistoryStore.empty() as store:
        assert (store.read_only, store.count_sessions(), store.path) == (True, 0, None)
        with pytest.raises(HistoryError, match="read-only"):
            store.begin_session("t", "/r.toml", "0" * 64, "0", False)


def test_upgrade_to_5_keeps_rows_indexes_and_header_and_widens_the_status(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 4)
    conn = sqlite3.connect(path, isolation_level=None)
    indexes_before = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    conn.execute("UPDATE sessions SET done_share = 0.5, credited = 0 WHERE id = ?", (SESSION_ID,))
    conn.execute("PRAGMA foreign_keys = ON")
    assert migrate(conn, 5) == 5
    kept = conn.execute("SELECT done_share, credited FROM sessions WHERE id = ?", (SESSION_ID,))
    assert kept.fetchone() == (0.5, 0)
    names = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    assert names == indexes_before
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")} == {
        "sessions",
        "segments",
    }
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT pain_now, superseded FROM segments").fetchall() == [(None, 0)]
    assert conn.execute("SELECT writer FROM sessions WHERE id = ?", (SESSION_ID,)).fetchone() == (
        None,
    )
    # The new status is accepted, others still refused, and segments still need their session.
    conn.execute(
        "UPDATE sessions SET status = 'not_today', ended_at = started_at WHERE status IS NULL"
    )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE sessions SET status = 'skipped' WHERE id = ?", (SESSION_ID,))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO segments (session_id, position, segment_index, step, name, kind,"
            " actual_seconds, status, hurt, ended_at) VALUES ('nobody', 0, 0, 0, 'x', 'hold',"
            " 1, 'done', 0, '2023-05-01T08:01:00.000000+00:00')"
        )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE segments SET pain_now = 11")
    conn.close()
    with HistoryStore.open(path) as store:
        assert {s.status for s in store.sessions()} == {
            SessionStatus.COMPLETED,
            SessionStatus.NOT_TODAY,
        }


def test_upgrade_to_6_gives_segments_a_label_and_reps_done(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_old_file(path, 5)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, 6) == 6
    columns = {row[1] for row in conn.execute("PRAGMA table_info(segments)")}
    assert {"label", "reps_done"} <= columns
    assert conn.execute("SELECT COUNT(*) FROM segments WHERE label IS NULL").fetchone()[0] >= 1
