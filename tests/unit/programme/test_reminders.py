"""The reminders' calendar and timer texts."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time
from pathlib import Path

import icalendar
import pytest

from tui.core.programme.plan_file import load_programme
from tui.core.programme.reminders import (
    SPREAD_DAYS,
    cron_line,
    parse_days,
    parse_times,
    programme_calendar,
    timer_units,
)

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


def _three_days_a_week(programme_dir: Path) -> Path:
    path = programme_dir / "programme.toml"
    text = path.read_text().replace(
        'routines = ["stretch.toml"]\nsessions_per_day = 2',
        'routines = ["stretch.toml"]\ndays_per_week = 3',
    )
    path.write_text(text)
    return path


def _occurrences(event: icalendar.Event) -> list[datetime]:
    from dateutil.rrule import rrulestr

    rule = event["rrule"].to_ical().decode()
    return list(rrulestr(rule, dtstart=event["dtstart"].dt))


def test_a_phase_on_fewer_days_a_week_repeats_only_on_those_days(programme_dir: Path) -> None:
    programme = load_programme(_three_days_a_week(programme_dir))
    data = programme_calendar(programme, START, (), (time(9), time(18)))
    events = [e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    first_week = [e for e in events if str(e["summary"]) == "supple: First week"]
    assert [e["rrule"]["FREQ"] for e in first_week] == [["WEEKLY"], ["WEEKLY"]]
    assert first_week[0]["rrule"]["BYDAY"] == ["MO", "WE", "FR"]
    # Days 1-7 are Wednesday 2 to Tuesday 8 December; 09:00 on the 2nd is before the gate.
    assert _occurrences(first_week[0]) == [datetime(2026, 12, 4, 9), datetime(2026, 12, 7, 9)]
    assert _occurrences(first_week[1]) == [
        datetime(2026, 12, 2, 18),
        datetime(2026, 12, 4, 18),
        datetime(2026, 12, 7, 18),
    ]
    # A phase with a routine every day still repeats daily.
    building = [e for e in events if str(e["summary"]) == "supple: Building"]
    assert all(e["rrule"]["FREQ"] == ["DAILY"] for e in building)


def test_the_patients_own_days_are_used_when_they_fit_the_prescription(
    programme_dir: Path,
) -> None:
    programme = load_programme(_three_days_a_week(programme_dir))
    days = parse_days("tue,thu,sat")
    assert days == (1, 3, 5)
    data = programme_calendar(programme, START, (), (time(18),), days)
    event = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    assert event["rrule"]["BYDAY"] == ["TU", "TH", "SA"]
    assert _occurrences(event)[0] == datetime(2026, 12, 3, 18)  # Thursday: the first on the rule
    with pytest.raises(ValueError, match="3 days a week; give at least 3 days"):
        programme_calendar(programme, START, (), (time(18),), parse_days("mon,tu"))
    with pytest.raises(ValueError, match="mon,wed,fri"):
        parse_days("t")


def test_spread_days_rest_between_and_share_the_working_week() -> None:
    for count, days in SPREAD_DAYS.items():
        assert len(days) == count
        assert set(days) <= set(SPREAD_DAYS[max(count, 5)])
        if count <= 3:
            assert all(b - a >= 2 for a, b in itertools.pairwise(days))
