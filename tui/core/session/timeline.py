"""Compile a routine into the timeline of segments a session plays.

This is the contract shared by the engine, the screens and the history
(see ``docs/routine-format.md``, "How a routine becomes a timeline"):

* Before each hold, reps or interval step comes a ``get_ready`` segment of the
  routine's ``get_ready`` seconds (none when 0, none before a rest step).
* The repeated unit is a hold (kind hold) or a set (kind reps; it lasts
  reps x the tempo's seconds, or is open-ended without a tempo).  With sides
  none, left or right: unit, rest, unit, rest, ... unit.  With ``both``: every
  unit on the left (separated by rests), a switch segment, then every unit on
  the right.  With ``alternate``: left unit, switch, right unit, rest, left
  unit, switch, right unit, ...
* An interval step plays its blocks in order, ``repeat`` times, with nothing
  between them.
* A rest step is one rest segment.

Each kind of step has its rule in :data:`STEP_RULES`.

Segments of zero seconds (a rest or switch of 0) are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from tui.core.routine.model import Routine, Sides, Step, StepKind, Tempo, TextCue


class SegmentKind(StrEnum):
    """What the patient does during a segment."""

    GET_READY = "get_ready"
    HOLD = "hold"
    SET = "set"
    REST = "rest"
    SWITCH = "switch"
    INTERVAL = "interval"

    @property
    def is_work(self) -> bool:
        """True for segments where the patient exercises."""
        return self in (SegmentKind.HOLD, SegmentKind.SET, SegmentKind.INTERVAL)


@dataclass(frozen=True)
class Segment:
    """One stretch of time in a session, with everything needed to show and record it.

    ``rep`` is the 1-based hold number on its side (holds) or the 1-based round
    (interval blocks); ``set`` is the 1-based set number (sets).  ``side`` is the
    side worked, or for a switch segment the side being switched *to*.
    ``seconds`` is ``None`` for an open-ended (self-paced) set.
    """

    kind: SegmentKind
    step: int
    name: str
    side: str | None = None
    rep: int | None = None
    set: int | None = None
    label: str | None = None
    seconds: float | None = None
    #: For a paced set: the tempo and reps per set.  For a self-paced set: reps only.
    tempo: Tempo | None = None
    reps: int | None = None
    #: Units of this kind on this side (holds per side, or sets), for "x of n".
    of: int | None = None
    cues: tuple[TextCue, ...] = ()

    @property
    def open_ended(self) -> bool:
        """True when the patient, not the clock, ends this segment."""
        return self.seconds is None

    def to_json(self) -> dict[str, Any]:
        """The segment in the ``supple show --json`` shape."""
        return {
            "kind": self.kind.value,
            "step": self.step,
            "name": self.name,
            "side": self.side,
            "rep": self.rep,
            "set": self.set,
            "label": self.label,
            "seconds": self.seconds,
        }


@dataclass(frozen=True)
class StepRule:
    """How one kind of step becomes segments."""

    #: The step's segments (get-ready aside), given its index in the routine.
    segments: Callable[[int, Step], Iterator[Segment]]
    #: Whether the routine's get-ready comes before the step.
    get_ready: bool = True


def compile_timeline(routine: Routine) -> tuple[Segment, ...]:
    """Turn a routine into its ordered segments."""
    segments: list[Segment] = []
    for index, step in enumerate(routine.steps):
        rule = STEP_RULES[step.kind]
        if rule.get_ready and routine.get_ready > 0:
            segments.append(
                Segment(SegmentKind.GET_READY, index, step.name, seconds=routine.get_ready)
            )
        segments.extend(rule.segments(index, step))
    return tuple(s for s in segments if s.seconds is None or s.seconds > 0)


def total_seconds(segments: tuple[Segment, ...] | list[Segment]) -> float:
    """Sum of the timed segments' seconds (open-ended sets count as 0)."""
    return sum(s.seconds for s in segments if s.seconds is not None)


# --------------------------------------------------------------------------- one rule per kind


def _rest_step(index: int, step: Step) -> Iterator[Segment]:
    yield Segment(SegmentKind.REST, index, step.name, seconds=step.duration)


def _interval_step(index: int, step: Step) -> Iterator[Segment]:
    for rnd in range(1, step.repeat + 1):
        for block in step.blocks:
            yield Segment(
                SegmentKind.INTERVAL,
                index,
                step.name,
                rep=rnd,
                label=block.label,
                seconds=block.seconds,
                of=step.repeat,
                cues=step.cues,
            )


def _hold_step(index: int, step: Step) -> Iterator[Segment]:
    def hold(number: int, side: str | None) -> Segment:
        return Segment(
            SegmentKind.HOLD,
            index,
            step.name,
            side=side,
            rep=number,
            seconds=step.hold,
            of=step.reps,
            cues=step.cues,
        )

    return _sided_units(index, step, step.reps, hold)


def _reps_step(index: int, step: Step) -> Iterator[Segment]:
    # Without a tempo the patient ends each set: it has no planned length.
    seconds = step.reps * step.tempo.seconds if step.tempo is not None else None

    def one_set(number: int, side: str | None) -> Segment:
        return Segment(
            SegmentKind.SET,
            index,
            step.name,
            side=side,
            set=number,
            seconds=seconds,
            tempo=step.tempo,
            reps=step.reps,
            of=step.sets,
            cues=step.cues,
        )

    return _sided_units(index, step, step.sets, one_set)


def _sided_units(
    index: int, step: Step, count: int, unit: Callable[[int, str | None], Segment]
) -> Iterator[Segment]:
    """``count`` units on the step's sides, with its rests and switches between them."""

    def rest() -> Segment:
        return Segment(SegmentKind.REST, index, step.name, seconds=step.rest)

    def switch(to: str) -> Segment:
        return Segment(SegmentKind.SWITCH, index, step.name, side=to, seconds=step.switch)

    sides = _sides_worked(step.sides)
    if step.sides is Sides.ALTERNATE:
        for number in range(1, count + 1):
            if number > 1:
                yield rest()
            for position, side in enumerate(sides):
                if position > 0:
                    yield switch(side or "")
                yield unit(number, side)
        return
    for position, side in enumerate(sides):
        if position > 0:
            yield switch(side or "")
        for number in range(1, count + 1):
            if number > 1:
                yield rest()
            yield unit(number, side)


def _sides_worked(sides: Sides) -> tuple[str | None, ...]:
    """The sides a step works, in order (``None``: no side)."""
    match sides:
        case Sides.BOTH | Sides.ALTERNATE:
            return ("left", "right")
        case Sides.LEFT | Sides.RIGHT:
            return (sides.value,)
        case Sides.NONE:
            return (None,)


#: How each kind of step becomes segments: one entry per :class:`StepKind`
#: (``tests/unit/session/test_step_kinds.py`` checks that none is missing).
STEP_RULES: Mapping[StepKind, StepRule] = MappingProxyType(
    {
        StepKind.HOLD: StepRule(_hold_step),
        StepKind.REPS: StepRule(_reps_step),
        StepKind.INTERVAL: StepRule(_interval_step),
        StepKind.REST: StepRule(_rest_step, get_ready=False),
    }
)
