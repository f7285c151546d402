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
import contextlib
import signal
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.app import startup
from tui.app.messages import (
    BellCue,
    HistoryProblem,
    OpenHistory,
    OpenProgress,
    OpenSettings,
    SetHighContrast,
    SoundCheck,
    StartRoutine,
    StartRoutineFile,
    WriteReport,
)
from tui.app.theme import DEFAULT_THEME, HIGH_CONTRAST, HIGH_CONTRAST_THEME
from tui.core.config import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.dom import DOMNode

    from tui.app.flow import SessionContext
    from tui.app.screens.history_list import HistoryScreen
    from tui.app.screens.home import HomeScreen
    from tui.app.screens.summary import SessionResult
    from tui.core.history.session_log import SessionLog
    from tui.core.routine.model import Routine
    from tui.session_setup import RecoveryOffer

#: Signals that quit the app as ``q`` does (Ctrl-C is a key here, not a signal).
_QUIT_SIGNALS = ("SIGTERM", "SIGHUP")

# Every screen, the history store and the audio are imported when first needed
# (the home screen, a session, the recovery check), so the first frame of
# `supple` waits only for the home screen and that of `supple run` only for the
# session's first question.  So is the command palette's provider.


def supple_commands() -> type[Provider]:
    """supple's command-palette provider (:mod:`tui.app.palette`), imported when first used."""
    from tui.app.palette import SuppleCommands

    return SuppleCommands


#: Where each screen's stylesheet is (``tui/app/screens/NAME.tcss``, the screen's CSS_PATH).
SCREENS_DIR = Path(__file__).with_name("screens")


