"""The history screens read the store in workers: never on the UI thread, "Loading…" meanwhile.

Reads are held back with a gate (a :class:`threading.Event` the test opens), so
what the screen shows while it waits is seen for certain, never by timing.
Also: every key binding of these screens has an id (for the user's keymap) and
a description.
"""

from __future__ import annotations

import inspect
import sys
import threading
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from textual.binding import Binding
from textual.widgets import Static

from tests.support.pilot_wait import settle
from tests.support.planned_history import NOW
from tui.app.history_app import HistoryApp
from tui.app.screens import history_query
from tui.app.screens.history_list import HistoryScreen
from tui.app.screens.progress_screen import ProgressScreen
from tui.app.screens.session_detail import SessionDetailScreen
from tui.app.widgets.session_table import SessionTable
from tui.core.history import HistoryStore

#: Longest a gated read waits for its test (a failing test ends, it never hangs).
GATE_TIMEOUT = 10.0


class WatchedLock:
    """Stands in for a store's lock, which every read takes, and notes who took it on the UI."""

    def __init__(self, ui_thread: int) -> None:
        self._lock = threading.RLock()
        self._ui_thread = ui_thread
        #: Store methods that took the lock on the UI thread.
        self.on_ui: list[str] = []

    def __enter__(self) -> bool:
        if threading.get_ident() == self._ui_thread:
            self.on_ui.append(sys._getframe(1).f_code.co_name)
        return self._lock.__enter__()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._lock.__exit__(kind, value, tb)


def watch(store: HistoryStore) -> WatchedLock:
    """Note every use of ``store`` from this (the UI) thread from now on."""
    lock = WatchedLock(threading.get_ident())
    store._lock = lock  # type: ignore[assignment]
    return lock


class Gate:
    """Holds the next call of one store method until :meth:`open`; notes when it has returned.

    With ``when``, only a call whose arguments (by name) satisfy it is held.
    """

    def __init__(
        self,
        store: HistoryStore,
        method: str,
        when: Callable[[dict[str, Any]], bool] = lambda _arguments: True,
    ) -> None:
        self._opened = threading.Event()
        #: Set once the held call has returned (in its worker's thread).
        self.passed = threading.Event()
        self._original: Callable[..., Any] = getattr(store, method)
        self._when = when
        self._held = False
        setattr(store, method, self._call)

    def _call(self, *args: Any, **kwargs: Any) -> Any:
        arguments = inspect.signature(self._original).bind(*args, **kwargs).arguments
        if self._held or not self._when(arguments):
            return self._original(*args, **kwargs)
        self._held = True
        self._opened.wait(GATE_TIMEOUT)
        try:
            return self._original(*args, **kwargs)
        finally:
            self.passed.set()

    def open(self) -> None:
        """Let the held call go on."""
        self._opened.set()


def make_app(store: HistoryStore) -> HistoryApp:
    return HistoryApp(store, tz=UTC, now=lambda: NOW)


