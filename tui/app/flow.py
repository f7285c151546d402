"""The session flow: every screen of one session, in order, awaited one after another.

Pain before (when the routine asks), the session, pain after, effort, a note,
the safety notice when it is needed, and the summary.  Every dialog is a
``ModalScreen[T]`` that dismisses with its answer.  :class:`SessionFlow` runs
inside the app's ``run_session`` worker; the app imports this module only
when a session starts, so the home screen's first frame does not wait for it.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.app.recording import BackgroundLog
from tui.app.screens.note import NoteDialog
from tui.app.screens.rating import RatingDialog
from tui.app.screens.safety import SafetyScreen
from tui.app.screens.session import SessionScreen
from tui.app.screens.summary import SessionResult, SummaryScreen
from tui.app.sound import PlayerSound, SilentSound, SoundControl
from tui.core.routine import Routine
from tui.core.safety import needs_safety_notice, safety_notice
from tui.core.session import SessionRunner
from tui.core.session_io import SessionLog, Sound, no_sound, open_recorder_log, open_sound

if TYPE_CHECKING:
    from tui.app.app import SuppleApp


class SessionFlow:
    """One session of ``routine`` in ``app``, from the first question to the summary."""

    def __init__(self, app: SuppleApp, routine: Routine) -> None:
        self.app = app
        self.routine = routine

    def _open_log(self, preview: bool) -> SessionLog | None:
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
        app = self.app
        if not app.sound_on:
            return no_sound()
        return open_sound(self.routine, app.settings, bell=app.bell_from_thread)

    def _remember_mute(self, control: SoundControl) -> None:
        app = self.app
        if isinstance(control, PlayerSound) and control.muted != app.settings.muted:
            app.apply_settings(replace(app.settings, muted=control.muted))

    async def run(self) -> None:
        """Ask, guide, ask again, warn when needed, sum up; save all along."""
        app = self.app
        routine = self.routine
        preview = app.speed != 1.0
        pain_before: int | None = None
        if routine.ask_pain_before:
            pain_before = await app.push_screen_wait(RatingDialog.pain("before"))
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
        finally:
            if not runner.engine.ended:
                runner.quit()
            if background is not None:
                if not finished:
                    # Closing mid-flow: keep what was done as a partial session.
                    background.finish_partial()
                background.close()
            sound.close()  # at once when already closed; on exit it may wait
