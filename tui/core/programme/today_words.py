"""A :class:`~tui.core.programme.today.TodayView` in plain words, one line at a time.

The same words for ``supple today`` (a login message, a screen reader) and for
any screen that shows Today; how to act on them (which command, which key) is
each front end's own.
"""

from __future__ import annotations

import textwrap
from datetime import datetime

from tui.core.programme.plan import Card, CountsFrom
from tui.core.programme.today import RoutineToday, TodayView
from tui.core.routine.durations import format_duration


def when_words(moment: datetime, now: datetime) -> str:
    """A moment as a patient reads it: "today at 10:30", "Tuesday 2 December at 10:30"."""
    local = moment.astimezone(now.tzinfo)
    clock = local.strftime("%H:%M")
    days = (local.date() - now.date()).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"{local.strftime('%A')} {local.day} {local.strftime('%B')} at {clock}"


def _since(view: TodayView) -> str:
    return "your injection" if view.programme.counts_from is CountsFrom.INJECTION else "you started"


def today_lines(view: TodayView) -> list[str]:
    """Today in words: day, phase, what is due and done, the next session, any offer, cards."""
    lines = [view.programme.title]
    if view.needs_start:
        lines.append(
            "The start is not set yet: your therapist's plan counts from the day of "
            + (
                "your injection."
                if view.programme.counts_from is CountsFrom.INJECTION
                else "your start."
            )
        )
        return lines + _card_lines(view.cards)
    assert view.day is not None
    if view.day < 0:
        lines.append(f"Your programme starts in {-view.day} day{'s' if view.day < -1 else ''}.")
    else:
        lines.append(f"Day {view.day} after {_since(view)} (week {view.week}).")
    if view.gate_opens_at is not None:
        lines.append(f"Your sessions may start {when_words(view.gate_opens_at, view.now)}.")
        gate = view.programme.gate
        hours = format_duration(gate.not_before)
        lines.append(f"Your therapist's plan says: not before {hours} after {_since(view)}.")
        if gate.meanwhile:
            lines.append("Until then: " + " ".join(gate.meanwhile.split()))
        return lines + _card_lines(view.cards)
    if view.finished:
        lines.append(
            "You have reached the end of the programme's plan. Ask your therapist what next."
        )
        return lines + _card_lines(view.cards)
    if view.placed is None:
        first = view.programme.phases[0]
        lines.append(
            f"Your programme's first phase, {first.name}, begins on day {first.first_day}."
        )
        return lines + _card_lines(view.cards)
    count = len(view.programme.phases)
    lines.append(f"Phase {view.placed.index + 1} of {count}: {view.placed.phase.name}.")
    lines.extend(_due_lines(view))
    lines.extend(_move_lines(view))
    return lines + _card_lines(view.cards)


def _due_lines(view: TodayView) -> list[str]:
    if not view.routines:
        return ["Nothing is due today: a rest day."]
    lines = ["Due today:"]
    for entry in view.routines:
        lines.append("  " + _routine_words(entry))
    nxt = view.next_session
    lines.append(f"Next session: {nxt.title}." if nxt else "Everything due today is done.")
    return lines


def _routine_words(entry: RoutineToday) -> str:
    routine = entry.routine
    if entry.due == 0:
        return f"{routine.title}: none today (your {routine.days_per_week} days this week are done)"
    text = (
        f"{routine.title}: {entry.done} of {entry.due} session{'s' if entry.due != 1 else ''} done"
    )
    if routine.days_per_week < 7:
        text += f" ({routine.days_per_week} days a week; {entry.days_this_week} so far this week)"
    return text


def _move_lines(view: TodayView) -> list[str]:
    if view.offer is not None:
        lines = [
            f"Your therapist's plan says you can move to phase {view.offer.to_phase + 1}: "
            f"{view.offer.to_name}.",
        ]
        lines += [f"  met: {check.words}" for check in view.offer.checks]
        lines.append("supple does not move you on by itself: you confirm it.")
        return lines
    if view.checks:
        lines = ["You move on to the next phase when your therapist's criteria are met:"]
        lines += [f"  {'met' if c.met else 'not yet'}: {c.words}" for c in view.checks]
        return lines
    return []


def card_lines(card: Card, width: int = 78) -> list[str]:
    """One card: its title, then its text wrapped to ``width``, paragraph by paragraph."""
    lines = [card.title]
    for paragraph in card.text.split("\n\n"):
        words = " ".join(paragraph.split())
        if words:
            lines.extend(textwrap.wrap(words, width, initial_indent="  ", subsequent_indent="  "))
    return lines


def card_when(card: Card) -> str:
    """When a card is shown, in words: "phase: Rest day", "days 0-2"; "read before ..." added."""
    if card.phase is not None:
        when = f"phase: {card.phase}"
    elif card.first_day == card.last_day:
        when = f"day {card.first_day}"
    else:
        when = f"days {card.first_day}-{card.last_day}"
    if card.before_first_session:
        when += "; read before your first session"
    return when


def _card_lines(cards: tuple[Card, ...]) -> list[str]:
    if not cards:
        return []
    lines = ["", "Today's card:" if len(cards) == 1 else "Today's cards:"]
    for card in cards:
        if card.before_first_session:
            lines.append("(Read this before your first session.)")
        lines.extend(card_lines(card))
    return lines
