"""The plan of a routine in a therapist's words, as ``supple show`` prints it."""

from __future__ import annotations

from tui.core.routine.durations import format_duration
from tui.core.routine.model import Routine, Sides, Step, StepKind, Tempo
from tui.core.routine.prescription import prescription_words
from tui.core.session.timeline import Segment, SegmentKind, total_seconds


def format_plan(routine: Routine, segments: tuple[Segment, ...]) -> str:
    """The routine's plan as plain text: header, numbered steps with dosage, total time."""
    lines = [routine.title, "=" * min(len(routine.title), 72)]
    if routine.author:
        lines.append(f"By: {routine.author}")
    if routine.description:
        lines += ["", routine.description.strip()]
    lines.append("")
    prescription = prescription_words(routine.sessions_per_day, routine.days_per_week)
    if prescription:
        lines.append(f"Prescription: {prescription}")
    if routine.get_ready > 0:
        lines.append(f"Get ready: {format_duration(routine.get_ready)} before each exercise")
    else:
        lines.append("Get ready: none (each exercise starts at once)")
    before = "before and after" if routine.ask_pain_before else "after"
    lines.append(f"Pain rating (0-10): asked {before} the session")
    if routine.voice is not None:
        lines.append(f"Spoken cues: {'on' if routine.voice else 'off'}")
    if routine.safety:
        lines += ["", "Safety:"]
        lines += [f"  - {rule}" for rule in routine.safety]
    if routine.contact:
        lines += ["", f"Contact: {routine.contact}"]

    lines += ["", "Steps:"]
    for index, step in enumerate(routine.steps):
        own = [s for s in segments if s.step == index and s.kind is not SegmentKind.GET_READY]
        timed = total_seconds(own)
        length = format_duration(timed)
        if any(s.open_ended for s in own):
            length = f"{length} + self-paced sets" if timed else "self-paced"
        lines.append(f"  {index + 1}. {step.name} [{step.kind.value}]: {dosage(step)}  ({length})")
        if step.instructions:
            for text in step.instructions.strip().splitlines():
                lines.append(f"       {text}".rstrip())
        for cue in step.cues:
            lines.append(f'       Cue at {format_duration(cue.at)}: "{cue.text}"')

    total = format_duration(total_seconds(segments))
    note = ""
    if any(s.open_ended for s in segments):
        note = " plus the time the patient takes for self-paced sets"
    lines += ["", f"Total time: {total}{note}"]
    return "\n".join(lines)


def dosage(step: Step) -> str:
    """A step's dose in words, e.g. ``3 x 30 s hold per side, 10 s rest, 5 s to switch``."""
    if step.kind is StepKind.REST:
        return f"rest for {format_duration(step.duration or 0)}"
    if step.kind is StepKind.INTERVAL:
        blocks = ", then ".join(f"{b.label} {format_duration(b.seconds)}" for b in step.blocks)
        if step.repeat == 1:
            return blocks
        return f"{step.repeat} rounds of: {blocks}"

    two_sided = step.sides in (Sides.BOTH, Sides.ALTERNATE)
    parts: list[str] = []
    if step.kind is StepKind.HOLD:
        parts.append(f"{step.reps} x {format_duration(step.hold or 0)} hold")
        repeats = step.reps
        rest_text = f"{format_duration(step.rest)} rest"
    else:
        reps = f"{step.reps} rep{'s' if step.reps != 1 else ''}"
        parts.append(f"{step.sets} sets of {reps}" if step.sets != 1 else reps)
        repeats = step.sets
        rest_text = f"{format_duration(step.rest)} rest between sets"
    if two_sided:
        parts[0] += " per side"
    if step.sides is Sides.ALTERNATE:
        parts.append("alternating sides")
    elif step.sides in (Sides.LEFT, Sides.RIGHT):
        parts.append(f"{step.sides.value} side only")
    if step.kind is StepKind.REPS:
        parts.append(_tempo_words(step.tempo))
    if step.rest > 0 and (repeats > 1):
        parts.append(rest_text)
    if two_sided and step.switch > 0:
        parts.append(f"{format_duration(step.switch)} to switch")
    return ", ".join(parts)


def _tempo_words(tempo: Tempo | None) -> str:
    if tempo is None:
        return "at the patient's own pace (the patient ends each set)"
    phases = " ".join(f"{format_duration(secs)} {name}," for name, secs in tempo.phases())
    return f"tempo {phases.rstrip(',')} ({format_duration(tempo.seconds)} a rep)"
