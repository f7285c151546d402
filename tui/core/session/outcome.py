"""What a finished session counts: the one count behind every summary of a session.

A session's records are every outcome in the order it happened; a part the
patient went back to appears again.  The summaries (the app's summary screen,
plain mode's closing lines, the question about an unfinished session) all
count with :func:`outcome_of`, so they always agree:

* the **latest** outcome of each part counts (skipped, then back and done, is
  one part done);
* a part marked "this hurts" at any time counts once, whatever became of it;
* exercise time is every second actually spent in holds, sets and intervals,
  a part done twice counting both times (it was exercise).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.session.engine import SegmentRecord, SegmentStatus


@dataclass(frozen=True)
class Outcome:
    """A session's parts by their latest outcome, its hurt marks and its exercise time."""

    #: Exercise parts (holds, sets, interval blocks) whose latest outcome is done, in order.
    done: tuple[SegmentRecord, ...] = ()
    #: Exercise parts whose latest outcome is skipped.
    skipped: tuple[SegmentRecord, ...] = ()
    #: Exercise parts whose latest outcome is cut short (the session stopped in them).
    partial: tuple[SegmentRecord, ...] = ()
    #: Every part (of any kind) marked "this hurts", by its first mark, in order.
    hurt: tuple[SegmentRecord, ...] = ()
    #: Seconds actually spent in exercise parts (every record, a redone part twice).
    exercise_seconds: float = 0.0

    @property
    def parts(self) -> int:
        """Exercise parts with an outcome (done, skipped or cut short)."""
        return len(self.done) + len(self.skipped) + len(self.partial)

    def hurt_by_exercise(self) -> dict[str, int]:
        """How many parts of each exercise were marked "this hurts", in session order."""
        marks: dict[str, int] = {}
        for record in self.hurt:
            marks[record.name] = marks.get(record.name, 0) + 1
        return marks


def outcome_of(records: Iterable[SegmentRecord]) -> Outcome:
    """Count ``records`` (a session's outcomes in the order they happened)."""
    latest: dict[int, SegmentRecord] = {}
    hurt: dict[int, SegmentRecord] = {}
    seconds = 0.0
    for record in records:
        latest[record.index] = record
        if record.hurt:
            hurt.setdefault(record.index, record)
        if record.kind.is_work:
            seconds += record.actual_seconds
    # Parts in the order of their latest outcome (dict order is first insertion: re-sort).
    work = sorted((r for r in latest.values() if r.kind.is_work), key=lambda r: r.index)

    def having(status: SegmentStatus) -> tuple[SegmentRecord, ...]:
        return tuple(r for r in work if r.status is status)

    return Outcome(
        done=having(SegmentStatus.DONE),
        skipped=having(SegmentStatus.SKIPPED),
        partial=having(SegmentStatus.PARTIAL),
        hurt=tuple(sorted(hurt.values(), key=lambda r: r.index)),
        exercise_seconds=seconds,
    )
