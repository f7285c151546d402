"""The reminders' calendar and timer texts."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import icalendar
import pytest

from tui.core.programme.plan_file import load_programme
from tui.core.programme.reminders import cron_line, parse_times, programme_calendar, timer_units

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def test_the_ics_parses_and_has_a_recurring_event_per_phase_and_time(programme_dir: Path) -> None:
    programme = load_programme(programme_dir / "programme.toml")
    data = programme_calendar(programme, START, (), (time(9), time(18)))
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    summaries = [(str(e["summary"]), e["dtstart"].dt, e["rrule"]["COUNT"][0]) for e in events]
    assert summaries == [
        # The first week starts after the 24-hour gate: 09:00 on day 1 is too early.
        ("supple: First week", datetime(2026, 12, 3, 9), 6),
        (
            "supple: First week",
            datetime(
                2026,
                12,
                2,
                18,
            ),
            7,
        ),
        # "Building" for its planned days; what follows waits for the patient's confirmation.
        (
            "supple: Building",
            datetime(
                2026,
                12,
                9,
                9,
            ),
            14,
        ),
        (
            "supple: Building",
            datetime(
                2026,
                12,
                9,
                18,
            ),
            14,
        ),
    ]
    assert all(e["rrule"]["FREQ"] == ["DAILY"] for e in events)


def test_times_are_read_and_bad_ones_refused() -> None:
    assert parse_times("18:00, 09:00") == (time(9), time(18))
    with pytest.raises(ValueError, match="09:00,18:00"):
        parse_times("9am")


def test_the_timer_runs_notify_at_each_time() -> None:
    units = timer_units(["supple", "remind", "notify"], (time(9), time(18, 30)))
    assert "OnCalendar=*-*-* 09:00:00\nOnCalendar=*-*-* 18:30:00" in units["supple-remind.timer"]
    assert "ExecStart=supple remind notify" in units["supple-remind.service"]
    assert cron_line(["supple"], (time(9, 5),)) == "5 9 * * * supple # supple remind"
