"""Each session's done share and credit as the history stores them (schema v4).

A live session gives both (worked out over its whole plan, at its routine's
threshold); otherwise, and for sessions from before v4 or backups without
them, the SQL form of the rule (``migrations.FILL_DONE_SHARE_SQL``) works them
out from the recorded segments, and must agree with ``outcome.py``.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.history_factory import T0, begin, finished_session, record
from tui.core.history import HistoryStore
from tui.core.history.backup import load_history_batch, write_json
from tui.core.history.migrations import SCHEMA_VERSION, migrate
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.outcome import credited, outcome_of
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

KINDS = (SegmentKind.HOLD, SegmentKind.SET, SegmentKind.REST, SegmentKind.INTERVAL)


def part(index: int, status: SegmentStatus, planned: float | None, actual: float) -> SegmentRecord:
    """An outcome of the part at ``index`` (its kind follows from the index)."""
    kind = KINDS[index % len(KINDS)]
    return record(index, kind=kind, status=status, planned=planned, actual=actual)


outcomes = st.builds(
    part,
    st.integers(0, 7),
    st.sampled_from(list(SegmentStatus)),
    st.sampled_from([None, 5.0, 30.0, 90.5]),
    st.sampled_from([0.0, 2.5, 30.0, 200.0]),
)
session_status = st.sampled_from(list(SessionStatus))


def fill(
    store: HistoryStore, sessions: Sequence[tuple[Sequence[SegmentRecord], SessionStatus]]
) -> list[str]:
    """Record each session outcome by outcome and finish it without a credit of its own."""
    ids = []
    for day, (records, status) in enumerate(sessions):
        sid = begin(store, started_at=T0 + timedelta(days=day))
        for r in records:
            store.add_segment(sid, r)
        store.finish_session(sid, status, ended_at=T0 + timedelta(days=day, hours=1))
        ids.append(sid)
    return ids


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(outcomes, max_size=10), session_status), min_size=1, max_size=4))
def test_sql_and_python_agree_on_the_done_share_and_the_credit(
    sessions: list[tuple[list[SegmentRecord], SessionStatus]],
) -> None:
    want = []
    for records, status in sessions:
        share = outcome_of(records).done_share
        want.append((share, credited(status, share)))
    with tempfile.TemporaryDirectory() as folder, HistoryStore.open(Path(folder) / "h") as store:
        fill(store, sessions)
        got = [(s.done_share, s.credited) for s in store.sessions(oldest_first=True)]
    assert got == want


def test_a_session_stores_the_credit_it_worked_out(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = begin(store)
        store.add_segment(sid, record(0))
        # The session knew its plan: a quarter of it done, and its routine asks 20 %.
        store.finish_session(sid, SessionStatus.COMPLETED, credit=(0.25, True))
        got = store.session(sid)
    assert got is not None and (got.done_share, got.credited) == (0.25, True)


def test_an_unfinished_session_has_neither(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = begin(store)
        store.add_segment(sid, record(0))
        got = store.session(sid)
    assert got is not None and (got.done_share, got.credited) == (None, None)


def test_an_abandoned_session_does_not_count(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = begin(store)
        store.add_segment(sid, record(0))
        closed = store.abandon(sid)
    assert (closed.done_share, closed.credited) == (1.0, False)


def test_the_v4_migration_fills_earlier_sessions_from_their_segments(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 3)
    conn.close()
    with HistoryStore.open(path) as store:
        # Written at the newest version, then the two columns cleared, as a v3 file would have them.
        skipped = begin(store)
        store.add_segment(skipped, record(0, status=SegmentStatus.SKIPPED))
        store.add_segment(skipped, record(1, status=SegmentStatus.SKIPPED))
        store.finish_session(skipped, SessionStatus.COMPLETED)
        done = finished_session(store, started_at=T0 + timedelta(days=1))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE sessions DROP COLUMN done_share")
    conn.execute("ALTER TABLE sessions DROP COLUMN credited")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with HistoryStore.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        got = {s.id: (s.done_share, s.credited) for s in store.sessions()}
    assert got == {skipped: (0.0, False), done: (1.0, True)}


def test_a_backup_keeps_the_credit_and_one_without_it_gets_it_on_import(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = begin(store)
        store.add_segment(sid, record(0))
        store.finish_session(sid, SessionStatus.COMPLETED, credit=(0.5, True))
        skipped = begin(store, started_at=T0 + timedelta(days=1))
        store.add_segment(skipped, record(0, status=SegmentStatus.SKIPPED))
        store.finish_session(skipped, SessionStatus.COMPLETED)
        sessions = store.sessions_with_segments()
    backup = tmp_path / "backup.json"
    with backup.open("w", encoding="utf-8") as out:
        write_json(sessions, out)
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert [(s["done_share"], s["credited"]) for s in document["sessions"]] == [
        (0.5, True),
        (0.0, False),
    ]
    with HistoryStore.open(tmp_path / "copy.sqlite3") as copy:
        copy.import_batch(load_history_batch(backup))
        assert [(s.done_share, s.credited) for s in copy.sessions(oldest_first=True)] == [
            (0.5, True),
            (0.0, False),
        ]
    # An older backup has neither key: both are worked out from the segments.
    for item in document["sessions"]:
        del item["done_share"], item["credited"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    with HistoryStore.open(tmp_path / "old-copy.sqlite3") as copy:
        copy.import_batch(load_history_batch(old))
        assert [(s.done_share, s.credited) for s in copy.sessions(oldest_first=True)] == [
            (1.0, True),
            (0.0, False),
        ]
