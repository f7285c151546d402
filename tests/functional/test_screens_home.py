"""Pilot tests of the home screen, settings, theme, crash recovery and a failing history."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.support import paths
from tests.support.app_drive import confirm_rules
from tests.support.fake_clock import FakeClock
from tests.support.killed_session import kill_during
from tui.app.screens.home import HomeScreen
from tui.app.screens.rating import RatingDialog
from tui.app.screens.resume_dialog import ResumeDialog
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.settings import SettingsDialog
from tui.app.screens.summary import SummaryScreen
from tui.app.supple_app import SuppleApp
from tui.app.theme import HIGH_CONTRAST
from tui.app.widgets.routine_preview import RoutinePreview
from tui.core import locations
from tui.core.config import Settings, load_settings
from tui.core.history import HistoryStore, HistoryUnavailable, local_day_bounds
from tui.core.history.recorder import SessionRecorder
from tui.core.history.recovery import RecoveryChoice
from tui.core.history.session_log import RecorderLog
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Routine
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import compile_timeline

FIXTURES = paths.FIXTURES
TODAY = date(2025, 3, 3)


@pytest.fixture(autouse=True)
def fixture_library(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled library is the fixed fixtures folder, so tests don't follow its edits."""
    folder = FIXTURES / "library"
    monkeypatch.setattr(locations, "bundled_routines_dir", lambda: folder)
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


