"""Progress read from the history store: what a routine prescribes, and how it was kept up.

:mod:`tui.core.progress` works out the figures from plain values; this
module reads those values from a :class:`~tui.core.history.store.HistoryStore`
(and a routine's prescription from its file), so the history screens and the
clinic report read them the same way and agree.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from tui.core import locations
from tui.core.history import HistoryStore, SessionSummary, local_day_bounds
from tui.core.progress import (
    AdherenceCalendar,
    ChartPainPoint,
    CreditCount,
    ExerciseTally,
    Streak,
    WindowAdherence,
    adherence_calendar,
    credit_count,
    current_streak,
    local_date,
    sort_tallies,
    window_adherence,
)
from tui.core.routine.model import Routine, RoutineError
from tui.core.routine.prescription import Prescription

# --------------------------------------------------------------------------- routines


@dataclass(frozen=True)
class RoutineInfo:
    """A routine seen in the history, and what it prescribes."""

    title: str
    path: str
    prescription: Prescription
    #: The routine itself, when its file (or a bundled one of that title) could be read.
    routine: Routine | None = None
    #: Where the routine was read from (``None`` when it was not found).
    found_at: str | None = None


def _load(path: str) -> Routine | None:
    """The routine at ``path``, read again only when the file changed."""
    try:
        stat = Path(path).stat()
    except (OSError, ValueError):
        return None
    return _load_version(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _load_version(path: str, _mtime_ns: int, _size: int) -> Routine | None:
    # Imported here: the loader takes a while to import and the history
    # screens need it only once they look a routine up.
    from tui.core.routine.loader import load_routine

    try:
        return load_routine(path)
    except (RoutineError, OSError, ValueError):
        return None


def _bundled_by_title() -> dict[str, Path]:
    return _bundled_in(str(locations.bundled_routines_dir()))


@functools.lru_cache(maxsize=4)
def _bundled_in(folder: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    try:
        candidates = sorted(Path(folder).glob("*.toml"))
    except OSError:
        return found
    for candidate in candidates:
        routine = _load(str(candidate))
        if routine is not None:
            found.setdefault(routine.title, candidate)
    return found


def find_routine(title: str, path: str) -> RoutineInfo:
    """What the routine a session ran prescribes.

    Tries the file the session was run from, then a bundled routine with the
    same title; when neither can be read (a therapist's computer, say) the
    prescription is assumed to be once a day, every day, and marked so.
    """
    routine = _load(path) if path else None
    found_at = path if routine is not None else None
    if routine is None or routine.title != title:
        bundled = _bundled_by_title().get(title)
        if bundled is not None:
            routine = _load(str(bundled))
            found_at = str(bundled)
    if routine is None:
        return RoutineInfo(title, path, Prescription.of(None, None))
    prescription = Prescription.of(routine.sessions_per_day, routine.days_per_week)
    return RoutineInfo(title, path, prescription, routine, found_at)


def routines_in_history(store: HistoryStore) -> list[RoutineInfo]:
    """Every routine title in the history with its prescription, most recently run first."""
    titles = store.routine_titles()
    latest: dict[str, tuple[datetime, str]] = {}
    for title in titles:
        for s in store.sessions(routine=title, limit=20, include_preview=True):
            if s.routine.title == title:
                latest[title] = (s.started_at, s.routine.path)
                break
    ordered = sorted(latest, key=lambda t: latest[t][0], reverse=True)
    return [find_routine(t, latest[t][1]) for t in ordered]


# --------------------------------------------------------------------------- adherence


def counts_for_adherence(
    summaries: Iterable[SessionSummary], tz: tzinfo | None, *, title: str | None = None
) -> dict[date, int]:
    """Credited, non-preview sessions per local day (of one routine when ``title`` is given).

    Credited: completed with enough of the planned exercise done (the stored
    ``credited``, see :mod:`tui.core.session.outcome`).
    """
    counts: dict[date, int] = {}
    for s in summaries:
        if s.preview or not s.credited:
            continue
        if title is not None and s.routine.title != title:
            continue
        day = local_date(s.started_at, tz)
        counts[day] = counts.get(day, 0) + 1
    return counts


@dataclass(frozen=True)
class RoutineProgress:
    """One routine's adherence up to ``today``."""

    info: RoutineInfo
    counts: Mapping[date, int]
    #: The day of the routine's first credited session (``None``: none yet).
    start: date | None
    calendar: AdherenceCalendar
    streak: Streak
    last7: WindowAdherence
    last30: WindowAdherence
    #: The streak reaches back to the start of what was read: it is at least this long.
    streak_capped: bool
    #: The finished sessions of the last 30 days by whether they count, for the words.
    last30_count: CreditCount = field(default_factory=CreditCount)

    @property
    def days_since_start(self) -> int | None:
        """Days from the first credited session to today, both counted (``None``: none yet)."""
        return None if self.start is None else (self.calendar.today - self.start).days + 1


#: Sessions read per query.  SQLite plans the store's session query very
#: differently above a few hundred rows (it then reads every segment of the
#: history), so a short stretch is read in pages this size.
READ_PAGE = 300


def read_recent(
    store: HistoryStore, since: datetime, routine: str | None = None
) -> list[SessionSummary]:
    """Every non-preview session started since ``since`` (newest first), page by page."""
    out: list[SessionSummary] = []
    while True:
        page = store.sessions(since=since, routine=routine, limit=READ_PAGE, offset=len(out))
        out.extend(page)
        if len(page) < READ_PAGE:
            return out


def first_credited_day(store: HistoryStore, title: str, tz: tzinfo | None) -> date | None:
    """The local day of a routine's first credited, non-preview session."""
    offset = 0
    while True:
        page = store.sessions(routine=title, limit=50, offset=offset, oldest_first=True)
        for s in page:
            if s.routine.title == title and s.credited:
                return local_date(s.started_at, tz)
        if len(page) < 50:
            return None
        offset += 50


def routine_progress(
    store: HistoryStore,
    info: RoutineInfo,
    *,
    today: date,
    tz: tzinfo | None,
    weeks: int = 12,
    lookback_days: int = 120,
) -> RoutineProgress:
    """Read one routine's sessions of the last ``lookback_days`` and work out its adherence.

    The calendar shows the last ``weeks`` weeks; the streak is counted within
    the days read (``streak_capped`` says it may be longer).
    """
    since_day = today - timedelta(days=lookback_days - 1)
    since, _ = local_day_bounds(since_day, tz)
    if lookback_days <= 400:
        summaries = read_recent(store, since, info.title)
    else:
        summaries = store.sessions(since=since, routine=info.title)
    counts = counts_for_adherence(summaries, tz, title=info.title)
    # Sessions dated after today (a clock put back) are left out of the figures.
    counts = {day: n for day, n in counts.items() if day <= today}
    start = min(counts) if counts else None
    if start is None or start <= since_day:
        # The routine may have started before the days read (or not been done lately):
        # adherence is measured from its true first session, so a lapse shows as 0 %.
        start = first_credited_day(store, info.title, tz) or start
    prescription = info.prescription
    calendar = adherence_calendar(counts, prescription, today, weeks=weeks, start=start)
    streak = current_streak(counts, prescription, today)
    capped = streak.days >= lookback_days - 1 or streak.weeks * 7 >= lookback_days - 7
    return RoutineProgress(
        info=info,
        counts=counts,
        start=start,
        calendar=calendar,
        streak=streak,
        last7=window_adherence(counts, prescription, today, 7, start=start),
        last30=window_adherence(counts, prescription, today, 30, start=start),
        streak_capped=capped,
        last30_count=credit_count(
            s
            for s in summaries
            if s.routine.title == info.title
            and 0 <= (today - local_date(s.started_at, tz)).days < 30
        ),
    )


# --------------------------------------------------------------------------- pain and exercises


def read_pain_points(
    store: HistoryStore, since: datetime | None = None, until: datetime | None = None
) -> list[ChartPainPoint]:
    """The pain ratings of the non-preview sessions started in ``[since, until)``, oldest first."""
    return [
        ChartPainPoint(p.started_at, p.pain_before, p.pain_after, p.leg_before, p.back_before)
        for p in store.pain_series(since, until)
    ]


def read_exercise_tallies(
    store: HistoryStore, since: datetime | None = None, until: datetime | None = None
) -> list[ExerciseTally]:
    """Per-exercise counts of the sessions started in ``[since, until)``, what matters first.

    ``planned`` is what was done, skipped or cut short (see
    :func:`~tui.core.progress.sort_tallies` for the order).
    """
    return sort_tallies(
        ExerciseTally(c.name, c.done + c.skipped + c.partial, c.done, c.skipped, c.partial, c.hurt)
        for c in store.exercise_counts(since, until)
    )
