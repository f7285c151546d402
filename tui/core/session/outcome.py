"""What a finished session counts: the one count behind every summary of a session.

A session's records are every outcome in the order it happened; a part the
patient went back to appears again.  The summaries (the app's summary screen,
plain mode's closing lines, the question about an unfinished session) all
count with :func:`outcome_of`, so they always agree:

* the **latest** outcome of each part counts (skipped, then back and done, is
  one part done);
* a part marked "this hurts" at any time counts once, whatever became of it;
* exercise time is every second actually spent in holds, sets and intervals,
  a part done twice counting both times (it was exercise);
* the **done share** is the planned exercise seconds done over the planned
  exercise seconds (rests, switches and get-ready left out): a part done counts
  its planned seconds, a part cut short its actual seconds (at most its plan),
  a skipped part and a part never reached 0.  A self-paced set has no planned
  length; it counts as :data:`SELF_PACED_SECONDS`.  Given the session's plan
  (its timeline) every planned part counts; without it (a stored session) the
  parts recorded do;
* a session is **credited** (counts toward the plan) when it was completed
  and its done share is at least the routine's ``counts_when_done`` percent
  (:data:`DEFAULT_COUNTS_WHEN_DONE`), see :func:`credited`;
* :func:`closing_words` says what happened, for the summaries and the
  spoken end of a session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.core.routine.model import DEFAULT_COUNTS_WHEN_DONE
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import Segment

#: What a self-paced set (no tempo: the patient ends it) counts as planned, in seconds.
SELF_PACED_SECONDS = 30.0


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
    #: Planned exercise seconds (:data:`SELF_PACED_SECONDS` for each self-paced set).
    planned_work_seconds: float = 0.0
    #: Of those, the seconds done (a part cut short: its actual seconds, at most its plan).
    done_work_seconds: float = 0.0

    @property
    def done_share(self) -> float | None:
        """Planned exercise seconds done, 0.0 to 1.0 (``None``: no exercise was planned).

        Rounded to 4 places, as the history stores it, so a session counts the
        same before and after it is saved.
        """
        if self.planned_work_seconds <= 0:
            return None
        return round(min(1.0, self.done_work_seconds / self.planned_work_seconds), 4)

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


def part_plan(planned_seconds: float | None) -> float:
    """The planned seconds an exercise part counts for (a self-paced set has none of its own)."""
    return SELF_PACED_SECONDS if planned_seconds is None else planned_seconds


def part_done(record: SegmentRecord) -> float:
    """The planned seconds an exercise part's outcome counts as done."""
    plan = part_plan(record.planned_seconds)
    if record.status is SegmentStatus.DONE:
        return plan
    if record.status is SegmentStatus.PARTIAL:
        return max(0.0, min(record.actual_seconds, plan))
    return 0.0


def outcome_of(records: Iterable[SegmentRecord], plan: Sequence[Segment] = ()) -> Outcome:
    """Count ``records`` (a session's outcomes in the order they happened).

    ``plan`` is the session's timeline; without it the done share is counted
    over the parts recorded (a stored session's segments).
    """
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

    if plan:
        planned = sum(part_plan(seg.seconds) for seg in plan if seg.kind.is_work)
    else:
        planned = sum(part_plan(r.planned_seconds) for r in work)
    return Outcome(
        done=having(SegmentStatus.DONE),
        skipped=having(SegmentStatus.SKIPPED),
        partial=having(SegmentStatus.PARTIAL),
        hurt=tuple(sorted(hurt.values(), key=lambda r: r.index)),
        exercise_seconds=seconds,
        planned_work_seconds=planned,
        done_work_seconds=sum(part_done(r) for r in work),
    )


def credited(
    status: SessionStatus | None,
    done_share: float | None,
    counts_when_done: int = DEFAULT_COUNTS_WHEN_DONE,
) -> bool:
    """Whether a session counts toward the plan: completed, with enough of its work done.

    ``counts_when_done`` is the routine's threshold in percent.  A session
    stopped early (partial) or closed after a crash (abandoned) never counts;
    one that planned no exercise at all counts when completed.
    """
    if status is not SessionStatus.COMPLETED:
        return False
    # A hair of tolerance: 4 of 5 equal parts is 80 %, whatever the float says.
    return done_share is None or done_share * 100 >= counts_when_done - 1e-6


def whole_percent(share: float) -> int:
    """A share (0.0 to 1.0) in whole percent, rounded half up; never 100 below the whole.

    Every percentage supple shows goes through here (done shares, adherence).
    """
    value = int(share * 100 + 0.5 + 1e-9)
    return 99 if value >= 100 and share < 1.0 else value


def closing_words(
    status: SessionStatus | None,
    outcome: Outcome,
    counts_when_done: int = DEFAULT_COUNTS_WHEN_DONE,
) -> str:
    """What happened, in one line: the summaries' heading and the spoken end of a session.

    "Well done!" only for a session that counts toward the plan.
    """
    if status is not SessionStatus.COMPLETED:
        # Whether it was saved is said apart, by what saved it (never assumed here).
        return "Stopped early: this session does not count toward your plan."
    share = outcome.done_share
    if not credited(status, share, counts_when_done):
        if share is None or share < 0.5:
            return "Mostly skipped: this session does not count toward your plan."
        return (
            f"Partly done ({whole_percent(share)}% of the planned exercise time; "
            f"{counts_when_done}% counts): this session does not count toward your plan."
        )
    missed = len(outcome.skipped) + len(outcome.partial)
    if missed == 0:
        return "Session complete. Well done!"
    unit = "exercise part" if missed == 1 else "exercise parts"
    how = "skipped" if not outcome.partial else "skipped or cut short"
    return f"Done with {missed} {unit} {how}. Well done!"


def done_words(outcome: Outcome) -> str:
    """How much of the planned exercise time was done: "12% of the planned exercise time"."""
    return share_words(outcome.done_share)


def share_words(share: float | None) -> str:
    """A done share in words (a stored session's, or :func:`done_words`'s)."""
    if share is None:
        return "no exercise was planned"
    return f"{whole_percent(share)}% of the planned exercise time"


def credit_words(counts: bool | None) -> str:
    """Whether a finished session counts toward the plan, in words ("" while unfinished)."""
    if counts is None:
        return ""
    return "counts toward the plan" if counts else "does not count toward the plan"
