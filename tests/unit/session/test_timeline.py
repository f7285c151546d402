"""The timeline contract (issue 2, docs/routine-format.md "How a routine becomes a timeline")."""

from __future__ import annotations

from tui.core.routine.model import Block, Routine, Sides, Step, StepKind, Tempo, TextCue
from tui.core.session.timeline import Segment, SegmentKind, compile_timeline, total_seconds

GR = SegmentKind.GET_READY
HOLD = SegmentKind.HOLD
SET = SegmentKind.SET
REST = SegmentKind.REST
SWITCH = SegmentKind.SWITCH
INTERVAL = SegmentKind.INTERVAL


def hold_step(**overrides: object) -> Step:
    fields: dict[str, object] = {"kind": StepKind.HOLD, "name": "Stretch", "hold": 30.0}
    fields.update(overrides)
    return Step(**fields)  # type: ignore[arg-type]


def reps_step(**overrides: object) -> Step:
    fields: dict[str, object] = {"kind": StepKind.REPS, "name": "Bridge", "reps": 10}
    fields.update(overrides)
    return Step(**fields)  # type: ignore[arg-type]


def timeline(*steps: Step, get_ready: float = 0.0) -> tuple[Segment, ...]:
    return compile_timeline(Routine(title="T", steps=steps, get_ready=get_ready))


def shape(segments: tuple[Segment, ...]) -> list[tuple[str, str | None, int | None, float | None]]:
    """(kind, side, rep-or-set number, seconds) of each segment."""
    return [
        (s.kind.value, s.side, s.rep if s.rep is not None else s.set, s.seconds) for s in segments
    ]


# --------------------------------------------------------------------------- get ready


def test_get_ready_comes_before_each_exercise_step() -> None:
    segments = timeline(hold_step(), reps_step(), get_ready=5)
    assert [(s.kind, s.step) for s in segments if s.kind is GR] == [(GR, 0), (GR, 1)]
    assert segments[0].seconds == 5


def test_get_ready_is_first_segment_of_its_step() -> None:
    segments = timeline(hold_step(), get_ready=5)
    assert [s.kind for s in segments] == [GR, HOLD]


def test_get_ready_comes_before_an_interval_step() -> None:
    step = Step(StepKind.INTERVAL, "Walk", blocks=(Block("Walk", 60),))
    assert [s.kind for s in timeline(step, get_ready=5)] == [GR, INTERVAL]


def test_no_get_ready_before_a_rest_step() -> None:
    rest = Step(StepKind.REST, "Rest", duration=60)
    assert [s.kind for s in timeline(hold_step(), rest, get_ready=5)] == [GR, HOLD, REST]


def test_get_ready_zero_means_none() -> None:
    assert GR not in [s.kind for s in timeline(hold_step(), reps_step(), get_ready=0)]


def test_get_ready_carries_the_step_name() -> None:
    assert timeline(hold_step(name="Cat-camel"), get_ready=5)[0].name == "Cat-camel"


# --------------------------------------------------------------------------- sides


def test_sides_none_is_unit_rest_unit() -> None:
    segments = timeline(hold_step(reps=3, rest=10))
    assert shape(segments) == [
        ("hold", None, 1, 30),
        ("rest", None, None, 10),
        ("hold", None, 2, 30),
        ("rest", None, None, 10),
        ("hold", None, 3, 30),
    ]


def test_sides_left_works_the_left_side_only() -> None:
    segments = timeline(hold_step(reps=2, rest=10, sides=Sides.LEFT))
    assert shape(segments) == [
        ("hold", "left", 1, 30),
        ("rest", None, None, 10),
        ("hold", "left", 2, 30),
    ]


def test_sides_right_works_the_right_side_only() -> None:
    segments = timeline(hold_step(reps=2, rest=10, sides=Sides.RIGHT))
    assert [s.side for s in segments if s.kind is HOLD] == ["right", "right"]
    assert SWITCH not in [s.kind for s in segments]


def test_sides_both_is_every_left_unit_then_switch_then_every_right_unit() -> None:
    segments = timeline(hold_step(reps=3, rest=10, switch=5, sides=Sides.BOTH))
    assert shape(segments) == [
        ("hold", "left", 1, 30),
        ("rest", None, None, 10),
        ("hold", "left", 2, 30),
        ("rest", None, None, 10),
        ("hold", "left", 3, 30),
        ("switch", "right", None, 5),
        ("hold", "right", 1, 30),
        ("rest", None, None, 10),
        ("hold", "right", 2, 30),
        ("rest", None, None, 10),
        ("hold", "right", 3, 30),
    ]


def test_sides_alternate_is_left_switch_right_rest() -> None:
    segments = timeline(hold_step(reps=3, rest=10, switch=5, sides=Sides.ALTERNATE))
    assert shape(segments) == [
        ("hold", "left", 1, 30),
        ("switch", "right", None, 5),
        ("hold", "right", 1, 30),
        ("rest", None, None, 10),
        ("hold", "left", 2, 30),
        ("switch", "right", None, 5),
        ("hold", "right", 2, 30),
        ("rest", None, None, 10),
        ("hold", "left", 3, 30),
        ("switch", "right", None, 5),
        ("hold", "right", 3, 30),
    ]


