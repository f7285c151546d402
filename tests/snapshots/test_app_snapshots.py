"""Snapshot tests of the screens that matter most, at 80x24, with time frozen.

Time is a fake clock the test moves; "today" is a fixed date; the routine
library is the fixed ``tests/fixtures/library`` folder.  Update the pictures
with ``pytest tests/test_snapshots_app.py --snapshot-update`` and look at
every changed SVG before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support import paths
from tests.support.app_drive import confirm_rules
from tests.support.fake_clock import FakeClock
from tui.app.screens.home import HomeScreen
from tui.app.screens.hurt_dialog import HurtDialog
from tui.app.screens.rating import RatingDialog
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.stop_rules import StopRulesScreen
from tui.app.supple_app import SuppleApp
from tui.core import locations
from tui.core.config import Settings
from tui.core.routine.loader import load_routine
from tui.core.session.timeline import SegmentKind

FIXTURES = paths.FIXTURES
SIZE = (80, 24)

Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed library, and no flash (it is timed by a real timer)."""
    monkeypatch.setattr(locations, "bundled_routines_dir", lambda: FIXTURES / "library")
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


#: The sizes the floor-readable clock is checked at (a laptop's default terminal, a larger
#: window, a full screen).
CLOCK_SIZES = [(80, 24), (120, 40), (200, 50)]


def session_app(tmp_path: Path, clock: FakeClock, **settings: object) -> SuppleApp:
    return SuppleApp(
        load_routine(FIXTURES / "short-routine.toml"),
        clock=clock,
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=tmp_path / "history.sqlite3",
        settings=Settings(**settings),  # type: ignore[arg-type]
    )


async def into_paced_set(pilot: Pilot[int], clock: FakeClock) -> SessionScreen:
    """Skip the pain question, then play up to 2.5 s into the first paced set."""
    await pilot.pause()
    await pilot.press("s")
    await confirm_rules(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    engine = screen.runner.engine
    while engine.current is None or engine.current.kind is not SegmentKind.SET:
        await pilot.press("s")
    clock.now += 2.5
    screen.tick()
    await pilot.pause()
    return screen


def test_home_screen(snap_compare: Snap, tmp_path: Path) -> None:
    app = SuppleApp(
        None,
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=tmp_path / "history.sqlite3",
        settings=Settings(),
    )

    async def ready(pilot: Pilot[int]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        await screen.loaded.wait()
        await pilot.press("down")  # Gentle stretches
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


@pytest.mark.parametrize("size", CLOCK_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_session_screen_paced_set(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await into_paced_set(pilot, clock)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", CLOCK_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_session_screen_hold_left_side(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("s")
        await confirm_rules(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        clock.now += 5.5  # 2.5 s into the first hold; its text cue has arrived
        screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", CLOCK_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_session_screen_paused(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await into_paced_set(pilot, clock)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def until_picture_shown(pilot: Pilot[int]) -> None:
    """Wait for the session screen's picture (read in a thread) to be drawn."""
    from tui.app.widgets.exercise_picture import ExercisePicture

    for _ in range(100):
        await pilot.pause(0.01)
        if pilot.app.screen.query_one(ExercisePicture).step_shown is not None:
            break
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_session_screen_with_a_picture(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The step's picture beside its instructions, in half blocks (drawn the same everywhere)."""
    app = SuppleApp(
        load_routine(FIXTURES / "pictured" / "pictured-routine.toml"),
        clock=FakeClock(),
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=tmp_path / "history.sqlite3",
    )

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await confirm_rules(pilot)
        await until_picture_shown(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_session_screen_high_contrast(snap_compare: Snap, tmp_path: Path) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock, high_contrast=True)

    async def run_before(pilot: Pilot[int]) -> None:
        await into_paced_set(pilot, clock)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_pain_dialog(snap_compare: Snap, tmp_path: Path) -> None:
    app = session_app(tmp_path, FakeClock())

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        # `supple run`: the question opens over the routine's title line, not the home screen.
        assert not any(isinstance(screen, HomeScreen) for screen in pilot.app.screen_stack)
        assert isinstance(pilot.app.screen, RatingDialog)
        await pilot.press("7")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_summary_screen(snap_compare: Snap, tmp_path: Path) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("3", "enter")
        await confirm_rules(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("s")
        await pilot.press("h")  # a hurt mark on the first hold
        await pilot.press("escape", "c")  # no rating; carry on
        await pilot.pause()
        while screen.runner.status is None:
            frame = screen.frame
            if frame is not None and frame.self_paced:
                clock.now += 20
                await pilot.press("d")
                await pilot.pause()
                await pilot.press("enter")  # "How many did you do?" left unsaid
            else:
                clock.now += 0.5
                screen.tick()
        await pilot.pause()
        await pilot.press("4", "enter")
        await pilot.pause()
        await pilot.press("3", "enter")
        await pilot.pause()
        await pilot.press(*"Easier than yesterday", "enter")
        for _ in range(20):
            await pilot.pause()
            if type(pilot.app.screen).__name__ == "SafetyScreen":
                break
        await pilot.press("enter")  # past the safety notice (the hurt mark)
        for _ in range(5):
            await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_safety_screen(snap_compare: Snap, tmp_path: Path) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("2", "enter")
        await confirm_rules(pilot)
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("5", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
            if type(pilot.app.screen).__name__ == "SafetyScreen":
                break

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_stop_rules_before_a_session(snap_compare: Snap, tmp_path: Path) -> None:
    app = session_app(tmp_path, FakeClock())

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("4", "enter")  # the caution band: "take it gently"
        for _ in range(20):
            await pilot.pause()
            if isinstance(pilot.app.screen, StopRulesScreen):
                break
        assert isinstance(pilot.app.screen, StopRulesScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_stop_rules_at_the_stop_level(snap_compare: Snap, tmp_path: Path) -> None:
    app = session_app(tmp_path, FakeClock())

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("7", "enter")
        for _ in range(20):
            await pilot.pause()
            if isinstance(pilot.app.screen, StopRulesScreen):
                break
        assert isinstance(pilot.app.screen, StopRulesScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_this_hurts_dialog(snap_compare: Snap, tmp_path: Path) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("2", "enter")
        await confirm_rules(pilot)
        await pilot.press("s")  # into the first hold
        await pilot.press("h", "7", "enter")
        for _ in range(20):
            await pilot.pause()
            if isinstance(pilot.app.screen, HurtDialog):
                break
        assert isinstance(pilot.app.screen, HurtDialog)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
