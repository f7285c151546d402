"""The session flow: every screen of one session, in order, awaited one after another.

The steps are :func:`tui.session_setup.session_steps`, the ones plain mode
walks too: pain before (when the routine asks), the session, pain after,
effort, a note, the save, the safety notice when it is needed, and the
summary.  The session's parts (history log, sound, runner) come from
:class:`tui.session_setup.SessionSetup`.  Every dialog is a ``ModalScreen[T]``
that dismisses with its answer.  :class:`SessionFlow` runs inside the app's
``run_session`` worker.

Under ``supple run`` the pain question is the first thing on screen, so this
module imports only its dialog; the session's other screens, the runner and
the audio (:data:`SESSION_MODULES`) are imported in a thread after that
question's first frame, while the patient reads it.  The start-up check for
a session a crash left open runs meanwhile: when the patient chooses to
resume it, the question is withdrawn (a resumed session was asked when it began).
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.app import startup
from tui.app.screens.rating import RatingDialog
from tui.core.routine.model import Routine
from tui.core.session.ratings import SitePain, site_pain
from tui.session_setup import (
    SessionAnswers,
    SessionSetup,
    SessionStep,
    session_steps,
    with_patient_contact,
)

if TYPE_CHECKING:
    from textual.app import App

    from tui.app.recording import BackgroundLog
    from tui.app.screens.session_screen import SessionScreen
    from tui.app.screens.summary import SessionResult
    from tui.app.sound import SoundControl
    from tui.audio.output import Sound
    from tui.core.config import Settings
    from tui.core.history import ResumePoint
    from tui.core.history.session_log import SessionLog
    from tui.core.session.runner import SessionRunner
    from tui.core.session.status import SessionStatus
    from tui.session_setup import RecoveryOffer

#: What a session needs after its first question (imported ahead, in a thread).
SESSION_MODULES = (
    "tui.app.recording",
    "tui.app.screens.stop_rules",
    "tui.app.screens.hurt_dialog",
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


@dataclass(frozen=True)
class SessionContext:
    """What a session flow needs from the app besides its screens (the app builds it)."""

    speed: float
    #: The history file (``None``: the user's).
    db: Path | None
    history_on: bool
    sound_on: bool
    clock: Callable[[], float]
    log_factory: Callable[[Routine, bool], SessionLog] | None
    #: Set once the start-up check for unfinished sessions is over.
    startup_checked: asyncio.Event
    #: The settings now (they may change during a session: mute).
    settings: Callable[[], Settings]
    apply_settings: Callable[[Settings], None]
    #: The unfinished session of a routine the patient chose to resume, if any (a look).
    resume_chosen: Callable[[Routine], RecoveryOffer | None]
    #: The same, taken: it is resumed by this flow.
    take_resume: Callable[[Routine], RecoveryOffer | None]
    #: Told (on the history thread) when saving fails and works again.
    history_problem: Callable[[str | None], None]
    #: The audio player's bell (on its thread).
    bell: Callable[[str], None]
    #: Keeps the last session's result (tests read it).
    keep_result: Callable[[SessionResult], None]
    #: Told, as the flow closes, why its session is not in the history and the JSON
    #: copy to print when it is saved nowhere else (``None``: a backup file holds it).
    keep_unsaved: Callable[[str, str | None], None]


class SessionFlow:
    """One session of ``routine`` in ``app``, from the first question to the summary."""

    def __init__(self, app: App[Any], context: SessionContext, routine: Routine) -> None:
        self.app = app
        self.context = context
        settings = context.settings()
        routine = with_patient_contact(routine, settings)
        self.routine = routine
        self.setup = SessionSetup(
            routine,
            settings,
            speed=context.speed,
            db=context.db,
            history=context.history_on,
            clock=context.clock,
            on_problem=context.history_problem,
            log_factory=context.log_factory,
        )
        self.answers = SessionAnswers()
        #: Where a resumed session goes on (``None``: a new session).
        self.resumed: ResumePoint | None = None
        self.background: BackgroundLog | None = None
        self.sound: Sound | None = None
        self.runner: SessionRunner | None = None
        self.status: SessionStatus | None = None
        self._question: RatingDialog | None = None
        self._answer: asyncio.Future[int | None] | None = None
        self._shown = asyncio.Event()
        self._importing: asyncio.Task[None] | None = None
        self._log: SessionLog | None = None
        self._control: SoundControl | None = None
        self._screen: SessionScreen | None = None
        self._saved = False
        self._where: str | None = None
        #: True once the patient chose not to start (at the stop rules).
        self._left = False

    async def run(self) -> str | None:
        """Ask, guide, ask again, warn when needed, sum up; save all along.

        Returns where the patient goes from the summary ("home" or "quit").
        """
        steps: dict[SessionStep, Callable[[], Awaitable[None]]] = {
            SessionStep.PAIN_BEFORE: self._pain_before,
            SessionStep.STOP_RULES: self._stop_rules,
            SessionStep.GUIDE: self._guide,
            SessionStep.PAIN_AFTER: self._pain_after,
            SessionStep.EFFORT: self._effort,
            SessionStep.NOTE: self._note,
            SessionStep.SAVE: self._save,
            SessionStep.SAFETY: self._safety,
            SessionStep.SUMMARY: self._summary,
        }
        try:
            self._ask_first()
            await self._decide()
            for step in session_steps(self.routine, resumed=self.resumed is not None):
                await steps[step]()
                if self._left:
                    break  # "not today", or left at the stop rules: no session to guide
            return self._where
        finally:
            self._close()

    # ------------------------------------------------------------------ before the session

    def _ask_first(self) -> None:
        """Show the pain question at once (when the routine asks) and import the rest behind it."""
        resuming = self.context.resume_chosen(self.routine) is not None
        if not self.routine.ask_pain_before or resuming:
            import_session_modules()
            self._shown.set()
            return
        sites = self.routine.pain_sites
        question = (
            RatingDialog.pain_site("before", sites[0]) if sites else RatingDialog.pain("before")
        )
        question.call_after_refresh(self._shown.set)  # handled once the question is mounted
        self._importing = asyncio.create_task(self._import_ahead(self._shown))
        self._question = question
        self._answer = self.app.push_screen(question, wait_for_dismiss=True)

    async def _decide(self) -> None:
        """After the start-up check: resume the session chosen there, if it is one of ours."""
        app = self.app
        # A session a crash left open is dealt with before this one is recorded.
        await self.context.startup_checked.wait()
        offer = self.context.take_resume(self.routine)
        if offer is None:
            return
        question, answer = self._question, self._answer
        if (
            question is not None
            and answer is not None
            and not answer.done()
            and app.screen is question
        ):
            question.dismiss(None)  # a resumed session was asked when it began
        log, self.resumed = await asyncio.to_thread(self.setup.resume_log, offer)
        if self.resumed is None:
            problem = log.problem or "The unfinished session could not be resumed."
            app.notify(f"{problem} A new session starts instead.", severity="warning")
            return
        self._log = log
        before = self.resumed.session
        self.answers = replace(
            self.answers, pain_before=before.pain_before, sites_before=before.sites_before
        )

    async def _imported(self) -> None:
        """Wait for the session's modules (imported behind the first question)."""
        self._shown.set()  # answered before its first refresh (keys typed ahead): import now
        if self._importing is not None:
            await self._importing

    async def _pain_before(self) -> None:
        if self._answer is not None:
            first = await self._answer
            if not self.routine.pain_sites:
                self.answers.pain_before = first
                return
            self.answers.sites_before = await self._by_site("before", first)
            self.answers.pain_before = self.answers.sites_before.worse

    async def _by_site(self, when: str, first: int | None) -> SitePain:
        """Each site's rating in turn (``first``: the first site's, already answered)."""
        sites = self.routine.pain_sites
        given = {sites[0]: first}
        for site in sites[1:]:
            given[site] = await self.app.push_screen_wait(RatingDialog.pain_site(when, site))
        return site_pain(given)

    async def _stop_rules(self) -> None:
        """The stop rules before the session; "not today" or leaving ends the flow here."""
        from tui.app.screens.stop_rules import StopRulesScreen
        from tui.session_setup import RulesAnswer, stop_rules_for

        await self._imported()
        today = await asyncio.to_thread(self.setup.started_today)
        worse = await asyncio.to_thread(self.setup.next_day_worse)
        rules = stop_rules_for(
            self.routine, self.answers.pain_before, started_today=today, next_day_worse=worse
        )
        if rules is None:
            return
        from tui.app.screens.session_screen import session_key

        keys = (session_key(self.app, "session.hurt"), session_key(self.app, "session.rules"))
        screen = StopRulesScreen(rules, before=True, session_keys=keys)
        answer = await self.app.push_screen_wait(screen)
        if answer is RulesAnswer.START:
            return
        self._left, self._where = True, "home"
        if answer is not RulesAnswer.NOT_TODAY:
            self.app.notify("The session was not started; nothing was saved.")
            return
        log = self.setup.open_log()
        problem = None
        if log is not None:
            answers = self.answers
            await asyncio.to_thread(log.not_today, answers.pain_before, answers.sites_before)
            problem = log.problem
        self.app.notify(
            problem or '"Not today" is recorded for your therapist. No session was started.',
            title="Not today",
            severity="warning" if problem else "information",
        )

    # ------------------------------------------------------------------ the session

    async def _guide(self) -> None:
        from tui.app.recording import BackgroundLog
        from tui.app.screens.session_screen import SessionScreen
        from tui.app.sound import PlayerSound, SilentSound

        app = self.app
        await self._imported()
        log = self._log if self.resumed is not None else self.setup.open_log()
        self.background = BackgroundLog(log) if log is not None else None
        if self.background is not None and self.resumed is None:
            self.background.begin(self.answers.pain_before, self.answers.sites_before)
        self.sound = await asyncio.to_thread(
            self.setup.open_sound, on=self.context.sound_on, bell=self.context.bell
        )
        self._control = PlayerSound(self.sound) if self.context.sound_on else SilentSound()
        self.runner = self.setup.runner(
            cues=self.sound.cues, history=self.background, resumed=self.resumed
        )
        if self.runner.engine.ended:
            # Resumed after its last part: only the questions after it are left.
            self.runner.start()
            self.status = self.runner.status
            return
        self._screen = SessionScreen(self.runner, sound=self._control)
        await app.push_screen(self._screen)
        self.status = await self._screen.finished
        self._remember_mute()

    def _remember_mute(self) -> None:
        from tui.app.sound import PlayerSound

        control = self._control
        settings = self.context.settings()
        if isinstance(control, PlayerSound) and control.muted != settings.muted:
            self.context.apply_settings(replace(settings, muted=control.muted))

    # ------------------------------------------------------------------ after the session

    # The questions come over the finished session ("WELL DONE"), not the home screen.
    async def _pain_after(self) -> None:
        sites = self.routine.pain_sites
        if not sites:
            self.answers.pain_after = await self.app.push_screen_wait(RatingDialog.pain("after"))
            return
        first = await self.app.push_screen_wait(RatingDialog.pain_site("after", sites[0]))
        self.answers.sites_after = await self._by_site("after", first)
        self.answers.pain_after = self.answers.sites_after.worse

    async def _effort(self) -> None:
        self.answers.effort = await self.app.push_screen_wait(RatingDialog.effort())

    async def _note(self) -> None:
        from tui.app.screens.note import NoteDialog

        self.answers.note = await self.app.push_screen_wait(NoteDialog())

    async def _save(self) -> None:
        answers = self.answers
        if self.background is not None:
            await self.background.finish(
                pain_after=answers.pain_after,
                effort=answers.effort,
                note=answers.note,
                sites_after=answers.sites_after,
            )
        self._saved = True
        if self._screen is not None:
            await self.app.pop_screen()

    async def _safety(self) -> None:
        from tui.app.screens.safety_screen import SafetyScreen
        from tui.session_setup import safety_notice_for

        assert self.runner is not None
        notice = safety_notice_for(self.routine, self.runner, self.answers)
        if notice is not None:
            await self.app.push_screen_wait(SafetyScreen(notice))

    async def _summary(self) -> None:
        from tui.app.screens.summary import SessionResult, SummaryScreen
        from tui.core.session.status import SessionStatus

        app, runner, answers = self.app, self.runner, self.answers
        assert runner is not None and self.sound is not None
        result = SessionResult(
            title=self.routine.title,
            status=self.status or SessionStatus.PARTIAL,
            records=tuple(runner.engine.records),
            seconds=runner.engine.session_elapsed(runner.now()),
            pain_before=answers.pain_before,
            pain_after=answers.pain_after,
            effort=answers.effort,
            note=answers.note,
            speed=self.context.speed,
            plan=runner.engine.segments,
            counts_when_done=self.routine.counts_when_done,
            sites=answers.by_site(),
        )
        self.context.keep_result(result)
        self._where = await app.push_screen_wait(SummaryScreen(result, self.background))
        # Stopping the audio threads waits for them; not on the UI thread.
        await asyncio.to_thread(self.sound.close)
        if self._where == "quit":
            app.exit(0)

    def _close(self) -> None:
        """However the flow ends: stop the session, save what was done, close the sound."""
        if self.runner is not None and not self.runner.engine.ended:
            self.runner.quit()
        if self.background is not None:
            if not self._saved:
                # Closing mid-flow: keep what was done as a partial session.
                self.background.finish_partial()
            self.background.close()
            log = self.background.log
            if log.problem is not None:
                self.context.keep_unsaved(log.problem, log.unsaved_copy())
        if self.sound is not None:
            self.sound.close()  # at once when already closed; on exit it may wait

    @staticmethod
    async def _import_ahead(after: asyncio.Event) -> None:
        """Import the session's modules in a thread once ``after`` is set and the frame is out."""
        await after.wait()
        await asyncio.sleep(startup.SETTLE)
        await asyncio.to_thread(import_session_modules)
