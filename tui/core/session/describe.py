"""A routine and its steps in words: each step's dose, the plan, the total time.

One dose wording (:func:`step_dose`) serves the home screen's preview, the
plan ``supple show`` prints (:func:`plan_text`) and the clinic report.  A dose
says what repeats and on which side: "3 holds of 30 s on each side", not
"3 x 30 s hold, each side".  Pure functions (no Textual).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from types import MappingProxyType

from tui.core.routine.durations import format_duration
from tui.core.routine.model import (
    SAFETY_CONFIRM_DAILY,
    SAFETY_CONFIRM_EVERY,
    Routine,
    Sides,
    Step,
    StepKind,
)
from tui.core.routine.prescription import prescription_words
from tui.core.session.timeline import Segment, SegmentKind, compile_timeline, total_seconds
from tui.core.session.words import tempo_words

# --------------------------------------------------------------------------- the dose


def step_dose(step: Step) -> str:
    """The dose of one step in words, e.g. "3 holds of 30 s on each side, left side first"."""
    return STEP_DOSES[step.kind](step)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _sides_words(sides: Sides) -> str:
    """Where the units go, after the units: " on each side, left side first"."""
    match sides:
        case Sides.NONE:
            return ""
        case Sides.LEFT | Sides.RIGHT:
            return f", {sides.value} side only"
        case Sides.BOTH:
            return " on each side, left side first"
        case Sides.ALTERNATE:
            return " on each side, alternating left and right"


def _two_sided(sides: Sides) -> bool:
    return sides in (Sides.BOTH, Sides.ALTERNATE)


def _between(step: Step, count: int, units: str) -> list[str]:
    """The rest between units and the time to switch sides, when the step has them."""
    parts: list[str] = []
    if step.rest > 0 and count > 1:
        # Alternating, the rest comes after each left-and-right pair, not after every unit.
        where = "pairs" if step.sides is Sides.ALTERNATE else units
        parts.append(f"{format_duration(step.rest)} rest between {where}")
    if _two_sided(step.sides) and step.switch > 0:
        parts.append(f"{format_duration(step.switch)} to switch sides")
    return parts


def _hold_dose(step: Step) -> str:
    holds = f"{_plural(step.reps, 'hold')} of {format_duration(step.hold or 0)}"
    return ", ".join([holds + _sides_words(step.sides), *_between(step, step.reps, "holds")])


def _reps_dose(step: Step) -> str:
    reps = _plural(step.reps, "rep")
    units = f"{step.sets} sets of {reps}" if step.sets > 1 else reps
    if step.tempo is None:
        pace = "at your own pace (you end each set)"
    else:
        pace = f"paced {tempo_words(step.tempo)} ({format_duration(step.tempo.seconds)} a rep)"
    parts = [units + _sides_words(step.sides), pace, *_between(step, step.sets, "sets")]
    return ", ".join(parts)


def _interval_dose(step: Step) -> str:
    blocks = ", then ".join(f"{b.label} for {format_duration(b.seconds)}" for b in step.blocks)
    return blocks if step.repeat == 1 else f"{step.repeat} rounds of: {blocks}"


def _rest_dose(step: Step) -> str:
    return f"Rest for {format_duration(step.duration or 0)}"


#: The dose wording of each kind of step: one entry per :class:`StepKind`
#: (``tests/unit/session/test_step_kinds.py`` checks that none is missing).
STEP_DOSES: Mapping[StepKind, Callable[[Step], str]] = MappingProxyType(
    {
        StepKind.HOLD: _hold_dose,
        StepKind.REPS: _reps_dose,
        StepKind.INTERVAL: _interval_dose,
        StepKind.REST: _rest_dose,
    }
)


# --------------------------------------------------------------------------- the routine


def prescription(routine: Routine) -> str:
    """How often the therapist prescribed the routine, or "" when the file does not say."""
    return prescription_words(routine.sessions_per_day, routine.days_per_week)


def total_time(routine: Routine) -> str:
    """The session's planned length, e.g. "about 12 min" (self-paced sets noted)."""
    segments = compile_timeline(routine)
    planned = format_duration(total_seconds(segments))
    open_sets = sum(1 for s in segments if s.kind is SegmentKind.SET and s.open_ended)
    if open_sets:
        sets = "set" if open_sets == 1 else "sets"
        return f"about {planned}, plus {open_sets} {sets} at your own pace"
    return f"about {planned}"


