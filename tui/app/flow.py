"""The session flow: every screen of one session, in order, awaited one after another.

Pain before (when the routine asks), the session, pain after, effort, a note,
the safety notice when it is needed, and the summary.  Every dialog is a
``ModalScreen[T]`` that dismisses with its answer.  :class:`SessionFlow` runs
inside the app's ``run_session`` worker.

Under ``supple run`` the pain question is the first thing on screen, so this
module imports only its dialog; the session's other screens, the runner and
the audio (:data:`SESSION_MODULES`) are imported in a thread after that
question's first frame, while the patient reads it.
"""

from __future__ import annotations

import asyncio
import importlib
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.app import startup
from tui.app.screens.rating import RatingDialog
from tui.core.routine.model import Routine

if TYPE_CHECKING:
    from tui.app.app import SuppleApp
    from tui.app.sound import SoundControl
    from tui.audio.output import Sound
    from tui.core.history.session_log import SessionLog

#: What a session needs after its first question (imported ahead, in a thread).
SESSION_MODULES = (
    "tui.app.recording",
    "tui.app.screens.note",
    "tui.app.screens.safety_screen",
    "tui.app.screens.session_screen",
    "tui.app.screens.summary",
    "tui.app.sound",
    "tui.core.session.safety",
    "tui.core.session.runner",
    "tui.audio.output",
    "tui.core.history.session_log",
)


def import_session_modules() -> None:
    """Import :data:`SESSION_MODULES` (the first import of each does the work)."""
    for name in SESSION_MODULES:
        importlib.import_module(name)


class SessionFlow:
    """One session of ``routine`` in ``app``, from the first question to the summary."""

    def __init__(self, app: SuppleApp, routine: Routine) -> None:
        self.app = app
        self.routine = routine

    def _open_log(self, preview: bool) -> SessionLog | None:
        from tui.core.history.session_log import open_recorder_log

        app = self.app
        if app.log_factory is not None:
            return app.log_factory(self.routine, preview)
        if not app.history_on:
            return None
        return open_recorder_log(
            self.routine, preview=preview, db=app.db, on_problem=app.history_problem_from_thread
        )

    def _open_sound(self) -> Sound:
        """The cue output (loads the cue pack: runs in a thread)."""
        from tui.audio.output import no_sound, open_sound

        app = self.app
        if not app.sound_on:
            return no_sound()
        return open_sound(self.routine, app.settings, bell=app.bell_from_thread)

    def _remember_mute(self, control: SoundControl) -> None:
        from tui.app.sound import PlayerSound

        app = self.app
        if isinstance(control, PlayerSound) and control.muted != app.settings.muted:
            app.apply_settings(replace(app.settings, muted=control.muted))

    async def run(self) -> str | None:
        """Ask, guide, ask again, warn when needed, sum up; save all along.

        Returns where the patient goes from the summary ("home" or "quit").
        """
        app = self.app
        routine = self.routine
        preview = app.speed != 1.0
        pain_before: int | None = None
        if routine.ask_pain_before:
            question = RatingDialog.pain("before")
            shown = asyncio.Event()
            question.call_after_refresh(shown.set)  # handled once the question is mounted
            importing = asyncio.create_task(self._import_ahead(shown))
            pain_before = await app.push_screen_wait(question)
            # Answered before its first refresh (keys typed ahead): import now.
            shown.set()
            await importing
        else:
            import_session_modules()
        from tui.app.recording import BackgroundLog
        from tui.app.screens.note import NoteDialog
        from tui.app.screens.safety_screen import SafetyScreen
        from tui.app.screens.session_screen import SessionScreen
        from tui.app.screens.summary import SessionResult, SummaryScreen
        from tui.app.sound import PlayerSound, SilentSound
        from tui.core.session.runner import SessionRunner
        from tui.core.session.safety import needs_safety_notice, safety_notice

        # A session a crash left open is dealt with before this one is recorded.
        await app.startup_checked.wait()
        log = self._open_log(preview)
        background = BackgroundLog(log) if log is not None else None
        if background is not None:
            background.begin(pain_before)
        sound = await asyncio.to_thread(self._open_sound)
        control: SoundControl = PlayerSound(sound) if app.sound_on else SilentSound()
        runner = SessionRunner(
            routine,
            clock=app.clock,
            speed=app.speed,
            cues=sound.cues,
            history=background,
            back_grace=app.settings.back_grace,
        )
        finished = False
        try:
            screen = SessionScreen(runner, sound=control)
            await app.push_screen(screen)
            status = await screen.finished
            self._remember_mute(control)
            # The questions come over the finished session ("WELL DONE"), not the home screen.
            pain_after = await app.push_screen_wait(RatingDialog.pain("after"))
            effort = await app.push_screen_wait(RatingDialog.effort())
            note = await app.push_screen_wait(NoteDialog())
            if background is not None:
                await background.finish(pain_after=pain_after, effort=effort, note=note)
            finished = True
            await app.pop_screen()
            hurt = [record.name for record in runner.hurt_marks]
            if needs_safety_notice(pain_before, pain_after, bool(hurt)):
                notice = safety_notice(
                    routine, pain_before=pain_before, pain_after=pain_after, hurt_exercises=hurt
                )
                await app.push_screen_wait(SafetyScreen(notice))
            result = SessionResult(
                title=routine.title,
                status=status,
                records=tuple(runner.engine.records),
                seconds=runner.engine.session_elapsed(runner.now()),
                pain_before=pain_before,
                pain_after=pain_after,
                effort=effort,
                note=note,
                speed=app.speed,
            )
            app.last_result = result
            where = await app.push_screen_wait(SummaryScreen(result, background))
            # Stopping the audio threads waits for them; not on the UI thread.
            await asyncio.to_thread(sound.close)
            if where == "quit":
                app.exit(0)
            return where
        finally:
            if not runner.engine.ended:
                runner.quit()
            if background is not None:
                if not finished:
                    # Closing mid-flow: keep what was done as a partial session.
                    background.finish_partial()
                background.close()
            sound.close()  # at once when already closed; on exit it may wait

    @staticmethod
    async def _import_ahead(after: asyncio.Event) -> None:
        """Import the session's modules in a thread once ``after`` is set and the frame is out."""
        await after.wait()
        await asyncio.sleep(startup.SETTLE)
        await asyncio.to_thread(import_session_modules)
