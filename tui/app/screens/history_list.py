"""The history screens: the session list, one session in detail, and progress.

:class:`HistoryScreen` is what the home screen pushes (and what
``supple history`` opens on its own, see :mod:`tui.app.history_app`).  It is a
``Screen[str | None]`` that dismisses with the path of a routine the patient
chose to run again (key ``a``), or ``None`` when closed.

All three read the :class:`~tui.core.history.store.HistoryStore` through its
summary queries and page through the session list, so they open at once on
a history of many years.  They never write to the store: a therapist's
read-only view and the patient's own view behave the same.  Time and time
zone come from a :class:`HistoryContext`, so tests can freeze them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Footer, Input, Select, Static
from textual.widgets.data_table import ColumnKey
from textual_plotext import PlotextPlot

from tui.core.history import (
    HistoryError,
    HistoryStore,
    Session,
    SessionSummary,
    local_day_bounds,
    open_for_reading,
    to_local,
    utc_now,
)
from tui.core.progress import (
    DISCLAIMER,
    ChartPainPoint,
    ExerciseTally,
    local_date,
    pain_chart_series,
)
from tui.core.progress_reading import (
    RoutineInfo,
    RoutineProgress,
    read_exercise_tallies,
    read_pain_points,
    routine_progress,
    routines_in_history,
)
from tui.core.session.ratings import PainTrend, effort_label, pain_label, pain_trend
from tui.core.session.words import clock_text, record_part, record_title

#: Rows read from the store at a time; more are read as the list scrolls.
PAGE_SIZE = 100
#: Load the next page when the cursor or the scroll position is this close to the end.
LOAD_AHEAD = 30


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
        """Routines in the history, most recently run first (read once)."""
        if self._routines is None:
            self._routines = routines_in_history(self.store)
        return self._routines


def _theme_style(widget: Widget, name: str, fallback: str) -> Style:
    """A Rich style in the app theme's colour ``name`` (e.g. ``success``)."""
    colour = widget.app.theme_variables.get(name, fallback)
    return Style(color=colour, bold=True)


def _status_text(summary: SessionSummary) -> str:
    if summary.status is None:
        return "unfinished"
    return summary.status.value


def _pain_cell(summary: SessionSummary, good: Style, bad: Style) -> Text:
    before = "-" if summary.pain_before is None else str(summary.pain_before)
    after = "-" if summary.pain_after is None else str(summary.pain_after)
    change = pain_trend(summary.pain_before, summary.pain_after)
    text = Text(f"{before} -> ")
    if change is PainTrend.IMPROVED:
        text.append(f"{after} ▼", good)
    elif change is PainTrend.WORSE:
        text.append(f"{after} ▲", bad)
    else:
        text.append(after)
    return text


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


# --------------------------------------------------------------------------- the list


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


#: Column key, header, fixed width (``None``: the routine column takes what is left).
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("when", "When", 16),
    ("routine", "Routine", None),
    ("length", "Length", 7),
    ("status", "Status", 10),
    ("pain", "Pain", 8),
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


def _sort_value(key: str, s: SessionSummary) -> object | None:
    if key == "when":
        return s.started_at
    if key == "routine":
        return s.routine.title.casefold()
    if key == "length":
        d = s.duration
        return None if d is None else d.total_seconds()
    if key == "status":
        return _status_text(s)
    if key == "pain":
        return s.pain_change
    if key == "effort":
        return s.effort
    if key == "hurt":
        return s.tally.hurt
    raise KeyError(key)


def sort_summaries(rows: Sequence[SessionSummary], key: str, reverse: bool) -> list[SessionSummary]:
    """Sessions in the order of column ``key``; missing values always go last.

    Ties keep newest first, so the order is the same every time.
    """
    descending = _DESCENDING[key] != reverse
    newest = sorted(rows, key=lambda s: (s.started_at, s.id), reverse=True)
    known = [s for s in newest if _sort_value(key, s) is not None]
    missing = [s for s in newest if _sort_value(key, s) is None]
    known.sort(key=lambda s: _sort_value(key, s), reverse=descending)  # type: ignore[arg-type,return-value]
    return known + missing


