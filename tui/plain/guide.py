"""Plain-text mode: a guided session as one line per event, driven by typed commands.

``supple run ROUTINE --plain`` uses no full-screen UI, no colours and no
cursor movement, so it works with a screen reader, over a slow SSH link and
with standard input from a pipe (a script).  It drives the same
:class:`~tui.core.session.runner.SessionRunner` as the Textual screens, with the
same sounds, saves to the same history and walks the same steps
(:func:`tui.session_setup.session_steps`), after asking about a session a crash
left unfinished.  Commands are short typed lines (:mod:`tui.plain.typed`); for
scripts, ``wait N`` holds back the following commands for N seconds of session
time.  Input is read without blocking the clock: the loop wakes every
:data:`TICK` seconds of real time, or sooner when a cue is due, and asks the
runner, which reads its own clock, what happened since.

With input from a pipe, answers and commands are read in order: the answer
about an unfinished session (when there is one), the answer before the
session, then commands, and from the first line that is not a command (a
number, an empty line, a note) the answers after the session.  Once no more
commands can come (that line, or the end of the input) the session runs on to
its end: a pause is lifted, and a self-paced set (which only "done" can end)
is skipped.  At the end of the input the remaining questions count as skipped.

Nothing here imports Textual or Rich.  Time, input and output are injected
(:class:`PlainSession`), so tests drive a whole session in microseconds.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from tui.core.history.recovery import RecoveryChoice
from tui.core.history.session_log import SessionLog
from tui.core.routine.model import Routine, StepKind
from tui.core.session.describe import one_line
from tui.core.session.engine import (
    COUNTDOWN_FROM,
    CueEvent,
    CueKind,
    EngineState,
    SegmentRecord,
    SessionEngine,
)
from tui.core.session.runner import SessionRunner
from tui.core.session.safety import stop_rules
from tui.core.session.status import SessionStatus
from tui.core.session.words import (
    event_line,
    exercise_count_text,
    plain_number,
    segment_line,
    spoken_duration,
)
from tui.plain.closing_summary import summary_lines
from tui.plain.lines import LineSource
from tui.plain.questions import OutputClosed, Questions
from tui.plain.safety_prompts import (
    ask_reps_done,
    confirm_stop,
    confirm_stop_rules,
    show_rules,
    this_hurts,
)
from tui.plain.typed import is_command, obey
from tui.session_setup import (
    Recovery,
    RecoveryOffer,
    RulesAnswer,
    SessionAnswers,
    SessionStep,
    answers_for,
    safety_notice_for,
    session_steps,
    stop_rules_for,
)

#: Seconds of real time between two looks at the clock and the input.
TICK = 0.05


@dataclass(frozen=True)
class PlainResult:
    """What a plain session ended with (for the caller and tests)."""

    status: SessionStatus | None
    interrupted: bool
    pain_before: int | None
    pain_after: int | None
    effort: int | None
    note: str | None
    records: tuple[SegmentRecord, ...]
    safety_shown: bool
    #: False when the session is not in the history (a backup file, or only the screen).
    saved: bool = True

    @property
    def exit_code(self) -> int:
        """0 normally, 130 after Ctrl-C (the session is still saved), 1 when it was not saved."""
        if not self.saved:
            return 1
        return 130 if self.interrupted else 0


# --------------------------------------------------------------------------- timing


def seconds_to_next_event(engine: SessionEngine, now: float) -> float | None:
    """Session seconds until the engine's next cue (end, count, tempo phase, text), if running.

    The loop sleeps no longer than this, so a cue is printed and played within
    a millisecond or two of its moment instead of up to a whole :data:`TICK` late.
    """
    segment = engine.current
    if segment is None or not engine.running:
        return None
    candidates: list[float] = []
    remaining = engine.remaining(now)
    if remaining is not None:
        candidates.append(remaining)
        if segment.tempo is None:
            candidates.extend(remaining - n for n in range(COUNTDOWN_FROM, 0, -1) if remaining > n)
    position = engine.tempo_position(now)
    if position is not None and position.phase_remaining > 0:
        candidates.append(position.phase_remaining)
    elapsed = engine.elapsed(now)
    candidates.extend(cue.at - elapsed for cue in segment.cues if cue.at > elapsed)
    return max(0.0, min(candidates)) if candidates else None


# --------------------------------------------------------------------------- the session


@dataclass
class PlainSession:
    """One session in plain-text mode.

    ``runner`` must read ``clock``-based time; ``sleep(seconds)`` waits real
    time (tests pass a fake that advances their clock), and ``lines`` is
    where commands and answers come from.  ``recovery`` offers the sessions
    a crash left unfinished before the first question; resuming one replaces
    ``runner`` and ``log`` with ones that continue it.  Call :meth:`run` once.
    """

    routine: Routine
    runner: SessionRunner
    lines: LineSource
    out: TextIO
    log: SessionLog | None = None
    sleep: Callable[[float], None] = time.sleep
    #: Switches the sound on or off (``m``); returns whether it is now muted.
    toggle_mute: Callable[[], bool] | None = None
    #: Lines to print before the first question (sound output in use, warnings).
    preamble: tuple[str, ...] = ()
    #: The unfinished sessions to ask about first, and what each answer does.
    recovery: Recovery | None = None
    #: True when a session of the routine was started today (``safety_confirm = "once a day"``).
    started_today: Callable[[], bool] = lambda: False
    #: True when this morning's next-day check said "worse" (the stop rules are then shown).
    next_day_worse: Callable[[], bool] = lambda: False
    answers: SessionAnswers = field(default_factory=SessionAnswers, init=False)
    _interrupted: bool = field(default=False, init=False)
    _started: bool = field(default=False, init=False)
    _saved: bool = field(default=False, init=False)
    _hold_until: float | None = field(default=None, init=False)
    _eof_told: bool = field(default=False, init=False)
    _steps_told: set[int] = field(default_factory=set, init=False)
    _safety_shown: bool = field(default=False, init=False)
    _not_today: bool = field(default=False, init=False)
    _left: bool = field(default=False, init=False)  # left at the stop rules (q)
    _ask: Questions = field(init=False)

    def __post_init__(self) -> None:
        self._ask = Questions(self.lines, self.out, lambda: self._interrupted)

    # ----------------------------------------------------------------- API

    def interrupt(self) -> None:
        """Ctrl-C: stop at the next tick and save the session as partial (signal-safe)."""
        self._interrupted = True

    @property
    def interrupted(self) -> bool:
        """True after :meth:`interrupt` (or a KeyboardInterrupt)."""
        return self._interrupted

    def run(self) -> PlainResult:
        """Ask, guide, ask again, save and summarise; returns what happened."""
        handlers: dict[SessionStep, Callable[[], None]] = {
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
            self._introduce()
            for step in session_steps(self.routine, resumed=self.runner.resumed):
                self._take(handlers[step])
                if self._not_today or self._left or (self._interrupted and not self._started):
                    break  # not started: nothing more to ask, save or sum up
        finally:
            self._save()
        if self._not_today:
            before = SessionAnswers(pain_before=self.answers.pain_before)
            return self._result(status=SessionStatus.NOT_TODAY, interrupted=False, answers=before)
        if not self._started:
            with contextlib.suppress(OutputClosed):
                self.say("Stopped before the session started; nothing was saved.")
            before = SessionAnswers(pain_before=self.answers.pain_before)
            return self._result(status=None, interrupted=self._interrupted, answers=before)
        return self._result(self.runner.status, self._interrupted, self.answers)

    def say(self, line: str) -> None:
        """Print one line and flush it at once (a screen reader reads it now)."""
        self._ask.say(line)

    def _take(self, step: Callable[[], None]) -> None:
        """Run one step; Ctrl-C or a closed output stops the session, not the steps after."""
        try:
            step()
        except (KeyboardInterrupt, OutputClosed):
            self._interrupted = True
            if self._started and self.runner.status is None:
                self._emit_quietly(self.runner.quit())

    def _result(
        self, status: SessionStatus | None, interrupted: bool, answers: SessionAnswers
    ) -> PlainResult:
        return PlainResult(
            status=status,
            interrupted=interrupted,
            pain_before=answers.pain_before,
            pain_after=answers.pain_after,
            effort=answers.effort,
            note=answers.note,
            records=tuple(self.runner.engine.records) if self._started else (),
            safety_shown=self._safety_shown,
            saved=not self._started or self.log is None or self.log.problem is None,
        )

    # ----------------------------------------------------------------- before the session

    def _introduce(self) -> None:
        """The preamble, the question about an unfinished session, and the routine's title."""
        try:
            for line in self.preamble:
                self.say(line)
            self._recover()
            self.say(f"{self.routine.title}")
            if self.runner.preview:
                self.say(f"Preview at {plain_number(self.runner.speed)} times speed.")
        except (KeyboardInterrupt, OutputClosed):
            self._interrupted = True

    def _recover(self) -> None:
        recovery = self.recovery
        if recovery is None:
            return
        if recovery.problem:
            self.say(recovery.problem)
        for offer in recovery.offers:
            if self._interrupted:
                return
            choice = self._ask.recovery(offer)
            if choice is RecoveryChoice.ABANDON:
                problem = recovery.abandon(offer)
                self.say(problem or "It was closed as abandoned; the parts you did are kept.")
            elif choice is RecoveryChoice.RESUME and self._resume(recovery, offer):
                return
            elif choice is RecoveryChoice.LATER:
                self.say("Left as it is; supple asks again next time.")

    def _resume(self, recovery: Recovery, offer: RecoveryOffer) -> bool:
        resumed = recovery.resume(offer)
        if isinstance(resumed, str):
            self.say(f"{resumed} A new session starts instead.")
            return False
        self.runner, self.log = resumed.runner, resumed.log
        self.answers = answers_for(resumed.point)
        return True

    def _pain_before(self) -> None:
        answers = self.answers
        sites = self.routine.pain_sites
        answers.pain_before, answers.sites_before = self._ask.session_pain(
            "Before you start.", sites
        )

    def _stop_rules(self) -> None:
        """The stop rules before the session: Enter starts; at the stop level, "not today"."""
        if self._interrupted:
            return
        pain = self.answers.pain_before
        rules = stop_rules_for(
            self.routine,
            pain,
            started_today=self.started_today(),
            next_day_worse=self.next_day_worse(),
        )
        if rules is None:
            return
        answer = confirm_stop_rules(self._ask, rules)
        if answer is RulesAnswer.STOP:
            self._left = True
        elif answer is RulesAnswer.NOT_TODAY:
            self._not_today = True
            if self.log is not None:
                self.log.not_today(pain, self.answers.sites_before)
            self.say("Not today: recorded for your therapist. No session was started.")
            problem = self.log.problem if self.log is not None else None
            if problem:
                self.say(problem)

    # ----------------------------------------------------------------- after the session

    def _pain_after(self) -> None:
        if not self._interrupted:
            answers = self.answers
            sites = self.routine.pain_sites
            answers.pain_after, answers.sites_after = self._ask.session_pain(
                "After the session.", sites
            )

    def _effort(self) -> None:
        if not self._interrupted:
            self.answers.effort = self._ask.effort()

    def _note(self) -> None:
        if not self._interrupted:
            self.answers.note = self._ask.note()

    def _save(self) -> None:
        """The final status and the answers into the history (once, for a session begun)."""
        if self._saved or not self._started or self.log is None:
            return
        self._saved = True
        answers = self.answers
        self.log.set_pain_after(answers.pain_after, answers.sites_after)
        self.log.set_effort(answers.effort)
        self.log.set_note(answers.note)
        self.log.finish()

    def _safety(self) -> None:
        notice = safety_notice_for(self.routine, self.runner, self.answers)
        if notice is None:
            return
        self._safety_shown = True
        self.say("")
        for line in notice.lines():
            self.say(line)

    def _summary(self) -> None:
        self.say("")
        answers = self.answers
        for line in summary_lines(
            self.runner.engine.records,
            status=self.runner.status,
            pain_before=answers.pain_before,
            pain_after=answers.pain_after,
            effort=answers.effort,
            preview=self.runner.preview,
            speed=self.runner.speed,
            planned_work=sum(1 for seg in self.runner.engine.segments if seg.kind.is_work),
            plan=self.runner.engine.segments,
            counts_when_done=self.routine.counts_when_done,
            sites=answers.by_site(),
        ):
            self.say(line)
        problem = self.log.problem if self.log is not None else None
        if problem:
            self.say(problem)
        copy = self.log.unsaved_copy() if self.log is not None else None
        if copy is not None:
            # Saved nowhere: the screen (or whatever reads stdout) is the one copy left.
            for line in copy.splitlines():
                self.say(line)

    # ----------------------------------------------------------------- the guided part

    def _guide(self) -> None:
        if self._interrupted:
            return
        self._started = True
        if self.log is not None and not self.runner.resumed:
            self.log.prepare()  # the slow part of beginning the record, before the clock
        if self.runner.resumed:
            self.say("Resuming after the last part you did. Type ? and Enter for the commands.")
        else:
            self.say("Starting. Type ? and Enter for the commands.")
        self.emit(self.runner.start())
        if self.log is not None and not self.runner.resumed:
            # Begun once the clock has started: the history's started_at is that moment.
            self.log.begin(self.answers.pain_before, self.answers.sites_before)
        engine = self.runner.engine
        while not engine.ended:
            if self._interrupted:
                self.say("Stopping. What you did is saved.")
                self.emit(self.runner.quit())
                return
            self._look()
            self.emit(self.runner.tick())

    def _look(self) -> None:
        """Wait for the next moment or line, and act on a typed command."""
        wait = self._wait_time()
        if self._hold_until is not None and self.runner.now() < self._hold_until:
            self.sleep(wait)
        elif self.lines.at_eof or self._ask.held is not None:
            self._input_ended()
            self.sleep(wait)
        else:
            self._hold_until = None
            line = self.lines.read_line(wait)
            if line is None:
                pass
            elif self.lines.interactive or is_command(line):
                obey(self, line, echo=not self.lines.interactive)
            else:
                # A script's first line that is not a command is the first
                # answer for after the session: keep it, read no more commands.
                self._ask.held = line

    def _wait_time(self) -> float:
        """Real seconds to wait before the next look: one tick, or less when a cue is due."""
        due = seconds_to_next_event(self.runner.engine, self.runner.now())
        if due is None:
            return TICK
        # A hair past the moment, so the clock has reached it when the loop wakes.
        return min(TICK, due / self.runner.speed + 0.0005)

    def _input_ended(self) -> None:
        if not self._eof_told:
            self._eof_told = True
            if self._ask.held is not None:
                self.say("(No more commands: the session runs on to its end.)")
            elif not self.lines.interactive:
                self.say("(End of input: the session runs on to its end.)")
        engine = self.runner.engine
        if engine.state is EngineState.PAUSED:
            self.say("Resuming.")
            self.emit(self.runner.toggle_pause())
        current = engine.current
        if current is not None and current.open_ended and engine.running:
            self.say("Skipped: no more input to mark this set done.")
            self.emit(self.runner.skip())

    def emit(self, events: list[CueEvent]) -> None:
        """Print the lines of the engine's ``events`` (the runner has played their sounds)."""
        segments = self.runner.engine.segments
        for event in events:
            segment = segments[event.segment] if 0 <= event.segment < len(segments) else None
            if (
                event.kind is CueKind.SEGMENT_START
                and segment is not None
                and segment.step not in self._steps_told
            ):
                self._steps_told.add(segment.step)
                self._announce_step(segment.step)
            line = event_line(event, segment)
            if line is not None and not (
                event.kind is CueKind.STEP_DONE
                and segment is not None
                and self.routine.steps[segment.step].kind is StepKind.REST
            ):
                self.say(line)

    def _emit_quietly(self, events: list[CueEvent]) -> None:
        with contextlib.suppress(OutputClosed):
            self.emit(events)

    def _announce_step(self, index: int) -> None:
        step = self.routine.steps[index]
        if step.kind is StepKind.REST:
            return
        # Counted as the session screen counts them: rests between exercises are not exercises.
        exercises = [i for i, s in enumerate(self.routine.steps) if s.kind is not StepKind.REST]
        number = exercises.index(index) + 1
        self.say(f"{exercise_count_text(number, len(exercises))}: {step.name}")
        if step.instructions.strip():
            self.say(one_line(step.instructions))
        if step.image:
            # Plain mode draws no pictures: it says what the picture shows.
            self.say(f"Picture: {step.image_alt}")

    # ----------------------------------------------------------------- what commands ask of it

    def toggle_pause(self) -> None:
        """Pause or resume, and say which."""
        was_paused = self.runner.engine.state is EngineState.PAUSED
        self.emit(self.runner.toggle_pause())
        if self.runner.engine.state is EngineState.PAUSED:
            self.say("Paused. Type r (or press Enter) to resume.")
        elif was_paused:
            self.say("Resumed.")

    def hold_for(self, seconds: float) -> None:
        """Read no more commands for ``seconds`` of session time."""
        self._hold_until = self.runner.now() + seconds

    def this_hurts(self) -> None:
        """Pause, ask how bad it is, show the stop rules and do what the patient chooses."""
        this_hurts(self._ask, self.runner, stop_rules(self.routine), self.emit)

    def confirm_stop(self) -> bool:
        """Ask before stopping the session (the clock waits); True to stop."""
        return confirm_stop(self._ask, self.runner, self.emit)

    def finish_own_pace_set(self) -> None:
        """End the self-paced set, asking how many reps were done (the clock waits)."""
        ask_reps_done(self._ask, self.runner, self.emit)

    def show_rules(self) -> None:
        """Show the stop rules and contact with the clock paused; Enter carries on."""
        show_rules(self._ask, self.runner, stop_rules(self.routine), self.emit)

    def tell_status(self) -> None:
        """Say the current part, its time left and the session's."""
        runner = self.runner
        engine = runner.engine
        now = runner.now()
        current = engine.current
        if current is None:
            self.say("The session is over.")
            return
        left = engine.remaining(now)
        part = segment_line(current)
        if left is None:
            self.say(f"Now: {part}. Type d when the set is done.")
        else:
            self.say(f"Now: {part}. {spoken_duration(round(left))} left in this part.")
        session_left = engine.time_left(now)
        paused = " (paused)" if engine.state is EngineState.PAUSED else ""
        self.say(f"About {spoken_duration(round(session_left))} left in the session{paused}.")
