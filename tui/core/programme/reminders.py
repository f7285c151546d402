"""Reminders without a server: an iCalendar file of the programme, and a user timer's files.

:func:`programme_calendar` builds the ``.ics`` (the icalendar library): one
recurring event per phase and chosen time, from the phase's first day (not
before the start gate) for its planned days, in floating local time: daily
when a routine of the phase is prescribed every day, else weekly on the
prescribed number of days (:func:`phase_weekdays`).
:func:`timer_units` and :func:`cron_line` are the texts of a systemd user
timer and service (or a cron line where there is no systemd) that run
``supple remind notify`` at those times; writing and removing them is the
command's, and only when the patient asks.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from tui.core.programme.plan import Phase, Programme
from tui.core.programme.schedule import ConfirmedMove, placed_phases
from tui.core.routine.prescription import prescription_words

#: The systemd unit names supple writes.
TIMER_NAME = "supple-remind.timer"
SERVICE_NAME = "supple-remind.service"
#: Marks supple's own cron line, so it can be found and removed.
CRON_MARK = "# supple remind"


def parse_times(text: str) -> tuple[time, ...]:
    """Times of day from "09:00,18:00" (``ValueError`` in words for anything else)."""
    times: list[time] = []
    for part in text.split(","):
        try:
            moment = time.fromisoformat(part.strip())
        except ValueError:
            raise ValueError(f"expected times like 09:00,18:00, got {part.strip()!r}") from None
        times.append(moment.replace(second=0, microsecond=0))
    if not times or len(times) > 10:
        raise ValueError("give from 1 to 10 times, like 09:00,18:00")
    return tuple(sorted(set(times)))


#: RFC 5545's weekday codes, Monday first (``date.weekday()`` order).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

#: The days reminded for a routine of N days a week when the patient names none:
#: spread over the week (a rest day between days for up to 3), and Monday to
#: Friday holds every set up to 5, so a 3-day and a 5-day routine share days.
SPREAD_DAYS: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


#: The weekdays' names, Monday first: the patient may type any prefix of two letters or more.
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_days(text: str) -> tuple[int, ...]:
    """Weekdays from "mon,wed,fri" (or "MO,WE,FR", "Monday"), Monday = 0 (``ValueError``)."""
    days: set[int] = set()
    for part in text.split(","):
        word = part.strip().lower()
        found = [i for i, name in enumerate(DAY_NAMES) if len(word) >= 2 and name.startswith(word)]
        if len(found) != 1:
            raise ValueError(f"expected days like mon,wed,fri, got {part.strip()!r}")
        days.add(found[0])
    return tuple(sorted(days))


def phase_weekdays(phase: Phase, chosen: Sequence[int] | None = None) -> tuple[int, ...]:
    """The weekdays a phase's sessions are reminded on (all seven: every day).

    A routine prescribed every day makes the phase daily.  Otherwise the
    patient's ``chosen`` days (each routine must fit its days a week in them:
    ``ValueError`` in words when one does not), else the union of each
    routine's :data:`SPREAD_DAYS`.
    """
    most = max((r.days_per_week for r in phase.routines), default=7)
    if most >= 7:
        return SPREAD_DAYS[7]
    if chosen:
        if len(chosen) < most:
            raise ValueError(
                f"{phase.name!r} prescribes sessions on {most} days a week; "
                f"give at least {most} days (you gave {len(chosen)})"
            )
        return tuple(sorted(set(chosen)))
    return tuple(sorted({day for r in phase.routines for day in SPREAD_DAYS[r.days_per_week]}))


def programme_calendar(
    programme: Programme,
    start: datetime,
    moves: Sequence[ConfirmedMove],
    times: Sequence[time],
    days: Sequence[int] | None = None,
) -> bytes:
    """The programme's sessions as an iCalendar file: a recurring event per phase and time.

    A phase with a routine prescribed every day repeats daily; one whose
    routines are all on fewer days a week repeats weekly on
    :func:`phase_weekdays` (``days``: the patient's own weekdays, Monday = 0).
    """
    import icalendar  # only the reminders need it

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//supple//programme reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", programme.title)
    # Events are in floating local time: "09:00" stays 09:00 across a change of clocks.
    gate = (start + timedelta(seconds=programme.gate.not_before)).replace(tzinfo=None)
    for placed in placed_phases(programme, start, moves, start):
        phase = placed.phase
        if not phase.routines:
            continue
        last = placed.last_day if placed.last_day is not None else phase.first_day + phase.days - 1
        first_date = (start + timedelta(days=placed.first_day)).date()
        last_date = (start + timedelta(days=last)).date()
        weekdays = phase_weekdays(phase, days)
        what = "; ".join(
            f"{r.title} ({prescription_words(r.sessions_per_day, r.days_per_week)})"
            for r in phase.routines
        )
        for moment in times:
            rule = _repeat(first_date, last_date, moment, gate, weekdays)
            if rule is None:
                continue
            first, repeat = rule
            event = icalendar.Event()
            event.add(
                "uid", f"{programme.sha256[:16] or 'programme'}-{placed.index}-{moment:%H%M}@supple"
            )
            event.add("summary", f"supple: {phase.name}")
            event.add("description", f"{programme.title}. {what}. Run: supple today")
            event.add("dtstart", first)
            event.add("duration", timedelta(minutes=30))
            event.add("rrule", repeat)
            calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def _repeat(
    first_date: date, last_date: date, moment: time, gate: datetime, weekdays: Sequence[int]
) -> tuple[datetime, dict[str, Any]] | None:
    """The first occurrence (after the gate, on one of ``weekdays``) and the repeat rule.

    Every day: ``FREQ=DAILY`` with a ``COUNT``.  Fewer days: ``FREQ=WEEKLY``
    on those days ``UNTIL`` the phase's last day, starting on one of them (a
    first occurrence off the rule would be an extra event, RFC 5545 3.8.5.3).
    ``None`` when no occurrence is left.
    """
    first = datetime.combine(first_date, moment)
    end = datetime.combine(last_date, moment)
    while first <= end and (first < gate or first.weekday() not in weekdays):
        first += timedelta(days=1)
    if first > end:
        return None
    if len(weekdays) == 7:
        return first, {"freq": "daily", "count": (end - first).days + 1}
    codes = [WEEKDAYS[day] for day in weekdays]
    return first, {"freq": "weekly", "byday": codes, "until": end}


def timer_units(command: Sequence[str], times: Sequence[time]) -> dict[str, str]:
    """The systemd user timer and service that run ``command`` at ``times`` each day."""
    calendar = "\n".join(f"OnCalendar=*-*-* {moment:%H:%M}:00" for moment in times)
    service = (
        "[Unit]\n"
        "Description=supple: remind me when a programme session is due\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={shlex.join(command)}\n"
    )
    timer = (
        "[Unit]\n"
        "Description=supple: programme reminders\n\n"
        "[Timer]\n"
        f"{calendar}\n"
        "Persistent=false\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {SERVICE_NAME: service, TIMER_NAME: timer}


def cron_line(command: Sequence[str], times: Sequence[time]) -> str:
    """A crontab line (one per time) running ``command``, marked as supple's."""
    return "\n".join(
        f"{moment.minute} {moment.hour} * * * {shlex.join(command)} {CRON_MARK}" for moment in times
    )
