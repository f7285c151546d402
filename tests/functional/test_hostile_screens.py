"""The app's screens show hostile text from a history file or a file name visibly.

What is checked is the rendered screen (Textual's screenshot of every cell): it
must hold no ESC, BEL, C1, bidi-override or zero-width character, and must show
the escapes instead.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from tests.support import paths
from tests.support.fake_clock import FakeClock
from tests.support.history_factory import finished_session
from tests.support.pilot_wait import settle
from tests.support.planned_history import NOW
from tests.support.routine_texts import HEADER
from tui.app.history_app import HistoryApp
from tui.app.screens.home import HomeScreen
from tui.app.screens.note import NoteDialog
from tui.app.screens.session_detail import SessionDetailScreen
from tui.app.supple_app import SuppleApp
from tui.core import locations
from tui.core.config import Settings
from tui.core.history import HistoryStore
from tui.core.safe_text import CLEANED_NOTE, is_safe

HOSTILE = "Back\x1b]0;owned\x07\x1b]52;c;cGF3bmVk\x07\x9b2J\u202eenil\u200b"
HOSTILE_NAME = "evil\x1b]0;owned\x07\u202e"


def assert_shown_safely(app: HistoryApp | SuppleApp, visible: str) -> None:
    rendered = app.export_screenshot()
    assert is_safe(rendered, "\n\t\r")
    assert visible in rendered


async def test_history_list_and_detail_show_hostile_text_visibly(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "patient.sqlite3") as store:
        finished_session(store, title=HOSTILE, notes=HOSTILE, name=HOSTILE, started_at=NOW)
        app = HistoryApp(store, read_only=True, tz=UTC, now=lambda: NOW)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            assert_shown_safely(app, "Back\\x1b]0;owned")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, SessionDetailScreen)
            assert_shown_safely(app, "\\x1b]52;c;cGF3bmVk\\x07")


async def test_home_screen_shows_a_hostile_file_name_visibly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locations, "bundled_routines_dir", lambda: paths.FIXTURES / "library")
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / f"{HOSTILE_NAME}.toml").write_text(HEADER + "[[step]]\nkind = 3\n")
    app = SuppleApp(
        None,
        clock=FakeClock(),
        sound=False,
        db=tmp_path / "history.sqlite3",
        settings=Settings(),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await screen.loaded.wait()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert_shown_safely(app, "evil\\x1b]0;owned\\x07")


class _NoteApp(App[None]):
    """Just the note dialog, keeping what it gives back."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(NoteDialog(), self.notes.append)


async def test_a_typed_note_is_cleaned_and_the_patient_told() -> None:
    app = _NoteApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one(Input).value = "knee \x1b[Afine\u202e"
        await pilot.press("enter")
        await pilot.pause()
        assert app.notes == ["knee [Afine"]
        assert [n.message for n in app._notifications] == [CLEANED_NOTE]
