"""Unit tests of the pure progress figures (tui.core.progress), on hand-built data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tui.core.progress import (
    ChartPainPoint,
    CreditCount,
    ExerciseTally,
    adherence_calendar,
    adherence_windows,
    current_streak,
    format_pain,
    local_date,
    pain_chart_series,
    rolling_pain_average,
    sessions_per_day,
    window_adherence,
)
from tui.core.routine.prescription import Prescription
from tui.core.session.status import SessionStatus

# A Wednesday.
TODAY = date(2025, 3, 12)
MONDAY = date(2025, 3, 10)


def days_back(n: int) -> date:
    return TODAY - timedelta(days=n)


# ---------------------------------------------------------------- dates


def test_local_date_uses_the_patients_time_zone() -> None:
    # 23:30 UTC on the 11th is already the 12th in Berlin and still the 11th in New York.
    moment = datetime(2025, 3, 11, 23, 30, tzinfo=UTC)
    assert local_date(moment, ZoneInfo("Europe/Berlin")) == date(2025, 3, 12)
    assert local_date(moment, ZoneInfo("America/New_York")) == date(2025, 3, 11)


def test_local_date_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        local_date(datetime(2025, 3, 11, 12, 0), UTC)


def test_sessions_per_day_groups_by_local_day() -> None:
    tz = timezone(timedelta(hours=-5))
    moments = [
        datetime(2025, 3, 12, 3, 0, tzinfo=UTC),  # 11th, 22:00 local
        datetime(2025, 3, 12, 14, 0, tzinfo=UTC),  # 12th
        datetime(2025, 3, 12, 20, 0, tzinfo=UTC),  # 12th
    ]
    assert sessions_per_day(moments, tz) == {date(2025, 3, 11): 1, date(2025, 3, 12): 2}


# ---------------------------------------------------------------- adherence calendar


def test_five_full_days_in_a_five_day_week_is_full_adherence() -> None:
    prescription = Prescription(2, 5)
    last_monday = MONDAY - timedelta(weeks=1)
    counts = {last_monday + timedelta(days=i): 2 for i in range(5)}
    cal = adherence_calendar(counts, prescription, TODAY)
    week = cal.weeks[0]
    assert week.monday == last_monday
    assert week.target == 10
    assert week.percent == 100 and week.met
    assert week.full_days == 5
    assert not week.in_progress


def test_extra_sessions_do_not_make_up_for_missed_ones() -> None:
    prescription = Prescription(2, 5)
    last_monday = MONDAY - timedelta(weeks=1)
    # Four sessions on Monday, none on Tuesday: Monday gives 2 credits, not 4.
    counts = {last_monday: 4, last_monday + timedelta(days=2): 2}
    week = adherence_calendar(counts, prescription, TODAY).weeks[0]
    assert week.credit == 4
    assert week.done == 6
    assert week.percent == 40


def test_seven_full_days_are_capped_at_100_percent() -> None:
    prescription = Prescription(1, 5)
    last_monday = MONDAY - timedelta(weeks=1)
    counts = {last_monday + timedelta(days=i): 1 for i in range(7)}
    week = adherence_calendar(counts, prescription, TODAY).weeks[0]
    assert week.percent == 100


def test_day_levels_colour_the_calendar() -> None:
    prescription = Prescription(2, 7)
    counts = {MONDAY: 2, MONDAY + timedelta(days=1): 1}
    cal = adherence_calendar(counts, prescription, TODAY)
    levels = [d.level for d in cal.weeks[-1].days]
    # Mon full, Tue part, Wed (today) none, Thu-Sun still to come.
    assert levels == ["full", "part", "none", "out", "out", "out", "out"]


def test_calendar_starts_at_the_first_session_and_spans_to_this_week() -> None:
    prescription = Prescription(1, 7)
    first = date(2025, 2, 20)  # a Thursday, three weeks before TODAY's week
    counts = {first: 1, TODAY: 1}
    cal = adherence_calendar(counts, prescription, TODAY)
    assert [w.monday for w in cal.weeks] == [
        date(2025, 2, 17),
        date(2025, 2, 24),
        date(2025, 3, 3),
        date(2025, 3, 10),
    ]
    first_week = cal.weeks[0]
    # Mon-Wed before the first session are out of range; Thu-Sun count (4 days).
    assert [d.in_range for d in first_week.days] == [False] * 3 + [True] * 4
    assert first_week.target == 4
    assert first_week.percent == 25
    # The current week is "so far", measured against the whole week.
    assert cal.weeks[-1].in_progress
    assert cal.weeks[-1].target == 7


def test_calendar_can_be_limited_to_recent_weeks() -> None:
    counts = {TODAY - timedelta(weeks=20): 1}
    cal = adherence_calendar(counts, Prescription(), TODAY, weeks=4)
    assert len(cal.weeks) == 4
    assert cal.weeks[-1].monday == MONDAY


def test_empty_history_gives_one_blank_week() -> None:
    cal = adherence_calendar({}, Prescription(), TODAY)
    assert len(cal.weeks) == 1
    assert all(d.level == "out" for d in cal.weeks[0].days)
    assert cal.weeks[0].percent == 0


# ---------------------------------------------------------------- window adherence


def test_last_seven_days_with_five_full_days_of_five_is_100_percent() -> None:
    prescription = Prescription(1, 5)
    counts = {days_back(i): 1 for i in (0, 1, 3, 4, 6)}
    counts[days_back(40)] = 1  # history started long ago
    assert window_adherence(counts, prescription, TODAY, 7).percent == 100


def test_thirty_day_adherence_counts_credited_sessions() -> None:
    prescription = Prescription(2, 7)
    counts = {days_back(i): 1 for i in range(30)}  # one of two sessions every day
    counts[days_back(60)] = 2
    result = window_adherence(counts, prescription, TODAY, 30)
    assert result.credit == 30
    assert result.expected == 60
    assert result.percent == 50


def test_window_is_clipped_to_the_first_session() -> None:
    prescription = Prescription(1, 7)
    counts = {days_back(2): 1, days_back(1): 1, TODAY: 1}
    result = window_adherence(counts, prescription, TODAY, 30)
    assert result.measured_days == 3
    assert result.percent == 100


def test_window_with_no_history_has_no_figure() -> None:
    assert window_adherence({}, Prescription(), TODAY, 7).percent is None


# ---------------------------------------------------------------- streaks


def test_streak_counts_back_from_yesterday_until_today_is_done() -> None:
    prescription = Prescription(2, 7)
    counts = {days_back(1): 2, days_back(2): 2, days_back(3): 1, days_back(4): 2, TODAY: 1}
    assert current_streak(counts, prescription, TODAY).days == 2
    counts[TODAY] = 2
    streak = current_streak(counts, prescription, TODAY)
    assert streak.days == 3
    assert streak.describe() == "3 days in a row"


def test_weekly_streak_for_routines_not_done_every_day() -> None:
    prescription = Prescription(1, 3)
    counts: dict[date, int] = {}
    for weeks_ago in (1, 2, 3):
        monday = MONDAY - timedelta(weeks=weeks_ago)
        for i in (0, 2, 4):
            counts[monday + timedelta(days=i)] = 1
    # This week is not met yet: the streak ends last week.
    streak = current_streak(counts, prescription, TODAY)
    assert streak.weeks == 3
    assert streak.describe() == "3 weeks on target"
    # A gap four weeks ago ends it; no sessions at all gives zero.
    assert current_streak({}, prescription, TODAY).weeks == 0


# ---------------------------------------------------------------- pain


def test_rolling_average_covers_seven_days_of_ratings() -> None:
    tz = UTC

    def at(day: int) -> datetime:
        return datetime(2025, 3, day, 9, 0, tzinfo=UTC)

    points = [
        ChartPainPoint(at(1), 6, 4),  # day 1: 6, 4
        ChartPainPoint(at(3), 5, None),  # day 3: 5
        ChartPainPoint(at(8), None, None),  # no ratings: ignored
        ChartPainPoint(at(8), 2, 2),  # day 8: window 2..8 -> 5, 2, 2
    ]
    averages = rolling_pain_average(points, tz)
    assert [(a.day.day, round(a.average, 3), a.ratings) for a in averages] == [
        (1, 5.0, 2),
        (3, 5.0, 3),
        (8, 3.0, 3),
    ]


def test_rolling_average_of_nothing_is_empty() -> None:
    assert rolling_pain_average([], UTC) == []


# ---------------------------------------------------------------- exercises


def test_tallies_add_up() -> None:
    a = ExerciseTally("Bridge", 2, 1, 1, 0, 1)
    assert a + a == ExerciseTally("Bridge", 4, 2, 2, 0, 2)
    with pytest.raises(ValueError):
        _ = a + ExerciseTally("Walk")


# ---------------------------------------------------------------- formatting


def test_formatting() -> None:
    assert format_pain(5, None) == "5 -> -"


# ---------------------------------------------------------------- chart series


def test_chart_series_keeps_every_session_when_there_is_room() -> None:
    start = date(2025, 3, 1)
    points = [
        ChartPainPoint(datetime(2025, 3, 1, 12, 0, tzinfo=UTC), 6, 4),
        ChartPainPoint(datetime(2025, 3, 3, 6, 0, tzinfo=UTC), 5, None),
        ChartPainPoint(datetime(2025, 2, 20, 6, 0, tzinfo=UTC), 9, 9),  # before the start: left out
    ]
    series = pain_chart_series(points, UTC, start)
    assert series.bucket_days == 0
    assert series.before == ((0.5, 6.0), (2.25, 5.0))
    assert series.after == ((0.5, 4.0),)
    assert [round(y, 2) for _, y in series.average] == [5.0, 5.0]
    assert not series.empty


def test_chart_series_averages_long_histories_into_buckets() -> None:
    start = date(2024, 1, 1)
    points = [
        ChartPainPoint(datetime(2024, 1, 1, 8, tzinfo=UTC) + timedelta(hours=12 * i), 4 + i % 2, 2)
        for i in range(400)  # 200 days, two sessions a day
    ]
    series = pain_chart_series(points, UTC, start, max_points=50)
    assert series.bucket_days == 4
    assert len(series.before) == 50
    assert series.before[0] == (2.0, 4.5)
    assert all(y == 2.0 for _, y in series.after)
    assert len(series.average) == 50


def test_chart_series_of_no_ratings_is_empty() -> None:
    series = pain_chart_series([ChartPainPoint(datetime(2025, 3, 1, tzinfo=UTC), None, None)], UTC,
                               date(2025, 3, 1))  # fmt: skip
    assert series.empty


# --------------------------------------------------------------------------- credit words


def test_credit_count_says_how_many_counted_and_why_not() -> None:
    assert CreditCount(3, 1, 0).describe() == "3 of 4 sessions counted (1 with too little done)"
    assert CreditCount(1, 0, 0).describe() == "1 of 1 session counted"
    assert CreditCount(0, 0, 2).reasons() == "2 stopped early"


def test_a_not_today_session_is_counted_apart_not_as_stopped_early() -> None:
    from types import SimpleNamespace

    from tui.core.progress import credit_count

    def s(status: SessionStatus, credited: bool) -> SimpleNamespace:
        return SimpleNamespace(preview=False, status=status, credited=credited)

    got = credit_count([s(SessionStatus.COMPLETED, True), s(SessionStatus.NOT_TODAY, False)])
    assert got == CreditCount(1, 0, 0, 1)
    assert got.describe() == "1 of 2 sessions counted (1 not today)"


def test_windows_of_a_long_history_keep_both_figures() -> None:
    rx = Prescription.of(1, 7)
    today = date(2025, 3, 31)
    counts = {today - timedelta(days=i): 1 for i in range(60)}
    last7 = window_adherence(counts, rx, today, 7)
    last30 = window_adherence(counts, rx, today, 30)
    assert adherence_windows(last7, last30) == [("Last 7 days", 100), ("Last 30 days", 100)]


def test_windows_of_a_two_week_history_say_since_you_started() -> None:
    rx = Prescription.of(1, 7)
    today = date(2025, 3, 31)
    counts = {today - timedelta(days=i): 1 for i in range(14) if i != 3}
    last7 = window_adherence(counts, rx, today, 7)
    last30 = window_adherence(counts, rx, today, 30)
    # 13 of 14 days: 92.86 % rounds to 93 (it was cut to 92).
    assert adherence_windows(last7, last30) == [
        ("Last 7 days", 86),
        ("Since you started (14 days)", 93),
    ]
