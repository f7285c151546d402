"""Importing a backup completes a session the history holds unfinished (merge.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.disk_faults import PARTS, full_disk_session
from tests.support.history_factory import T0, begin, finished_session, record
from tui.core.history import HistoryError, HistoryStore, Session
from tui.core.history.backup import load_history_batch, write_json
from tui.core.session.status import SessionStatus


def recorded(got: Session) -> Session:
    """``got`` as the recorder holds it: the done share and credit are the store's to work out."""
    assert got.status is None or got.credited is not None
    return replace(got, done_share=None, credited=None)


def stored(db: Path, sid: str) -> Session:
    with HistoryStore.open(db) as store:
        found = store.session(sid)
    assert found is not None
    return found


def import_file(db: Path, backup: Path) -> tuple[int, int, int]:
    with HistoryStore.open(db) as store:
        result = store.import_batch(load_history_batch(backup))
    return result.added, result.completed, result.already_present


def test_a_full_disk_session_is_whole_after_its_backup_is_imported(tmp_path: Path) -> None:
    db, backup = tmp_path / "h.sqlite3", tmp_path / "backup.json"
    session = full_disk_session(db, backup, written=27)
    assert (len(stored(db, session.id).segments), stored(db, session.id).status) == (27, None)
    assert import_file(db, backup) == (0, 1, 0)
    got = stored(db, session.id)
    assert recorded(got) == session
    assert (len(got.segments), got.status, got.notes) == (
        PARTS,
        SessionStatus.COMPLETED,
        "easier after the walk",
    )


def test_a_session_the_next_start_closed_as_abandoned_is_completed_too(tmp_path: Path) -> None:
    db, backup = tmp_path / "h.sqlite3", tmp_path / "backup.json"
    session = full_disk_session(db, backup, written=30)
    with HistoryStore.open(db) as store:
        store.abandon(session.id)
    assert import_file(db, backup) == (0, 1, 0)
    assert recorded(stored(db, session.id)) == session


def test_importing_it_again_changes_nothing(tmp_path: Path) -> None:
    db, backup = tmp_path / "h.sqlite3", tmp_path / "backup.json"
    session = full_disk_session(db, backup, written=10)
    import_file(db, backup)
    assert import_file(db, backup) == (0, 0, 1)
    assert recorded(stored(db, session.id)) == session


def test_an_older_backup_of_an_unfinished_session_adds_nothing(tmp_path: Path) -> None:
    db, backup = tmp_path / "h.sqlite3", tmp_path / "backup.json"
    with HistoryStore.open(db) as store:
        sid = begin(store, pain_before=4)
        store.add_segment(sid, record(0), ended_at=T0)
        older = store.session(sid)
        store.add_segment(sid, record(1), ended_at=T0)
        assert older is not None
    with backup.open("w", encoding="utf-8") as out:
        write_json([older], out)
    assert import_file(db, backup) == (0, 0, 1)
    assert len(stored(db, sid).segments) == 2


def contradicting(db: Path, backup: Path, change: dict[str, object], part: int | None) -> str:
    session = full_disk_session(db, backup, written=5)
    document = json.loads(backup.read_text(encoding="utf-8"))
    target = document["sessions"][0] if part is None else document["sessions"][0]["segments"][part]
    target.update(change)
    backup.write_text(json.dumps(document), encoding="utf-8")
    return session.id


@pytest.mark.parametrize(
    ("change", "part", "reason"),
    [
        ({"actual_seconds": 3.0}, 2, "part 3 of the session differs"),
        ({"started_at": "2024-03-01T07:59:00+00:00"}, None, "another start time"),
        ({"pain_before": 9}, None, "pain before 9, the history has 5"),
    ],
)
def test_a_backup_that_contradicts_the_stored_parts_is_refused_whole(
    tmp_path: Path, change: dict[str, object], part: int | None, reason: str
) -> None:
    db, backup = tmp_path / "h.sqlite3", tmp_path / "backup.json"
    sid = contradicting(db, backup, change, part)
    before = stored(db, sid)
    with pytest.raises(HistoryError, match=reason):
        import_file(db, backup)
    assert stored(db, sid) == before


def test_a_finished_session_is_never_altered_by_a_backup(tmp_path: Path) -> None:
    db, backup = tmp_path / "h.sqlite3", tmp_path / "backup.json"
    with HistoryStore.open(db) as store:
        sid = finished_session(store, segments=2, status=SessionStatus.PARTIAL)
        session = store.session(sid)
    assert session is not None
    longer = (*session.segments, replace(session.segments[-1], position=2))
    with backup.open("w", encoding="utf-8") as out:
        write_json([replace(session, segments=longer, status=SessionStatus.COMPLETED)], out)
    assert import_file(db, backup) == (0, 0, 1)
    assert stored(db, sid) == session