def test_zero_rest_and_zero_switch_are_left_out() -> None:
    segments = timeline(hold_step(reps=2, rest=0, switch=0, sides=Sides.BOTH))
    assert [s.kind for s in segments] == [HOLD, HOLD, HOLD, HOLD]


def test_single_hold_has_no_rest() -> None:
    assert [s.kind for s in timeline(hold_step(reps=1, rest=10))] == [HOLD]


def test_hold_counts_units_per_side() -> None:
    segments = timeline(hold_step(reps=3, sides=Sides.BOTH))
    assert {s.of for s in segments if s.kind is HOLD} == {3}


def test_hold_carries_its_cues() -> None:
    cue = TextCue(15, "Breathe out slowly")
    assert timeline(hold_step(cues=(cue,)))[0].cues == (cue,)


# --------------------------------------------------------------------------- sets


def test_paced_set_lasts_reps_times_tempo_seconds() -> None:
    segments = timeline(reps_step(reps=10, tempo=Tempo(up=2, hold=2, down=2)))
    assert segments[0].seconds == 60


def test_paced_set_carries_tempo_and_reps() -> None:
    tempo = Tempo(up=2, down=2)
    segment = timeline(reps_step(reps=10, tempo=tempo))[0]
    assert (segment.tempo, segment.reps) == (tempo, 10)


def test_set_without_tempo_is_open_ended() -> None:
    segment = timeline(reps_step(tempo=None))[0]
    assert segment.seconds is None
    assert segment.open_ended


def test_sets_are_separated_by_rest() -> None:
    segments = timeline(reps_step(sets=3, rest=60, tempo=Tempo(up=1, down=1)))
    assert shape(segments) == [
        ("set", None, 1, 20),
        ("rest", None, None, 60),
        ("set", None, 2, 20),
        ("rest", None, None, 60),
        ("set", None, 3, 20),
    ]


def test_sets_on_both_sides_follow_the_both_order() -> None:
    segments = timeline(reps_step(sets=2, rest=30, switch=5, sides=Sides.BOTH))
    assert shape(segments) == [
        ("set", "left", 1, None),
        ("rest", None, None, 30),
        ("set", "left", 2, None),
        ("switch", "right", None, 5),
        ("set", "right", 1, None),
        ("rest", None, None, 30),
        ("set", "right", 2, None),
    ]


def test_sets_alternating_sides() -> None:
    segments = timeline(reps_step(sets=2, rest=30, switch=5, sides=Sides.ALTERNATE))
    assert [(s.kind.value, s.side) for s in segments] == [
        ("set", "left"),
        ("switch", "right"),
        ("set", "right"),
        ("rest", None),
        ("set", "left"),
        ("switch", "right"),
        ("set", "right"),
    ]


def test_set_numbers_use_the_set_field_not_rep() -> None:
    segment = timeline(reps_step())[0]
    assert (segment.set, segment.rep) == (1, None)


# --------------------------------------------------------------------------- intervals and rests


def test_interval_plays_blocks_in_order_repeat_times_with_nothing_between() -> None:
    step = Step(StepKind.INTERVAL, "Walk", blocks=(Block("Walk", 300), Block("Sit", 120)), repeat=2)
    segments = timeline(step)
    assert [(s.kind, s.label, s.rep, s.seconds) for s in segments] == [
        (INTERVAL, "Walk", 1, 300),
        (INTERVAL, "Sit", 1, 120),
        (INTERVAL, "Walk", 2, 300),
        (INTERVAL, "Sit", 2, 120),
    ]


def test_interval_blocks_know_the_round_count() -> None:
    step = Step(StepKind.INTERVAL, "Walk", blocks=(Block("Walk", 60),), repeat=3)
    assert {s.of for s in timeline(step)} == {3}


def test_rest_step_is_one_rest_segment() -> None:
    segments = timeline(Step(StepKind.REST, "Breather", duration=45))
    assert shape(segments) == [("rest", None, None, 45)]
    assert segments[0].name == "Breather"


# --------------------------------------------------------------------------- the whole timeline


def test_segments_carry_their_zero_based_step_index() -> None:
    segments = timeline(hold_step(), Step(StepKind.REST, "R", duration=10), reps_step())
    assert [s.step for s in segments] == [0, 1, 2]


def test_total_seconds_skips_open_ended_sets() -> None:
    segments = timeline(hold_step(reps=2, rest=10), reps_step(tempo=None), get_ready=5)
    assert total_seconds(segments) == 5 + 30 + 10 + 30 + 5


def test_segment_json_shape() -> None:
    segment = timeline(hold_step(sides=Sides.LEFT))[0]
    assert segment.to_json() == {
        "kind": "hold",
        "step": 0,
        "name": "Stretch",
        "side": "left",
        "rep": 1,
        "set": None,
        "label": None,
        "seconds": 30.0,
    }
