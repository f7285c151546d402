"""The session list: every session, newest first, with filters, sorting and a way into details.

:class:`HistoryScreen` is what the home screen pushes (and what
``supple history`` opens on its own, see :mod:`tui.app.history_app`).  It is a
``Screen[str | None]`` that dismisses with the path of a routine the patient
chose to run again (key ``a``), or ``None`` when closed.

The history screens (this one, :mod:`~tui.app.screens.session_detail` and
:mod:`~tui.app.screens.progress_screen`) read the store only in thread
workers, through :mod:`tui.app.screens.history_query`, and page through the
session list, so they open at once on a history of many years; the status line
says "Loading…" until the first page is drawn.  They never write to the store:
a therapist's read-only view and the patient's own view behave the same.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import Checkbox, DataTable, Footer, Input, Select, Static
from textual.widgets.data_table import ColumnKey

from tui.app.screens.history_query import (
    COLUMN_KEYS,
    COLUMNS,
    PAGE_SIZE,
    HistoryContext,
    ListPage,
    ListQuery,
    SessionPager,
    open_for_browsing,
    order_words,
    read_page,
)
from tui.app.screens.progress_screen import ProgressScreen
from tui.app.screens.session_detail import SessionDetailScreen
from tui.app.screens.worker_fed import WorkerFedScreen
from tui.app.theme import pain_cell, theme_style
from tui.app.widgets.session_table import SessionTable
from tui.core.exports.cells import status_words
from tui.core.history import HistoryStore, SessionSummary
from tui.core.progress import DISCLAIMER
from tui.core.safe_text import shown
from tui.core.session.words import clock_text

NO_SESSIONS = "No sessions yet. When you finish a routine it appears here."


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _parse_day(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date, or ``None`` for empty text; ``ValueError`` otherwise."""
    text = text.strip()
    if not text:
        return None
    return date.fromisoformat(text)


