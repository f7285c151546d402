"""SessionRunner: the engine joined to a clock, a cue output and a history writer (fake clock)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.support.fake_clock import FakeClock
from tui.core.routine.model import Routine, Sides, Step, StepKind, Tempo
from tui.core.session.engine import (
    CueEvent,
    CueKind,
    EngineState,
    SegmentRecord,
    SegmentStatus,
)
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import Segment, compile_timeline, total_seconds


@dataclass
class Cues:
    seen: list[tuple[CueEvent, Segment | None]] = field(default_factory=list)

    def cue(self, event: CueEvent, segment: Segment | None) -> None:
        self.seen.append((event, segment))


@dataclass
class Writer:
    calls: list[tuple[str, object]] = field(default_factory=list)

    def segment_ended(self, record: SegmentRecord) -> None:
        self.calls.append(("segment", record))

    def session_ended(self, status: SessionStatus) -> None:
        self.calls.append(("end", status))

    @property
    def records(self) -> list[object]:
        return [value for name, value in self.calls if name == "segment"]

    @property
    def ends(self) -> list[object]:
        return [value for name, value in self.calls if name == "end"]


def routine() -> Routine:
    return Routine(
        title="Runner test",
        get_ready=5.0,
        steps=(
            Step(StepKind.HOLD, "Stretch", sides=Sides.BOTH, hold=30.0, reps=2, rest=10.0),
            Step(StepKind.REPS, "Bridge", reps=3, sets=2, rest=20.0, tempo=Tempo(2, 1, 2)),
        ),
    )


def make(speed: float = 1.0) -> tuple[SessionRunner, FakeClock, Cues, Writer]:
    clock = FakeClock()
    cues = Cues()
    writer = Writer()
    runner = SessionRunner(routine(), clock=clock, speed=speed, cues=cues, history=writer)
    return runner, clock, cues, writer


def run_out(runner: SessionRunner, clock: FakeClock, step: float = 0.05) -> float:
    """Tick until the end; returns the fake real seconds it took."""
    start = clock.now
    runner.start()
    while runner.status is None:
        clock.advance(step)
        runner.tick()
    return clock.now - start


def test_plain_speed_plays_the_planned_time() -> None:
    runner, clock, _, _ = make()
    planned = total_seconds(compile_timeline(routine()))
    took = run_out(runner, clock)
    assert took == pytest.approx(planned, abs=0.06)
    assert runner.engine.session_elapsed(runner.now()) == pytest.approx(planned)
    assert not runner.preview


@pytest.mark.parametrize("speed", [2.0, 10.0, 50.0])
def test_speed_runs_n_times_faster_and_marks_a_preview(speed: float) -> None:
    runner, clock, _, _ = make(speed)
    planned = total_seconds(compile_timeline(routine()))
    took = run_out(runner, clock, step=0.01)
    assert took == pytest.approx(planned / speed, abs=0.02)
    assert runner.preview
    # Every segment still gets its full planned time in session time.
    for record in runner.engine.records:
        assert record.actual_seconds == pytest.approx(record.planned_seconds or 0.0)


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError):
        SessionRunner(routine(), speed=0)


def test_pauses_are_not_sped_up_into_exercise_time() -> None:
    runner, clock, _, _ = make(10.0)
    runner.start()
    clock.advance(1.0)  # 10 s of session time
    runner.toggle_pause()
    clock.advance(500.0)
    runner.tick()
    runner.toggle_pause()
    assert runner.engine.session_elapsed(runner.now()) == pytest.approx(10.0)


def test_history_gets_every_segment_and_the_end_exactly_once() -> None:
    runner, clock, _, writer = make()
    run_out(runner, clock)
    for _ in range(3):  # ticks and commands after the end change nothing
        clock.advance(1.0)
        runner.tick()
        runner.quit()
        runner.skip()
    assert writer.records == runner.engine.records
    assert len(writer.records) == len(compile_timeline(routine()))
    assert writer.ends == [SessionStatus.COMPLETED]
    assert writer.calls[-1] == ("end", SessionStatus.COMPLETED)  # after the last segment


def test_quit_saves_the_running_segment_as_partial_and_ends_once() -> None:
    runner, clock, _, writer = make()
    runner.start()
    clock.advance(12.0)  # 7 s into the first hold
    runner.tick()
    runner.hurt()
    runner.quit()
    runner.quit()
    assert writer.ends == [SessionStatus.PARTIAL]
    last = writer.records[-1]
    assert isinstance(last, SegmentRecord)
    assert last.status is SegmentStatus.PARTIAL
    assert last.actual_seconds == pytest.approx(7.0)
    assert last.hurt
    assert runner.hurt_marks == [last]
    assert runner.status is SessionStatus.PARTIAL


def test_cue_output_gets_every_event_with_its_segment() -> None:
    runner, clock, cues, _ = make(5.0)
    runner.start()
    clock.advance(3.0)
    runner.tick()
    runner.skip()
    runner.back()
    runner.extend(10)
    while runner.status is None:
        clock.advance(0.07)
        runner.tick()
    assert [event for event, _ in cues.seen] == runner.log
    segments = runner.engine.segments
    assert all(segment is segments[event.segment] for event, segment in cues.seen)
    kinds = {event.kind for event in runner.log}
    assert {CueKind.SEGMENT_START, CueKind.COUNTDOWN, CueKind.TEMPO} <= kinds
    assert runner.log[-1].kind is CueKind.SESSION_DONE


def test_commands_return_the_events_they_dispatched() -> None:
    runner, clock, _, _ = make()
    started = runner.start()
    assert started and started[0].kind is CueKind.SEGMENT_START
    clock.advance(5.0)
    ticked = runner.tick()
    kinds = [e.kind for e in ticked]
    assert kinds[:3] == [CueKind.COUNTDOWN] * 3  # get ready's 3-2-1
    assert kinds[3:5] == [CueKind.SEGMENT_END, CueKind.SEGMENT_START]
    assert runner.log == started + ticked


def test_runner_works_without_cues_or_history() -> None:
    clock = FakeClock()
    runner = SessionRunner(routine(), clock=clock)
    run_out(runner, clock, step=1.0)
    assert runner.status is SessionStatus.COMPLETED


def test_a_resumed_runner_writes_only_the_new_parts_and_keeps_the_earlier_ones() -> None:
    first, clock, _, writer = make()
    first.start()
    while len(writer.records) < 2:
        clock.advance(0.5)
        first.tick()
    earlier = tuple(first.engine.records)
    clock2 = FakeClock()
    later = Writer()
    runner = SessionRunner(
        routine(), clock=clock2, history=later, start_at=earlier[-1].index + 1, earlier=earlier
    )
    assert runner.resumed
    runner.start()
    while runner.status is None:
        clock2.advance(0.5)
        runner.tick()
    timeline = compile_timeline(routine())
    assert [r.index for r in later.records] == list(range(2, len(timeline)))  # type: ignore[attr-defined]
    assert [r.index for r in runner.engine.records] == list(range(len(timeline)))
    assert later.ends == [SessionStatus.COMPLETED]
    assert not SessionRunner(routine()).resumed


def test_a_resumed_runner_with_nothing_left_tells_its_history_at_start() -> None:
    writer = Writer()
    length = len(compile_timeline(routine()))
    runner = SessionRunner(routine(), clock=FakeClock(), history=writer, start_at=length)
    assert runner.start() == []
    assert runner.status is SessionStatus.COMPLETED and writer.ends == [SessionStatus.COMPLETED]


def test_hurt_stops_the_clock_and_after_hurt_carries_out_the_choice() -> None:
    from tui.core.session.safety import HurtChoice

    runner, clock, _, writer = make(5.0)
    runner.start()
    clock.advance(12.0)
    runner.tick()
    runner.hurt()
    assert runner.engine.state is EngineState.PAUSED
    at_hurt = runner.engine.elapsed(runner.now())
    clock.advance(40.0)
    runner.rate_hurt(8)
    runner.after_hurt(HurtChoice.CARRY_ON)
    assert runner.engine.state is EngineState.RUNNING
    runner.after_hurt(HurtChoice.END_SESSION)
    assert runner.status is SessionStatus.PARTIAL
    last = writer.records[-1]
    assert isinstance(last, SegmentRecord)
    assert (last.hurt, last.pain_now, last.status) == (True, 8, SegmentStatus.PARTIAL)
    assert last.actual_seconds == pytest.approx(at_hurt)  # the 40 s paused do not count
