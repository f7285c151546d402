"""The session engine, driven by a fake clock: no test here waits for real time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.routine.model import Block, Routine, Sides, Step, StepKind, Tempo, TextCue
from tui.core.session.engine import (
    CueEvent,
    CueKind,
    EngineState,
    SegmentStatus,
    SessionEngine,
)
from tui.core.session.timeline import SegmentKind, compile_timeline, total_seconds


def hold_routine(**step: object) -> Routine:
    fields: dict[str, object] = {"kind": StepKind.HOLD, "name": "Stretch", "hold": 30.0, "reps": 2}
    fields.update(step)
    return Routine(title="T", steps=(Step(**fields),), get_ready=5.0)  # type: ignore[arg-type]


def mixed_routine() -> Routine:
    return Routine(
        title="Mixed",
        get_ready=5.0,
        steps=(
            Step(StepKind.HOLD, "Hamstring", sides=Sides.BOTH, hold=30.0, reps=3, rest=10.0),
            Step(
                StepKind.REPS,
                "Bridge",
                reps=10,
                sets=2,
                rest=60.0,
                tempo=Tempo(up=2.0, hold=2.0, down=2.0),
            ),
            Step(StepKind.REST, "Breather", duration=30.0),
            Step(
                StepKind.INTERVAL,
                "Walk",
                blocks=(Block("Walk", 120.0), Block("Sit", 60.0)),
                repeat=2,
            ),
        ),
    )


def kinds(events: list[CueEvent]) -> list[CueKind]:
    return [e.kind for e in events]


def run_to_end(engine: SessionEngine, start: float = 0.0, tick: float = 0.25) -> float:
    now = start
    engine.start(now)
    while not engine.ended:
        now += tick
        engine.advance(now)
    return now


def test_start_emits_first_segment_start() -> None:
    engine = SessionEngine(hold_routine())
    events = engine.start(100.0)
    assert events[0].kind is CueKind.SEGMENT_START
    assert events[0].segment_kind is SegmentKind.GET_READY
    assert engine.state is EngineState.RUNNING


def test_remaining_comes_from_the_clock_not_from_ticks() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(1000.0)
    assert engine.remaining(1003.5) == 1.5  # no advance() call was needed


def test_segments_end_exactly_at_their_planned_time() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.advance(4.999)
    assert engine.current is not None and engine.current.kind is SegmentKind.GET_READY
    engine.advance(5.0)
    assert engine.current is not None and engine.current.kind is SegmentKind.HOLD


def test_a_late_tick_carries_the_overflow_into_the_next_segment() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.advance(7.0)  # get ready (5 s) ended two seconds ago
    assert engine.elapsed(7.0) == 2.0
    assert engine.records[0].actual_seconds == 5.0


def test_one_huge_jump_finishes_the_session_without_recursion() -> None:
    routine = Routine(
        title="Long",
        get_ready=0,
        steps=tuple(Step(StepKind.HOLD, f"S{i}", hold=1.0) for i in range(3000)),
    )
    engine = SessionEngine(routine)
    engine.start(0.0)
    events = engine.advance(10_000.0)
    assert engine.state is EngineState.FINISHED
    assert events[-1].kind is CueKind.SESSION_DONE
    assert len(engine.records) == 3000


def test_pauses_are_excluded_exactly() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.advance(10.0)
    engine.pause(10.0)
    assert engine.remaining(500.0) == 25.0
    engine.resume(500.0)
    assert engine.remaining(510.0) == 15.0


def test_advance_while_paused_emits_nothing() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.pause(1.0)
    assert engine.advance(1000.0) == []
    assert engine.state is EngineState.PAUSED


def test_countdown_three_two_one_before_the_end_of_a_timed_segment() -> None:
    engine = SessionEngine(hold_routine(reps=1))
    engine.start(0.0)
    events = engine.advance(5.0 + 30.0)
    hold_counts = [(e.count, e.at) for e in events if e.kind is CueKind.COUNTDOWN]
    # get ready's countdown ended at 5 s; the hold's runs at 32, 33, 34 s.
    assert hold_counts[-3:] == [(3, 32.0), (2, 33.0), (1, 34.0)]


def test_each_countdown_number_is_emitted_once_however_often_advance_runs() -> None:
    engine = SessionEngine(hold_routine(reps=1))
    engine.start(0.0)
    seen: list[CueEvent] = []
    now = 0.0
    while now < 40:
        now += 0.01
        seen.extend(engine.advance(now))
    counts = [e.count for e in seen if e.kind is CueKind.COUNTDOWN]
    assert counts == [3, 2, 1, 3, 2, 1]


def test_tempo_phases_carry_the_rep_count() -> None:
    routine = Routine(
        title="T",
        get_ready=0,
        steps=(Step(StepKind.REPS, "Bridge", reps=2, tempo=Tempo(up=2.0, hold=1.0, down=2.0)),),
    )
    engine = SessionEngine(routine)
    events = engine.start(0.0) + engine.advance(10.0)
    tempo = [(e.at, e.phase, e.rep) for e in events if e.kind is CueKind.TEMPO]
    assert tempo == [
        (0.0, "up", 1),
        (2.0, "hold", 1),
        (3.0, "down", 1),
        (5.0, "up", 2),
        (7.0, "hold", 2),
        (8.0, "down", 2),
    ]


def test_tempo_position_reports_rep_phase_and_phase_time_left() -> None:
    routine = Routine(
        title="T",
        get_ready=0,
        steps=(Step(StepKind.REPS, "Bridge", reps=3, tempo=Tempo(up=2.0, hold=1.0, down=2.0)),),
    )
    engine = SessionEngine(routine)
    engine.start(0.0)
    position = engine.tempo_position(7.5)
    assert position is not None
    assert (position.rep, position.reps, position.phase) == (2, 3, "hold")
    assert position.phase_remaining == 0.5


def test_text_cues_fire_at_their_offset_in_each_hold() -> None:
    engine = SessionEngine(
        hold_routine(reps=2, rest=10.0, cues=(TextCue(15.0, "Breathe out slowly"),))
    )
    engine.start(0.0)
    events = engine.advance(200.0)
    assert [(e.at, e.text) for e in events if e.kind is CueKind.TEXT] == [
        (20.0, "Breathe out slowly"),
        (60.0, "Breathe out slowly"),
    ]


def test_step_done_and_session_done_close_the_session() -> None:
    engine = SessionEngine(hold_routine(reps=1))
    engine.start(0.0)
    events = engine.advance(35.0)
    assert kinds(events)[-3:] == [CueKind.SEGMENT_END, CueKind.STEP_DONE, CueKind.SESSION_DONE]
    assert engine.state is EngineState.FINISHED
    assert engine.current is None


def test_skip_records_the_segment_as_skipped_with_time_spent() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.advance(5.0)
    engine.skip(12.0)
    record = engine.records[-1]
    assert (record.kind, record.status, record.actual_seconds) == (
        SegmentKind.HOLD,
        SegmentStatus.SKIPPED,
        7.0,
    )
    assert engine.elapsed(12.0) == 0.0


def test_skip_while_paused_stays_paused() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.pause(2.0)
    engine.skip(3.0)
    assert engine.state is EngineState.PAUSED
    assert engine.current is not None and engine.current.kind is SegmentKind.HOLD
    assert engine.remaining(100.0) == 30.0


def test_back_late_in_a_segment_restarts_it() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.advance(15.0)  # ten seconds into the first hold
    engine.back(15.0)
    assert engine.current is not None and engine.current.kind is SegmentKind.HOLD
    assert engine.remaining(15.0) == 30.0


def test_back_near_the_start_goes_to_the_previous_segment() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.advance(6.0)  # one second into the hold
    events = engine.back(6.0)
    assert engine.current is not None and engine.current.kind is SegmentKind.GET_READY
    assert events[0].kind is CueKind.SEGMENT_START
    assert engine.remaining(6.0) == 5.0


def test_back_does_not_lose_session_running_time() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    engine.advance(15.0)
    engine.back(15.0)
    assert engine.session_elapsed(20.0) == 20.0


def test_extend_adds_time_to_the_current_segment() -> None:
    engine = SessionEngine(hold_routine(reps=1))
    engine.start(0.0)
    engine.advance(10.0)
    engine.extend(10.0, 10.0)
    assert engine.remaining(10.0) == 35.0
    engine.advance(45.0)
    record = engine.records[-1]
    assert (record.planned_seconds, record.actual_seconds) == (30.0, 40.0)


def test_extend_re_arms_the_countdown() -> None:
    engine = SessionEngine(hold_routine(reps=1))
    engine.start(0.0)
    engine.advance(33.5)  # countdown 3 and 2 of the hold emitted
    engine.extend(33.5, 10.0)
    events = engine.advance(45.0)
    assert [e.count for e in events if e.kind is CueKind.COUNTDOWN] == [3, 2, 1]


def test_done_ends_a_self_paced_set() -> None:
    routine = Routine(
        title="T", get_ready=0, steps=(Step(StepKind.REPS, "Cat-camel", reps=10, sets=2),)
    )
    engine = SessionEngine(routine)
    engine.start(0.0)
    assert engine.remaining(500.0) is None
    engine.advance(500.0)
    assert engine.current is not None and engine.current.set == 1
    engine.done(42.0)
    assert engine.records[-1].status is SegmentStatus.DONE
    assert engine.records[-1].actual_seconds == 42.0
    assert engine.current is not None and engine.current.set == 2


def test_done_does_nothing_on_a_timed_segment() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    assert engine.done(1.0) == []
    assert engine.records == []


def test_hurt_is_kept_in_the_segment_record() -> None:
    engine = SessionEngine(hold_routine(reps=1))
    engine.start(0.0)
    engine.advance(10.0)
    engine.hurt(10.0)
    engine.advance(35.0)
    assert [r.hurt for r in engine.records] == [False, True]


def test_quit_records_the_current_segment_as_partial() -> None:
    engine = SessionEngine(hold_routine())
    engine.start(0.0)
    events = engine.quit(12.0)
    assert engine.state is EngineState.QUIT
    assert engine.records[-1].status is SegmentStatus.PARTIAL
    assert engine.records[-1].actual_seconds == 7.0
    assert CueKind.SESSION_DONE not in kinds(events)


def test_whole_session_matches_the_plan() -> None:
    routine = mixed_routine()
    engine = SessionEngine(routine)
    planned = total_seconds(compile_timeline(routine))
    end = run_to_end(engine, start=50.0)
    assert engine.session_elapsed(end) == planned
    assert all(r.actual_seconds == r.planned_seconds for r in engine.records)


def test_time_left_counts_the_rest_of_the_plan() -> None:
    routine = mixed_routine()
    engine = SessionEngine(routine)
    engine.start(0.0)
    assert engine.time_left(0.0) == total_seconds(compile_timeline(routine))
    assert engine.time_left(100.0) == total_seconds(compile_timeline(routine)) - 100.0


@settings(max_examples=60, deadline=None)
@given(
    ticks=st.lists(st.floats(min_value=0.001, max_value=7.0), min_size=1, max_size=400),
    pauses=st.lists(st.tuples(st.integers(0, 399), st.floats(0.0, 600.0)), max_size=10),
)
def test_any_ticks_and_pauses_give_every_hold_exactly_its_planned_time(
    ticks: list[float], pauses: list[tuple[int, float]]
) -> None:
    routine = hold_routine(sides=Sides.BOTH, reps=3, rest=10.0, hold=30.0)
    engine = SessionEngine(routine)
    pause_at = dict(pauses)
    now = 0.0
    paused_total = 0.0
    engine.start(now)
    step = 0
    while not engine.ended:
        now += ticks[step % len(ticks)]
        engine.advance(now)
        if step in pause_at and not engine.ended:
            engine.pause(now)
            now += pause_at[step]
            paused_total += pause_at[step]
            engine.resume(now)
        step += 1
    holds = [r for r in engine.records if r.kind is SegmentKind.HOLD]
    assert [r.side for r in holds] == ["left"] * 3 + ["right"] * 3
    assert all(r.actual_seconds == 30.0 for r in holds)
    assert engine.session_elapsed(now) == total_seconds(compile_timeline(routine))


def test_time_left_during_a_self_paced_set_counts_only_what_follows() -> None:
    routine = Routine(
        title="T",
        get_ready=0,
        steps=(
            Step(StepKind.REPS, "Cat-camel", reps=10),
            Step(StepKind.REST, "Breather", duration=30.0),
        ),
    )
    engine = SessionEngine(routine)
    engine.start(0.0)
    assert engine.time_left(45.0) == 30.0


# ----------------------------------------------------------------- resuming


def test_a_resumed_engine_starts_at_the_given_part_from_its_beginning() -> None:
    routine = mixed_routine()
    timeline = compile_timeline(routine)
    before = SessionEngine(routine)
    before.start(0.0)
    now = 0.0
    while len(before.records) < 3:
        now += 0.5
        before.advance(now)
    earlier = tuple(before.records)
    engine = SessionEngine(routine, start_at=3, earlier=earlier)
    assert engine.state is EngineState.READY and engine.index == 3
    events = engine.start(100.0)
    assert events[0].kind is CueKind.SEGMENT_START and events[0].segment == 3
    assert engine.current == timeline[3]
    assert engine.elapsed(104.0) == 4.0  # the part starts from its beginning
    assert engine.records[:3] == list(earlier)
    # The time before counts in the session's running time, and in cue times.
    assert engine.session_elapsed(104.0) == sum(r.actual_seconds for r in earlier) + 4.0
    assert engine.time_left(100.0) == sum(s.seconds or 0 for s in timeline[3:])
    run_to_end(engine, start=100.0)
    assert [r.index for r in engine.records] == list(range(len(timeline)))


def test_back_at_the_first_resumed_part_goes_to_the_part_before() -> None:
    routine = hold_routine()
    engine = SessionEngine(routine, start_at=2)
    engine.start(0.0)
    engine.back(1.0)
    assert engine.index == 1


def test_resuming_after_the_last_part_is_a_finished_session() -> None:
    routine = hold_routine()
    length = len(compile_timeline(routine))
    engine = SessionEngine(routine, start_at=length)
    assert engine.ended and engine.state is EngineState.FINISHED and engine.current is None
    assert engine.start(0.0) == [] and engine.time_left(0.0) == 0.0


def test_a_start_outside_the_timeline_is_refused() -> None:
    routine = hold_routine()
    length = len(compile_timeline(routine))
    for start_at in (-1, length + 1):
        try:
            SessionEngine(routine, start_at=start_at)
        except ValueError as exc:
            assert "outside the timeline" in str(exc)
        else:
            raise AssertionError(f"start_at={start_at} was accepted")


def test_rate_hurt_is_kept_only_on_a_part_marked_this_hurts() -> None:
    engine = SessionEngine(hold_routine(reps=1))
    engine.start(0.0)
    engine.advance(10.0)
    engine.rate_hurt(5)  # not marked: nothing kept
    assert engine.pain_now is None
    engine.hurt(10.0)
    engine.rate_hurt(7)
    engine.rate_hurt(None)  # a skipped rating keeps the one given
    engine.advance(35.0)
    assert [(r.hurt, r.pain_now) for r in engine.records] == [(False, None), (True, 7)]


def test_skip_exercise_records_the_rest_of_the_step_skipped_and_goes_on() -> None:
    engine = SessionEngine(mixed_routine())
    engine.start(0.0)
    engine.advance(10.0)  # 5 s into the first Hamstring hold
    engine.hurt(10.0)
    engine.rate_hurt(6)
    events = engine.skip_exercise(10.0)
    hamstring = [r for r in engine.records if r.step == 0]
    steps = {s.step for s in engine.segments}
    assert steps == {0, 1, 2, 3}
    assert len(hamstring) == sum(1 for s in engine.segments if s.step == 0)
    first_hold = hamstring[1]
    assert (first_hold.status, first_hold.hurt, first_hold.pain_now) == (
        SegmentStatus.SKIPPED,
        True,
        6,
    )
    assert first_hold.actual_seconds == 5.0
    assert all(r.status is SegmentStatus.SKIPPED and r.actual_seconds == 0.0 for r in hamstring[2:])
    assert not any(r.hurt for r in hamstring[2:])
    assert engine.current is not None and engine.current.step == 1
    # One step's end, one new segment start: no burst of sounds for the skipped parts.
    assert kinds(events).count(CueKind.STEP_DONE) == 1
    assert kinds(events).count(CueKind.SEGMENT_START) == 1


def test_skip_exercise_in_the_last_step_ends_the_session() -> None:
    engine = SessionEngine(hold_routine(reps=2))
    engine.start(0.0)
    engine.advance(10.0)
    events = engine.skip_exercise(10.0)
    assert engine.state is EngineState.FINISHED
    assert CueKind.SESSION_DONE in kinds(events)
