"""What the clinic report shows, read once from the history store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from tui.core.history import HistoryStore, HurtRating, SessionSummary, local_day_bounds
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
    counts_for_adherence,
    find_routine,
    read_exercise_tallies,
    read_pain_points,
)
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
class ReportData:
    """Everything the clinic report shows, read once from the store."""

    #: First and last local day covered (inclusive).
    first_day: date
    last_day: date
    generated_at: datetime
    tz: tzinfo | None
    #: Non-preview sessions in the period, oldest first.
    sessions: tuple[SessionSummary, ...]
    routines: tuple[RoutineSection, ...]
    pain: tuple[ChartPainPoint, ...]
    exercises: tuple[ExerciseTally, ...]
    app_version: str
    #: The pain rated on "this hurts", by session id (sessions without one left out).
    hurt: Mapping[str, Sequence[HurtRating]] = field(default_factory=dict)
    #: The patient's programme by phase and week (their own history only; ``None``: none).
    programme: ProgrammeAdherence | None = None


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
    ``until`` it ends today.  Preview runs are left out everywhere.
    """
    last_day = until or local_date(now, tz)
    start = local_day_bounds(since, tz)[0] if since is not None else None
    end = local_day_bounds(last_day, tz)[1]
    sessions = store.sessions(start, end, oldest_first=True)
    if since is not None:
        first_day = since
    elif sessions:
        first_day = local_date(sessions[0].started_at, tz)
    else:
        first_day = last_day
    # An exercise with nothing counted (only rests, say) has nothing to tell the clinician.
    exercises = tuple(t for t in read_exercise_tallies(store, start, end) if t.planned or t.hurt)
    return ReportData(
        first_day=first_day,
        last_day=last_day,
        generated_at=now,
        tz=tz,
        sessions=tuple(sessions),
        routines=_routine_sections(sessions, tz, first_day, last_day),
        pain=tuple(read_pain_points(store, start, end)),
        exercises=exercises,
        app_version=app_version,
        hurt=store.hurt_ratings(start, end),
    )


def _routine_sections(
    sessions: list[SessionSummary], tz: tzinfo | None, first_day: date, last_day: date
) -> tuple[RoutineSection, ...]:
    """One section per routine run in the period, the most recently run first."""
    by_title: dict[str, list[SessionSummary]] = {}
    for s in sessions:
        by_title.setdefault(s.routine.title, []).append(s)
    sections = []
    for title, rows in sorted(by_title.items(), key=lambda kv: kv[1][-1].started_at, reverse=True):
        info = find_routine(title, rows[-1].routine.path)
        counts = counts_for_adherence(rows, tz, title=title)
        first = min(counts, default=first_day)
        calendar = adherence_calendar(
            counts, info.prescription, last_day, start=max(first_day, first)
        )
        completed = sum(1 for s in rows if s.status is SessionStatus.COMPLETED)
        credit = credit_count(rows)
        sections.append(RoutineSection(info, calendar, len(rows), completed, credit))
    return tuple(sections)