def text_of(app: HistoryApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_no_screen_reads_the_store_on_the_ui_thread(store: HistoryStore) -> None:
    lock = watch(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in (["s"], ["o"], ["end"], ["s", "s", "s", "s", "s", "s"], ["v"], ["enter"]):
            await pilot.press(*keys)
            await settle(pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.session is not None
        await pilot.press("w", "escape", "p")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("r", "left_square_bracket", "right_square_bracket")
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "r")
        await settle(pilot)
        assert app.screen.progress is not None
    assert lock.on_ui == []


async def test_a_history_opened_from_a_path_is_opened_and_read_off_the_ui_thread(
    history_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locks: list[WatchedLock] = []
    ui_thread = threading.get_ident()
    real_open = history_query.open_store

    def open_watched(db: Path | None, read_only: bool) -> HistoryStore:
        assert threading.get_ident() != ui_thread
        opened = real_open(db, read_only)
        locks.append(WatchedLock(ui_thread))
        opened._lock = locks[-1]  # type: ignore[assignment]
        return opened

    monkeypatch.setattr(history_query, "open_store", open_watched)
    with HistoryStore.open(tmp_path / "host.sqlite3") as host_store:
        app = make_app(host_store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = HistoryScreen(db=history_path, read_only=True)
            await app.push_screen(screen)
            await settle(pilot)
            assert screen.query_one(SessionTable).row_count > 0
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, ProgressScreen)
    assert len(locks) == 1
    # Closing the store (when the screen goes) is no read; nothing else ran on the UI.
    assert [name for name in locks[0].on_ui if name != "close"] == []


async def test_the_list_says_loading_until_its_first_page_is_read(store: HistoryStore) -> None:
    gate = Gate(store, "routine_titles")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert not screen.loaded
        assert text_of(app, "#history-status") == "Loading…"
        assert screen.query_one(SessionTable).row_count == 0
        assert not screen.query_one("#history-empty").display
        gate.open()
        await settle(pilot)
        assert screen.loaded
        assert screen.query_one(SessionTable).row_count > 0
        assert "newest first" in text_of(app, "#history-status")


async def test_the_detail_says_loading_until_the_session_is_read(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        gate = Gate(store, "session")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionDetailScreen)
        assert text_of(app, "#detail-title") == "Loading…"
        assert screen.session is None and not screen.loaded
        gate.open()
        await settle(pilot)
        assert screen.loaded and screen.session is not None
        assert text_of(app, "#detail-title").startswith("Session: ")


async def test_progress_says_loading_until_its_figures_are_read(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        gate = Gate(store, "pain_series")
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        assert text_of(app, "#progress-title") == "Loading…"
        assert screen.progress is None and not screen.loaded
        gate.open()
        await settle(pilot)
        assert screen.loaded and screen.progress is not None
        assert text_of(app, "#progress-title").startswith("Progress: ")


async def test_a_read_overtaken_by_a_newer_one_is_never_shown(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The read of the first page sorted by routine, A to Z, is held back...
        gate = Gate(store, "sessions", when=lambda arguments: arguments.get("sort") is not None)
        await pilot.press("s")
        await pilot.pause()
        assert text_of(app, "#history-status") == "Sorting…"
        # ...while Z to A is asked for, read and shown.
        await pilot.press("o")
        await settle(pilot)
        assert "by routine, Z to A" in text_of(app, "#history-status")
        gate.open()
        assert gate.passed.wait(GATE_TIMEOUT)
        await settle(pilot)
        assert "by routine, Z to A" in text_of(app, "#history-status")
        table = app.screen.query_one(SessionTable)
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert titles == sorted(titles, reverse=True)


async def test_a_period_chosen_while_progress_loads_is_the_one_charted(
    store: HistoryStore,
) -> None:
    # Forty days on, the last 30 days hold no rating (the last 90 do).
    today = (NOW + timedelta(days=40)).date()
    app = HistoryApp(store, tz=UTC, now=lambda: NOW + timedelta(days=40))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        gate = Gate(store, "pain_series")  # the first read's 90 days
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("left_square_bracket")  # 30 days, read at once
        await settle(pilot)
        gate.open()
        assert gate.passed.wait(GATE_TIMEOUT)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen) and screen.loaded
        assert screen.query_one("#exercises").border_title == "Exercises, last 30 days"
        assert screen.period is not None and not screen.period.points
        assert screen.period.start == today - timedelta(days=29)


@pytest.mark.parametrize(
    "screen", [HistoryScreen, SessionDetailScreen, ProgressScreen, SessionTable], ids=str
)
def test_every_binding_has_an_id_and_a_description(screen: type[Any]) -> None:
    bindings = [b for b in screen.BINDINGS if isinstance(b, Binding)]
    assert len(bindings) == len(screen.BINDINGS)
    for binding in bindings:
        assert binding.id is not None and binding.id.startswith("history."), binding
        assert binding.description, binding
        assert binding.tooltip, binding
    ids = [b.id for b in bindings]
    assert len(set(ids)) == len(ids)
