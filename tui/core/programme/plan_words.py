"""A programme's plan in words for the therapist's review (``supple show PROGRAMME``).

Each phase with its days, routines and prescription, what moves the patient on,
and each growing block's length week by week.
"""

from __future__ import annotations

from tui.core.programme.plan import CountsFrom, Criteria, Programme, week_of_day
from tui.core.programme.progression import block_seconds
from tui.core.routine.durations import format_duration
from tui.core.routine.prescription import prescription_words


def criteria_words(criteria: Criteria) -> str:
    """What moves the patient on, as the therapist wrote it."""
    parts: list[str] = []
    if criteria.pain_after_at_most is not None and criteria.on_sessions is not None:
        need, last = criteria.on_sessions
        parts.append(
            f"pain after at most {criteria.pain_after_at_most} on {need} of the last "
            f"{last} sessions"
        )
    if criteria.adherence_at_least is not None:
        parts.append(f"at least {criteria.adherence_at_least}% adherence over the last 7 days")
    return " and ".join(parts)


def plan_lines(programme: Programme) -> list[str]:
    """The plan in words, with each growing block's length week by week."""
    origin = "the injection" if programme.counts_from is CountsFrom.INJECTION else "the start"
    lines = [programme.title]
    if programme.therapist:
        lines.append(f"Therapist: {programme.therapist}")
    if programme.contact:
        lines.append(f"Contact: {programme.contact}")
    start = (
        programme.start.isoformat(sep=" ") if programme.start else "set by the patient on first use"
    )
    lines.append(f"Day 0 is {origin}: {start}.")
    if programme.gate.not_before:
        lines.append(
            f"No session before {format_duration(programme.gate.not_before)} after {origin}."
        )
    for number, phase in enumerate(programme.phases, start=1):
        lines.append("")
        days = (
            f"day {phase.first_day}"
            if phase.days == 1
            else f"days {phase.first_day}-{phase.last_day}"
        )
        lines.append(f"Phase {number}: {phase.name} ({days})")
        for routine in phase.routines:
            how = prescription_words(routine.sessions_per_day, routine.days_per_week)
            lines.append(f"  {routine.title} ({routine.ref}): {how}")
        if not phase.routines:
            lines.append("  No sessions.")
        if phase.move_on is not None:
            lines.append(
                f"  Moves on when: {criteria_words(phase.move_on)} (the patient confirms)."
            )
        else:
            lines.append("  Moves on by date.")
    lines.extend(_progression_lines(programme))
    return lines


def _progression_lines(programme: Programme) -> list[str]:
    lines: list[str] = []
    last_week = week_of_day(programme.last_day)
    for entry in programme.progressions:
        lines.append("")
        lines.append(
            f"{entry.block} ({entry.step}, {entry.routine}): +{format_duration(entry.add)} a week "
            f"after week {entry.from_week}, up to {format_duration(entry.up_to)}"
        )
        for week in range(1, last_week + 1):
            lines.append(
                f"  week {week}: {format_duration(block_seconds(entry, entry.written, week))}"
            )
    return lines
