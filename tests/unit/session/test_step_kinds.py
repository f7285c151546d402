"""The contract of a step kind: every kind of step and segment has its rule and its words.

A ``StepKind`` member without a timeline rule or a dose, or a ``SegmentKind``
member without wording or a start sound, fails here (see the list of places a
new step kind touches in ``tui/core/session/words.py``).
"""

from __future__ import annotations

import pytest

from tui.core.routine.model import Block, Routine, Sides, Step, StepKind, Tempo, TextCue
from tui.core.session.cue_plan import SEGMENT_START_SOUNDS, sound_for, speech_for
from tui.core.session.describe import STEP_DOSES, plan_text, step_dose
from tui.core.session.engine import CueEvent, CueKind, SegmentRecord, SegmentStatus
from tui.core.session.timeline import STEP_RULES, Segment, SegmentKind, compile_timeline
from tui.core.session.words import (
    SEGMENT_WORDS,
    clock_text,
    heading,
    next_text,
    record_part,
    record_title,
    segment_line,
    segment_name,
    spoken_line,
)

PACED = Tempo(1, 1, 1)


def sample_step(kind: StepKind, *, tempo: Tempo | None = PACED) -> Step:
    """A step of ``kind`` with every field set, so any kind's rule finds what it needs."""
    return Step(
        kind=kind,
        name=f"A {kind.value} step",
        instructions="Do it slowly.",
        sides=Sides.BOTH,
        hold=20.0,
        reps=2,
        rest=5.0,
        switch=3.0,
        sets=2,
        tempo=tempo,
        blocks=(Block("Walk", 30.0), Block("Sit", 10.0)),
        repeat=2,
        duration=30.0,
        cues=(TextCue(1.0, "Breathe"),),
    )


def timeline_of(step: Step) -> tuple[Segment, ...]:
    return compile_timeline(Routine(title="Every kind", steps=(step,), get_ready=5.0))


def record_of(segment: Segment) -> SegmentRecord:
    return SegmentRecord(
        index=0,
        step=segment.step,
        name=segment.name,
        kind=segment.kind,
        side=segment.side,
        rep=segment.rep,
        set=segment.set,
        planned_seconds=segment.seconds,
        actual_seconds=1.0,
        status=SegmentStatus.DONE,
    )


def assert_in_words(segment: Segment) -> None:
    """Every channel says something about ``segment``."""
    start = CueEvent(CueKind.SEGMENT_START, 0, 0.0, segment_kind=segment.kind)
    finished = record_of(segment)
    words = {
        "heading": heading(segment),
        "next": next_text(segment).removeprefix("Next: "),
        "plain line": segment_line(segment),
        "spoken line": spoken_line(segment),
        "speech": speech_for(start, segment) or "",
        "sound": sound_for(start) or "",
        "record title": record_title(finished),
        "record name": segment_name(finished),
        "clock": clock_text(segment.seconds or 0),
    }
    empty = [channel for channel, text in words.items() if not text.strip()]
    assert not empty, f"{segment.kind} has no words for {empty}"
    # The part may be empty (a rest is no part of anything), but never a stray comma.
    assert not record_part(finished).startswith(",")


# --------------------------------------------------------------------------- the tables


def test_every_step_kind_has_a_timeline_rule_and_a_dose() -> None:
    assert set(STEP_RULES) == set(StepKind)
    assert set(STEP_DOSES) == set(StepKind)


def test_every_segment_kind_has_words_and_a_start_sound() -> None:
    assert set(SEGMENT_WORDS) == set(SegmentKind)
    assert set(SEGMENT_START_SOUNDS) == set(SegmentKind)


def test_every_segment_kind_is_played_by_some_step_kind() -> None:
    played = {s.kind for kind in StepKind for s in timeline_of(sample_step(kind))}
    assert played == set(SegmentKind)


# --------------------------------------------------------------------------- each kind


@pytest.mark.parametrize("kind", list(StepKind))
def test_each_step_kind_plays_segments_all_in_words(kind: StepKind) -> None:
    for step in (sample_step(kind), sample_step(kind, tempo=None)):
        own = [s for s in timeline_of(step) if s.kind is not SegmentKind.GET_READY]
        assert own, f"{kind} plays nothing"
        for segment in timeline_of(step):
            assert_in_words(segment)


@pytest.mark.parametrize("kind", list(StepKind))
def test_each_step_kind_has_a_dose_in_the_preview_and_the_plan(kind: StepKind) -> None:
    step = sample_step(kind)
    dose = step_dose(step)
    assert dose.strip()
    plan = plan_text(Routine(title="Every kind", steps=(step,)), width=1000)
    assert f"1. {step.name} [{kind.value}]: {dose}" in plan


@pytest.mark.parametrize("kind", list(SegmentKind))
def test_each_segment_kind_is_in_words_with_nothing_optional_set(kind: SegmentKind) -> None:
    assert_in_words(Segment(kind, 0, "Stretch"))
