"""The one seam that builds a session for any front end (the Textual app and plain mode).

Above the audio layer and below the front ends.  It shows nothing itself; it
puts the parts of a session together the same way for both:

* **recovery**: :func:`find_offers` lists the sessions a crash left
  unfinished (:mod:`tui.core.history.recovery`), each with the routine it can
  be resumed with; :func:`abandon_offer` closes one;
* the **history log**: :meth:`SessionSetup.open_log` for a new session (it
  writes nothing before ``begin``), :meth:`SessionSetup.resume_log` to go on
  writing an unfinished one under its own id;
* the **sound**: :meth:`SessionSetup.open_sound`;
* the **runner**: :meth:`SessionSetup.runner`, fresh or resumed at the part
  after the last recorded one;
* the **steps**: :func:`session_steps` is the order both front ends walk (pain
  before, the stop rules, the session, pain after, effort, note, save, safety
  notice, summary); :func:`stop_rules_for` says when the stop rules are shown
  before a session and :func:`safety_notice_for` when the safety notice is needed.

Module-level imports are kept light (the app imports this before its first
frame); each function imports the history, audio or runner it needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.audio.output import Sound
    from tui.core.config import Settings
    from tui.core.history import ResumePoint
    from tui.core.history.recovery import RecoveryChoice, Unfinished
    from tui.core.history.session_log import RecorderLog, SessionLog
    from tui.core.routine.model import Routine
    from tui.core.session.ratings import SitePain
    from tui.core.session.runner import CueOutput, HistoryWriter, SessionRunner
    from tui.core.session.safety import SafetyNotice, StopRules


# --------------------------------------------------------------------------- the steps


class SessionStep(StrEnum):
    """One step of a session, as every front end walks it."""

    PAIN_BEFORE = "pain_before"  # when the routine asks, and not for a resumed session
    STOP_RULES = "stop_rules"  # shown when stop_rules_for() gives them; not when resumed
    GUIDE = "guide"  # the guided session itself
    PAIN_AFTER = "pain_after"
    EFFORT = "effort"
    NOTE = "note"
    SAVE = "save"  # the final status and the answers into the history
    SAFETY = "safety"  # shown only when safety_notice_for() gives a notice
    SUMMARY = "summary"


def with_patient_contact(routine: Routine, settings: Settings) -> Routine:
    """``routine`` with the patient's own clinic contact where the routine names none.

    The routine's own contact wins: it is the therapist's word for that routine.
    Every front end starts its session with this, so the stop rules, "this hurts"
    and the safety notice all name the same contact.
    """
    if routine.contact.strip() or not settings.contact:
        return routine
    return replace(routine, contact=settings.contact)


def session_steps(routine: Routine, *, resumed: bool) -> tuple[SessionStep, ...]:
    """The steps of one session of ``routine``, in order.

    A resumed session was asked its pain before and shown the stop rules when
    it began, so it starts with the guided part.
    """
    left_out = set()
    if resumed or not routine.ask_pain_before:
        left_out.add(SessionStep.PAIN_BEFORE)
    if resumed:
        left_out.add(SessionStep.STOP_RULES)
    return tuple(step for step in SessionStep if step not in left_out)


@dataclass
class SessionAnswers:
    """What the patient answered around one session (``None``: skipped)."""

    pain_before: int | None = None
    pain_after: int | None = None
    effort: int | None = None
    note: str | None = None
    #: Pain by site where the routine asks (``pain_before``/``pain_after`` are then the worse).
    sites_before: SitePain | None = None
    sites_after: SitePain | None = None

    def by_site(self) -> tuple[SitePain, SitePain] | None:
        """Pain by site before and after, for the summaries (``None``: not asked by site)."""
        if self.sites_before is None and self.sites_after is None:
            return None
        from tui.core.session.ratings import NOT_BY_SITE

        return self.sites_before or NOT_BY_SITE, self.sites_after or NOT_BY_SITE


class RulesAnswer(StrEnum):
    """What the patient answered after the stop rules before a session."""

    START = "start"  # confirmed (or "start anyway" at the stop level)
    NOT_TODAY = "not_today"  # pain before at the stop level: recorded, not started
    STOP = "stop"  # left before the session began: nothing is saved


def stop_rules_for(
    routine: Routine,
    pain_before: int | None,
    *,
    started_today: bool,
    next_day_worse: bool = False,
) -> StopRules | None:
    """The stop rules to show before this session, or ``None`` when they are not due.

    They are due before every session, except under ``safety_confirm = "once a
    day"`` once a session of the routine was started today (``started_today``,
    from the history: :meth:`SessionSetup.started_today`); then only pain
    before in the caution or stop band brings them back, or a "worse" at
    this morning's next-day check (``next_day_worse``:
    :meth:`SessionSetup.next_day_worse`), which is said with them.
    """
    from tui.core.routine.model import SAFETY_CONFIRM_DAILY
    from tui.core.session.safety import PainBand, pain_band, stop_rules

    daily = routine.safety_confirm == SAFETY_CONFIRM_DAILY
    fine = pain_band(routine, pain_before) in (None, PainBand.FINE)
    if daily and started_today and fine and not next_day_worse:
        return None
    return stop_rules(routine, pain_before, next_day_worse=next_day_worse)


def safety_notice_for(
    routine: Routine, runner: SessionRunner, answers: SessionAnswers
) -> SafetyNotice | None:
    """The safety notice this session needs, else ``None``.

    Due when pain rose 2 points or more, pain after or a "this hurts" rating
    reached the routine's ``pain_stop``, or "this hurts" was marked.
    """
    from tui.core.session.safety import needs_safety_notice, safety_notice

    marks = runner.hurt_marks
    hurt = [record.name for record in marks]
    rated = [(record.name, record.pain_now) for record in marks if record.pain_now is not None]
    if not needs_safety_notice(
        answers.pain_before,
        answers.pain_after,
        bool(hurt),
        stop=routine.pain_stop,
        hurt_ratings=[value for _, value in rated],
    ):
        return None
    return safety_notice(
        routine,
        pain_before=answers.pain_before,
        pain_after=answers.pain_after,
        hurt_exercises=hurt,
        hurt_ratings=rated,
    )


def _started_today(db: Path | None, title: str, day: date) -> bool:
    """True when the history holds a session of the routine ``title`` started on ``day``."""
    import sqlite3

    from tui.core.history import HistoryError, HistoryStore, local_day_bounds

    start, end = local_day_bounds(day)
    try:
        with HistoryStore.open(db, read_only=True) as store:
            found = store.sessions(since=start, until=end, routine=title, include_preview=True)
    except (HistoryError, OSError, sqlite3.Error):
        return False
    return any(summary.routine.title == title for summary in found)


# --------------------------------------------------------------------------- recovery


@dataclass(frozen=True)
class RecoveryOffer:
    """An unfinished session to ask about, and the routine it can be resumed with."""

    found: Unfinished
    #: The routine to continue it with; ``None``: it can only be closed or left for later.
    routine: Routine | None = None

    @property
    def choices(self) -> tuple[RecoveryChoice, ...]:
        """The answers to offer: resume (when it can be), close as abandoned, later."""
        from tui.core.history.recovery import RecoveryChoice

        if self.routine is None:
            return (RecoveryChoice.ABANDON, RecoveryChoice.LATER)
        return (RecoveryChoice.RESUME, RecoveryChoice.ABANDON, RecoveryChoice.LATER)


def find_offers(
    db: Path | None, *, routine: Routine | None, preview: bool
) -> tuple[list[RecoveryOffer], str | None]:
    """Unfinished sessions to offer (disk work: run it in a thread) and a problem sentence.

    Under ``supple run ROUTINE`` (``routine`` given) only that routine's
    session can be resumed; from the home screen (``None``) any can, with its
    routine read from its file (a routine of the programme in use at the
    length of the programme week the session began in).  Resuming needs the routine file unchanged
    (the timeline must be the one recorded: same SHA-256) and the same kind of
    run (a preview resumes only as a preview).
    """
    from tui.core.history.recovery import find_unfinished

    found, problem = find_unfinished(db)
    return [RecoveryOffer(item, _resumable_with(item, routine, preview)) for item in found], problem


def _resumable_with(found: Unfinished, routine: Routine | None, preview: bool) -> Routine | None:
    from tui.core.history.session_log import routine_path_text

    if found.preview != preview:
        return None
    if routine is not None:
        same = (found.routine.path, found.routine.sha256) == (
            routine_path_text(routine),
            routine.sha256,
        )
        return routine if same else None
    if not found.routine.path:
        return None
    from tui.core.routine.loader import load_routine
    from tui.core.routine.model import RoutineError

    try:
        loaded = load_routine(Path(found.routine.path))
    except (RoutineError, OSError):
        return None
    if loaded.sha256 != found.routine.sha256:
        return None
    from tui.core.programme.current import week_routine

    # A programme session goes on at the length its week prescribed, as it was recorded.
    return week_routine(loaded, found.started_at)


def abandon_offer(db: Path | None, offer: RecoveryOffer) -> str | None:
    """Close the offered session as abandoned (disk work); a problem sentence or ``None``."""
    from tui.core.history.recovery import abandon

    return abandon(db, offer.found.session_id)


# --------------------------------------------------------------------------- one session


@dataclass(frozen=True)
class SessionSetup:
    """What a front end decided before a session: routine, speed, history, clock, settings."""

    routine: Routine
    settings: Settings
    speed: float = 1.0
    #: The history file (``None``: the user's).
    db: Path | None = None
    #: False keeps the session out of the history.
    history: bool = True
    clock: Callable[[], float] = time.monotonic
    #: Told when saving starts failing (a sentence) and when it works again (``None``).
    on_problem: Callable[[str | None], None] | None = None
    #: ``log_factory(routine, preview)`` replaces the history log (tests).
    log_factory: Callable[[Routine, bool], SessionLog] | None = None

    @property
    def preview(self) -> bool:
        """A faster dry run: saved as a preview, left out of progress."""
        return self.speed != 1.0

    def open_log(self) -> SessionLog | None:
        """The history log of a new session (nothing is written before its ``begin``)."""
        if self.log_factory is not None:
            return self.log_factory(self.routine, self.preview)
        if not self.history:
            return None
        return self._recorder_log()

    def resume_log(self, offer: RecoveryOffer) -> tuple[RecorderLog, ResumePoint | None]:
        """A log that goes on writing the offered session (disk work), and where to continue.

        ``None`` for the point when the session could not be taken over: the
        log's ``problem`` says why, and it can still ``begin`` a new session.
        """
        log = self._recorder_log()
        return log, log.resume(offer.found.session_id)

    def _recorder_log(self) -> RecorderLog:
        from tui.core.history.session_log import open_recorder_log

        return open_recorder_log(
            self.routine, preview=self.preview, db=self.db, on_problem=self.on_problem
        )

    def started_today(self) -> bool:
        """True when a session of this routine was started today (disk work: run it in a thread).

        What ``safety_confirm = "once a day"`` asks: without a history (or
        under a ``log_factory``), or when it cannot be read, it is False, so
        the stop rules are shown.
        """
        from tui.core.routine.model import SAFETY_CONFIRM_DAILY

        if self.routine.safety_confirm != SAFETY_CONFIRM_DAILY:
            return False  # not needed: the rules are shown before every session
        if not self.history or self.log_factory is not None:
            return False
        return _started_today(self.db, self.routine.title, date.today())

    def next_day_worse(self) -> bool:
        """True when the next-day check about the last session said "worse" (disk work).

        Without a history (or under a ``log_factory``), or when it cannot be
        read, it is False: nothing was said.
        """
        if not self.history or self.log_factory is not None:
            return False
        from tui.core.history.next_day import worse_at

        return worse_at(self.db)

    def open_sound(self, *, on: bool, bell: Callable[[str], None] | None = None) -> Sound:
        """The cue output (loads the cue pack: slow enough for a thread); silent when not ``on``."""
        from tui.audio.output import no_sound, open_sound

        return open_sound(self.routine, self.settings, bell=bell) if on else no_sound()

    def runner(
        self,
        *,
        cues: CueOutput | None,
        history: HistoryWriter | None,
        resumed: ResumePoint | None = None,
    ) -> SessionRunner:
        """The session's runner; a ``resumed`` one starts after its last recorded part."""
        from tui.core.session.runner import SessionRunner

        earlier = () if resumed is None else tuple(s.to_record() for s in resumed.session.segments)
        return SessionRunner(
            self.routine,
            clock=self.clock,
            speed=self.speed,
            cues=cues,
            history=history,
            back_grace=self.settings.back_grace,
            start_at=0 if resumed is None else resumed.next_index,
            earlier=earlier,
        )