class SuppleApp(App[int]):
    """Guided physical-therapy home routines."""

    CSS_PATH = Path(__file__).with_name("supple.tcss")
    TITLE = "supple"
    ENABLE_COMMAND_PALETTE = True
    #: Textual's system commands (theme, keys, quit...) and supple's own.
    COMMANDS = App.COMMANDS | {supple_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+t",
            "toggle_contrast",
            "Contrast",
            id="app.contrast",
            tooltip="Switch the high-contrast look on or off",
        ),
        # Textual's own quit key, given an id so that it can be remapped.
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            show=False,
            priority=True,
            tooltip="Close supple (during a session it asks first)",
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
        #: The unfinished session the patient chose to resume, until its session flow takes it.
        self.pending_resume: RecoveryOffer | None = None
        self._session_flows = 0
        self.log_factory = log_factory
        self.settings_warnings: list[str] = []
        if settings is None:
            settings, self.settings_warnings = load_settings()
        self.settings = settings
        #: The last session's result (tests read it).
        self.last_result: SessionResult | None = None
        #: Sessions not in the history as the app closes: why, and the JSON copy to print.
        self.unsaved: list[tuple[str, str | None]] = []
        self.register_theme(HIGH_CONTRAST_THEME)
        self.theme = self._wanted_theme()
        #: Key clashes of the user's keymap already told (see handle_bindings_clash).
        self._clashes_told: set[tuple[str, str]] = set()

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
        self._handle_stop_signals()
        # The user's keys ([keys] in config.toml) before the first screen's bindings are read.
        self.set_keymap(self.settings.keymap)
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

    def _handle_stop_signals(self) -> None:
        """``kill``, a closed terminal window, a logout: quit as ``q`` does, without asking.

        Without this the process dies at once: the part in progress is not
        recorded, the session is left unfinished and the terminal stays in the
        alternate screen with mouse reporting on.  Quitting ends the session as
        partial (the session screen's unmount), saves it (the flow's close) and
        restores the terminal (Textual's driver).
        """
        loop = asyncio.get_running_loop()
        for name in _QUIT_SIGNALS:
            number = getattr(signal, name, None)
            if number is None:
                continue  # SIGHUP does not exist on Windows
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.exit, None, 128 + number)

    @work(exclusive=True, group="startup")
    async def check_unfinished(self) -> None:
        """Ask about sessions a crash left open (over whatever screen is showing).

        Each is offered as Resume / Close as abandoned / Later
        (:class:`~tui.app.screens.resume_dialog.ResumeDialog`).  Under ``supple
        run ROUTINE`` only that routine's session can be resumed (its session
        flow takes it); from the home screen any can, and it starts at once.
        """
        try:
            if self.check_unfinished_on and self.history_on and self.log_factory is None:
                self.pending_resume = await self._offer_recovery()
                from tui.app.screens.next_day_dialog import ask_next_day

                await ask_next_day(self, self.db, self.today())
        finally:
            self.startup_checked.set()
        offer = self.pending_resume
        if offer is not None and offer.routine is not None and self._session_flows == 0:
            self.run_session(offer.routine)

    async def _offer_recovery(self) -> RecoveryOffer | None:
        """Ask about each unfinished session; the one to resume, if one was chosen."""
        from tui.core.history.recovery import RecoveryChoice

        offers, problem = await asyncio.to_thread(
            _unfinished_sessions, self.db, self.routine, self.speed != 1.0
        )
        if problem:
            self.notify(problem, title="History", severity="warning", timeout=10)
        for offer in offers:
            from tui.app.screens.resume_dialog import ResumeDialog

            choice = await self.push_screen_wait(ResumeDialog(offer))
            if choice is RecoveryChoice.RESUME:
                return offer
            if choice is RecoveryChoice.ABANDON:
                problem = await asyncio.to_thread(_abandon, self.db, offer)
                if problem:
                    self.notify(problem, severity="error", timeout=10)
        return None

    def resume_chosen(self, routine: Routine) -> RecoveryOffer | None:
        """The session chosen at start-up for resuming, once the check is over, if ``routine``'s."""
        offer = self.pending_resume if self.startup_checked.is_set() else None
        return offer if offer is not None and offer.routine is routine else None

    def take_resume(self, routine: Routine) -> RecoveryOffer | None:
        """:meth:`resume_chosen`, taken (its session flow resumes it)."""
        offer = self.resume_chosen(routine)
        if offer is not None:
            self.pending_resume = None
        return offer

    # ------------------------------------------------------------------ home screen messages

    def _new_home(self) -> HomeScreen:
        from tui.app.screens.home import HomeScreen

        self._home_screen = HomeScreen(db=self.db, today=self.today)
        return self._home_screen

    @on(StartRoutine)
    def _start_routine(self, message: StartRoutine) -> None:
        """The patient chose a routine on the home screen."""
        if self._not_in_session():
            self.run_session(message.routine)

    @on(StartRoutineFile)
    def _start_routine_file(self, message: StartRoutineFile) -> None:
        if self._not_in_session():
            self.run_routine_file(message.path)

    @property
    def home_screen(self) -> HomeScreen | None:
        """The home screen, when it is open (under `supple run` it may never be)."""
        home = self._home_screen
        return home if home is not None and home in self.screen_stack else None

    def library_routines(self) -> list[tuple[str, Path]] | None:
        """The routines the home screen has read, as (title, file); ``None`` if it has not.

        The command palette lists these rather than reading the files again.
        """
        home = self.home_screen
        if home is None or not home.loaded.is_set():
            return None
        return [
            (item.routine.title, item.entry.path)
            for item in home.items.values()
            if item.routine is not None
        ]

    @on(OpenSettings)
    def _open_settings(self) -> None:
        if self._not_in_session():
            self.open_settings()

    def open_settings(self) -> None:
        """Show the settings dialog and keep what the patient saves."""
        from tui.app.screens.settings import SettingsDialog

        def saved(settings: Settings | None) -> None:
            if settings is not None:
                self.apply_settings(settings)

        self.push_screen(SettingsDialog(self.settings), saved)

    @on(OpenHistory)
    def _open_history(self) -> None:
        if self._not_in_session():
            self.open_history()

    def open_history(self) -> HistoryScreen:
        """Show the history screens; a routine chosen there ("run again") starts."""
        from tui.app.screens.history_list import HistoryScreen

        def closed(path: str | None) -> None:
            if path:
                self.run_routine_file(Path(path))

        history = HistoryScreen(db=self.db)
        self.push_screen(history, closed)
        return history

    @on(OpenProgress)
    def _open_progress(self) -> None:
        if not self._not_in_session():
            return
        history = self.open_history()
        # Over the list, as its "p" opens it: escape goes back to the list.
        self.call_after_refresh(history.run_action, "progress")

    @on(WriteReport)
    def _write_report(self) -> None:
        if self._not_in_session():
            self.write_report()

    @work(exclusive=True, group="report")
    async def write_report(self) -> None:
        """Write the clinic report (as ``supple report`` does) and say where it went."""
        from tui.core.report.report_file import ReportFileError, report_file_path, write_report_file

        out = report_file_path(self.today())
        try:
            written = await asyncio.to_thread(write_report_file, out, db=self.db, make_folder=True)
        except ReportFileError as exc:
            self.notify(str(exc), title="Report", severity="error", timeout=15)
            return
        self.notify(
            f"Wrote the report ({written.sessions_text}) to {written.path}",
            title="Report for your therapist",
            timeout=20,
        )

    @on(SoundCheck)
    def _sound_check(self) -> None:
        if self._not_in_session():
            self.play_sound_check()

    @work(exclusive=True, group="sound-check")
    async def play_sound_check(self) -> None:
        """Play the test cue (as ``supple doctor`` does) and say which output played it."""
        from tui.audio.sound_check import play_test_cue

        def ring(_name: str) -> None:
            self.call_from_thread(self.bell)

        result = await asyncio.to_thread(play_test_cue, self.settings.volume, ring)
        self.notify(result.message, title="Sound test", severity=result.severity, timeout=10)

    @property
    def in_session(self) -> bool:
        """True while a session (or the questions around it) is under way."""
        return any(w.group == "session" and w.is_running for w in self.workers)

    def _not_in_session(self) -> bool:
        """True when a command may leave the current screen (no session is under way)."""
        if self.in_session:
            self.notify("Finish or stop the session first.", severity="warning")
            return False
        return True

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
            from tui.core.safe_text import shown

            self.notify(shown(f"Can't read {path}: {exc.strerror or exc}"), severity="error")
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

    @on(SetHighContrast)
    def _set_high_contrast(self, message: SetHighContrast) -> None:
        if message.on != self.settings.high_contrast:
            self.apply_settings(replace(self.settings, high_contrast=message.on))

    # ------------------------------------------------------------------ keymap

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Say once which binding lost a key to the user's keymap (Textual calls this often).

        Textual's own list of clashed bindings misses the binding that lost its
        key, so the clash is worked out from ``node``'s bindings and the keymap.
        """
        from tui.app.keymap import taken_keys

        for key, given, lost in taken_keys(node):
            if (key, given) in self._clashes_told:
                continue
            self._clashes_told.add((key, given))
            self.notify(
                f"Your [keys] settings give {key} to {given}, so {lost} no longer has it "
                "(see docs/keymap.md).",
                title="Keys",
                severity="warning",
                timeout=10,
            )

    # ------------------------------------------------------------------ sound

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
        self.post_message(BellCue(name))

    def history_problem_from_thread(self, problem: str | None) -> None:
        """The recorder's problem callback (called on the history thread)."""
        if problem:
            self.post_message(HistoryProblem(problem))

    # ------------------------------------------------------------------ the session flow

    @work(exclusive=True, group="session")
    async def run_session(self, routine: Routine) -> None:
        """Guide the patient through ``routine`` and everything around it."""
        from tui.app.flow import SessionFlow

        home = self.home_screen
        if home is not None and routine.source is not None:
            home.prefer = routine.source
        self._session_flows += 1
        try:
            where = await SessionFlow(self, self._session_context(), routine).run()
        finally:
            self._session_flows -= 1
        if where == "home" and self.home_screen is None:
            # Started by `supple run`: the summary's "Routines" opens the home screen.
            home = self._new_home()
            home.prefer = routine.source
            await self.push_screen(home)

    def _session_context(self) -> SessionContext:
        from tui.app.flow import SessionContext

        def keep(result: SessionResult) -> None:
            self.last_result = result

        return SessionContext(
            speed=self.speed,
            db=self.db,
            history_on=self.history_on,
            sound_on=self.sound_on,
            clock=self.clock,
            log_factory=self.log_factory,
            startup_checked=self.startup_checked,
            settings=lambda: self.settings,
            apply_settings=self.apply_settings,
            resume_chosen=self.resume_chosen,
            take_resume=self.take_resume,
            history_problem=self.history_problem_from_thread,
            bell=self.bell_from_thread,
            keep_result=keep,
            keep_unsaved=lambda problem, copy: self.unsaved.append((problem, copy)),
        )

    def action_help_quit(self) -> None:
        """Ctrl-C: what a patient means by it is "stop", so it does what supple's quit key does.

        Textual's own answer is a toast naming ctrl+q, a key supple does not use;
        here Ctrl-C in a session asks before stopping (and saves what was done),
        and elsewhere closes supple.  In a text box Ctrl-C still copies.
        """
        self.action_quit()

    def action_quit(self) -> None:  # type: ignore[override]
        """Quit; during a session ask first (the session screen saves it as partial)."""
        from tui.app.screens.session_screen import SessionScreen

        screen = self.screen
        if isinstance(screen, SessionScreen):
            screen.action_quit_session()
            return
        self.exit(0)


def _unfinished_sessions(
    db: Path | None, routine: Routine | None, preview: bool
) -> tuple[list[RecoveryOffer], str | None]:
    """:func:`tui.session_setup.find_offers` (in a thread, which imports the store and dialog)."""
    import tui.app.screens.resume_dialog  # noqa: F401  (imported here, off the UI thread)
    from tui.session_setup import find_offers

    return find_offers(db, routine=routine, preview=preview)


def _abandon(db: Path | None, offer: RecoveryOffer) -> str | None:
    """:func:`tui.session_setup.abandon_offer` (in a thread)."""
    from tui.session_setup import abandon_offer

    return abandon_offer(db, offer)
