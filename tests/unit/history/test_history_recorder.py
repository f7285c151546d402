"""SessionRecorder: a session is never lost, whatever happens to the disk."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.history_factory import SHA, T0, finished_session, record
from tui.core.history import HistoryStore, HistoryUnavailable
from tui.core.history.backup import load_history_json
from tui.core.history.recorder import SessionRecorder, describe_storage_problem
from tui.core.session.status import SessionStatus


class Faults:
    """Switchable failures for the connection the store opens."""

    def __init__(self) -> None:
        self.write_error: str | None = None
        self.open_error: str | None = None


def failing_connect(faults: Faults) -> Callable[..., sqlite3.Connection]:
    """A ``sqlite3.connect`` whose connections fail writes while ``faults`` say so."""

    class FailingConnection(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            if faults.write_error and sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
                raise sqlite3.OperationalError(faults.write_error)
            return super().execute(sql, *args)

        def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            if faults.write_error and sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
                raise sqlite3.OperationalError(faults.write_error)
            return super().executemany(sql, *args)

    def connect(database: str, **kwargs: Any) -> sqlite3.Connection:
        if faults.open_error:
            raise sqlite3.OperationalError(faults.open_error)
        return sqlite3.connect(database, factory=FailingConnection, **kwargs)

    return connect


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture
def faults() -> Faults:
    return Faults()


def recorder_for(
    db: Path, faults: Faults, messages: list[str | None] | None = None
) -> SessionRecorder:
    connect = failing_connect(faults)
    return SessionRecorder(
        lambda: HistoryStore.open(db, connect=connect),
        on_problem=None if messages is None else messages.append,
        clock=lambda: T0,
    )


def start(recorder: SessionRecorder) -> str:
    return recorder.start("Morning back routine", "/r.toml", SHA, "0.1.0", False, pain_before=5)


def stored(db: Path, sid: str) -> Any:
    with HistoryStore.open(db) as store:
        return store.session(sid)


# ----------------------------------------------------------------- the normal path


def test_segments_are_in_the_database_as_soon_as_they_end(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    recorder.segment_ended(record(0))
    assert len(stored(db, sid).segments) == 1


def test_finish_writes_status_and_ratings(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    recorder.session_ended("completed")
    recorder.finish(pain_after=3, effort=4, notes="easier today")
    got = stored(db, sid)
    assert (got.status, got.pain_after, got.effort, got.notes) == (
        SessionStatus.COMPLETED,
        3,
        4,
        "easier today",
    )


def test_session_ended_alone_writes_no_final_status(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    recorder.session_ended("partial")
    assert stored(db, sid).status is None


def test_finish_uses_the_time_the_session_ended(db: Path, faults: Faults) -> None:
    times = iter([T0, T0 + timedelta(minutes=9), T0 + timedelta(minutes=11)])
    connect = failing_connect(faults)
    recorder = SessionRecorder(
        lambda: HistoryStore.open(db, connect=connect), clock=lambda: next(times)
    )
    sid = start(recorder)
    recorder.session_ended("completed")
    recorder.finish(pain_after=2)
    assert stored(db, sid).ended_at == T0 + timedelta(minutes=9)


def test_open_store_ahead_of_the_start_opens_the_history_once(db: Path) -> None:
    opened: list[Path] = []

    def open_store() -> HistoryStore:
        opened.append(db)
        return HistoryStore.open(db)

    recorder = SessionRecorder(open_store)
    recorder.open_store()
    assert opened == [db]
    sid = start(recorder)
    assert opened == [db]
    assert stored(db, sid).status is None


def test_a_failing_open_ahead_of_the_start_is_left_to_the_start() -> None:
    def broken() -> HistoryStore:
        raise OSError("no disk")

    problems: list[str | None] = []
    recorder = SessionRecorder(broken, on_problem=problems.append)
    recorder.open_store()  # does not raise, reports nothing yet
    assert problems == []
    start(recorder)
    assert problems and problems[-1]


def test_session_ended_keeps_the_end_it_is_given(db: Path, faults: Faults) -> None:
    # The app stamps the end on its own thread; the recorder's worker may run later.
    times = iter([T0, T0 + timedelta(minutes=11), T0 + timedelta(minutes=12)])
    connect = failing_connect(faults)
    recorder = SessionRecorder(
        lambda: HistoryStore.open(db, connect=connect), clock=lambda: next(times)
    )
    sid = start(recorder)
    recorder.session_ended("completed", T0 + timedelta(minutes=9))
    recorder.finish(pain_after=2)
    assert stored(db, sid).ended_at == T0 + timedelta(minutes=9)


def test_a_second_finish_changes_nothing(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    recorder.finish("completed", pain_after=2)
    recorder.finish("partial", pain_after=9)
    got = stored(db, sid)
    assert (got.status, got.pain_after) == (SessionStatus.COMPLETED, 2)


def test_invalid_rating_raises_value_error(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    with pytest.raises(ValueError):
        recorder.finish("completed", pain_after=12)


def test_nothing_pending_after_a_clean_session(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    recorder.segment_ended(record(0))
    recorder.finish("completed")
    assert (recorder.saved, recorder.problem) == (True, None)


# ----------------------------------------------------------------- a full disk


def test_full_disk_gives_a_clear_problem(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    faults.write_error = "database or disk is full"
    recorder.segment_ended(record(0))
    assert recorder.problem is not None and "disk is full" in recorder.problem


def test_full_disk_does_not_raise(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    faults.write_error = "database or disk is full"
    assert recorder.record_segment(record(0)) is False


def test_full_disk_keeps_the_segment_in_memory(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    faults.write_error = "database or disk is full"
    recorder.segment_ended(record(0))
    session = recorder.session
    assert session is not None and [s.index for s in session.segments] == [0]


def test_the_next_write_saves_what_was_pending(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    faults.write_error = "database or disk is full"
    recorder.segment_ended(record(0))
    recorder.segment_ended(record(1))
    faults.write_error = None
    recorder.segment_ended(record(2))
    assert [s.index for s in stored(db, sid).segments] == [0, 1, 2]


def test_problem_clears_once_saved(db: Path, faults: Faults) -> None:
    messages: list[str | None] = []
    recorder = recorder_for(db, faults, messages)
    start(recorder)
    faults.write_error = "database or disk is full"
    recorder.segment_ended(record(0))
    faults.write_error = None
    recorder.retry()
    assert (len(messages), messages[-1], recorder.problem) == (2, None, None)


def test_retry_at_the_end_saves_the_whole_session(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    faults.write_error = "database or disk is full"
    recorder.segment_ended(record(0))
    recorder.finish("completed", pain_after=2)
    faults.write_error = None
    assert recorder.retry() is True
    got = stored(db, sid)
    assert (got.status, len(got.segments), got.pain_after) == (SessionStatus.COMPLETED, 1, 2)


def test_locked_database_is_reported_as_busy(db: Path, faults: Faults) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    faults.write_error = "database is locked"
    recorder.segment_ended(record(0))
    assert recorder.problem is not None and "busy" in recorder.problem


def test_a_really_locked_database_is_survived(db: Path) -> None:
    recorder = SessionRecorder(lambda: HistoryStore.open(db, busy_timeout=0.05))
    sid = start(recorder)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    recorder.segment_ended(record(0))
    blocker.execute("ROLLBACK")
    blocker.close()
    recorder.segment_ended(record(1))
    assert ([s.index for s in stored(db, sid).segments], recorder.problem) == ([0, 1], None)


# ----------------------------------------------------------------- a folder that can't be written


def test_read_only_folder_is_reported(db: Path, faults: Faults) -> None:
    faults.open_error = "attempt to write a readonly database"
    recorder = recorder_for(db, faults)
    start(recorder)
    assert recorder.problem is not None and "read-only" in recorder.problem


def test_history_under_a_regular_file_keeps_the_session(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder")
    recorder = SessionRecorder(lambda: HistoryStore.open(blocker / "history.sqlite3"))
    start(recorder)
    recorder.segment_ended(record(0))
    recorder.finish("completed", pain_after=1)
    session = recorder.session
    assert (recorder.saved, session is not None and len(session.segments)) == (False, 1)


def test_session_starts_even_when_the_store_cannot_open(db: Path, faults: Faults) -> None:
    faults.open_error = "unable to open database file"
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    assert recorder.session_id == sid


def test_session_is_saved_once_the_folder_is_writable_again(db: Path, faults: Faults) -> None:
    faults.open_error = "attempt to write a readonly database"
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    recorder.segment_ended(record(0))
    faults.open_error = None
    recorder.finish("completed")
    got = stored(db, sid)
    assert (got.status, len(got.segments)) == (SessionStatus.COMPLETED, 1)


def test_pending_session_exports_to_an_importable_backup(
    db: Path, faults: Faults, tmp_path: Path
) -> None:
    faults.open_error = "attempt to write a readonly database"
    recorder = recorder_for(db, faults)
    sid = start(recorder)
    recorder.segment_ended(record(0))
    recorder.finish("completed", pain_after=2)
    target = tmp_path / "pending.json"
    assert recorder.export_json(target) is True
    (session,) = load_history_json(target)
    assert (session.id, session.status, len(session.segments)) == (
        sid,
        SessionStatus.COMPLETED,
        1,
    )


def test_exported_backup_is_private(db: Path, faults: Faults, tmp_path: Path) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    target = tmp_path / "pending.json"
    recorder.export_json(target)
    assert (target.stat().st_mode & 0o777, json.loads(target.read_text())["format"]) == (
        0o600,
        "supple-history",
    )


def test_export_to_an_impossible_path_reports_instead_of_raising(
    db: Path, faults: Faults, tmp_path: Path
) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    assert recorder.export_json(tmp_path / "missing" / "x.json") is False


# ----------------------------------------------------------------- completed sessions


def test_a_failure_never_alters_completed_sessions(db: Path, faults: Faults) -> None:
    with HistoryStore.open(db) as store:
        earlier = finished_session(store)
    before = stored(db, earlier)
    recorder = recorder_for(db, faults)
    start(recorder)
    faults.write_error = "database or disk is full"
    recorder.segment_ended(record(0))
    recorder.finish("partial")
    assert stored(db, earlier) == before


def test_resume_continues_an_unfinished_session(db: Path, faults: Faults) -> None:
    first = recorder_for(db, faults)
    sid = start(first)
    first.segment_ended(record(0))
    second = recorder_for(db, faults)
    point = second.resume(sid)
    assert point is not None
    second.segment_ended(record(point.next_index))
    second.finish("completed")
    got = stored(db, sid)
    assert ([s.index for s in got.segments], got.status) == ([0, 1], SessionStatus.COMPLETED)


# ----------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database or disk is full"), "disk is full"),
        (OSError(28, "No space left on device"), "disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (PermissionError(13, "Permission denied"), "read-only"),
        (sqlite3.OperationalError("database is locked"), "busy"),
        (HistoryUnavailable("can't create the history at /x"), "can't create the history"),
    ],
)
def test_problem_messages_say_what_happened(error: BaseException, words: str) -> None:
    message = describe_storage_problem(error)
    assert words in message and "kept in memory" in message


def test_a_resumed_log_goes_on_writing_the_same_session(db: Path, faults: Faults) -> None:
    from tui.core.history.session_log import RecorderLog
    from tui.core.routine.model import Routine, Step, StepKind

    routine = Routine(title="Resumed", steps=(Step(StepKind.HOLD, "Hold", hold=5.0),))
    first = RecorderLog(recorder_for(db, faults), routine, preview=False)
    first.begin(4)
    first.segment_ended(record(0))
    sid = first.session_id
    assert sid is not None
    later = RecorderLog(recorder_for(db, faults), routine, preview=False)
    point = later.resume(sid)
    assert point is not None and point.next_index == 1 and later.session_id == sid
    later.segment_ended(record(1))
    later.session_ended(SessionStatus.COMPLETED)
    later.set_pain_after(2)
    later.finish()
    got = stored(db, sid)
    assert [s.index for s in got.segments] == [0, 1]
    assert (got.status, got.pain_before, got.pain_after) == (SessionStatus.COMPLETED, 4, 2)
    with pytest.raises(ValueError, match="already holds a session"):
        later.resume(sid)


def test_a_resume_that_cannot_read_the_history_leaves_the_log_able_to_begin(
    db: Path, faults: Faults
) -> None:
    from tui.core.history.session_log import RecorderLog
    from tui.core.routine.model import Routine, Step, StepKind

    routine = Routine(title="Resumed", steps=(Step(StepKind.HOLD, "Hold", hold=5.0),))
    faults.open_error = "unable to open database file"
    log = RecorderLog(recorder_for(db, faults), routine, preview=False)
    assert log.resume("no-such-session") is None
    assert log.problem is not None
    faults.open_error = None
    log.begin(None)
    log.finish()
    assert log.problem is None


def test_a_backup_over_an_existing_open_file_is_private_under_any_umask(
    db: Path, faults: Faults, tmp_path: Path
) -> None:
    recorder = recorder_for(db, faults)
    start(recorder)
    target = tmp_path / "pending.json"
    target.write_text("{}")
    target.chmod(0o666)
    previous = os.umask(0)
    try:
        assert recorder.export_json(target)
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o600
