"""The history's tallies are the session count: the latest outcome of each part, hurt once.

The SQL tallies (session lists, per-exercise counts) and the Python one
(``tally_of``, behind a session read with its segments) must agree with
``tui.core.session.outcome.outcome_of`` on any pattern of skips, going back
and doing a part again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.history_factory import T0, begin, record
from tui.core.history import ExerciseCount, HistoryStore, SegmentTally, queries, tally_of
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.outcome import outcome_of
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

#: A part's kind and name follow from its timeline index (as in a real timeline).
KINDS = (SegmentKind.GET_READY, SegmentKind.HOLD, SegmentKind.SET, SegmentKind.REST)
NAMES = ("Bird-dog", "Bridge", "Clamshell")


def part(index: int, status: SegmentStatus, hurt: bool, seconds: float) -> SegmentRecord:
    """An outcome of the part at ``index``."""
    return record(
        index,
        name=NAMES[index % len(NAMES)],
        kind=KINDS[index % len(KINDS)],
        status=status,
        hurt=hurt,
        actual=seconds,
    )


outcomes = st.builds(
    part,
    st.integers(0, 5),
    st.sampled_from(list(SegmentStatus)),
    st.booleans(),
    st.sampled_from([0.0, 1.5, 10.0, 30.25]),
)
sessions = st.lists(st.lists(outcomes, max_size=12), min_size=1, max_size=4)


def expected_tally(records: Sequence[SegmentRecord]) -> SegmentTally:
    """The session count of ``records`` straight from outcome.py."""
    counted = outcome_of(records)
    return SegmentTally(
        len(counted.done),
        len(counted.skipped),
        len(counted.partial),
        len(counted.hurt),
        round(counted.exercise_seconds, 3),
    )


def expected_exercises(all_records: Sequence[Sequence[SegmentRecord]]) -> list[ExerciseCount]:
    """Per-exercise counts summed over each session's count."""
    totals: dict[str, list[int]] = {}
    for records in all_records:
        for r in records:
            totals.setdefault(r.name, [0, 0, 0, 0])
        counted = outcome_of(records)
        for slot, parts in enumerate((counted.done, counted.skipped, counted.partial)):
            for r in parts:
                totals[r.name][slot] += 1
        for name, marks in counted.hurt_by_exercise().items():
            totals[name][3] += marks
    return [ExerciseCount(name, *counts) for name, counts in sorted(totals.items())]


def fill(store: HistoryStore, all_records: Sequence[Sequence[SegmentRecord]]) -> list[str]:
    """Record each session outcome by outcome, as a session does."""
    ids = []
    for day, records in enumerate(all_records):
        sid = begin(store, started_at=T0 + timedelta(days=day))
        for r in records:
            store.add_segment(sid, r)
        store.finish_session(sid, SessionStatus.PARTIAL, ended_at=T0 + timedelta(days=day, hours=1))
        ids.append(sid)
    return ids


def sql_tallies(store: HistoryStore) -> list[list[SegmentTally]]:
    """Every SQL tally path, oldest first: a short page, a list by key, a bulk scan."""
    page = [s.tally for s in store.sessions(limit=50, oldest_first=True)]
    by_key = [s.tally for s in store.sessions(oldest_first=True)]
    with mock.patch.object(queries, "BULK_LIST", 0):
        bulk = [s.tally for s in store.sessions(oldest_first=True)]
    return [page, by_key, bulk]


@settings(max_examples=60, deadline=None)
@given(sessions)
def test_sql_and_python_tallies_agree_with_the_session_count(
    all_records: list[list[SegmentRecord]],
) -> None:
    want = [expected_tally(records) for records in all_records]
    exercises = expected_exercises(all_records)
    with tempfile.TemporaryDirectory() as folder:
        with HistoryStore.open(Path(folder) / "h.sqlite3") as store:
            ids = fill(store, all_records)
            stored = store.sessions_with_segments()
            python = [tally_of(s.segments) for s in stored]
            read = [store.session(sid).tally for sid in ids]  # type: ignore[union-attr]
            assert [python, read, *sql_tallies(store)] == [want] * 5
            assert store.exercise_counts() == exercises
            # A date range takes the other per-exercise plan.
            assert store.exercise_counts(since=T0 - timedelta(days=1)) == exercises
        # An import (a backup) marks the earlier outcomes the same way.
        with HistoryStore.open(Path(folder) / "copy.sqlite3") as copy:
            copy.import_sessions(stored)
            assert sql_tallies(copy) == [want] * 3
            assert copy.exercise_counts() == exercises


def test_skipped_then_gone_back_to_and_done_counts_once(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = begin(store)
        store.add_segment(sid, part(1, SegmentStatus.SKIPPED, True, 1.5))
        store.add_segment(sid, part(2, SegmentStatus.DONE, False, 10.0))
        store.add_segment(sid, part(1, SegmentStatus.DONE, True, 10.0))
        (summary,) = store.sessions()
        (page,) = store.sessions(limit=5)
        counts = {c.name: c for c in store.exercise_counts()}
    # Two parts done, none skipped, the part that hurt twice counted once.
    assert summary.tally == page.tally == SegmentTally(2, 0, 0, 1, 21.5)
    assert counts["Bridge"] == ExerciseCount("Bridge", 1, 0, 0, 1)


def test_a_part_hurt_in_an_earlier_outcome_only_still_counts_as_hurt(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = begin(store)
        store.add_segment(sid, part(1, SegmentStatus.PARTIAL, True, 3.0))
        store.add_segment(sid, part(1, SegmentStatus.DONE, False, 10.0))
        (summary,) = store.sessions()
        (counts,) = store.exercise_counts()
    assert summary.tally == SegmentTally(1, 0, 0, 1, 13.0)
    assert counts == ExerciseCount("Bridge", 1, 0, 0, 1)
