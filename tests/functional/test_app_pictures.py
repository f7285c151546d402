"""Pilot tests: a step's picture beside its instructions on the session screen."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support import paths
from tests.support.app_drive import confirm_rules
from tests.support.fake_clock import FakeClock
from tui.app.screens.session_screen import SessionScreen
from tui.app.supple_app import SuppleApp
from tui.app.widgets.exercise_picture import ExercisePicture
from tui.core.routine.loader import load_routine

PICTURED = paths.FIXTURES / "pictured" / "pictured-routine.toml"


@pytest.fixture(autouse=True)
def no_flash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The silent-output flash uses a real timer; keep it out of these tests."""
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


def make_app(tmp_path: Path, routine_file: Path = PICTURED) -> SuppleApp:
    return SuppleApp(
        load_routine(routine_file),
        clock=FakeClock(),
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=tmp_path / "history.sqlite3",
    )


async def session_with_picture(pilot: Pilot[int]) -> tuple[SessionScreen, ExercisePicture]:
    """Confirm the rules, then wait for the pictures (read in a thread) to be ready."""
    await pilot.pause()
    await confirm_rules(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    picture = screen.query_one(ExercisePicture)
    for _ in range(100):
        await pilot.pause(0.01)
        if picture.step_shown is not None:
            break
    return screen, picture


async def test_the_first_steps_picture_is_shown_beside_its_instructions(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=(100, 30)) as pilot:
        screen, picture = await session_with_picture(pilot)
        assert picture.step_shown == 0
        assert picture.display and picture.size.width > 0
        instructions = screen.query_one("#instructions")
        assert picture.region.y == instructions.region.y
        assert picture.region.x > instructions.region.x


async def test_a_step_without_a_picture_hides_it(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=(100, 30)) as pilot:
        screen, picture = await session_with_picture(pilot)
        while screen.runner.engine.current is not None and screen.runner.engine.current.step == 0:
            await pilot.press("s")
        await pilot.pause()
        assert picture.step_shown is None
        assert not picture.has_class("-shown")


async def test_a_narrow_terminal_keeps_the_room_for_the_instructions(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=(60, 24)) as pilot:
        _, picture = await session_with_picture(pilot)
        assert picture.step_shown == 0
        assert picture.region.width == 0  # hidden by the screen's narrow layout


async def test_at_80x24_the_clock_keeps_most_of_the_screen(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=(80, 24)) as pilot:
        screen, picture = await session_with_picture(pilot)
        assert picture.region.height <= 5
        assert screen.query_one("#big-row").region.height >= 10


async def test_a_missing_picture_leaves_the_session_going(tmp_path: Path) -> None:
    routine_file = tmp_path / "r.toml"
    routine_file.write_text(PICTURED.read_text(encoding="utf-8"), encoding="utf-8")
    async with make_app(tmp_path, routine_file).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await confirm_rules(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        picture = screen.query_one(ExercisePicture)
        for _ in range(50):
            await pilot.pause(0.01)
        assert picture.step_shown is None and not picture.has_class("-shown")
        assert screen.runner.engine.current is not None


def test_a_session_without_pictures_loads_neither_textual_image_nor_pillow() -> None:
    code = """
import asyncio, sys, tempfile
from datetime import date
from pathlib import Path
from tests.support import paths
from tests.support.app_drive import confirm_rules
from tests.support.fake_clock import FakeClock
from tui.app.screens.session_screen import SessionScreen
from tui.app.supple_app import SuppleApp
from tui.core.routine.loader import load_routine

async def main() -> None:
    db = Path(tempfile.mkdtemp()) / "h.sqlite3"
    routine = load_routine(paths.FIXTURES / "short-routine.toml")
    app = SuppleApp(routine, clock=FakeClock(), today=lambda: date(2025, 3, 3), sound=False, db=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await confirm_rules(pilot)
        assert isinstance(app.screen, SessionScreen)
    print(sorted(m for m in ("textual_image", "PIL") if m in sys.modules))

asyncio.run(main())
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
