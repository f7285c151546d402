"""The supple Textual app: the home screen, and the session flow around the session screen.

A session runs as one async worker (:meth:`SuppleApp.run_session`) that
awaits each screen in turn (:class:`tui.app.flow.SessionFlow`): pain before
(when the routine asks), the session, pain after, effort, a note, the safety
notice when it is needed, and the summary.  Every dialog is a
``ModalScreen[T]`` that dismisses with its answer.

Time is an input: the app passes its ``clock`` to every
:class:`~tui.core.session.runner.SessionRunner`, and ``today`` to the home screen,
so tests run whole sessions on a fake clock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from tui.app import startup
from tui.app.theme import DEFAULT_THEME, HIGH_CONTRAST, HIGH_CONTRAST_THEME
from tui.core.config import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from tui.app.recovery import Unfinished
    from tui.app.screens.home import HomeScreen
    from tui.app.screens.summary import SessionResult
    from tui.core.history.session_log import SessionLog
    from tui.core.routine.model import Routine

# Every screen, the history store and the audio are imported when first needed
# (the home screen, a session, the recovery check), so the first frame of
# `supple` waits only for the home screen and that of `supple run` only for the
# session's first question.


#: Where each screen's stylesheet is (``tui/app/screens/NAME.tcss``, the screen's CSS_PATH).
SCREENS_DIR = Path(__file__).with_name("screens")


class SuppleApp(App[int]):
    """Guided physical-therapy home routines."""

    CSS_PATH = Path(__file__).with_name("supple.tcss")
    TITLE = "supple"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+t",
            "toggle_contrast",
            "Contrast",
            id="app.contrast",
            tooltip="Switch the high-contrast look on or off",
        ),
    ]

    def __init__(
        self,
        routine: Routine | None = None,
        *,
        speed: float = 1.0,
        db: Path | None = None,
        sound: bool = True,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
        settings: Settings | None = None,
        history: bool = True,
        check_unfinished: bool = True,
        log_factory: Callable[[Routine, bool], SessionLog] | None = None,
    ) -> None:
        """``routine`` starts a session at once (``None`` opens the home screen).

        ``clock`` and ``today`` are injected for tests; ``history=False`` keeps
        sessions out of the history; ``log_factory(routine, preview)`` replaces
        the history writer (tests).
        """
        # The first screen's own stylesheet is read with the app's: loaded when
        # that screen is pushed, it would make Textual parse every stylesheet again.
        first = (
            "home" if routine is None else "rating" if routine.ask_pain_before else "session_screen"
        )
        super().__init__(css_path=[self.CSS_PATH, SCREENS_DIR / f"{first}.tcss"])
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.routine = routine
        self.speed = speed
        self.db = db
        self.sound_on = sound
        self.clock = clock
        self.today = today
        self.history_on = history
        self.check_unfinished_on = check_unfinished
        self._home_screen: HomeScreen | None = None
        #: Set once the start-up check for unfinished sessions is over (a session waits for it).
        self.startup_checked = asyncio.Event()
        self.log_factory = log_factory
        self.settings_warnings: list[str] = []
        if settings is None:
            settings, self.settings_warnings = load_settings()
        self.settings = settings
        #: The last session's result (tests read it).
        self.last_result: SessionResult | None = None
        self.register_theme(HIGH_CONTRAST_THEME)
        self.theme = self._wanted_theme()

    # ------------------------------------------------------------------ start-up

    def _wanted_theme(self) -> str:
        if self.settings.high_contrast:
            return HIGH_CONTRAST
        name = self.settings.theme
        if name and name in self.available_themes and name != HIGH_CONTRAST:
            return name
        return DEFAULT_THEME

    def compose(self) -> ComposeResult:
        # Under `supple run` the session's screens open over the app's own
        # screen: it names the routine (the home screen comes when it is asked for).
        if self.routine is not None:
            yield Static(f"supple - {self.routine.title}", id="run-top", markup=False)

    def on_mount(self) -> None:
        if self.routine is None:
            self.push_screen(self._new_home())
        else:
            self.run_session(self.routine)
        for warning in self.settings_warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # The check for sessions a crash left open reads the history store: it
        # waits until the first frame is out (tui.app.startup), and a session
        # waits for it (startup_checked).
        self.set_timer(startup.SETTLE, self.check_unfinished)

    @work(exclusive=True, group="startup")
    async def check_unfinished(self) -> None:
        """Offer to close sessions a crash left open (over whatever screen is showing)."""
        try:
            if self.check_unfinished_on and self.history_on and self.log_factory is None:
                await self._offer_recovery()
        finally:
            self.startup_checked.set()

    async def _offer_recovery(self) -> None:
        for found in await asyncio.to_thread(_unfinished_sessions, self.db):
            from tui.app.screens.confirm import ConfirmDialog

            done = f"{found.parts} exercise part{'s' if found.parts != 1 else ''}"
            close = await self.push_screen_wait(
                ConfirmDialog(
                    "A session did not finish",
                    f"Your session of {found.routine_title} started {found.started} was not "
                    "finished (supple may have closed unexpectedly). Close it as abandoned, "
                    f"keeping the {done} you did?",
                    yes="Close it",
                    no="Not now",
                )
            )
            if close:
                problem = await asyncio.to_thread(_abandon, self.db, found.session_id)
                if problem:
                    self.notify(problem, severity="error", timeout=10)

    # ------------------------------------------------------------------ home screen messages

    def _new_home(self) -> HomeScreen:
        from tui.app.screens.home import HomeScreen

        self._home_screen = HomeScreen(db=self.db, today=self.today)
        return self._home_screen

    def on_home_screen_start_routine(self, message: HomeScreen.StartRoutine) -> None:
        """The patient chose a routine on the home screen."""
        self.run_session(message.routine)

    def _home(self) -> HomeScreen | None:
        """The home screen, when it is open (under `supple run` it may never be)."""
        home = self._home_screen
        return home if home is not None and home in self.screen_stack else None

    def on_home_screen_open_settings(self) -> None:
        """The home screen's "Settings"."""
        self.open_settings()

    def open_settings(self) -> None:
        """Show the settings dialog and keep what the patient saves."""
        from tui.app.screens.settings import SettingsDialog

        def saved(settings: Settings | None) -> None:
            if settings is not None:
                self.apply_settings(settings)

        self.push_screen(SettingsDialog(self.settings), saved)

    def on_home_screen_open_history(self) -> None:
        """The home screen's "History"."""
        self.open_history()

    def open_history(self) -> None:
        """Show the history screens; a routine chosen there ("run again") starts."""
        from tui.app.screens.home import history_screens_available

        if not history_screens_available():
            self.notify("The history screens are not available in this version.")
            return
        from tui.app.screens.history_list import HistoryScreen

        def closed(path: str | None) -> None:
            if path:
                self.run_routine_file(Path(path))

        self.push_screen(HistoryScreen(db=self.db), closed)

    @work(group="load-routine")
    async def run_routine_file(self, path: Path) -> None:
        """Load the routine at ``path`` (in a thread) and start it."""
        from tui.core.routine.loader import load_routine
        from tui.core.routine.model import RoutineError

        try:
            routine = await asyncio.to_thread(load_routine, path)
        except RoutineError as exc:
            self.notify(
                "\n".join(str(p) for p in exc.problems[:5]),
                title="This routine has problems",
                severity="error",
                timeout=15,
            )
            return
        except OSError as exc:
            self.notify(f"Can't read {path}: {exc.strerror or exc}", severity="error")
            return
        self.run_session(routine)

    # ------------------------------------------------------------------ settings and theme

    def apply_settings(self, settings: Settings) -> None:
        """Use ``settings`` now and save them (in a thread)."""
        self.settings = settings
        wanted = self._wanted_theme()
        if self.theme != wanted:
            self.theme = wanted
        self._save_settings(settings)

    @work(group="settings-save")
    async def _save_settings(self, settings: Settings) -> None:
        try:
            await asyncio.to_thread(save_settings, settings)
        except OSError as exc:
            self.notify(f"Settings could not be saved: {exc}", severity="error")

    def _theme_changed(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if not isinstance(name, str):
            return
        high = name == HIGH_CONTRAST
        changed = replace(
            self.settings,
            high_contrast=high,
            theme=self.settings.theme if high else name,
        )
        if changed != self.settings:
            self.settings = changed
            self._save_settings(changed)

    def action_toggle_contrast(self) -> None:
        """Switch the high-contrast look on or off (remembered in the settings)."""
        self.apply_settings(replace(self.settings, high_contrast=not self.settings.high_contrast))

    # ------------------------------------------------------------------ sound

    class BellCue(Message):
        """The audio player's last-resort output wants a cue shown (posted from its thread)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class HistoryProblem(Message):
        """The history could not be written (posted from the writer's thread)."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    @on(BellCue)
    def _bell_cue(self, message: BellCue) -> None:
        self.bell_flash(message.name)

    @on(HistoryProblem)
    def _history_problem(self, message: HistoryProblem) -> None:
        self.notify(message.problem, title="History", severity="warning", timeout=10)

    def bell_flash(self, name: str = "") -> None:
        """Ring the terminal bell, and flash the session screen for a segment start or a count.

        The last-resort output: every cue rings; only those of
        :data:`~tui.app.sound.FLASH_SOUNDS` (or one without a name) also flash.
        """
        from tui.app.screens.session_screen import SessionScreen
        from tui.app.sound import FLASH_SOUNDS

        self.bell()
        if isinstance(self.screen, SessionScreen) and (not name or name in FLASH_SOUNDS):
            self.screen.flash()

    def bell_from_thread(self, name: str) -> None:
        """The audio player's bell callback (called on its worker thread)."""
        self.post_message(self.BellCue(name))

    def history_problem_from_thread(self, problem: str | None) -> None:
        """The recorder's problem callback (called on the history thread)."""
        if problem:
            self.post_message(self.HistoryProblem(problem))

    # ------------------------------------------------------------------ the session flow

    @work(exclusive=True, group="session")
    async def run_session(self, routine: Routine) -> None:
        """Guide the patient through ``routine`` and everything around it."""
        from tui.app.flow import SessionFlow

        home = self._home()
        if home is not None and routine.source is not None:
            home.prefer = routine.source
        where = await SessionFlow(self, routine).run()
        if where == "home" and self._home() is None:
            # Started by `supple run`: the summary's "Routines" opens the home screen.
            home = self._new_home()
            home.prefer = routine.source
            await self.push_screen(home)

    def action_quit(self) -> None:  # type: ignore[override]
        """Quit; during a session ask first (the session screen saves it as partial)."""
        from tui.app.screens.session_screen import SessionScreen

        screen = self.screen
        if isinstance(screen, SessionScreen):
            screen.action_quit_session()
            return
        self.exit(0)


def _unfinished_sessions(db: Path | None) -> list[Unfinished]:
    """:func:`tui.app.recovery.unfinished_sessions`, importing the history store (in a thread)."""
    from tui.app import recovery

    return recovery.unfinished_sessions(db)


def _abandon(db: Path | None, session_id: str) -> str | None:
    """:func:`tui.app.recovery.abandon` (in a thread)."""
    from tui.app import recovery

    return recovery.abandon(db, session_id)
