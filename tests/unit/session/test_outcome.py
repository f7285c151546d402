"""What a finished session counts: the latest outcome of each part, hurt marks, exercise time."""

from __future__ import annotations

from tests.support.fake_clock import FakeClock
from tui.core.routine.model import Routine, Step, StepKind
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.outcome import Outcome, outcome_of
from tui.core.session.runner import SessionRunner
from tui.core.session.timeline import SegmentKind


def rec(
    index: int,
    status: SegmentStatus,
    *,
    kind: SegmentKind = SegmentKind.SET,
    seconds: float = 5.0,
    hurt: bool = False,
    name: str = "Bridge",
) -> SegmentRecord:
    return SegmentRecord(index, 0, name, kind, None, None, index, 10.0, seconds, status, hurt)


def test_the_latest_outcome_of_each_part_counts() -> None:
    outcome = outcome_of(
        [
            rec(1, SegmentStatus.SKIPPED),
            rec(1, SegmentStatus.DONE),
            rec(2, SegmentStatus.DONE),
            rec(2, SegmentStatus.PARTIAL),
            rec(3, SegmentStatus.SKIPPED, kind=SegmentKind.REST),
        ]
    )
    assert [r.index for r in outcome.done] == [1]
    assert outcome.skipped == ()  # the rest is no exercise part
    assert [r.index for r in outcome.partial] == [2]
    assert outcome.parts == 2


def test_a_part_marked_hurting_counts_once_whatever_became_of_it() -> None:
    outcome = outcome_of(
        [
            rec(1, SegmentStatus.SKIPPED, hurt=True),
            rec(1, SegmentStatus.DONE, hurt=True),
            rec(2, SegmentStatus.DONE, hurt=True, name="Plank"),
            rec(3, SegmentStatus.DONE),
        ]
    )
    assert [(r.index, r.status) for r in outcome.hurt] == [
        (1, SegmentStatus.SKIPPED),
        (2, SegmentStatus.DONE),
    ]
    assert outcome.hurt_by_exercise() == {"Bridge": 1, "Plank": 1}


def test_exercise_time_is_every_second_spent_exercising() -> None:
    outcome = outcome_of(
        [
            rec(1, SegmentStatus.SKIPPED, seconds=2.0),
            rec(1, SegmentStatus.DONE, seconds=10.0),
            rec(2, SegmentStatus.DONE, kind=SegmentKind.REST, seconds=30.0),
        ]
    )
    assert outcome.exercise_seconds == 12.0


def test_nothing_recorded_counts_nothing() -> None:
    assert outcome_of([]) == Outcome()


def test_skip_back_finish_through_the_engine_is_two_parts_done() -> None:
    routine = Routine(
        title="Two holds",
        get_ready=0.0,
        steps=(Step(StepKind.HOLD, "Stretch", hold=10.0, reps=2),),
    )
    clock = FakeClock()
    runner = SessionRunner(routine, clock=clock)
    runner.start()
    runner.skip()  # the first hold
    runner.back()  # at once: back to it
    while runner.status is None:
        clock.advance(1.0)
        runner.tick()
    records = runner.engine.records
    assert [(r.index, r.status) for r in records] == [
        (0, SegmentStatus.SKIPPED),
        (0, SegmentStatus.DONE),
        (1, SegmentStatus.DONE),
    ]
    outcome = outcome_of(records)
    assert (len(outcome.done), len(outcome.skipped), len(outcome.partial)) == (2, 0, 0)