class SessionPager:
    """Reads the session list page by page for one :class:`ListQuery`.

    Sorted by time, pages come straight from the store (newest or oldest
    first).  Sorted by any other column, every matching session is read once
    (off the UI thread, see :meth:`HistoryScreen._load_all`) and paged from
    memory.
    """

    def __init__(self, ctx: HistoryContext, query: ListQuery) -> None:
        self.ctx = ctx
        self.query = query
        self._offset = 0
        self._store_done = False
        self._all: list[SessionSummary] | None = None
        self._served = 0

    @property
    def by_store(self) -> bool:
        """Pages come from the store in time order."""
        return self.query.sort == "when"

    @property
    def exhausted(self) -> bool:
        """Every matching session has been handed out."""
        if self._all is not None:
            return self._served >= len(self._all)
        return self._store_done

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The query's days as an aware ``[since, until)`` range."""
        q = self.query
        since = local_day_bounds(q.since, self.ctx.tz)[0] if q.since else None
        until = local_day_bounds(q.until, self.ctx.tz)[1] if q.until else None
        return since, until

    def _read(self, limit: int | None, offset: int, oldest_first: bool) -> list[SessionSummary]:
        since, until = self.bounds()
        return self.ctx.store.sessions(
            since,
            until,
            self.query.routine,
            self.query.include_preview,
            limit,
            offset=offset,
            oldest_first=oldest_first,
        )

    def _keep(self, s: SessionSummary) -> bool:
        # The store matches routine titles by substring; the list shows one routine exactly.
        return self.query.routine is None or s.routine.title == self.query.routine

    def read_everything(self) -> list[SessionSummary]:
        """Every matching session (slow on a long history: call it in a worker)."""
        return [s for s in self._read(None, 0, False) if self._keep(s)]

    def set_everything(self, rows: Sequence[SessionSummary]) -> None:
        """Serve pages from ``rows`` (read by :meth:`read_everything`), sorted here."""
        self._all = sort_summaries(rows, self.query.sort, self.query.reverse)
        self._served = 0

    def next_page(self, size: int = PAGE_SIZE) -> list[SessionSummary]:
        """The next ``size`` sessions (fewer at the end)."""
        if self._all is not None:
            page = self._all[self._served : self._served + size]
            self._served += len(page)
            return page
        out: list[SessionSummary] = []
        while len(out) < size and not self._store_done:
            page = self._read(size, self._offset, self.query.reverse)
            self._offset += len(page)
            if len(page) < size:
                self._store_done = True
            out.extend(s for s in page if self._keep(s))
        return out


class SessionTable(DataTable[Text | str]):
    """The session list's table; asks for more rows as it nears its end."""

    # In a list of rows, Home and End mean the first and last row.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    class NearEnd(Message):
        """The cursor or the view may be close to the last loaded row."""

    def needs_more(self) -> bool:
        """True when fewer than :data:`LOAD_AHEAD` loaded rows lie below the cursor or view."""
        below_view = self.row_count - (self.scroll_y + self.scrollable_content_region.height)
        below_cursor = self.row_count - 1 - self.cursor_row
        return min(below_view, below_cursor) < LOAD_AHEAD

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value:
            self.post_message(self.NearEnd())

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row > old.row:
            self.post_message(self.NearEnd())


