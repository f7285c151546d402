"""The user's keymap: ``[keys]`` in config.toml remaps the app's bindings, footer and help text."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tests.support import paths
from tests.support.app_drive import confirm_rules
from tests.support.fake_clock import FakeClock
from tui.app.screens.home import HomeScreen
from tui.app.screens.rating import RatingDialog
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.settings import SettingsDialog
from tui.app.supple_app import SuppleApp
from tui.commands.doctor_command import report
from tui.core import locations
from tui.core.routine.loader import load_routine
from tui.core.session.engine import EngineState


@pytest.fixture(autouse=True)
def fixture_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locations, "bundled_routines_dir", lambda: paths.FIXTURES / "library")
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


def write_keys(text: str) -> None:
    """A config.toml with ``text`` (read by the app: it is given no settings)."""
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def session_app(tmp_path: Path, clock: FakeClock) -> SuppleApp:
    return SuppleApp(
        load_routine(paths.FIXTURES / "short-routine.toml"),
        clock=clock,
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=tmp_path / "history.sqlite3",
        check_unfinished=False,
    )


def footer_keys(pilot: Pilot[int]) -> dict[str, str]:
    """What the footer shows: description -> key."""
    return {key.description: key.key_display for key in pilot.app.screen.query(FooterKey)}


async def to_session(pilot: Pilot[int]) -> SessionScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, RatingDialog)
    await pilot.press("3", "enter")
    await confirm_rules(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def test_pause_remapped_to_p_pauses_and_resumes_and_space_no_longer_does(
    tmp_path: Path,
) -> None:
    write_keys('[keys]\nsession.pause = "p"\n')
    clock = FakeClock()
    app = session_app(tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.settings_warnings == []
        screen = await to_session(pilot)
        engine = screen.runner.engine
        await pilot.pause()
        assert footer_keys(pilot)["Pause"] == "p"
        assert "space" not in footer_keys(pilot).values()

        await pilot.press("space")
        assert engine.state is EngineState.RUNNING

        await pilot.press("p")
        await pilot.pause()
        assert engine.state is EngineState.PAUSED
        assert footer_keys(pilot)["Resume"] == "p"
        banner = str(screen.query_one("#clock-caption", Static).render())
        assert banner == "PAUSED  -  press p to carry on"

        await pilot.press("space")
        assert engine.state is EngineState.PAUSED
        await pilot.press("p")
        assert engine.state is EngineState.RUNNING


async def test_without_a_keymap_space_pauses_as_before(tmp_path: Path) -> None:
    clock = FakeClock()
    app = session_app(tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_session(pilot)
        await pilot.pause()
        assert footer_keys(pilot)["Pause"] == "space"
        await pilot.press("p")
        assert screen.runner.engine.state is EngineState.RUNNING
        await pilot.press("space")
        assert screen.runner.engine.state is EngineState.PAUSED
        banner = str(screen.query_one("#clock-caption", Static).render())
        assert banner == "PAUSED  -  press space to carry on"


async def test_help_text_names_the_remapped_keys(tmp_path: Path) -> None:
    write_keys(
        '[keys]\nrating.skip = "k"\nrating.save = "w"\nhome.start = "space"\n'
        'home.settings = "ctrl+s"\nsettings.mute = "u"\n'
    )
    clock = FakeClock()
    app = session_app(tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RatingDialog)
        hint = str(dialog.query_one("#rating-keys", Static).render())
        # Esc has a binding of its own (rating.escape): before a session it asks first.
        assert hint == (
            "Press 0-9, or t for 10 (\u2190/\u2192 move); k to skip. w saves; "
            "Esc asks before starting without one."
        )
        await pilot.press("k")  # skips the question: the stop rules, then the session
        await confirm_rules(pilot)
        assert isinstance(app.screen, SessionScreen)

    home_app = SuppleApp(None, clock=clock, sound=False, db=tmp_path / "h.sqlite3")
    async with home_app.run_test(size=(100, 30)) as pilot:
        home = home_app.screen
        assert isinstance(home, HomeScreen)
        await home.loaded.wait()
        hint = str(home.query_one("#home-hint", Static).render())
        assert hint == "Choose a routine with the arrow keys and press space to start."
        await pilot.press("s")
        assert not isinstance(home_app.screen, SettingsDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        settings = home_app.screen
        assert isinstance(settings, SettingsDialog)
        labels = [str(s.render()) for s in settings.query(".settings-label").results(Static)]
        assert "Mute (u)" in labels and "Volume (- +)" in labels


async def test_a_key_taken_from_another_binding_is_told_once(tmp_path: Path) -> None:
    write_keys('[keys]\nsession.pause = "s"\n')
    clock = FakeClock()
    app = session_app(tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await to_session(pilot)
        await pilot.press("s")
        await pilot.press("s")
        await pilot.pause()
        told = [n for n in app._notifications if n.title == "Keys"]
        assert len(told) == 1
        assert "session.skip" in told[0].message
        assert screen.runner.engine.state is EngineState.RUNNING  # s paused, then resumed


async def test_bad_keys_are_shown_as_settings_warnings_and_by_the_doctor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_keys('[keys]\nsession.pause = "p"\nsession.paws = "x"\n')
    clock = FakeClock()
    app = session_app(tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(app.settings_warnings) == 1
        assert "unknown key binding 'session.paws'" in app.settings_warnings[0]
        shown = [n for n in app._notifications if n.title == "Settings"]
        assert [n.message for n in shown] == app.settings_warnings
    report(sys.stdout, play=False)
    out = capsys.readouterr().out
    assert "your keys: session.pause = p" in out
    assert "warning: " in out and "'session.paws'" in out
