"""Adherence and pain by phase and by programme week, against each phase's own prescription.

:func:`programme_adherence` is a pure function of the programme, the patient's
state, the time and the history's :class:`~tui.core.programme.schedule.SessionFact`
values (tests give a fake date).  The progress screen, ``supple today --by-week``,
the clinic report and ``supple programme export`` all show what it returns.

The rule is the programme's one adherence rule
(:func:`~tui.core.programme.schedule.credited_on`): credited sessions only, at
most a routine's sessions a day on any day.  A stretch of ``n`` days (a week of a
phase, or the whole phase) prescribes ``sessions_per_day x days_per_week x n / 7``
sessions of each routine, so a phase that starts mid-week, a week cut by a
confirmed move and the week in progress are pro-rated by the days they hold.
Days before the start gate's day and days after today are not measured.

Pain is the **median** of the ratings given in the stretch (before and after
sessions, each on its own), over every finished session of the phase's
routines, credited or not: a session stopped for pain still says how it hurt.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tui.core.programme.plan import Programme, first_day_of_week, week_of_day
from tui.core.programme.schedule import (
    PlacedPhase,
    ProgrammeState,
    SessionFact,
    aware,
    credited_on,
    day_number,
    placed_phases,
    prescribed_sessions,
    start_of,
)
from tui.core.session.outcome import whole_percent


@dataclass(frozen=True)
class AdherenceStretch:
    """One week of a phase (or the whole phase): sessions credited against prescribed, and pain."""

    phase_index: int
    phase_name: str
    #: The programme week; ``None`` for the whole phase.
    week: int | None
    #: The programme days measured, inclusive.
    first_day: int
    last_day: int
    #: Sessions the phase prescribes for these days (pro-rated; may be fractional).
    prescribed: float
    #: Credited sessions, at most each routine's sessions a day on any day.
    credited: int
    #: Finished sessions of the phase's routines in these days (credited or not).
    sessions: int
    #: Median pain before and after sessions (``None``: no rating given).
    pain_before: float | None
    pain_after: float | None
    #: The stretch holds today: its figure is "so far".
    in_progress: bool

    @property
    def days(self) -> int:
        """How many days were measured."""
        return self.last_day - self.first_day + 1

    @property
    def percent(self) -> int | None:
        """Whole percent of the prescription done (at most 100), or ``None`` when none was due."""
        if self.prescribed <= 0:
            return None
        return whole_percent(min(1.0, self.credited / self.prescribed))


@dataclass(frozen=True)
class PhaseAdherence:
    """One phase reached so far: the whole of it, and each programme week in it."""

    whole: AdherenceStretch
    weeks: tuple[AdherenceStretch, ...]


@dataclass(frozen=True)
class ProgrammeAdherence:
    """Every phase reached so far, oldest first, with its weeks."""

    programme: Programme
    #: When day 0 began (aware).
    start: datetime
    #: Today's programme day.
    day: int
    phases: tuple[PhaseAdherence, ...]

    def date_of(self, day: int) -> date:
        """The calendar date of programme ``day``."""
        return (self.start + timedelta(days=day)).date()

    @property
    def weeks(self) -> tuple[AdherenceStretch, ...]:
        """Every week row of every phase, in order."""
        return tuple(week for phase in self.phases for week in phase.weeks)


def programme_adherence(
    programme: Programme, state: ProgrammeState, now: datetime, facts: Sequence[SessionFact]
) -> ProgrammeAdherence | None:
    """Adherence and pain per phase and per week up to ``now`` (``None`` without a start)."""
    start = start_of(programme, state)
    if start is None:
        return None
    start = aware(start, now)
    today = day_number(start, now)
    gate = start + timedelta(seconds=programme.gate.not_before)
    first_open = day_number(start, gate)  # the gate's own day counts: it opens during it
    phases: list[PhaseAdherence] = []
    for placed in placed_phases(programme, start, state.moves, now):
        first = max(placed.first_day, first_open)
        last = today if placed.last_day is None else min(placed.last_day, today)
        if first > last or not placed.phase.routines:
            continue  # not reached yet (or wholly before the gate), or a rest phase
        measure = _Measure(placed, facts, start, now, today)
        weeks = tuple(
            measure.stretch(max(first, _first_of(week)), min(last, _last_of(week)), week)
            for week in range(week_of_day(first), week_of_day(last) + 1)
        )
        phases.append(PhaseAdherence(measure.stretch(first, last, None), weeks))
    return ProgrammeAdherence(programme, start, today, tuple(phases))


def _first_of(week: int) -> int:
    return 0 if week == 1 else first_day_of_week(week)  # day 0 belongs to week 1


def _last_of(week: int) -> int:
    return first_day_of_week(week + 1) - 1


@dataclass(frozen=True)
class _Measure:
    """Measures stretches of one placed phase against its prescription."""

    placed: PlacedPhase
    facts: Sequence[SessionFact]
    start: datetime
    like: datetime
    today: int

    def stretch(self, first: int, last: int, week: int | None) -> AdherenceStretch:
        routines = self.placed.phase.routines
        titles = {r.title for r in routines}
        dates = [(self.start + timedelta(days=n)).date() for n in range(first, last + 1)]
        mine = [
            fact
            for fact in self.facts
            if fact.routine_title in titles
            and dates[0] <= aware(fact.started_at, self.like).date() <= dates[-1]
        ]
        credited = sum(credited_on(mine, r, day, self.like) for r in routines for day in dates)
        return AdherenceStretch(
            phase_index=self.placed.index,
            phase_name=self.placed.phase.name,
            week=week,
            first_day=first,
            last_day=last,
            prescribed=prescribed_sessions(routines, len(dates)),
            credited=credited,
            sessions=len(mine),
            pain_before=_median([f.pain_before for f in mine]),
            pain_after=_median([f.pain_after for f in mine]),
            in_progress=first <= self.today <= last,
        )


def _median(ratings: Sequence[int | None]) -> float | None:
    given = [r for r in ratings if r is not None]
    return float(statistics.median(given)) if given else None
