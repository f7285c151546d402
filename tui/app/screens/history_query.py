"""What the history screens read, and in which order the session list runs: no Textual here.

The screens (:mod:`tui.app.screens.history_list`, :mod:`~tui.app.screens.session_detail`,
:mod:`~tui.app.screens.progress_screen`) call the reading functions of this module
from Textual thread workers only, so the UI thread never waits on SQLite; what
they get back is plain data they render.  Time and time zone come from a
:class:`HistoryContext`, so tests can freeze them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from tui.core.history import (
    HistoryError,
    HistoryStore,
    SessionSummary,
    local_day_bounds,
    open_for_reading,
    to_local,
    utc_now,
)
from tui.core.progress import ChartPainPoint, ExerciseTally, local_date
from tui.core.progress_reading import (
    RoutineInfo,
    read_exercise_tallies,
    read_pain_points,
    routines_in_history,
)
from tui.core.session.ratings import PAIN_PAIR_WIDTH

#: Rows read from the store at a time; more are read as the list scrolls.
PAGE_SIZE = 100


@dataclass
class HistoryContext:
    """What every history screen needs: the store, the clock and the time zone."""

    store: HistoryStore
    #: The patient's time zone; ``None`` means the computer's own.
    tz: tzinfo | None = None
    #: The current time (aware).  Tests pass a frozen clock.
    now: Callable[[], datetime] = utc_now
    #: Shown in the title: a therapist is looking at a patient's file.
    read_only: bool = False
    #: Cached list of routines seen in the history (filled on first use).
    _routines: list[RoutineInfo] | None = field(default=None, repr=False)

    @property
    def today(self) -> date:
        """The patient's local date now."""
        return local_date(self.now(), self.tz)

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the patient's time zone."""
        return to_local(moment, self.tz)

    def routines(self) -> list[RoutineInfo]:
        """Routines in the history, most recently run first (read once: call it in a worker)."""
        if self._routines is None:
            self._routines = routines_in_history(self.store)
        return self._routines


# --------------------------------------------------------------------------- the list's order


@dataclass(frozen=True)
class ListQuery:
    """What the session list shows: filters and order."""

    routine: str | None = None
    #: First and last local day shown (inclusive); ``None`` for open-ended.
    since: date | None = None
    until: date | None = None
    include_preview: bool = False
    sort: str = "when"
    #: Flip the column's natural order (newest first, most pain first, ...).
    reverse: bool = False

    @property
    def filters(self) -> ListQuery:
        """The same filters in time order (what a read of every session depends on)."""
        return replace(self, sort="when", reverse=False)

    @property
    def filtered(self) -> bool:
        """True when a filter hides some sessions (the order aside)."""
        return self != ListQuery(sort=self.sort, reverse=self.reverse)


#: Column key, header, fixed width (``None``: the routine column takes what is left).
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("when", "When", 16),
    ("routine", "Routine", None),
    ("length", "Length", 7),
    ("status", "Status", 10),
    ("pain", "Pain", PAIN_PAIR_WIDTH),  # the widest "8 -> 10 ▲": the marker is never cut
    ("effort", "Effort", 6),
    ("hurt", "Hurt", 4),
)
COLUMN_KEYS = tuple(key for key, _, _ in COLUMNS)

# Natural order of each column: True when the largest value comes first.
_DESCENDING = {
    "when": True,
    "routine": False,
    "length": True,
    "status": False,
    "pain": True,
    "effort": True,
    "hurt": True,
}

_ORDER_WORDS = {
    "when": ("newest first", "oldest first"),
    "routine": ("by routine, Z to A", "by routine, A to Z"),
    "length": ("longest first", "shortest first"),
    "status": ("by status, Z to A", "by status, A to Z"),
    "pain": ("by pain change, most worse first", "by pain change, most improved first"),
    "effort": ("hardest first", "easiest first"),
    "hurt": ("most hurt marks first", "fewest hurt marks first"),
}


def order_words(query: ListQuery) -> str:
    """The list's order in words, e.g. "newest first" or "by pain change, most worse first"."""
    descending = _DESCENDING[query.sort] != query.reverse
    return _ORDER_WORDS[query.sort][0 if descending else 1]


#: The session value each column sorts by (:data:`tui.core.history.queries.SORT_SQL`).
_SORT_FIELDS = {
    "when": "started_at",
    "routine": "routine",
    "length": "duration",
    "status": "status",
    "pain": "pain_change",
    "effort": "effort",
    "hurt": "hurt",
}


