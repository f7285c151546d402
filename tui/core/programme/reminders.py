"""Reminders without a server: an iCalendar file of the programme, and a user timer's files.

:func:`programme_calendar` builds the ``.ics`` (the icalendar library): one
recurring event per phase and chosen time, from the phase's first day (not
before the start gate) for its planned days, in floating local time.
:func:`timer_units` and :func:`cron_line` are the texts of a systemd user
timer and service (or a cron line where there is no systemd) that run
``supple remind notify`` at those times; writing and removing them is the
command's, and only when the patient asks.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from tui.core.programme.plan import Programme
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


def programme_calendar(
    programme: Programme,
    start: datetime,
    moves: Sequence[ConfirmedMove],
    times: Sequence[time],
) -> bytes:
    """The programme's sessions as an iCalendar file: a daily event per phase and time."""
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
        what = "; ".join(
            f"{r.title} ({prescription_words(r.sessions_per_day, r.days_per_week)})"
            for r in phase.routines
        )
        for moment in times:
            first = datetime.combine(first_date, moment)
            count = last - placed.first_day + 1
            while first < gate and count > 0:
                first += timedelta(days=1)
                count -= 1
            if count <= 0:
                continue
            event = icalendar.Event()
            event.add(
                "uid", f"{programme.sha256[:16] or 'programme'}-{placed.index}-{moment:%H%M}@supple"
            )
            event.add("summary", f"supple: {phase.name}")
            event.add("description", f"{programme.title}. {what}. Run: supple today")
            event.add("dtstart", first)
            event.add("duration", timedelta(minutes=30))
            event.add("rrule", {"freq": "daily", "count": count})
            calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


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
