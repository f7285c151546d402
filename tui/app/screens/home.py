"""The home screen: the routine library with a preview of the highlighted routine."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.app import startup
from tui.app.keymap import key_name
from tui.app.messages import OpenHistory, OpenSettings, StartRoutine
from tui.app.widgets.routine_preview import RoutinePreview
from tui.core import locations
from tui.core.locations import user_routines_dir
from tui.core.routine.routine_files import quick_title, routine_files
from tui.core.safe_text import shown

if TYPE_CHECKING:
    from tui.app.library_view import LibraryItem

# The library (the loader, the history store) is imported by the load, which
# runs in a thread after the first frame.


class RoutineList(OptionList):
    """The routine list; enter (shown as "Start") starts the highlighted routine."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Start", id="home.start", tooltip="Start the routine"),
    ]


class HomeScreen(Screen[None]):
    """Lists the bundled and the user's routines; enter starts the highlighted one."""

    CSS_PATH = "home.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "history", "History", id="home.history", tooltip="Your past sessions"),
        Binding("s", "settings", "Settings", id="home.settings", tooltip="Sound and look"),
        Binding(
            "r",
            "reload",
            "Reload",
            id="home.reload",
            tooltip="Read the routine files again",
            show=False,
        ),
        Binding(
            "f", "folder", "Your folder", id="home.folder", tooltip="Where your own routines go"
        ),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Close supple"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal")]  # noqa: RUF012

    def __init__(
        self,
        *,
        db: Path | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        super().__init__()
        self.db = db
        self.today = today
        #: The time Today in a programme is computed for (tests give a fixed one).
        self.now = now
        self.items: dict[str, LibraryItem] = {}
        #: The routine file to highlight when the list is next shown (the one last run).
        self.prefer: Path | None = None
        self._can_start = False
        #: True once the list shows the loaded routines, not the first frame's quick titles.
        self._checked = False
        self.loaded = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Static("supple - your home exercises", id="home-top", markup=False)
        yield Static("", id="home-today", markup=False)
        # The first frame lists the routines by the titles their files begin
        # with (a few small reads); the load after it checks every file and
        # replaces the list with what it found.
        titles = _quick_list()
        routine_list = RoutineList(*self._options(titles), id="routine-list")
        with Horizontal(id="home-main"):
            yield routine_list
            with VerticalScroll(id="preview-scroll"):
                first = next((label for _, label, _ in titles), "")
                yield RoutinePreview(first.strip(), id="preview", markup=False)
        start = key_name(routine_list, "home.start")
        yield Static(
            f"Choose a routine with the arrow keys and press {start} to start.",
            id="home-hint",
            markup=False,
        )

    def on_mount(self) -> None:
        # The Footer and the library load (a thread that imports the loader and
        # the history store, then reads every routine) wait until the first
        # frame is on the terminal (tui.app.startup): the Footer recomposes
        # whenever the bindings change, several times at start-up, and both
        # would hold the interpreter lock the frame's writer needs.
        self.set_timer(startup.SETTLE, self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.mount(Footer())
        self.reload()

    def on_screen_resume(self) -> None:
        # Coming back from a session: today's count may have changed.
        if self.loaded.is_set():
            self.reload()

    @work(exclusive=True, group="home-load")
    async def reload(self) -> None:
        """Read the routine files and today's history in a thread, then list them."""
        items = await asyncio.to_thread(_load_library, self.db, self.today)
        today = await asyncio.to_thread(_load_today, self.db, self.now())
        if not self.query("#routine-list"):
            return  # the screen closed while the library was read (the app is quitting)
        self._show_today(today)
        self._show(items)
        self.loaded.set()

    def _show(self, items: list[LibraryItem]) -> None:
        option_list = self.query_one("#routine-list", OptionList)
        highlighted = option_list.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        if self.prefer is not None:
            keep = str(self.prefer)
            self.prefer = None
        self.items = {str(item.entry.path): item for item in items}
        self._checked = True
        listed: list[tuple[str, str, str]] = []
        for item in items:
            # A file's name is shown visibly: it may hold escape sequences.
            label = (
                shown(item.entry.title)
                if item.routine is not None
                else (f"{shown(item.entry.path.name)} (has problems)")
            )
            listed.append((str(item.entry.path), label, item.entry.origin))
        options = self._options(listed)
        option_list.set_options(options)
        ids = [o.id for o in options if o is not None and o.id is not None]
        if ids:
            target = keep if keep in ids else ids[0]
            option_list.highlighted = option_list.get_option_index(target)
        option_list.focus()
        self._preview()

    def _options(self, listed: list[tuple[str, str, str]]) -> list[Option | None]:
        """The list's lines for ``(path, label, origin)`` rows: each group under its heading."""
        options: list[Option | None] = []
        for origin, heading in (("bundled", "Examples"), ("yours", "Your routines")):
            group = [(path, label) for path, label, of in listed if of == origin]
            if not group and origin == "yours":
                folder = key_name(self, "home.folder")
                options.append(Option(f"Your routines: none yet ({folder})", disabled=True))
                continue
            if group:
                options.append(Option(heading, disabled=True))
            options.extend(Option(f"  {label}", id=path) for path, label in group)
        return options

    def _show_today(self, lines: list[str]) -> None:
        """Today in the programme used last (the same words as ``supple today``), if any."""
        panel = self.query_one("#home-today", Static)
        panel.update("\n".join(lines))
        panel.display = bool(lines)

    def _current(self) -> LibraryItem | None:
        option = self.query_one("#routine-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return self.items.get(option.id)

    def _preview(self) -> None:
        if not self._checked:
            return  # the first frame's list: the preview waits for the load
        item = self._current()
        self.query_one(RoutinePreview).show(item)
        self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)
        can_start = item is not None and item.routine is not None
        if can_start != self._can_start:
            self._can_start = can_start
            self.refresh_bindings()  # "Start" is offered only for a routine that loads

    @on(OptionList.OptionHighlighted, "#routine-list")
    def _highlighted(self) -> None:
        self._preview()

    @on(OptionList.OptionSelected, "#routine-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Start only a routine that loads."""
        if action == "start":
            item = self._current() if self.is_mounted else None
            return None if item is None or item.routine is None else True
        return True

    def action_start(self) -> None:
        """Start the highlighted routine."""
        if not self._checked:
            return  # the list is still the quick one; the load is a moment away
        item = self._current()
        if item is None or item.routine is None:
            self.notify("This routine has problems and can't be started.", severity="warning")
            return
        self.post_message(StartRoutine(item.routine))

    def action_folder(self) -> None:
        """Say where the patient's own routine files go."""
        self.notify(
            f"Put your own routine files (.toml) in {user_routines_dir()} and press "
            f"{key_name(self, 'home.reload')}.",
            title="Your routines",
            timeout=15,
        )

    def action_reload(self) -> None:
        """Read the routine files again."""
        self.reload()

    def action_settings(self) -> None:
        """Open the settings."""
        self.post_message(OpenSettings())

    def action_history(self) -> None:
        """Open the history screens."""
        self.post_message(OpenHistory())


def _quick_list() -> list[tuple[str, str, str]]:
    """``(path, title, origin)`` of every routine file, titles read without loading a file.

    A file whose title cannot be read quickly is listed by its file name.
    """
    listed: list[tuple[str, str, str]] = []
    folders = ((locations.bundled_routines_dir(), "bundled"), (user_routines_dir(), "yours"))
    for folder, origin in folders:
        for path in routine_files(folder):
            listed.append((str(path), shown(quick_title(path) or path.name), origin))
    return listed


def _load_today(db: Path | None, now: datetime) -> list[str]:
    """Today in the programme used last, in a few lines ([] without one), in a thread.

    The programme's title, where the patient is (the day and phase, or when the
    programme may start), the next session, and where to read the whole day: the
    words are ``supple today``'s own.
    """
    from tui.core.programme.current import current_today
    from tui.core.programme.today_words import today_lines

    view = current_today(now, db)
    if view is None:
        return []
    lines = today_lines(view)
    end = lines.index("") if "" in lines else len(lines)
    body = lines[1:end]
    where = [line for line in body if not line.startswith(" ") and line != "Due today:"]
    shown = [lines[0], *where[:3]]
    if len(lines) > len(shown):
        shown.append("Type supple today in a terminal for the whole day and today's card.")
    return shown


def _load_library(db: Path | None, today: Callable[[], date]) -> list[LibraryItem]:
    """:func:`tui.app.library_view.load_library`, imported here (in the loading thread)."""
    from tui.app.library_view import load_library

    return load_library(db, today)