class SessionPager:
    """Reads the session list page by page for one :class:`ListQuery`, from the store.

    Sorted by time, pages come straight from the store's time index (newest
    or oldest first); sorted by any other column, SQLite sorts each page
    (values missing last, ties newest first), so a history of 100,000
    sessions is never read whole.  Pages are read in a worker; a pager is
    used by one thread at a time.
    """

    def __init__(self, ctx: HistoryContext, query: ListQuery) -> None:
        self.ctx = ctx
        self.query = query
        self._offset = 0
        self._store_done = False

    @property
    def exhausted(self) -> bool:
        """Every matching session has been handed out."""
        return self._store_done

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The query's days as an aware ``[since, until)`` range."""
        q = self.query
        since = local_day_bounds(q.since, self.ctx.tz)[0] if q.since else None
        until = local_day_bounds(q.until, self.ctx.tz)[1] if q.until else None
        return since, until

    def _read(self, limit: int, offset: int) -> list[SessionSummary]:
        since, until = self.bounds()
        q = self.query
        descending = _DESCENDING[q.sort] != q.reverse
        sort = None if q.sort == "when" else (_SORT_FIELDS[q.sort], descending)
        return self.ctx.store.sessions(
            since,
            until,
            q.routine,
            q.include_preview,
            limit,
            offset=offset,
            oldest_first=not descending,
            sort=sort,
        )

    def _keep(self, s: SessionSummary) -> bool:
        # The store matches routine titles by substring; the list shows one routine exactly.
        return self.query.routine is None or s.routine.title == self.query.routine

    def next_page(self, size: int = PAGE_SIZE) -> list[SessionSummary]:
        """The next ``size`` sessions (fewer at the end; reads the store: call it in a worker)."""
        out: list[SessionSummary] = []
        while len(out) < size and not self._store_done:
            page = self._read(size, self._offset)
            self._offset += len(page)
            if len(page) < size:
                self._store_done = True
            out.extend(s for s in page if self._keep(s))
        return out


@dataclass(frozen=True)
class ListPage:
    """One page of the session list, read for ``pager``."""

    pager: SessionPager
    rows: tuple[SessionSummary, ...]


def read_page(pager: SessionPager, size: int) -> ListPage:
    """The next page of ``pager`` (reads the store: call it in a worker)."""
    return ListPage(pager, tuple(pager.next_page(size)))


# --------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class ChartPeriod:
    """What the progress screen charts for one period: its local days, ratings and counts."""

    start: date
    end: date
    points: tuple[ChartPainPoint, ...]
    tallies: tuple[ExerciseTally, ...]


def read_period(ctx: HistoryContext, days: int | None) -> ChartPeriod:
    """The last ``days`` local days up to today (``None``: the whole history), read from the store.

    A history younger than the period is charted from its first rating.
    """
    today = ctx.today
    if days is not None:
        start = today - timedelta(days=days - 1)
    else:
        first = ctx.store.sessions(limit=1, oldest_first=True)
        start = local_date(first[0].started_at, ctx.tz) if first else today
    since = local_day_bounds(start, ctx.tz)[0]
    until = local_day_bounds(today, ctx.tz)[1]
    points = tuple(read_pain_points(ctx.store, since, until))
    tallies = read_exercise_tallies(ctx.store, since, until)
    if points:
        start = max(start, min(local_date(points[0].at, ctx.tz), today))
    return ChartPeriod(start, today, points, tuple(tallies))


# --------------------------------------------------------------------------- opening a history
# The one place the screens open a store.


def empty_store() -> HistoryStore:
    """An empty, read-only history in memory (shown when the real one can't be opened)."""
    return HistoryStore.empty()


def open_store(db_path: Path | None, read_only: bool) -> HistoryStore:
    """Open the history for browsing.

    Read-only opens never write to the file; a file of an older schema is
    read through an upgraded copy in memory.  The patient's own history is
    opened normally (created empty when missing).
    """
    return open_for_reading(db_path) if read_only else HistoryStore.open(db_path)


def open_for_browsing(db_path: Path | None, read_only: bool) -> tuple[HistoryStore, str | None]:
    """The history at ``db_path`` and ``None``, or an empty one and why the file can't be read."""
    try:
        return open_store(db_path, read_only), None
    except HistoryError as exc:
        return empty_store(), str(exc)
