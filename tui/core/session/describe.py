"""A routine's steps and prescription in words, for the home screen's preview.

Pure functions (no Textual), so they can be tested on their own and reused.
"""

from __future__ import annotations

from tui.core.routine.durations import format_duration
from tui.core.routine.model import Routine, Sides, Step, StepKind, Tempo
from tui.core.routine.prescription import prescription_words
from tui.core.session.timeline import SegmentKind, compile_timeline, total_seconds

_SIDES_WORDS: dict[Sides, str] = {
    Sides.NONE: "",
    Sides.LEFT: "left side only",
    Sides.RIGHT: "right side only",
    Sides.BOTH: "each side, left first",
    Sides.ALTERNATE: "alternating left and right",
}


def times(count: int) -> str:
    """``1`` -> "once", ``2`` -> "twice", ``3`` -> "3 times"."""
    if count == 1:
        return "once"
    if count == 2:
        return "twice"
    return f"{count} times"


def tempo_words(tempo: Tempo) -> str:
    """A tempo as "2 s up, 2 s hold, 2 s down"."""
    return ", ".join(f"{format_duration(secs)} {name}" for name, secs in tempo.phases())


def step_dose(step: Step) -> str:
    """The dose of one step in words, e.g. "Hold 30 s, 3 times each side, left first"."""
    sides = _SIDES_WORDS[step.sides]
    if step.kind is StepKind.REST:
        return f"Rest {format_duration(step.duration or 0)}"
    if step.kind is StepKind.INTERVAL:
        blocks = ", then ".join(
            f"{block.label} {format_duration(block.seconds)}" for block in step.blocks
        )
        rounds = f"; {step.repeat} rounds" if step.repeat > 1 else ""
        return f"{blocks}{rounds}"
    parts: list[str] = []
    if step.kind is StepKind.HOLD:
        parts.append(f"Hold {format_duration(step.hold or 0)}, {times(step.reps)}")
        between = "between holds"
    else:
        reps = f"{step.reps} reps"
        parts.append(f"{step.sets} sets of {reps}" if step.sets > 1 else reps)
        if step.tempo is not None:
            parts.append(f"paced {tempo_words(step.tempo)}")
        else:
            parts.append("at your own pace")
        between = "between sets"
    if sides:
        parts.append(sides)
    if step.rest > 0 and (step.reps > 1 if step.kind is StepKind.HOLD else step.sets > 1):
        parts.append(f"{format_duration(step.rest)} rest {between}")
    return ", ".join(parts)


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


def clock_text(seconds: float) -> str:
    """Whole seconds as a clock face: "0:25", "12:30", "1:05:00"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def reflow(paragraphs: str) -> str:
    """Join the lines of each paragraph (a file's line breaks are not the screen's)."""
    blocks = [" ".join(block.split()) for block in paragraphs.strip().split("\n\n")]
    return "\n\n".join(block for block in blocks if block)