def _parse_day(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date, or ``None`` for empty text; ``ValueError`` otherwise."""
    text = text.strip()
    if not text:
        return None
    return date.fromisoformat(text)


class HistoryScreen(Screen[str | None]):
    """Every session, newest first, with filters, sorting and a way into details."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#sessions"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Close the history", id="history.back"),
        Binding(
            "enter",
            "open_session",
            "Details",
            tooltip="Show every segment of the selected session",
            id="history.details",
            show=True,
        ),
        Binding(
            "p", "progress", "Progress", tooltip="Pain chart and adherence", id="history.progress"
        ),
        Binding("s", "next_sort", "Sort", tooltip="Sort by the next column", id="history.sort"),
        Binding("o", "reverse_sort", "Reverse", tooltip="Reverse the order", id="history.reverse"),
        Binding(
            "v",
            "toggle_previews",
            "Previews",
            tooltip="Show or hide preview (sped-up) runs",
            id="history.previews",
        ),
        Binding(
            "f", "filter", "Filter", tooltip="Filter by routine and dates", id="history.filter"
        ),
        Binding(
            "a",
            "run_again",
            "Run again",
            tooltip="Close the history and run the selected session's routine",
            id="history.run_again",
            show=False,
        ),
    ]

    def __init__(
        self,
        store: HistoryStore | None = None,
        *,
        db: Path | None = None,
        read_only: bool = False,
        context: HistoryContext | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """Browse ``store``, or the history at ``db`` (default: the patient's own).

        A store opened here (from ``db``) is closed when the screen goes away.
        """
        super().__init__(name=name, id=id)
        self._own_store: HistoryStore | None = None
        #: Why the history could not be opened (the screen then shows it, empty).
        self.error: str | None = None
        if context is None:
            if store is None:
                try:
                    store = open_store(db, read_only)
                except HistoryError as exc:
                    self.error = str(exc)
                    store = empty_store()
                self._own_store = store
            context = HistoryContext(store, read_only=read_only)
        self.ctx = context
        self.query_state = ListQuery()
        self._pager: SessionPager | None = None
        self._rows: dict[str, SessionSummary] = {}
        self._loading_more = False
        #: Every session matching a filter (sort left at time), once read for sorting.
        self._everything: dict[ListQuery, list[SessionSummary]] = {}
        self._routine_width = 24

    def on_unmount(self) -> None:
        if self._own_store is not None:
            self._own_store.close()

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        titles = self.ctx.store.routine_titles()
        with Vertical(id="history"):
            yield Static(self._title_text(), id="history-title", classes="screen-title")
            with Horizontal(id="history-filters"):
                yield Select(
                    [(Text(t), t) for t in titles],
                    prompt="All routines",
                    id="routine-filter",
                    compact=True,
                )
                yield Input(placeholder="from YYYY-MM-DD", id="since", compact=True)
                yield Input(placeholder="to YYYY-MM-DD", id="until", compact=True)
                yield Checkbox("Previews", id="show-previews")
            table = SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static(
                "No sessions yet. When you finish a routine it appears here.",
                id="history-empty",
            )
            yield Static("", id="history-status")
            yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def _title_text(self) -> str:
        if self.ctx.read_only:
            path = self.ctx.store.path
            where = f" in {path.name}" if path is not None else ""
            return f"Sessions{where} (read-only)"
        return "Your sessions"

    def on_mount(self) -> None:
        self._setup_columns()
        self.reload()
        # After the first frame, so it never delays it.
        self.call_after_refresh(self._warm_up)
        if self.error is not None:
            self.query_one("#history-empty", Static).update(self.error)
            self.notify(self.error, title="History unavailable", severity="error")

    def on_resize(self, event: events.Resize) -> None:
        width = self._routine_column_width(event.size.width)
        if width != self._routine_width:
            self._setup_columns()
            self.reload()

    def _routine_column_width(self, screen_width: int) -> int:
        fixed = sum(w or 0 for _, _, w in COLUMNS) + 2 * len(COLUMNS) + 2
        return max(10, min(40, screen_width - fixed))

    def _setup_columns(self) -> None:
        table = self.query_one(SessionTable)
        table.clear(columns=True)
        self._routine_width = self._routine_column_width(self.size.width or 80)
        for key, label, width in COLUMNS:
            table.add_column(self._header(key, label), key=key, width=width or self._routine_width)

    def _header(self, key: str, label: str) -> Text:
        # The sorted column is underlined; the status line says which way it runs.
        style = "bold underline" if key == self.query_state.sort else ""
        return Text(label, style, justify="right" if key in ("effort", "hurt") else "left")

    def _refresh_headers(self) -> None:
        table = self.query_one(SessionTable)
        for key, label, _ in COLUMNS:
            table.columns[ColumnKey(key)].label = self._header(key, label)
        table.refresh()

    def order_text(self) -> str:
        """The list's order in words, e.g. "newest first" or "by pain change, worse first"."""
        q = self.query_state
        descending = _DESCENDING[q.sort] != q.reverse
        return _ORDER_WORDS[q.sort][0 if descending else 1]

    # ----------------------------------------------------------------- loading

    def reload(self) -> None:
        """Show the list again from the top for the current query."""
        table = self.query_one(SessionTable)
        table.clear()
        self._rows.clear()
        self._refresh_headers()
        self._pager = SessionPager(self.ctx, self.query_state)
        if self._pager.by_store:
            self._append(self._pager.next_page(PAGE_SIZE))
        else:
            cached = self._everything.get(self.query_state.filters)
            if cached is not None:
                self._pager.set_everything(cached)
                self._append(self._pager.next_page(PAGE_SIZE))
            else:
                self._set_status("Sorting…")
                self._load_all(self._pager)
        self._update_status()

    @work(thread=True, group="history-warm-up")
    def _warm_up(self) -> None:
        # Read the routines and their prescriptions now, so Progress opens at once.
        self.ctx.routines()

    @work(thread=True, exclusive=True, group="history-sort")
    def _load_all(self, pager: SessionPager) -> None:
        rows = pager.read_everything()
        pager.set_everything(rows)
        self.app.call_from_thread(self._loaded_all, pager, rows)

    def _loaded_all(self, pager: SessionPager, rows: list[SessionSummary]) -> None:
        self._everything = {pager.query.filters: rows}
        if pager is not self._pager:
            return  # the query changed meanwhile
        self._append(pager.next_page(PAGE_SIZE))
        self._update_status()

    def _append(self, page: list[SessionSummary]) -> None:
        table = self.query_one(SessionTable)
        good = _theme_style(self, "success", "green")
        bad = _theme_style(self, "error", "red")
        warn = _theme_style(self, "warning", "yellow")
        rows = []
        keys = []
        for s in page:
            if s.id in self._rows:
                continue
            self._rows[s.id] = s
            keys.append(s.id)
            rows.append(self._row(s, good, bad, warn))
        for key, row in zip(keys, rows, strict=True):
            table.add_row(*row, key=key)

    def _row(self, s: SessionSummary, good: Style, bad: Style, warn: Style) -> list[Text]:
        when = self.ctx.local(s.started_at).strftime("%Y-%m-%d %H:%M")
        title = s.routine.title
        if s.preview:
            title = f"[preview] {title}"
        duration = s.duration
        length = clock_text(None if duration is None else duration.total_seconds())
        status = _status_text(s)
        status_cell = Text(status, warn if status in ("partial", "abandoned", "unfinished") else "")
        effort = Text("" if s.effort is None else str(s.effort), justify="right")
        hurt = Text(str(s.tally.hurt) if s.tally.hurt else "", bad, justify="right")
        # Every cell is Text: a plain str would be read as markup, and titles are user text.
        cells = [
            Text(when),
            Text(_truncate(title, self._routine_width)),
            Text(length),
            status_cell,
            _pain_cell(s, good, bad),
            effort,
            hurt,
        ]
        if s.preview:
            for cell in cells:
                cell.stylize("dim italic")
        return cells

    def _set_status(self, text: str) -> None:
        self.query_one("#history-status", Static).update(text)

    def _update_status(self) -> None:
        table = self.query_one(SessionTable)
        count = table.row_count
        pager = self._pager
        empty = count == 0 and pager is not None and pager.exhausted
        filtered = self.query_state != ListQuery(
            sort=self.query_state.sort, reverse=self.query_state.reverse
        )
        empty_note = self.query_one("#history-empty", Static)
        empty_note.display = empty
        table.display = not empty
        if empty and self.error is not None:
            empty_note.update(self.error)
        elif empty and filtered:
            empty_note.update("No sessions match these filters.")
        elif empty:
            empty_note.update("No sessions yet. When you finish a routine it appears here.")
        if pager is None or (not pager.exhausted and not pager.by_store and count == 0):
            return
        plural = "session" if count == 1 else "sessions"
        more = "" if pager.exhausted else "+"
        self._set_status(f"{count:,}{more} {plural}, {self.order_text()}")

    @on(SessionTable.NearEnd)
    def _near_end(self) -> None:
        if self._loading_more or self._pager is None or self._pager.exhausted:
            return
        if not self.query_one(SessionTable).needs_more():
            return
        if self._pager._all is None and not self._pager.by_store:
            return  # still sorting
        self._loading_more = True
        try:
            self._append(self._pager.next_page(PAGE_SIZE * 2))
            self._update_status()
        finally:
            self._loading_more = False

    # ----------------------------------------------------------------- filters

    def _set_query(self, **changes: Any) -> None:
        query = replace(self.query_state, **changes)
        if query != self.query_state:
            self.query_state = query
            self.reload()

    @on(Select.Changed, "#routine-filter")
    def _routine_changed(self, event: Select.Changed) -> None:
        value = event.value
        self._set_query(routine=value if isinstance(value, str) else None)

    @on(Input.Changed, "#since, #until")
    def _dates_changed(self, event: Input.Changed) -> None:
        try:
            day = _parse_day(event.value)
        except ValueError:
            event.input.add_class("-invalid")
            return
        event.input.remove_class("-invalid")
        if event.input.id == "since":
            self._set_query(since=day)
        else:
            self._set_query(until=day)

    @on(Input.Submitted, "#since, #until")
    def _dates_submitted(self) -> None:
        self.query_one(SessionTable).focus()

    @on(Checkbox.Changed, "#show-previews")
    def _previews_changed(self, event: Checkbox.Changed) -> None:
        self._set_query(include_preview=event.value)

    @on(DataTable.HeaderSelected, "#sessions")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.query_state.sort:
            self._set_query(reverse=not self.query_state.reverse)
        else:
            self._set_query(sort=key, reverse=False)

    @on(DataTable.RowSelected, "#sessions")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self._open(event.row_key.value)

    # ----------------------------------------------------------------- actions

    def action_back(self) -> None:
        """Leave a filter field, or close the history."""
        focused = self.focused
        if isinstance(focused, (Input, Select, Checkbox)):
            self.query_one(SessionTable).focus()
            return
        self.dismiss(None)

    def action_open_session(self) -> None:
        """Open the selected session's details."""
        session_id = self.selected_id()
        if session_id is not None:
            self._open(session_id)

    def selected_id(self) -> str | None:
        """The id of the session under the cursor."""
        table = self.query_one(SessionTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        return row_key.value

    def _open(self, session_id: str) -> None:
        self.app.push_screen(SessionDetailScreen(self.ctx, session_id))

    def action_progress(self) -> None:
        """Open the progress screen."""
        self.app.push_screen(ProgressScreen(self.ctx, routine=self.query_state.routine))

    def action_next_sort(self) -> None:
        """Sort by the next column."""
        index = COLUMN_KEYS.index(self.query_state.sort)
        self._set_query(sort=COLUMN_KEYS[(index + 1) % len(COLUMN_KEYS)], reverse=False)

    def action_reverse_sort(self) -> None:
        """Reverse the order of the list."""
        self._set_query(reverse=not self.query_state.reverse)

    def action_toggle_previews(self) -> None:
        """Show or hide preview runs."""
        box = self.query_one("#show-previews", Checkbox)
        box.value = not box.value

    def action_filter(self) -> None:
        """Move to the filter fields."""
        self.query_one("#routine-filter", Select).focus()

    def action_run_again(self) -> None:
        """Close the history with the selected session's routine path."""
        session_id = self.selected_id()
        if session_id is None or self.ctx.read_only:
            return
        summary = self._rows.get(session_id)
        if summary is not None and summary.routine.path:
            self.dismiss(summary.routine.path)


# --------------------------------------------------------------------------- detail


class SessionDetailScreen(Screen[None]):
    """One session: every segment planned against done, ratings and the note."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#segments"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the list", id="detail.back"),
        Binding(
            "w",
            "toggle_work",
            "Exercise only",
            tooltip="Hide get-ready, rest and switch segments",
            id="detail.work_only",
        ),
    ]

    def __init__(self, ctx: HistoryContext, session_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.session_id = session_id
        self.session: Session | None = ctx.store.session(session_id)
        self.work_only = False

    def compose(self) -> ComposeResult:
        with Vertical(id="detail"):
            yield Static(self._title(), id="detail-title", classes="screen-title")
            yield Static(self._summary(), id="detail-summary")
            yield Static(self._note(), id="detail-note")
            yield DataTable[Text | str](id="segments", cursor_type="row", zebra_stripes=True)
            yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def _title(self) -> Text:
        s = self.session
        if s is None:
            return Text("This session is no longer in the history.")
        when = self.ctx.local(s.started_at).strftime("%A %d %B %Y, %H:%M")
        text = Text.assemble(("Session: ", "bold"), (s.routine.title, "bold"), f" — {when}")
        if s.preview:
            text.append("  [preview run]", "italic")
        return text

    def _summary(self) -> Text:
        s = self.session
        if s is None:
            return Text("")
        good = _theme_style(self, "success", "green")
        bad = _theme_style(self, "error", "red")
        duration = s.duration
        length = clock_text(None if duration is None else duration.total_seconds())
        t = s.tally
        text = Text()
        text.append("Status ", "dim")
        text.append(_status_text(s))
        text.append("   Length ", "dim")
        text.append(length)
        text.append("   Exercise ", "dim")
        text.append(clock_text(s.exercise_seconds))
        text.append("\nPain before ", "dim")
        text.append("skipped" if s.pain_before is None else pain_label(s.pain_before))
        text.append("  after ", "dim")
        text.append("skipped" if s.pain_after is None else pain_label(s.pain_after))
        change = pain_trend(s.pain_before, s.pain_after)
        if change is not None and s.pain_change is not None:
            points = abs(s.pain_change)
            unit = "point" if points == 1 else "points"
            if change is PainTrend.IMPROVED:
                text.append(f"  ({points} {unit} lower)", good)
            elif change is PainTrend.WORSE:
                text.append(f"  ({points} {unit} higher)", bad)
            elif points:
                text.append(f"  ({points} {unit} {'higher' if s.pain_change > 0 else 'lower'})")
            else:
                text.append("  (no change)")
        text.append("\nEffort ", "dim")
        text.append("skipped" if s.effort is None else effort_label(s.effort))
        text.append("   Segments ", "dim")
        text.append(f"{t.done} done, {t.skipped} skipped, {t.partial} partial")
        text.append("   Hurt marks ", "dim")
        text.append(str(t.hurt), bad if t.hurt else "")
        return text

    def _note(self) -> Text:
        s = self.session
        if s is None or not s.notes:
            return Text("No note.", "dim")
        return Text.assemble(("Note: ", "bold"), s.notes)

    def on_mount(self) -> None:
        table = self.query_one("#segments", DataTable)
        table.add_column("#", key="n", width=3)
        table.add_column("Exercise", key="name")
        table.add_column("Part", key="part")
        table.add_column("Planned", key="planned", width=7)
        table.add_column("Done", key="actual", width=7)
        table.add_column("Outcome", key="status", width=8)
        table.add_column("Hurt", key="hurt", width=6)
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#segments", DataTable)
        table.clear()
        s = self.session
        if s is None:
            return
        bad = _theme_style(self, "error", "red")
        warn = _theme_style(self, "warning", "yellow")
        for seg in s.segments:
            if self.work_only and not seg.is_work:
                continue
            dim = "" if seg.is_work else "dim"
            name = record_title(seg)
            planned = "own pace" if seg.planned_seconds is None else clock_text(seg.planned_seconds)
            status = seg.status.value
            table.add_row(
                Text(str(seg.position + 1), "dim"),
                Text(name, dim),
                Text(record_part(seg), dim),
                Text(planned, dim),
                Text(clock_text(seg.actual_seconds), dim),
                Text(status, warn if status != "done" else dim),
                Text("✱ hurt", bad) if seg.hurt else Text(""),
                key=str(seg.position),
            )

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_toggle_work(self) -> None:
        """Show only exercise segments, or every segment."""
        self.work_only = not self.work_only
        self._fill()


# --------------------------------------------------------------------------- progress


#: Chart ranges: label and days (``None``: all of the history).
RANGES: tuple[tuple[str, int | None], ...] = (
    ("30 days", 30),
    ("90 days", 90),
    ("1 year", 365),
    ("all", None),
)


class AdherenceCalendarView(Static):
    """Weeks by days, each day marked by sessions done against the prescription."""

    def show(self, progress: RoutineProgress | None) -> None:
        """Draw ``progress``'s calendar (or a note when there is none)."""
        if progress is None:
            self.update(Text("No completed sessions yet.", "dim"))
            return
        good = _theme_style(self, "success", "green")
        part = _theme_style(self, "warning", "yellow")
        cal = progress.calendar
        text = Text()
        text.append("Week of   M T W T F S S  done\n", "bold")
        for week in cal.weeks:
            text.append(f"{week.monday:%d %b %y} ")
            for day in week.days:
                level = day.level
                if level == "full":
                    text.append("■ ", good)
                elif level == "part":
                    text.append("◧ ", part)
                elif level == "none":
                    text.append("· ", "dim")
                else:
                    text.append("  ")
            figure = f"{week.percent:>3}%"
            text.append(f" {figure}" + (" so far" if week.in_progress else ""))
            text.append("\n")
        text.append("■", good)
        text.append(" all done  ")
        text.append("◧", part)
        text.append(" some  · none\n", "")
        text.append("Completed sessions vs prescribed.", "dim")
        self.update(text)


class PainChart(PlotextPlot):
    """Pain before and after each session, with the 7-day average."""

    _last: tuple[Sequence[ChartPainPoint], date, date, tzinfo | None] | None = None

    def on_resize(self) -> None:
        # How many points fit depends on the width: draw again for the new size.
        if self._last is not None:
            self.draw(*self._last)

    def draw(
        self,
        points: Sequence[ChartPainPoint],
        start: date,
        end: date,
        tz: tzinfo | None,
    ) -> None:
        """Plot ``points`` from ``start`` to ``end`` (local days)."""
        self._last = (points, start, end, tz)
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        width = max(40, self.size.width or 80)
        series = pain_chart_series(points, tz, start, max_points=2 * width)
        span = max(1, (end - start).days + 1)
        if series.bucket_days == 1:
            plt.title("Pain 0-10, all routines (daily averages)")
        elif series.bucket_days:
            plt.title(f"Pain 0-10, all routines (averages of {series.bucket_days} days)")
        else:
            plt.title("Pain 0-10, all routines")
        if series.empty:
            plt.title("Pain 0-10: no ratings in this period")
        else:
            if series.before:
                xs, ys = zip(*series.before, strict=True)
                plt.scatter(list(xs), list(ys), marker="dot", color="blue", label="before")
            if series.after:
                xs, ys = zip(*series.after, strict=True)
                plt.scatter(list(xs), list(ys), marker="x", color="magenta", label="after")
            if series.average:
                xs, ys = zip(*series.average, strict=True)
                plt.plot(list(xs), list(ys), marker="braille", color="green", label="7-day avg")
        plt.ylim(0, 10)
        plt.xlim(0, span)
        plt.yticks([0, 2, 4, 6, 8, 10])
        ticks = 4 if width < 90 else 6
        positions = [float(round(span * i / (ticks - 1))) for i in range(ticks)]
        labels = [(start + timedelta(days=int(p))).strftime("%d %b %y") for p in positions]
        plt.xticks(positions, labels)
        self.refresh()


class ProgressScreen(Screen[None]):
    """Pain over time, the adherence calendar, streak, adherence and exercise counts."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#progress-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the list", id="progress.back"),
        Binding(
            "r",
            "next_routine",
            "Routine",
            tooltip="Adherence of the next routine",
            id="progress.routine",
        ),
        Binding(
            "left_square_bracket",
            "range(-1)",
            "Shorter",
            tooltip="Chart a shorter period",
            id="progress.shorter",
        ),
        Binding(
            "right_square_bracket",
            "range(1)",
            "Longer",
            tooltip="Chart a longer period",
            id="progress.longer",
        ),
    ]

    def __init__(self, ctx: HistoryContext, *, routine: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.routines = ctx.routines()
        self.routine_index = 0
        for i, info in enumerate(self.routines):
            if info.title == routine:
                self.routine_index = i
        self.range_index = 1
        self.progress: RoutineProgress | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="progress-body"):
            yield Static("", id="progress-title", classes="screen-title")
            yield Static("", id="progress-stats")
            yield PainChart(id="pain-chart")
            with Horizontal(id="progress-lower"):
                yield AdherenceCalendarView(id="calendar")
                yield DataTable[Text | str](id="exercises", cursor_type="row", zebra_stripes=True)
            yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        # Side by side on a wide terminal, one under the other on a narrow one.
        self.set_class(event.size.width < 100, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")
        table = self.query_one("#exercises", DataTable)
        table.add_column("Exercise", key="name")
        table.add_column("Done", key="done", width=5)
        table.add_column("Skipped", key="skipped", width=7)
        table.add_column("Hurt", key="hurt", width=5)
        self._show_routine()
        self._show_range()

    # ----------------------------------------------------------------- routine

    def _show_routine(self) -> None:
        info = self.routines[self.routine_index] if self.routines else None
        title = self.query_one("#progress-title", Static)
        stats = self.query_one("#progress-stats", Static)
        calendar = self.query_one(AdherenceCalendarView)
        if info is None:
            self.progress = None
            title.update(Text("Progress: no sessions yet", "bold"))
            stats.update(Text("Finish a routine and your progress appears here.", "dim"))
            calendar.show(None)
            return
        progress = routine_progress(
            self.ctx.store, info, today=self.ctx.today, tz=self.ctx.tz, weeks=12
        )
        self.progress = progress
        head = Text.assemble(("Progress: ", "bold"), (info.title, "bold"))
        rx = info.prescription
        times = f"{rx.sessions_per_day} a day"
        days = "every day" if rx.days_per_week == 7 else f"{rx.days_per_week} days a week"
        head.append(f" — {times}, {days}" + ("" if rx.known else " (assumed)"), "dim")
        if len(self.routines) > 1:
            head.append(f"  ({self.routine_index + 1} of {len(self.routines)})", "dim")
        title.update(head)
        stats.update(self._stats_text(progress))
        calendar.show(progress if progress.start is not None else None)
        if progress.streak_capped and progress.start is not None:
            self._count_whole_streak(info, progress.start)

    @work(thread=True, exclusive=True, group="progress-streak")
    def _count_whole_streak(self, info: RoutineInfo, start: date) -> None:
        # The first read covered recent months only; a longer streak is counted here.
        days = (self.ctx.today - start).days + 1
        whole = routine_progress(
            self.ctx.store, info, today=self.ctx.today, tz=self.ctx.tz, lookback_days=days
        )
        self.app.call_from_thread(self._streak_counted, whole)

    def _streak_counted(self, progress: RoutineProgress) -> None:
        if self.progress is None or self.progress.info != progress.info:
            return  # another routine is shown now
        self.progress = progress
        self.query_one("#progress-stats", Static).update(self._stats_text(progress))

    @staticmethod
    def _stats_text(progress: RoutineProgress) -> Text:
        def pct(value: int | None) -> str:
            return "—" if value is None else f"{value}%"

        streak = progress.streak.describe()
        if progress.streak_capped:
            streak = f"at least {streak}"
        text = Text()
        text.append("Streak ", "dim")
        text.append(streak, "bold")
        text.append("   Last 7 days ", "dim")
        text.append(pct(progress.last7.percent), "bold")
        text.append("   Last 30 days ", "dim")
        text.append(pct(progress.last30.percent), "bold")
        return text

    # ----------------------------------------------------------------- chart range

    def _range_start(self) -> date:
        _label, days = RANGES[self.range_index]
        today = self.ctx.today
        if days is not None:
            return today - timedelta(days=days - 1)
        first = self.ctx.store.sessions(limit=1, oldest_first=True)
        return local_date(first[0].started_at, self.ctx.tz) if first else today

    def _show_range(self) -> None:
        start = self._range_start()
        today = self.ctx.today
        since = local_day_bounds(start, self.ctx.tz)[0]
        until = local_day_bounds(today, self.ctx.tz)[1]
        if RANGES[self.range_index][1] is None or RANGES[self.range_index][1] == 365:
            self._load_range(start, today, since, until)
            return
        self._draw_range(start, today, *self._read_range(since, until))

    def _read_range(
        self, since: datetime, until: datetime
    ) -> tuple[list[ChartPainPoint], list[ExerciseTally]]:
        store = self.ctx.store
        return read_pain_points(store, since, until), read_exercise_tallies(store, since, until)

    @work(thread=True, exclusive=True, group="progress-range")
    def _load_range(self, start: date, today: date, since: datetime, until: datetime) -> None:
        result = self._read_range(since, until)
        self.app.call_from_thread(self._draw_range, start, today, *result)

    def _draw_range(
        self, start: date, today: date, points: list[ChartPainPoint], tallies: list[ExerciseTally]
    ) -> None:
        if points:
            # A history younger than the period fills the chart from its first rating.
            start = max(start, min(local_date(points[0].at, self.ctx.tz), today))
        self.query_one(PainChart).draw(points, start, today, self.ctx.tz)
        label = RANGES[self.range_index][0]
        table = self.query_one("#exercises", DataTable)
        table.border_title = f"Exercises, last {label}" if label != "all" else "Exercises, all time"
        table.clear()
        bad = _theme_style(self, "error", "red")
        warn = _theme_style(self, "warning", "yellow")
        for t in tallies:
            if t.planned == 0 and t.hurt == 0:
                continue  # get-ready and the like
            table.add_row(
                Text(t.name),
                str(t.done),
                Text(str(t.skipped), warn if t.skipped else ""),
                Text(str(t.hurt), bad if t.hurt else ""),
                key=t.name,
            )

    # ----------------------------------------------------------------- actions

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_next_routine(self) -> None:
        """Show the adherence of the next routine in the history."""
        if len(self.routines) > 1:
            self.routine_index = (self.routine_index + 1) % len(self.routines)
            self._show_routine()

    def action_range(self, step: int) -> None:
        """Chart a shorter (-1) or longer (+1) period."""
        index = min(max(self.range_index + step, 0), len(RANGES) - 1)
        if index != self.range_index:
            self.range_index = index
            self._show_range()


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
