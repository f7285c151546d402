"""The done share, the credit rule and the closing words (tui.core.session.outcome)."""

from __future__ import annotations

import pytest

from tests.support.fake_clock import FakeClock
from tui.core.routine.model import DEFAULT_COUNTS_WHEN_DONE, Routine, Step, StepKind
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.outcome import (
    SELF_PACED_SECONDS,
    closing_words,
    credited,
    outcome_of,
    whole_percent,
)
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import Segment, SegmentKind

DONE, SKIPPED, PARTIAL = SegmentStatus.DONE, SegmentStatus.SKIPPED, SegmentStatus.PARTIAL
COMPLETED = SessionStatus.COMPLETED


def rec(
    index: int,
    status: SegmentStatus,
    *,
    planned: float | None = 10.0,
    actual: float = 10.0,
    kind: SegmentKind = SegmentKind.HOLD,
) -> SegmentRecord:
    return SegmentRecord(index, 0, "Bridge", kind, None, 1, None, planned, actual, status)


def hold(index: int, seconds: float | None = 10.0, kind: SegmentKind = SegmentKind.HOLD) -> Segment:
    return Segment(kind, index, "Bridge", seconds=seconds)


def test_a_part_done_counts_its_plan_a_skipped_one_nothing() -> None:
    outcome = outcome_of([rec(0, DONE, actual=12.0), rec(1, SKIPPED, actual=3.0)])
    assert (outcome.planned_work_seconds, outcome.done_work_seconds) == (20.0, 10.0)
    assert outcome.done_share == 0.5


def test_a_part_cut_short_counts_its_actual_seconds_at_most_its_plan() -> None:
    assert outcome_of([rec(0, PARTIAL, actual=4.0)]).done_share == 0.4
    assert outcome_of([rec(0, PARTIAL, actual=40.0)]).done_share == 1.0


def test_rests_switches_and_get_ready_are_left_out() -> None:
    records = [rec(0, DONE), rec(1, SKIPPED, planned=60.0, kind=SegmentKind.REST)]
    assert outcome_of(records).done_share == 1.0


def test_a_self_paced_set_counts_as_its_nominal_seconds() -> None:
    records = [rec(0, DONE, planned=None, actual=80.0), rec(1, SKIPPED, planned=30.0)]
    outcome = outcome_of(records)
    assert outcome.planned_work_seconds == SELF_PACED_SECONDS + 30.0
    assert outcome.done_share == 0.5


def test_with_the_plan_the_parts_never_reached_count_as_not_done() -> None:
    plan = [hold(0), Segment(SegmentKind.REST, 0, "Rest", seconds=30.0), hold(1), hold(2), hold(3)]
    records = [rec(0, DONE)]
    assert outcome_of(records).done_share == 1.0  # the parts recorded only
    assert outcome_of(records, plan).done_share == 0.25


def test_the_latest_outcome_of_a_part_counts_once() -> None:
    records = [rec(0, SKIPPED), rec(0, DONE), rec(1, DONE)]
    assert outcome_of(records).done_share == 1.0


def test_nothing_planned_has_no_share() -> None:
    assert outcome_of([]).done_share is None


@pytest.mark.parametrize(
    ("status", "share", "counts_when_done", "expected"),
    [
        (COMPLETED, 0.8, DEFAULT_COUNTS_WHEN_DONE, True),
        (COMPLETED, 0.7999, DEFAULT_COUNTS_WHEN_DONE, False),
        (COMPLETED, 0.0, DEFAULT_COUNTS_WHEN_DONE, False),
        (COMPLETED, 0.6, 60, True),
        (COMPLETED, 0.99, 100, False),
        (COMPLETED, None, DEFAULT_COUNTS_WHEN_DONE, True),  # nothing planned, nothing missed
        (SessionStatus.PARTIAL, 1.0, DEFAULT_COUNTS_WHEN_DONE, False),
        (SessionStatus.ABANDONED, 1.0, DEFAULT_COUNTS_WHEN_DONE, False),
        (None, 1.0, DEFAULT_COUNTS_WHEN_DONE, False),
    ],
)
def test_credit_needs_a_completed_session_with_enough_done(
    status: SessionStatus | None, share: float | None, counts_when_done: int, expected: bool
) -> None:
    assert credited(status, share, counts_when_done) is expected


def test_four_of_five_equal_parts_is_exactly_enough() -> None:
    records = [rec(i, DONE) for i in range(4)] + [rec(4, SKIPPED)]
    assert credited(COMPLETED, outcome_of(records).done_share)


@pytest.mark.parametrize(
    ("share", "percent"),
    [
        (0.0, 0),
        (0.004, 0),
        (0.005, 1),
        (0.785, 79),
        (0.7857, 79),
        (0.125, 13),
        (0.994, 99),
        (0.996, 99),
        (1.0, 100),
    ],
)
def test_percentages_round_half_up_and_never_to_100_short_of_it(share: float, percent: int) -> None:
    assert whole_percent(share) == percent


def test_closing_words_follow_what_happened() -> None:
    all_done = outcome_of([rec(0, DONE), rec(1, DONE)])
    some_skipped = outcome_of([rec(i, DONE) for i in range(8)] + [rec(8, SKIPPED), rec(9, SKIPPED)])
    partly = outcome_of([rec(0, DONE), rec(1, DONE), rec(2, DONE), rec(3, SKIPPED)])
    none_done = outcome_of([rec(0, SKIPPED), rec(1, SKIPPED)])
    assert closing_words(COMPLETED, all_done) == "Session complete. Well done!"
    assert closing_words(COMPLETED, some_skipped) == (
        "Done with 2 exercise parts skipped. Well done!"
    )
    assert closing_words(COMPLETED, partly) == (
        "Partly done (75% of the planned exercise time; 80% counts): "
        "this session does not count toward your plan."
    )
    assert closing_words(COMPLETED, partly, 70) == "Done with 1 exercise part skipped. Well done!"
    assert closing_words(COMPLETED, none_done) == (
        "Mostly skipped: this session does not count toward your plan."
    )
    stopped = closing_words(SessionStatus.PARTIAL, all_done)
    assert stopped.startswith("Stopped early") and "Well done" not in stopped


def test_only_a_credited_session_is_praised() -> None:
    outcomes = [
        outcome_of([rec(i, DONE if i < done else SKIPPED) for i in range(10)]) for done in range(11)
    ]
    for outcome in outcomes:
        for status in SessionStatus:
            words = closing_words(status, outcome)
            assert ("Well done" in words) is credited(status, outcome.done_share)
            assert ("complete" in words) is (outcome.done_share == 1.0 and status is COMPLETED)


def every_part_skipped() -> SessionRunner:
    routine = Routine(
        "Two holds",
        (Step(StepKind.HOLD, "Stretch", hold=10.0, reps=2, rest=5.0),),
        get_ready=0.0,
    )
    clock = FakeClock()
    runner = SessionRunner(routine, clock=clock)
    runner.start()
    while runner.status is None:
        runner.skip()
    return runner


def test_the_runner_says_the_closing_words_at_the_end() -> None:
    runner = every_part_skipped()
    (end,) = [e for e in runner.log if e.text and e.kind.value == "session_done"]
    assert end.text == "Mostly skipped: this session does not count toward your plan."
    assert runner.outcome().done_share == 0.0
