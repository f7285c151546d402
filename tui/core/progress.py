"""Progress figures from the session history: pure functions, no I/O, no Textual.

Everything here takes plain values (dates, counts, ratings) that the history
store's queries return, plus the patient's local time zone and "today" as
arguments, so the figures are exact and the tests need no real clock.

Definitions (also in ``docs/history-screens.md``):

* A session *counts* for adherence when it is not a preview and it is
  *credited*: completed, with at least the routine's ``counts_when_done``
  share of its planned exercise time done (``tui.core.session.outcome``;
  patients over-estimate their adherence: a session they quit early or mostly
  skipped is shown, but not credited).  :class:`CreditCount` says so in words.
* A day's *credit* is ``min(sessions done, sessions_per_day)``: a third
  session on a twice-a-day routine does not make up for a missed day.
* Adherence over a stretch of days is credited sessions divided by the
  prescribed sessions for that stretch, ``sessions_per_day x days_per_week x
  days / 7``, capped at 100 %.  With 5 days a week, a week with 5 full days is
  100 %.  Days before the patient's first session are left out, so a patient
  who started three days ago is not marked down for the week before.
* A calendar week runs Monday to Sunday.  Its target is
  ``sessions_per_day x min(days_per_week, days of the week in range)``; the
  current week is measured against its whole target ("so far").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from tui.core.routine.model import PainSite
from tui.core.routine.prescription import Prescription
from tui.core.session.outcome import whole_percent
from tui.core.session.ratings import PAIN_SITE_WORDS
from tui.core.session.safety import RECORD_DISCLAIMER
from tui.core.session.status import SessionStatus

#: Shown wherever a rating is shown back to the patient (see ../shared/DOMAIN.md).
DISCLAIMER = RECORD_DISCLAIMER


# --------------------------------------------------------------------------- dates


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    """The calendar day of an aware ``moment`` in the patient's time zone.

    ``tz`` ``None`` means the computer's own zone, with its daylight-saving
    rules applied to each moment (not today's offset).
    """
    if moment.tzinfo is None:
        raise ValueError("local_date needs an aware datetime (history times are UTC)")
    return moment.astimezone(tz).date()


def monday_of(day: date) -> date:
    """The Monday starting ``day``'s week."""
    return day - timedelta(days=day.weekday())


def sessions_per_day(moments: Iterable[datetime], tz: tzinfo | None) -> dict[date, int]:
    """Count session start times per local calendar day."""
    counts: dict[date, int] = defaultdict(int)
    for moment in moments:
        counts[local_date(moment, tz)] += 1
    return dict(counts)


# --------------------------------------------------------------------------- adherence


@dataclass(frozen=True)
class DayAdherence:
    """One day of the calendar: sessions done against sessions prescribed."""

    day: date
    done: int
    target: int
    #: False for days before the first session or after today (drawn blank).
    in_range: bool

    @property
    def credit(self) -> int:
        """Sessions that count towards the prescription (at most ``target``)."""
        return min(self.done, self.target)

    @property
    def full(self) -> bool:
        """Every prescribed session of the day was done."""
        return self.in_range and self.done >= self.target

    @property
    def level(self) -> str:
        """``"none"``, ``"part"`` or ``"full"`` (``"out"`` outside the range), for colouring."""
        if not self.in_range:
            return "out"
        if self.done <= 0:
            return "none"
        return "full" if self.done >= self.target else "part"


@dataclass(frozen=True)
class WeekAdherence:
    """One calendar week (Monday to Sunday)."""

    monday: date
    days: tuple[DayAdherence, ...]
    #: Sessions prescribed for the days of this week in range.
    target: int
    #: The week contains today: its figure is "so far".
    in_progress: bool

    @property
    def credit(self) -> int:
        """Sessions done that count towards this week's target."""
        return sum(d.credit for d in self.days)

    @property
    def done(self) -> int:
        """All sessions done this week (extra ones included)."""
        return sum(d.done for d in self.days if d.in_range)

    @property
    def full_days(self) -> int:
        """Days on which every prescribed session was done."""
        return sum(1 for d in self.days if d.full)

    @property
    def ratio(self) -> float:
        """Adherence of the week, 0.0 to 1.0."""
        if self.target <= 0:
            return 0.0
        return min(1.0, self.credit / self.target)

    @property
    def percent(self) -> int:
        """Adherence of the week in whole percent (rounded half up; 99.6 % is not 100 %)."""
        return whole_percent(self.ratio)

    @property
    def met(self) -> bool:
        """The week's target was reached."""
        return self.target > 0 and self.credit >= self.target


@dataclass(frozen=True)
class AdherenceCalendar:
    """Weeks by days, oldest week first."""

    prescription: Prescription
    weeks: tuple[WeekAdherence, ...]
    start: date | None
    today: date


def adherence_calendar(
    counts: Mapping[date, int],
    prescription: Prescription,
    today: date,
    *,
    weeks: int | None = None,
    start: date | None = None,
) -> AdherenceCalendar:
    """Build the adherence calendar up to the week containing ``today``.

    ``counts`` maps local days to sessions that count (previews already left
    out).  ``start`` is the first day in range (default: the first day with a
    session); ``weeks`` limits the calendar to that many most recent weeks.
    """
    if start is None:
        start = min((d for d, n in counts.items() if n > 0), default=None)
    last_monday = monday_of(today)
    first_monday = last_monday if start is None else monday_of(min(start, today))
    if weeks is not None:
        first_monday = max(first_monday, last_monday - timedelta(weeks=max(weeks, 1) - 1))
    spd = prescription.sessions_per_day
    rows: list[WeekAdherence] = []
    monday = first_monday
    while monday <= last_monday:
        days: list[DayAdherence] = []
        days_in_range = 0
        for offset in range(7):
            day = monday + timedelta(days=offset)
            in_range = start is not None and start <= day <= today
            # Future days of the current week still belong to its target.
            if start is not None and day >= start:
                days_in_range += 1
            days.append(DayAdherence(day, counts.get(day, 0) if in_range else 0, spd, in_range))
        target = spd * min(prescription.days_per_week, days_in_range)
        rows.append(WeekAdherence(monday, tuple(days), target, monday == last_monday))
        monday += timedelta(weeks=1)
    return AdherenceCalendar(prescription, tuple(rows), start, today)


@dataclass(frozen=True)
class WindowAdherence:
    """Adherence over the last ``days`` days (today included)."""

    days: int
    #: Days actually measured (fewer when the history is younger than the window).
    measured_days: int
    credit: int
    expected: float

    @property
    def ratio(self) -> float | None:
        """0.0 to 1.0, or ``None`` when there is nothing to measure yet."""
        if self.measured_days <= 0 or self.expected <= 0:
            return None
        return min(1.0, self.credit / self.expected)

    @property
    def percent(self) -> int | None:
        """Whole percent (rounded half up; never 100 short of the whole), or ``None``."""
        ratio = self.ratio
        return None if ratio is None else whole_percent(ratio)


def window_adherence(
    counts: Mapping[date, int],
    prescription: Prescription,
    today: date,
    days: int,
    *,
    start: date | None = None,
) -> WindowAdherence:
    """Adherence over the ``days`` days ending with ``today``, clipped to ``start``."""
    if start is None:
        start = min((d for d, n in counts.items() if n > 0), default=None)
    first = today - timedelta(days=days - 1)
    if start is None or start > today:
        return WindowAdherence(days, 0, 0, 0.0)
    first = max(first, start)
    measured = (today - first).days + 1
    spd = prescription.sessions_per_day
    credit = sum(min(counts.get(first + timedelta(days=i), 0), spd) for i in range(measured))
    return WindowAdherence(days, measured, credit, prescription.sessions_for(measured))


def window_label(window: WindowAdherence) -> str:
    """``"Last 30 days"``, or ``"Since you started (3 days)"`` when the history is younger."""
    if 0 < window.measured_days < window.days:
        n = window.measured_days
        return f"Since you started ({n} day{'s' if n != 1 else ''})"
    return f"Last {window.days} days"


def adherence_windows(*windows: WindowAdherence) -> list[tuple[str, int | None]]:
    """The windows worth showing (shortest first), each with its label and percent.

    Windows clipped to the same start measure the same days: only the first
    of them is kept, so a routine started this week shows one figure "since
    you started", not the same one as "Last 7 days" and "Last 30 days".
    """
    shown: list[tuple[str, int | None]] = []
    for window in windows:
        shown.append((window_label(window), window.percent))
        if 0 < window.measured_days < window.days:
            break
    return shown


@dataclass(frozen=True)
class Streak:
    """The current run of days, and of weeks, on which the prescription was met.

    A run still counts when today (or this week) is not finished yet: it ends
    at yesterday (last week) until today's sessions are done.
    """

    days: int
    weeks: int
    days_per_week: int

    def describe(self) -> str:
        """Plain words: days for an every-day routine, weeks otherwise."""
        if self.days_per_week >= 7:
            return "1 day in a row" if self.days == 1 else f"{self.days} days in a row"
        return "1 week on target" if self.weeks == 1 else f"{self.weeks} weeks on target"


def current_streak(counts: Mapping[date, int], prescription: Prescription, today: date) -> Streak:
    """The current streak of full days and of weeks whose target was met."""
    spd = prescription.sessions_per_day
    day = today if counts.get(today, 0) >= spd else today - timedelta(days=1)
    days = 0
    while counts.get(day, 0) >= spd:
        days += 1
        day -= timedelta(days=1)

    def week_met(monday: date) -> bool:
        credit = sum(min(counts.get(monday + timedelta(days=i), 0), spd) for i in range(7))
        return credit >= spd * prescription.days_per_week

    monday = monday_of(today)
    if not week_met(monday):
        monday -= timedelta(weeks=1)
    weeks = 0
    while week_met(monday):
        weeks += 1
        monday -= timedelta(weeks=1)
    return Streak(days, weeks, prescription.days_per_week)


# --------------------------------------------------------------------------- credit


@dataclass(frozen=True)
class CreditCount:
    """Finished sessions by whether they count toward the plan, for the words beside a figure."""

    counted: int = 0
    #: Finished, but with less than the routine's share of the planned exercise done.
    too_little: int = 0
    #: Stopped early (partial) or closed after a crash (abandoned).
    stopped: int = 0
    #: Not started: pain before at the routine's stop level ("not today").
    not_today: int = 0

    @property
    def total(self) -> int:
        """Every finished session counted here."""
        return self.counted + self.too_little + self.stopped + self.not_today

    def reasons(self) -> str:
        """Why some did not count: ``"1 with too little done, 2 stopped early"`` (or "")."""
        parts = []
        if self.too_little:
            parts.append(f"{self.too_little} with too little done")
        if self.stopped:
            parts.append(f"{self.stopped} stopped early")
        if self.not_today:
            parts.append(f"{self.not_today} not today")
        return ", ".join(parts)

    def describe(self) -> str:
        """``"3 of 4 sessions counted (1 with too little done)"``."""
        unit = "session" if self.total == 1 else "sessions"
        text = f"{self.counted} of {self.total} {unit} counted"
        why = self.reasons()
        return f"{text} ({why})" if why else text


class CountedSession(Protocol):
    """What :func:`credit_count` reads of a session (a stored session summary has it)."""

    @property
    def preview(self) -> bool: ...

    @property
    def status(self) -> SessionStatus | None: ...

    @property
    def credited(self) -> bool | None: ...


def credit_count(sessions: Iterable[CountedSession]) -> CreditCount:
    """Finished, non-preview ``sessions`` by whether they count toward the plan."""
    counted = too_little = stopped = not_today = 0
    for s in sessions:
        if s.preview or s.status is None:
            continue
        if s.credited:
            counted += 1
        elif s.status is SessionStatus.COMPLETED:
            too_little += 1
        elif s.status is SessionStatus.NOT_TODAY:
            not_today += 1
        else:
            stopped += 1
    return CreditCount(counted, too_little, stopped, not_today)


# --------------------------------------------------------------------------- pain


@dataclass(frozen=True)
class ChartPainPoint:
    """The ratings of one session, as the pain figures read them (either may be missing).

    Only the start time and the two ratings: what a chart and the rolling
    average need of the store's :class:`~tui.core.history.store.PainPoint`.
    """

    at: datetime
    before: int | None
    after: int | None
    #: Pain by site before the session, where the routine asked (the chart's two lines).
    leg: int | None = None
    back: int | None = None


@dataclass(frozen=True)
class PainAverage:
    """The 7-day rolling average of pain on one day."""

    day: date
    average: float
    ratings: int


def rolling_pain_average(
    points: Iterable[ChartPainPoint], tz: tzinfo | None, *, days: int = 7
) -> list[PainAverage]:
    """For each day with a rating, the mean of every rating (before and after) in the
    ``days`` days ending that day, oldest first.
    """
    per_day: dict[date, list[int]] = defaultdict(list)
    for point in points:
        day = local_date(point.at, tz)
        for value in (point.before, point.after):
            if value is not None:
                per_day[day].append(value)
    ordered = sorted(per_day)
    out: list[PainAverage] = []
    # A sliding window over the sorted days: O(n) however long the history.
    total = 0
    count = 0
    left = 0
    for day in ordered:
        total += sum(per_day[day])
        count += len(per_day[day])
        while ordered[left] <= day - timedelta(days=days):
            total -= sum(per_day[ordered[left]])
            count -= len(per_day[ordered[left]])
            left += 1
        out.append(PainAverage(day, total / count, count))
    return out


@dataclass(frozen=True)
class PainChartSeries:
    """Points for a pain chart, x in days since ``start`` (local time).

    ``bucket_days`` is 0 when every session is its own point; for a long
    history the ratings are averaged over buckets of that many days, so a
    chart stays readable and quick to draw however many years it covers.
    """

    start: date
    bucket_days: int
    before: tuple[tuple[float, float], ...]
    after: tuple[tuple[float, float], ...]
    average: tuple[tuple[float, float], ...]
    #: Leg and back pain before each session, where rated by site: two lines.
    leg: tuple[tuple[float, float], ...] = ()
    back: tuple[tuple[float, float], ...] = ()

    @property
    def by_site(self) -> bool:
        """True when some session in the period was rated by site."""
        return bool(self.leg or self.back)

    @property
    def empty(self) -> bool:
        """No rating at all to draw."""
        return not (self.before or self.after)


def pain_chart_series(
    points: Iterable[ChartPainPoint],
    tz: tzinfo | None,
    start: date,
    *,
    max_points: int = 200,
    average_days: int = 7,
) -> PainChartSeries:
    """Chart-ready pain ratings from ``start`` on, with the rolling average."""
    kept = [p for p in points if local_date(p.at, tz) >= start]
    origin = datetime.combine(start, datetime.min.time())

    def x_of(moment: datetime) -> float:
        local = moment.astimezone(tz).replace(tzinfo=None)
        return (local - origin).total_seconds() / 86400

    averages = rolling_pain_average(kept, tz, days=average_days)
    rated = [p for p in kept if p.before is not None or p.after is not None]
    span = (max((local_date(p.at, tz) for p in rated), default=start) - start).days + 1
    bucket = 0 if len(rated) <= max_points else -(-span // max_points)
    if bucket == 0:
        before = tuple((x_of(p.at), float(p.before)) for p in rated if p.before is not None)
        after = tuple((x_of(p.at), float(p.after)) for p in rated if p.after is not None)
        avg = tuple(((a.day - start).days + 0.5, a.average) for a in averages)
        leg = tuple((x_of(p.at), float(p.leg)) for p in rated if p.leg is not None)
        back = tuple((x_of(p.at), float(p.back)) for p in rated if p.back is not None)
        return PainChartSeries(start, 0, before, after, avg, leg, back)
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for p in rated:
        slot = sums[(local_date(p.at, tz) - start).days // bucket]
        if p.before is not None:
            slot[0] += p.before
            slot[1] += 1
        if p.after is not None:
            slot[2] += p.after
            slot[3] += 1
    centre = bucket / 2
    before = tuple((k * bucket + centre, v[0] / v[1]) for k, v in sorted(sums.items()) if v[1])
    after = tuple((k * bucket + centre, v[2] / v[3]) for k, v in sorted(sums.items()) if v[3])
    # One average point per bucket: the rolling average on the bucket's last rated day.
    last: dict[int, tuple[float, float]] = {}
    for a in averages:
        offset = (a.day - start).days
        last[offset // bucket] = (offset + 0.5, a.average)
    leg = _bucket_means(rated, tz, start, bucket, "leg")
    back = _bucket_means(rated, tz, start, bucket, "back")
    average = tuple(v for _, v in sorted(last.items()))
    return PainChartSeries(start, bucket, before, after, average, leg, back)


#: The two lines of pain by site, as both charts' legends name them (leg first).
SITE_LINE_LABELS = tuple(f"{PAIN_SITE_WORDS[site]} before" for site in PainSite)


def site_lines_words(series: PainChartSeries) -> str:
    """The lines of pain by site in words, for a screen reader ("" when none was rated by site).

    The same names as the charts' legends (:data:`SITE_LINE_LABELS`), each with how
    many points it has, its range and its last value.
    """
    if not series.by_site:
        return ""
    parts = []
    for label, line in zip(SITE_LINE_LABELS, (series.leg, series.back), strict=True):
        values = [y for _x, y in line]
        if not values:
            parts.append(f"{label}: no ratings")
            continue
        noun = "point" if len(values) == 1 else "points"
        parts.append(
            f"{label}: {len(values)} {noun} from {min(values):.0f} to {max(values):.0f}, "
            f"last {values[-1]:.0f}"
        )
    return f"Lines by site: {'; '.join(parts)}."


def _bucket_means(
    rated: list[ChartPainPoint], tz: tzinfo | None, start: date, bucket: int, site: str
) -> tuple[tuple[float, float], ...]:
    """The ``site`` (``"leg"`` or ``"back"``) ratings averaged over buckets of ``bucket`` days."""
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for p in rated:
        value = p.leg if site == "leg" else p.back
        if value is not None:
            slot = sums[(local_date(p.at, tz) - start).days // bucket]
            slot[0] += value
            slot[1] += 1
    centre = bucket / 2
    return tuple((k * bucket + centre, v[0] / v[1]) for k, v in sorted(sums.items()))


# --------------------------------------------------------------------------- exercises


@dataclass(frozen=True)
class ExerciseTally:
    """Per-exercise counts over many sessions."""

    name: str
    #: Work segments (holds, sets, interval blocks) planned.
    planned: int = 0
    done: int = 0
    skipped: int = 0
    partial: int = 0
    #: "This hurts" marks, on any segment of the exercise (rests included).
    hurt: int = 0

    def __add__(self, other: ExerciseTally) -> ExerciseTally:
        if other.name != self.name:
            raise ValueError("can only add tallies of the same exercise")
        return ExerciseTally(
            self.name,
            self.planned + other.planned,
            self.done + other.done,
            self.skipped + other.skipped,
            self.partial + other.partial,
            self.hurt + other.hurt,
        )


def sort_tallies(tallies: Iterable[ExerciseTally]) -> list[ExerciseTally]:
    """Most hurt marks first, then most skips, then by name."""
    return sorted(tallies, key=lambda t: (-t.hurt, -t.skipped, t.name.casefold()))


# --------------------------------------------------------------------------- formatting


def format_pain(before: int | None, after: int | None) -> str:
    """``"5 -> 3"``, with ``"-"`` for a missing rating."""
    left = "-" if before is None else str(before)
    right = "-" if after is None else str(after)
    return f"{left} -> {right}"