def reflow(paragraphs: str) -> str:
    """Join the lines of each paragraph (a file's line breaks are not the screen's)."""
    blocks = [" ".join(block.split()) for block in paragraphs.strip().split("\n\n")]
    return "\n\n".join(block for block in blocks if block)


def one_line(text: str) -> str:
    """All of ``text`` on one line, for plain mode (which prints one line per thing)."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- the plan


#: The width ``supple show`` wraps to when it is not told the terminal's.
PLAN_WIDTH = 80


def plan_text(routine: Routine, width: int = PLAN_WIDTH) -> str:
    """The routine's plan as ``supple show`` prints it: header, numbered steps, total time.

    Instructions are wrapped to ``width`` columns (the terminal's), indented
    under their step.  Linear in the number of steps and segments.
    """
    segments = compile_timeline(routine)
    by_step: dict[int, list[Segment]] = {}
    for segment in segments:
        if segment.kind is not SegmentKind.GET_READY:
            by_step.setdefault(segment.step, []).append(segment)
    lines = _plan_header(routine)
    lines += ["", "Steps:"]
    for index, step in enumerate(routine.steps):
        lines += _plan_step(index, step, by_step.get(index, []), max(width, 40))
    total = format_duration(total_seconds(segments))
    note = ""
    if any(s.open_ended for s in segments):
        note = " plus the time the patient takes for self-paced sets"
    lines += ["", f"Total time: {total}{note}"]
    return "\n".join(lines)


#: ``safety_confirm`` in ``supple show``'s words.
_CONFIRMED = {
    SAFETY_CONFIRM_EVERY: "before every session",
    SAFETY_CONFIRM_DAILY: "before the first session of the day",
}


def _plan_header(routine: Routine) -> list[str]:
    lines = [routine.title, "=" * min(len(routine.title), 72)]
    if routine.author:
        lines.append(f"By: {routine.author}")
    if routine.description:
        lines += ["", routine.description.strip()]
    lines.append("")
    how_often = prescription(routine)
    if how_often:
        lines.append(f"Prescription: {how_often}")
    if routine.get_ready > 0:
        lines.append(f"Get ready: {format_duration(routine.get_ready)} before each exercise")
    else:
        lines.append("Get ready: none (each exercise starts at once)")
    before = "before and after" if routine.ask_pain_before else "after"
    lines.append(f"Pain rating (0-10): asked {before} the session")
    if routine.voice is not None:
        lines.append(f"Spoken cues: {'on' if routine.voice else 'off'}")
    lines.append(
        f"Pain levels (0-10): take it gently from {routine.pain_caution}, "
        f"stop from {routine.pain_stop}"
    )
    lines.append(f"Stop rules: shown and confirmed {_CONFIRMED[routine.safety_confirm]}")
    if routine.safety:
        lines += ["", "Safety:"]
        lines += [f"  - {rule}" for rule in routine.safety]
    if routine.contact:
        lines += ["", f"Contact: {routine.contact}"]
    return lines


def _plan_step(index: int, step: Step, own: list[Segment], width: int) -> list[str]:
    timed = total_seconds(own)
    length = format_duration(timed)
    if any(s.open_ended for s in own):
        length = f"{length} + self-paced sets" if timed else "self-paced"
    indent = " " * 7
    head = f"{index + 1}. {step.name} [{step.kind.value}]: {step_dose(step)}  ({length})"
    lines = textwrap.wrap(head, width, initial_indent="  ", subsequent_indent=indent)
    for paragraph in reflow(step.instructions).split("\n\n") if step.instructions else ():
        lines += textwrap.wrap(paragraph, width, initial_indent=indent, subsequent_indent=indent)
    lines += [f'       Cue at {format_duration(cue.at)}: "{cue.text}"' for cue in step.cues]
    return lines
