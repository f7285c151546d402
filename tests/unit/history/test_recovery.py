"""The one recovery: which unfinished sessions are offered, closing one, and the words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.history_factory import begin, record
from tui.core.history import HistoryStore, Session
from tui.core.history.recovery import (
    RecoveryChoice,
    abandon,
    find_unfinished,
    question_line,
    typed_choices,
)
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind


def crashed(store: HistoryStore, sid: str) -> None:
    """Pretend the writer died: a crash leaves no live writer behind."""
    store._conn.execute("UPDATE sessions SET writer = NULL WHERE id = ?", (sid,))


def test_a_missing_history_has_nothing_unfinished_and_is_not_created(tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite3"
    assert find_unfinished(db) == ([], None)
    assert not db.exists()


def test_a_session_another_supple_writes_is_not_offered(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with HistoryStore.open(db) as store:
        begin(store)  # written by this (live) process
    assert find_unfinished(db) == ([], None)


def test_parts_done_count_the_latest_outcome_of_each_part(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with HistoryStore.open(db) as store:
        sid = begin(store, pain_before=3)
        store.add_segment(sid, record(1, status=SegmentStatus.SKIPPED))
        store.add_segment(sid, record(1))
        store.add_segment(sid, record(2, kind=SegmentKind.REST, rep=None))
        crashed(store, sid)
    [found], problem = find_unfinished(db)
    assert problem is None
    assert (found.session_id, found.routine.title, found.parts_done) == (
        sid,
        "Morning back routine",
        1,
    )


def test_a_preview_with_nothing_done_is_closed_silently_and_one_with_work_is_offered(
    tmp_path: Path,
) -> None:
    db = tmp_path / "h.sqlite3"
    with HistoryStore.open(db) as store:
        empty = begin(store, preview=True)
        store.add_segment(empty, record(0, kind=SegmentKind.GET_READY, rep=None))
        worked = begin(store, preview=True)
        store.add_segment(worked, record(1, status=SegmentStatus.SKIPPED))
        for sid in (empty, worked):
            crashed(store, sid)
    found, _ = find_unfinished(db)
    assert [f.session_id for f in found] == [worked]
    assert found[0].preview and found[0].parts_done == 0
    with HistoryStore.open(db, read_only=True) as store:
        closed = store.session(empty)
    assert closed is not None and closed.status is SessionStatus.ABANDONED


def test_abandon_keeps_the_parts_and_reports_a_problem_instead_of_raising(
    tmp_path: Path,
) -> None:
    db = tmp_path / "h.sqlite3"
    with HistoryStore.open(db) as store:
        sid = begin(store)
        store.add_segment(sid, record(1))
        crashed(store, sid)
    assert abandon(db, sid) is None
    with HistoryStore.open(db, read_only=True) as store:
        closed = store.session(sid)
    assert closed is not None and closed.status is SessionStatus.ABANDONED
    assert len(closed.segments) == 1
    problem = abandon(db, sid)  # already closed
    assert problem is not None and problem.startswith("The unfinished session could not be closed")


def test_the_question_says_what_each_answer_is(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with HistoryStore.open(db) as store:
        sid = begin(store)
        store.add_segment(sid, record(1))
        crashed(store, sid)
    [found], _ = find_unfinished(db)
    everything = (RecoveryChoice.RESUME, RecoveryChoice.ABANDON, RecoveryChoice.LATER)
    line = question_line(found, everything)
    assert line == (
        f"An unfinished session of Morning back routine from {found.started_words} "
        "(1 exercise part done): type r to resume, a to close it as abandoned, "
        "Enter to leave it."
    )
    assert typed_choices(everything[1:]) == "type a to close it as abandoned, Enter to leave it"
    assert [c.label for c in RecoveryChoice] == ["Resume", "Close as abandoned", "Later"]
    assert [c.key for c in RecoveryChoice] == ["r", "a", ""]


def test_a_preview_another_start_closed_first_is_no_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two supples starting at once after a crash: the second finds it already abandoned."""
    db = tmp_path / "h.sqlite3"
    with HistoryStore.open(db) as store:
        empty = begin(store, preview=True)
        crashed(store, empty)
    listed = HistoryStore.unfinished_sessions

    def listed_then_closed_by_the_other_start(store: HistoryStore, **kwargs: bool) -> list[Session]:
        found = listed(store, **kwargs)
        with HistoryStore.open(db) as other:
            other.abandon(empty)
        return found

    monkeypatch.setattr(HistoryStore, "unfinished_sessions", listed_then_closed_by_the_other_start)
    assert find_unfinished(db) == ([], None)
    with HistoryStore.open(db, read_only=True) as store:
        closed = store.session(empty)
    assert closed is not None and closed.status is SessionStatus.ABANDONED