class HistoryScreen(WorkerFedScreen[str | None]):
    """Every session, newest first, with filters, sorting and a way into details."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#sessions"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Close the history", id="history.sessions.back"),
        Binding(
            "enter",
            "open_session",
            "Details",
            tooltip="Show every segment of the selected session",
            id="history.sessions.details",
            show=True,
        ),
        Binding(
            "p",
            "progress",
            "Progress",
            tooltip="Pain chart and adherence",
            id="history.sessions.progress",
        ),
        Binding(
            "s",
            "next_sort",
            "Sort",
            tooltip="Sort by the next column",
            id="history.sessions.sort",
        ),
        Binding(
            "o",
            "reverse_sort",
            "Reverse",
            tooltip="Reverse the order",
            id="history.sessions.reverse",
        ),
        Binding(
            "v",
            "toggle_previews",
            "Previews",
            tooltip="Show or hide preview (sped-up) runs",
            id="history.sessions.previews",
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            tooltip="Filter by routine and dates",
            id="history.sessions.filter",
        ),
        Binding(
            "a",
            "run_again",
            "Run again",
            tooltip="Close the history and run the selected session's routine",
            id="history.sessions.run_again",
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

        A store opened here (from ``db``, in a worker) is closed when the screen goes away.
        """
        super().__init__(name=name, id=id)
        if context is None and store is not None:
            context = HistoryContext(store, read_only=read_only)
        #: The history browsed; ``None`` until the file at ``db`` is open.
        self.ctx: HistoryContext | None = context
        self._db = db
        self._read_only = read_only if context is None else context.read_only
        self._own_store: HistoryStore | None = None
        #: Why the history could not be opened (the screen then shows it, empty).
        self.error: str | None = None
        self.query_state = ListQuery()
        #: The pager of the current query, and the one whose rows the table shows.
        self._pager: SessionPager | None = None
        self._shown: SessionPager | None = None
        #: A page is being read in a worker (a request for more waits for it).
        self._reading = False
        self._rows: dict[str, SessionSummary] = {}
        self._routine_width = 24
        #: The list shows no session (known once a page has been read).
        self._empty = False

    def on_unmount(self) -> None:
        if self._own_store is not None:
            self._own_store.close()

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        # Read while the screen is built: the first rows are often ready for its first frame.
        self._read_first(self.query_state)
        with Vertical(id="history"):
            yield Static(self._title_text(), id="history-title", classes="screen-title")
            with Horizontal(id="history-filters"):
                # The routines are read with the first page.
                yield Select[str]([], prompt="All routines", id="routine-filter", compact=True)
                yield Input(placeholder="from YYYY-MM-DD", id="since", compact=True)
                yield Input(placeholder="to YYYY-MM-DD", id="until", compact=True)
                yield Checkbox("Previews", id="show-previews")
            yield SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static(NO_SESSIONS, id="history-empty")
            yield Static("", id="history-status")
            yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def _title_text(self) -> str:
        if self._read_only:
            path = self.ctx.store.path if self.ctx is not None else self._db
            where = f" in {shown(path.name)}" if path is not None else ""
            return f"Sessions{where} (read-only)"
        return "Your sessions"

    def on_mount(self) -> None:
        self._setup_columns()
        self.query_one("#history-empty", Static).display = False
        self._set_status("Loading…")

    def on_resize(self, event: events.Resize) -> None:
        width = self._routine_column_width(event.size.width)
        if width != self._routine_width:
            self._setup_columns()
            # The rows read so far, drawn again for the new width.
            rows = list(self._rows.values())
            self._rows.clear()
            self._append(rows)

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

    # ----------------------------------------------------------------- reading (workers)

    @work(thread=True, exclusive=True, group="history-open")
    def _read_first(self, query: ListQuery) -> None:
        # Open the file (when given one), the routine titles and the first page, in one go.
        ctx, own, error = self.ctx, None, None
        if ctx is None:
            own, error = open_for_browsing(self._db, self._read_only)
            ctx = HistoryContext(own, read_only=self._read_only)
        titles = ctx.store.routine_titles()
        page = read_page(SessionPager(ctx, query), PAGE_SIZE)
        shown = partial(self._opened, ctx, own, error, titles, page)
        self.deliver(shown, dropped=None if own is None else own.close)

    @work(thread=True, exclusive=True, group="history-page")
    def _read_page(self, pager: SessionPager, size: int) -> None:
        self.deliver(partial(self._show_page, read_page(pager, size)))

    @work(thread=True, group="history-warm-up")
    def _warm_up(self, ctx: HistoryContext) -> None:
        # Read the routines and their prescriptions now, so Progress opens at once.
        ctx.routines()

    # ----------------------------------------------------------------- showing what was read

    def _opened(
        self,
        ctx: HistoryContext,
        own: HistoryStore | None,
        error: str | None,
        titles: list[str],
        page: ListPage,
    ) -> None:
        self.ctx, self._own_store, self.error = ctx, own, error
        self.query_one("#history-title", Static).update(self._title_text())
        self.query_one("#routine-filter", Select).set_options([(Text(t), t) for t in titles])
        if error is not None:
            self.notify(error, title="History unavailable", severity="error")
        if page.pager.query == self.query_state:
            self._pager = page.pager
            self._show_page(page)
        else:
            self.reload()  # a filter was typed meanwhile
        # After the first rows are drawn, so it never delays them.
        self.call_after_refresh(self._warm_up, ctx)

    def reload(self) -> None:
        """Show the list again from the top for the current query (read in a worker)."""
        if self.ctx is None:
            return  # still opening: the first page is read for the query of then
        pager = SessionPager(self.ctx, self.query_state)
        self._pager = pager
        self._set_status("Loading…" if self.query_state.sort == "when" else "Sorting…")
        self._reading = True
        self._read_page(pager, PAGE_SIZE)

    def _show_page(self, page: ListPage) -> None:
        if page.pager is not self._pager:
            return  # the query changed meanwhile
        self._reading = False
        if page.pager is not self._shown:
            # The first page of a new query replaces the rows of the last.
            self._shown = page.pager
            self.query_one(SessionTable).clear()
            self._rows.clear()
            self._refresh_headers()
        self._append(page.rows)
        self._update_status()
        self.loaded = True

    def _append(self, page: tuple[SessionSummary, ...] | list[SessionSummary]) -> None:
        table = self.query_one(SessionTable)
        good = theme_style(self, "success", "green")
        bad = theme_style(self, "error", "red")
        warn = theme_style(self, "warning", "yellow")
        for s in page:
            if s.id in self._rows:
                continue
            self._rows[s.id] = s
            table.add_row(*self._row(s, good, bad, warn), key=s.id)

    def _row(self, s: SessionSummary, good: Style, bad: Style, warn: Style) -> list[Text]:
        assert self.ctx is not None  # rows are read through it
        when = self.ctx.local(s.started_at).strftime("%Y-%m-%d %H:%M")
        title = shown(s.routine.title)  # from the history file, which may come from an import
        if s.preview:
            title = f"[preview] {title}"
        duration = s.duration
        length = clock_text(None if duration is None else duration.total_seconds())
        status = status_words(s)
        status_cell = Text(status, warn if status in ("partial", "abandoned", "unfinished") else "")
        effort = Text("" if s.effort is None else str(s.effort), justify="right")
        hurt = Text(str(s.tally.hurt) if s.tally.hurt else "", bad, justify="right")
        # Every cell is Text: a plain str would be read as markup, and titles are user text.
        cells = [
            Text(when),
            Text(_truncate(title, self._routine_width)),
            Text(length),
            status_cell,
            pain_cell(s, good, bad),
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
        pager = self._pager
        if pager is None:
            return
        count = self.query_one(SessionTable).row_count
        empty = count == 0 and pager.exhausted
        if empty != self._empty:
            self._empty = empty
            self.refresh_bindings()  # the footer shows Details only when there is a session
        self._show_empty(empty)
        plural = "session" if count == 1 else "sessions"
        more = "" if pager.exhausted else "+"
        self._set_status(f"{count:,}{more} {plural}, {order_words(pager.query)}")

    def _show_empty(self, empty: bool) -> None:
        note = self.query_one("#history-empty", Static)
        note.display = empty
        table = self.query_one(SessionTable)
        table.display = not empty
        # Hiding the table took its focus: give it back when it shows again.
        if not empty and self.focused is None:
            table.focus()
        if not empty:
            return
        if self.error is not None:
            note.update(self.error)
        elif self.query_state.filtered:
            note.update("No sessions match these filters.")
        else:
            note.update(NO_SESSIONS)

    @on(SessionTable.NearEnd)
    def _near_end(self) -> None:
        pager = self._pager
        if self._reading or pager is None or pager is not self._shown or pager.exhausted:
            return
        if not self.query_one(SessionTable).needs_more():
            return
        self._reading = True
        self._read_page(pager, PAGE_SIZE * 2)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Details and Run again only when there is a session to open (else hidden)."""
        if action in ("open_session", "run_again"):
            return not self._empty
        return True

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
        if self.ctx is not None:
            self.app.push_screen(SessionDetailScreen(self.ctx, session_id))

    def action_progress(self) -> None:
        """Open the progress screen."""
        if self.ctx is not None:
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
        if session_id is None or self._read_only:
            return
        summary = self._rows.get(session_id)
        if summary is not None and summary.routine.path:
            self.dismiss(summary.routine.path)