def answers_for(resumed: ResumePoint | None) -> SessionAnswers:
    """The answers a session starts with: a resumed one keeps its pain before."""
    if resumed is None:
        return SessionAnswers()
    return SessionAnswers(pain_before=resumed.session.pain_before)


@dataclass(frozen=True)
class Resumed:
    """An unfinished session taken over: its log, where it goes on, and its runner."""

    log: RecorderLog
    point: ResumePoint
    runner: SessionRunner


@dataclass(frozen=True)
class Recovery:
    """The unfinished sessions to ask about before a session, and what each answer does.

    Plain mode asks with it; the app's start-up dialog uses the same
    :func:`find_offers` and :func:`abandon_offer`, and resumes in its session flow.
    """

    setup: SessionSetup
    #: Where a resumed session's cues go (the sound already opened).
    cues: CueOutput | None
    offers: tuple[RecoveryOffer, ...] = ()
    #: Why the history could not be checked, if it could not.
    problem: str | None = None

    @classmethod
    def find(cls, setup: SessionSetup, cues: CueOutput | None) -> Recovery:
        """The offers for a session of ``setup.routine`` (only that routine's can be resumed)."""
        offers, problem = find_offers(setup.db, routine=setup.routine, preview=setup.preview)
        return cls(setup, cues, tuple(offers), problem)

    def abandon(self, offer: RecoveryOffer) -> str | None:
        """Close the offered session as abandoned; a problem sentence or ``None``."""
        return abandon_offer(self.setup.db, offer)

    def resume(self, offer: RecoveryOffer) -> Resumed | str:
        """Take the offered session over and build its runner; or why that failed."""
        log, point = self.setup.resume_log(offer)
        if point is None:
            return log.problem or "The unfinished session could not be resumed."
        runner = self.setup.runner(cues=self.cues, history=log, resumed=point)
        return Resumed(log, point, runner)
