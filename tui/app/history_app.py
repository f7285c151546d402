"""``supple history`` on a terminal: a small app that opens straight on the history.

:func:`run_history_app` is what :mod:`tui.commands.history_command` calls for a bare
``supple history`` (and ``supple history --db PATH``, read-only, for a
therapist looking at a patient's file).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from textual.app import App

from tui.app.screens.history_list import HistoryScreen
from tui.app.screens.history_query import HistoryContext, open_store
from tui.core.history import HistoryError, HistoryStore, utc_now


class HistoryApp(App[int]):
    """Opens directly on :class:`~tui.app.screens.history_list.HistoryScreen`; closing it quits."""

    TITLE = "supple history"

    def __init__(
        self,
        store: HistoryStore,
        *,
        read_only: bool = False,
        tz: tzinfo | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__()
        self.context = HistoryContext(store, tz=tz, now=now, read_only=read_only)

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(context=self.context), callback=self._history_closed)

    def _history_closed(self, _value: str | None) -> None:
        self.exit(0)


def run_history_app(db_path: Path | None, read_only: bool) -> int:
    """Browse the history at ``db_path`` (default: the patient's own) until closed.

    With ``read_only`` the file is opened so that nothing is ever written to
    it (not even SQLite's side files).  Returns the exit code.
    """
    from tui.errors import UserError

    try:
        store = open_store(db_path, read_only)
    except HistoryError as exc:
        raise UserError(str(exc)) from exc
    with store:
        app = HistoryApp(store, read_only=read_only)
        app.run()
    return app.return_code or 0
