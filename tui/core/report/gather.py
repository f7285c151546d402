"""What the clinic report shows, read once from the history store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from tui.core.history import HistoryStore, HurtRating, SessionSummary, local_day_bounds
from tui.core.history.period_figures import PeriodFigures, RoutineLatest
from tui.core.progress import (
    AdherenceCalendar,
    ChartPainPoint,
    CreditCount,
    ExerciseTally,
    adherence_calendar,
    credit_count,
    local_date,
)
from tui.core.progress_reading import (
    RoutineInfo,
    find_routine,
    read_exercise_tallies,
    read_pain_points,
)
from tui.core.session.ratings import PainTrend, pain_trend
from tui.core.session.status import SessionStatus

if TYPE_CHECKING:
    from tui.core.programme.phase_adherence import ProgrammeAdherence


@dataclass(frozen=True)
class RoutineSection:
    """One routine in the report: what was prescribed and how it was kept up."""

    info: RoutineInfo
    calendar: AdherenceCalendar
    sessions: int
    completed: int
    #: The finished sessions by whether they count toward the plan (only those that count
    #: are in the calendar).
    credit: CreditCount


@dataclass(frozen=True)
class SessionTotals:
    """The report's figures over every session of the period, counted in one pass."""

    sessions: int = 0
    completed: int = 0
    partial: int = 0
    abandoned: int = 0
    not_today: int = 0
    #: Sessions with pain 2 or more points worse after than before.
    worse: int = 0
    #: "This hurts" marks in all sessions (each part once per session).
    hurt: int = 0
    credit: CreditCount = field(default_factory=CreditCount)


@dataclass(frozen=True)
class ReportData:
    """Everything the clinic report shows, read from the store."""

    #: First and last local day covered (inclusive).
    first_day: date
    last_day: date
    generated_at: datetime
    tz: tzinfo | None
    #: Non-preview sessions in the period, oldest first.  Read again from the store at
    #: each pass (:class:`StoredSessions`), so the store must stay open until the page is
    #: written: 100,000 sessions are never all held.
    sessions: Iterable[SessionSummary]
    routines: tuple[RoutineSection, ...]
    pain: tuple[ChartPainPoint, ...]
    exercises: tuple[ExerciseTally, ...]
    app_version: str
    #: The pain rated on "this hurts", by session id (sessions without one left out).
    hurt: Mapping[str, Sequence[HurtRating]] = field(default_factory=dict)
    #: The patient's programme by phase and week (their own history only; ``None``: none).
    programme: ProgrammeAdherence | None = None
    totals: SessionTotals = field(default_factory=SessionTotals)
    #: The sessions with a note, oldest first.
    noted: tuple[SessionSummary, ...] = ()


@dataclass(frozen=True)
class StoredSessions:
    """The non-preview sessions started in ``[start, end)``, read from ``store`` at each pass."""

    store: HistoryStore
    start: datetime | None
    end: datetime | None

    def __iter__(self) -> Iterator[SessionSummary]:
        return self.store.each_session(self.start, self.end)


def gather_report(
    store: HistoryStore,
    *,
    since: date | None,
    until: date | None,
    now: datetime,
    tz: tzinfo | None = None,
    app_version: str = "",
) -> ReportData:
    """Read what the report needs for the local days ``since`` to ``until`` (inclusive).

    Without ``since`` the report starts at the first session; without
    ``until`` it ends today.  Preview runs are left out everywhere.  The
    sessions are counted here in one pass; the page reads them again for its
    table, so render it before ``store`` is closed.
    """
    last_day = until or local_date(now, tz)
    start = local_day_bounds(since, tz)[0] if since is not None else None
    end = local_day_bounds(last_day, tz)[1]
    # Before the sessions stream: the store is busy while they do.
    hurt = store.hurt_ratings(start, end)
    pain = tuple(read_pain_points(store, start, end))
    # An exercise with nothing counted (only rests, say) has nothing to tell the clinician.
    exercises = tuple(t for t in read_exercise_tallies(store, start, end) if t.planned or t.hurt)
    figures = store.period_figures(start, end)
    if since is not None:
        first_day = since
    elif figures.first is not None:
        first_day = local_date(figures.first, tz)
    else:
        first_day = last_day
    routines = _routine_tallies(figures, store.credited_starts(start, end), tz)
    noted = tuple(store.noted_sessions(start, end)) if any(g.noted for g in figures.groups) else ()
    return ReportData(
        first_day=first_day,
        last_day=last_day,
        generated_at=now,
        tz=tz,
        sessions=StoredSessions(store, start, end),
        routines=_routine_sections(routines, tz, first_day, last_day),
        pain=pain,
        exercises=exercises,
        app_version=app_version,
        hurt=hurt,
        totals=_totals(figures),
        noted=noted,
    )


def _added(a: CreditCount, b: CreditCount, times: int = 1) -> CreditCount:
    """``a`` plus ``times`` times ``b``."""
    return CreditCount(
        a.counted + times * b.counted,
        a.too_little + times * b.too_little,
        a.stopped + times * b.stopped,
        a.not_today + times * b.not_today,
    )


def _totals(figures: PeriodFigures) -> SessionTotals:
    """The period's figures, each group's sessions counted by the rules a session is."""
    by_status = dict.fromkeys(SessionStatus, 0)
    count = worse = 0
    credit = CreditCount()
    for group in figures.groups:
        count += group.sessions
        if group.status is not None:
            by_status[group.status] += group.sessions
        if pain_trend(group.pain_before, group.pain_after) is PainTrend.WORSE:
            worse += group.sessions
        credit = _added(credit, credit_count((group,)), group.sessions)
    return SessionTotals(
        count,
        by_status[SessionStatus.COMPLETED],
        by_status[SessionStatus.PARTIAL],
        by_status[SessionStatus.ABANDONED],
        by_status[SessionStatus.NOT_TODAY],
        worse,
        figures.hurt,
        credit,
    )


@dataclass
class _RoutineTally:
    """One routine's sessions in the period: what its section needs of them."""

    last: RoutineLatest
    sessions: int = 0
    completed: int = 0
    credit: CreditCount = field(default_factory=CreditCount)
    counts: dict[date, int] = field(default_factory=dict)


def _routine_tallies(
    figures: PeriodFigures, credited: Iterable[tuple[str, datetime]], tz: tzinfo | None
) -> dict[str, _RoutineTally]:
    """Each routine's counts, and its credited sessions per local day."""
    routines = {title: _RoutineTally(last) for title, last in figures.latest.items()}
    for group in figures.groups:
        routine = routines[group.title]
        routine.sessions += group.sessions
        if group.status is SessionStatus.COMPLETED:
            routine.completed += group.sessions
        routine.credit = _added(routine.credit, credit_count((group,)), group.sessions)
    for title, started in credited:
        counts = routines[title].counts
        day = local_date(started, tz)
        counts[day] = counts.get(day, 0) + 1
    return routines


def _routine_sections(
    routines: Mapping[str, _RoutineTally], tz: tzinfo | None, first_day: date, last_day: date
) -> tuple[RoutineSection, ...]:
    """One section per routine run in the period, the most recently run first."""
    sections = []
    for title, rows in sorted(routines.items(), key=lambda kv: kv[1].last.started_at, reverse=True):
        info = find_routine(title, rows.last.path)
        first = min(rows.counts, default=first_day)
        calendar = adherence_calendar(
            rows.counts, info.prescription, last_day, start=max(first_day, first)
        )
        sections.append(RoutineSection(info, calendar, rows.sessions, rows.completed, rows.credit))
    return tuple(sections)