def home_app(db: Path, **kwargs: object) -> SuppleApp:
    return SuppleApp(
        None,
        clock=FakeClock(),
        today=lambda: TODAY,
        sound=False,
        db=db,
        settings=kwargs.pop("settings", Settings()),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


async def home_ready(app: SuppleApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    await screen.loaded.wait()
    return screen


def preview_text(screen: HomeScreen) -> str:
    return str(screen.query_one(RoutinePreview).render())


def add_session(db: Path, title: str, *, day: date, preview: bool = False) -> None:
    start, _ = local_day_bounds(day)
    with HistoryStore.open(db) as store:
        sid = store.begin_session(
            title, "", "", "test", preview, started_at=start + timedelta(hours=9)
        )
        store.finish_session(sid, SessionStatus.COMPLETED, ended_at=start + timedelta(hours=10))


async def test_the_first_frame_lists_the_routines_before_they_are_loaded(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.app.screens.home as home

    monkeypatch.setattr(home.startup, "SETTLE", 60.0)  # the load does not start in this test
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert not screen.loaded.is_set()
        options = screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "  Gentle stretches" in prompts
        assert any("Test routine: every kind of step" in p for p in prompts)
        assert any("Your routines: none yet" in p for p in prompts)
        assert "Reading your routines" not in preview_text(screen)
        await pilot.press("enter")  # nothing is started from the quick list
        assert app.screen is screen


async def test_home_lists_the_library_and_previews_the_routine(db: Path) -> None:
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await home_ready(app)
        await pilot.pause()
        options = screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Gentle stretches" in p for p in prompts)
        assert any("Test routine: every kind of step" in p for p in prompts)
        assert any("Your routines: none yet" in p for p in prompts)
        # The first routine is highlighted: its steps, doses and prescription are shown.
        text = preview_text(screen)
        assert "Test routine: every kind of step" in text
        assert "2 holds of 5 s on each side, left side first" in text
        assert "2 sets of 3 reps, paced 2 s up, 1 s hold, 2 s down" in text
        assert "2 sessions a day, 5 days a week" in text
        assert "Stop if pain spreads further down your leg." in text
        assert "Test clinic, 555-0100" in text
        assert "Today:" not in text  # no history yet
        await pilot.press("down")
        assert "Gentle stretches" in preview_text(screen)
        assert "Two gentle stretches for the screen tests. Not for real use." in (
            preview_text(screen)
        )


async def test_today_counts_sessions_of_that_routine(db: Path) -> None:
    add_session(db, "Test routine: every kind of step", day=TODAY)
    add_session(db, "Test routine: every kind of step", day=TODAY, preview=True)
    add_session(db, "Test routine: every kind of step", day=TODAY - timedelta(days=1))
    add_session(db, "Gentle stretches", day=TODAY)
    app = home_app(db)
    async with app.run_test(size=(80, 24)):
        screen = await home_ready(app)
        assert "Today: 1 of 2 sessions done" in preview_text(screen)


async def test_a_broken_user_routine_shows_its_problems(db: Path) -> None:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "broken-routine.toml", folder / "mine.toml")
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await home_ready(app)
        options = screen.query_one(OptionList)
        target = options.get_option_index(str(folder / "mine.toml"))
        options.highlighted = target
        await pilot.pause()
        text = preview_text(screen)
        assert "has problems" in text
        assert "missing 'hold'" in text
        assert "'kind' must be one of" in text
        assert screen.check_action("start", ()) is None
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # nothing started


async def test_enter_starts_the_highlighted_routine(db: Path) -> None:
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(app)
        await pilot.press("down", "enter")  # Gentle stretches
        await pilot.pause()
        assert isinstance(app.screen, RatingDialog)
        await pilot.press("s")
        await confirm_rules(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.runner.routine.title == "Gentle stretches"


async def test_settings_dialog_changes_and_saves(db: Path) -> None:
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsDialog)
        await pilot.press("minus", "minus", "m", "c", "enter")
        for _ in range(10):
            await pilot.pause()
        assert app.settings.volume == 60
        assert app.settings.muted
        assert app.settings.high_contrast
        assert app.theme == HIGH_CONTRAST
        await app.workers.wait_for_complete()
    saved, warnings = load_settings()
    assert warnings == []
    assert (saved.volume, saved.muted, saved.high_contrast) == (60, True, True)


async def test_settings_take_the_contact_and_the_clinic_id(db: Path) -> None:
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsDialog)
        await pilot.press("m")  # nothing is focused yet: single keys act
        await pilot.press("tab", *"Dr Lee 01632 960000", "tab", *"bad id", "enter")
        await pilot.pause()
        # A space is not allowed in the id: the dialog says so and stays open.
        assert isinstance(app.screen, SettingsDialog)
        problem = str(app.screen.query_one("#settings-problem").render())
        assert "Clinic patient id" in problem and "without spaces" in problem
        await pilot.press(*["backspace"] * 6, *"A-1042", "enter")
        for _ in range(10):
            await pilot.pause()
        assert not isinstance(app.screen, SettingsDialog)
        assert app.settings.muted
        assert app.settings.contact == "Dr Lee 01632 960000"
        assert app.settings.clinic_patient_id == "A-1042"
        await app.workers.wait_for_complete()
    saved, warnings = load_settings()
    assert warnings == []
    assert (saved.contact, saved.clinic_patient_id) == ("Dr Lee 01632 960000", "A-1042")


async def test_ctrl_t_toggles_high_contrast(db: Path) -> None:
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(app)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == HIGH_CONTRAST
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"
        await app.workers.wait_for_complete()
    assert load_settings()[0].high_contrast is False


async def test_high_contrast_setting_applies_at_start(db: Path) -> None:
    app = home_app(db, settings=Settings(high_contrast=True))
    async with app.run_test(size=(80, 24)):
        assert app.theme == HIGH_CONTRAST


async def test_unfinished_session_is_offered_for_closing(db: Path) -> None:
    with HistoryStore.open(db) as store:
        sid = store.begin_session("Gentle stretches", "", "", "test", False)
        # Pretend the writer died: a crash leaves no live writer behind.
        store._conn.execute("UPDATE sessions SET writer = NULL WHERE id = ?", (sid,))
    app = home_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(10):
            await pilot.pause()
            if isinstance(app.screen, ResumeDialog):
                break
        assert isinstance(app.screen, ResumeDialog)
        assert "Gentle stretches" in app.screen.detail
        await pilot.press("a")
        await app.workers.wait_for_complete()
    with HistoryStore.open(db) as store:
        found = store.session(sid)
    assert found is not None and found.status is SessionStatus.ABANDONED


async def test_summary_offers_retry_when_the_history_cannot_be_written(tmp_path: Path) -> None:
    routine: Routine = load_routine(FIXTURES / "short-routine.toml")
    state = {"broken": True}

    def opener() -> HistoryStore:
        if state["broken"]:
            raise HistoryUnavailable("the disk is full")
        return HistoryStore.open(tmp_path / "later.sqlite3")

    def failing_log(routine: Routine, preview: bool) -> RecorderLog:
        return RecorderLog(SessionRecorder(opener), routine, preview=preview)

    clock = FakeClock()
    app = SuppleApp(
        routine,
        clock=clock,
        today=lambda: TODAY,
        sound=False,
        settings=Settings(),
        log_factory=failing_log,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # no pain before
        await confirm_rules(pilot)
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("escape", "escape", "enter")
        for _ in range(10):
            await pilot.pause()
            if isinstance(app.screen, SummaryScreen):
                break
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.has_class("-unsaved")
        assert "Not saved yet" in str(summary.query_one("#summary-saved").render())
        assert summary.check_action("retry", ()) is True
        assert summary.query_one("#summary-retry").display
        state["broken"] = False
        await pilot.press("r")
        saved = summary.query_one("#summary-saved")
        for _ in range(20):  # the retry runs on the history thread
            await pilot.pause()
            if "Saved to your history." in str(saved.render()):
                break
        assert "Saved to your history." in str(saved.render())
        assert summary.check_action("retry", ()) is False
    with HistoryStore.open(tmp_path / "later.sqlite3") as store:
        [session] = store.sessions()
    assert session.status is SessionStatus.PARTIAL


async def test_home_screen_resumes_a_killed_session_of_any_routine(db: Path) -> None:
    routine_file = FIXTURES / "library" / "gentle-stretches.toml"
    killed = kill_during(db, routine_file, parts=2)
    timeline = compile_timeline(load_routine(routine_file))
    clock = FakeClock()
    app = home_app(db)
    app.clock = clock
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, ResumeDialog):
                break
        dialog = app.screen
        assert isinstance(dialog, ResumeDialog)
        assert dialog.choices[0] is RecoveryChoice.RESUME
        await pilot.press("r")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, SessionScreen):
                break
        screen = app.screen
        assert isinstance(screen, SessionScreen)  # no pain question: it was asked before
        assert screen.runner.engine.index == 2
        for _ in range(2000):
            if screen.runner.status is not None:
                break
            clock.now += 0.5
            if screen.frame is not None and screen.frame.self_paced:
                await pilot.press("d")
                await pilot.pause()
                await pilot.press("escape")  # "How many did you do?" skipped
            screen.tick()
        await pilot.pause()
        for key in ("escape", "escape", "enter"):  # pain after, effort, note: skipped
            await pilot.press(key)
            await pilot.pause()
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, SummaryScreen):
                break
        assert isinstance(app.screen, SummaryScreen)
    with HistoryStore.open(db) as store:
        [session] = store.sessions_with_segments(include_preview=True)
    assert session.id == killed and session.status is SessionStatus.COMPLETED
    assert [s.index for s in session.segments] == list(range(len(timeline)))


async def test_home_opens_on_today_in_the_programme_used_last(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime
    from importlib.resources import files

    from textual.widgets import Static

    # The bundled programme names bundled routines: the real library, not the fixtures.
    monkeypatch.setattr(locations, "bundled_routines_dir", lambda: Path(str(files("tui.routines"))))
    from tui.core.programme.state import StateBook, with_current, with_start, write_state

    now = datetime.now().astimezone()
    title = "Six weeks after a lumbar epidural injection"
    book = with_current(
        with_start(StateBook({}, None), title, now - timedelta(days=9)), "six-weeks-after-injection"
    )
    write_state(book)
    app = home_app(db)
    async with app.run_test(size=(100, 30)):
        screen = await home_ready(app)
        panel = screen.query_one("#home-today", Static)
        text = str(panel.render())
        assert panel.display
        assert text.splitlines()[0] == title
        assert "Day 9 after your injection (week 2)." in text
        assert "Next session: " in text
        assert "supple today" in text


async def test_without_a_programme_home_has_no_today_panel(db: Path) -> None:
    from textual.widgets import Static

    app = home_app(db)
    async with app.run_test(size=(80, 24)):
        screen = await home_ready(app)
        assert not screen.query_one("#home-today", Static).display
