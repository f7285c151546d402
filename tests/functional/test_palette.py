"""The command palette: supple's own commands beside Textual's, driven with keys."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.support import paths
from tests.support.fake_clock import FakeClock
from tui.app.messages import StartRoutineFile
from tui.app.palette import read_routines, routine_commands
from tui.app.screens.history_list import HistoryScreen, ProgressScreen
from tui.app.screens.home import HomeScreen
from tui.app.screens.rating import RatingDialog
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.settings import SettingsDialog
from tui.app.supple_app import SuppleApp
from tui.app.theme import HIGH_CONTRAST
from tui.core import locations
from tui.core.config import Settings
from tui.core.history import HistoryStore
from tui.core.routine.loader import load_routine
from tui.core.session.status import SessionStatus

TODAY = date(2025, 3, 3)


@pytest.fixture(autouse=True)
def fixture_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locations, "bundled_routines_dir", lambda: paths.FIXTURES / "library")
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


def home_app(tmp_path: Path, settings: Settings | None = None) -> SuppleApp:
    return SuppleApp(
        None,
        clock=FakeClock(),
        today=lambda: TODAY,
        sound=False,
        db=tmp_path / "history.sqlite3",
        settings=settings or Settings(),
        check_unfinished=False,
    )


async def search(pilot: Pilot[int], text: str) -> list[str]:
    """Open the palette, type ``text`` and return the hits it lists."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    await pilot.press(*text)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    hits: list[str] = []
    for _ in range(50):  # the search runs in a worker: wait for its hits
        await pilot.pause(0.02)
        hits = shown(palette)
        if hits:
            break
    return hits


def shown(palette: CommandPalette) -> list[str]:
    """The names of the palette's hits, in order (without their help lines)."""
    return [str(o.prompt).split("\n")[0] for o in palette.query_one(CommandList).options]


async def home_ready(pilot: Pilot[int]) -> HomeScreen:
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    await home.loaded.wait()
    return home


async def test_history_is_found_and_enter_opens_the_history_screen(tmp_path: Path) -> None:
    app = home_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        hits = await search(pilot, "history")
        assert hits[0] == "History"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_the_palette_lists_supple_commands_and_keeps_textual_ones(tmp_path: Path) -> None:
    app = home_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        names = set(shown(palette))
        for name in (
            "History",
            "Progress",
            "Report for your therapist",
            "Settings",
            "Sound test",
            "High contrast on",
            "Start: Test routine: every kind of step",
            "Start: Gentle stretches",
            # Textual's system commands are kept.
            "Theme",
            "Keys",
            "Quit",
        ):
            assert name in names, name


async def test_start_a_routine_from_the_palette(tmp_path: Path) -> None:
    app = home_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        hits = await search(pilot, "start gentle")
        assert hits[0] == "Start: Gentle stretches"
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if not isinstance(app.screen, HomeScreen | CommandPalette):
                break
        assert isinstance(app.screen, RatingDialog | SessionScreen)
        assert app.in_session


async def test_the_routines_are_read_when_the_palette_opens_without_a_home_screen(
    tmp_path: Path,
) -> None:
    routine = load_routine(paths.FIXTURES / "short-routine.toml")
    app = SuppleApp(
        routine, clock=FakeClock(), sound=False, db=tmp_path / "h.sqlite3", settings=Settings()
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.home_screen is None
        # During the session only the contrast is offered: the rest would leave it.
        hits = await search(pilot, "s")
        assert "Settings" not in hits and "Start: Gentle stretches" not in hits
        await pilot.press("escape")
        await pilot.press("s")  # skip the pain question (escape would ask first)
        await pilot.pause()
        assert app.in_session


async def test_settings_progress_and_contrast_from_the_palette(tmp_path: Path) -> None:
    app = home_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await search(pilot, "settings")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsDialog)
        await pilot.press("escape")

        hits = await search(pilot, "high contrast")
        assert hits[0] == "High contrast on"
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST and app.settings.high_contrast
        hits = await search(pilot, "high contrast")
        assert hits[0] == "High contrast off"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.settings.high_contrast

        await search(pilot, "progress")
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if isinstance(app.screen, ProgressScreen):
                break
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_report_is_written_to_the_reports_folder_and_said_where(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore.open(db) as store:
        sid = store.begin_session("Gentle stretches", "", "", "test", False)
        store.finish_session(sid, SessionStatus.COMPLETED)
    app = home_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await search(pilot, "report")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = locations.reports_dir() / "supple-report-2025-03-03.html"
        assert out.is_file() and stat.S_IMODE(out.stat().st_mode) == 0o600
        assert "Gentle stretches" in out.read_text(encoding="utf-8")
        told = [n.message for n in app._notifications if n.title == "Report for your therapist"]
        assert told == [f"Wrote the report (1 session) to {out}"]


async def test_report_without_a_history_says_so(tmp_path: Path) -> None:
    app = home_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await search(pilot, "report")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [n.message for n in app._notifications if n.title == "Report"]
        assert told == [f"there is no history file at {tmp_path / 'history.sqlite3'}"]


async def test_sound_test_says_what_played(tmp_path: Path) -> None:
    app = home_app(tmp_path)  # SUPPLE_AUDIO=off in every test
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await search(pilot, "sound test")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [n.message for n in app._notifications if n.title == "Sound test"]
        assert told == ["Not played: sound is switched off (SUPPLE_AUDIO=off)."]


def test_the_palette_provider_is_not_imported_with_the_app() -> None:
    code = "import tui.app.supple_app, sys; print('tui.app.palette' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_without_a_home_screen_the_palette_reads_the_library_itself() -> None:
    routines = read_routines()
    assert [title for title, _path in routines] == [
        "Test routine: every kind of step",
        "Gentle stretches",
    ]
    names = [command.name for command in routine_commands(routines)]
    assert names == ["Start: Test routine: every kind of step", "Start: Gentle stretches"]
    message = routine_commands(routines)[1].message()
    assert isinstance(message, StartRoutineFile)
    assert message.path == paths.FIXTURES / "library" / "gentle-stretches.toml"
