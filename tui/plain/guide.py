"""Plain-text mode: a guided session as one line per event, driven by typed commands.

``supple run ROUTINE --plain`` uses no full-screen UI, no colours and no
cursor movement, so it works with a screen reader, over a slow SSH link and
with standard input from a pipe (a script).  It drives the same
:class:`~tui.core.session.runner.SessionRunner` as the Textual screens, with the same
sounds, and saves the session to the same history.

Commands are short lines: ``p`` pause, ``r`` resume, ``s`` skip, ``b`` back,
``d`` done (self-paced set), ``e`` add 10 seconds, ``h`` this hurts, ``m``
mute, ``w`` where am I (time left), ``q`` stop, ``?`` help; at a terminal an
empty line pauses or resumes.  For scripts, ``wait N`` holds back the
following commands for N seconds of session time.  Input is read without blocking the clock: the
loop wakes every :data:`TICK` seconds of real time, or sooner when a cue is
due, and asks the runner, which reads its own clock, what happened since.

With input from a pipe, answers and commands are read in order: the answer
to the question before the session, then commands, and from the first line
that is not a command (a number, an empty line, a note) the answers to the
questions after the session.  Once no more commands can come (that line, or
the end of the input) the session runs on to its end: a pause is lifted, and
a self-paced set (which only "done" can end) is skipped.  At the end of the
input the remaining questions count as skipped.

Nothing here imports Textual or Rich.  Time, input and output are injected
(:class:`PlainSession`), so tests drive a whole session in microseconds.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import os
import queue
import select
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from tui.core.history.session_log import SessionLog
from tui.core.routine.model import Routine, StepKind
from tui.core.session import ratings, safety
from tui.core.session.describe import one_line as _one_line
from tui.core.session.engine import (
    COUNTDOWN_FROM,
    CueEvent,
    CueKind,
    EngineState,
    SegmentRecord,
    SegmentStatus,
    SessionEngine,
)
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus
from tui.core.session.words import event_line, segment_line, segment_name, spoken_duration
from tui.core.session.words import plain_number as _number

#: Seconds of real time between two looks at the clock and the input.
TICK = 0.05
#: Seconds "e" adds to the current segment.
EXTEND_SECONDS = 10.0

HELP_LINES = (
    "Commands (type one and press Enter):",
    "  p  pause          r  resume",
    "  s  skip this part b  back (restart this part, or go to the previous one)",
    "  d  done (ends a set you pace yourself)",
    "  e  add 10 seconds h  this hurts (noted for your therapist)",
    "  m  sound on/off   w  where am I (time left)",
    "  q  stop the session (what you did is saved)",
    "  ?  this help",
    "At a terminal, Enter on its own pauses and resumes.",
)


# --------------------------------------------------------------------------- input


class LineSource(Protocol):
    """Where typed lines come from (standard input, or a script in tests)."""

    @property
    def interactive(self) -> bool:
        """True when a person types at a terminal (their typing is echoed)."""

    @property
    def at_eof(self) -> bool:
        """True once the input has ended and every line was read."""

    def read_line(self, timeout: float | None) -> str | None:
        """The next line without its line ending, or ``None``.

        Waits at most ``timeout`` seconds (``None``: until a line or the end
        of input).  At the end of input it returns ``None`` at once.
        """


class StreamLines:
    """Lines from a text stream, read without blocking the session clock.

    On POSIX the file descriptor is watched with :func:`select.select` and
    read with :func:`os.read`, so no thread is left blocked in ``read`` when
    the session ends.  Elsewhere (or for a stream without a descriptor) a
    daemon thread feeds a queue.
    """

    def __init__(self, stream: TextIO, *, interactive: bool | None = None) -> None:
        self._stream = stream
        self._interactive = stream.isatty() if interactive is None else interactive
        self._lines: collections.deque[str] = collections.deque()
        self._eof = False
        self._fd: int | None = None
        self._queue: queue.SimpleQueue[str | None] | None = None
        try:
            fd = stream.fileno()
        except (OSError, AttributeError, ValueError):
            fd = None
        if fd is not None and os.name == "posix":
            self._fd = fd
            self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            self._partial = ""
        else:
            self._queue = queue.SimpleQueue()
            threading.Thread(target=self._pump, name="supple-stdin", daemon=True).start()

    @property
    def interactive(self) -> bool:
        """True when reading from a terminal."""
        return self._interactive

    @property
    def at_eof(self) -> bool:
        """True once the input ended and every line was handed out."""
        return self._eof and not self._lines

    def read_line(self, timeout: float | None) -> str | None:
        """The next line, waiting at most ``timeout`` seconds."""
        if self._lines:
            return self._lines.popleft()
        if self._eof:
            return None
        if self._queue is not None:
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                return None
            if item is None:
                self._eof = True
            return item
        return self._read_fd(timeout)

    def _read_fd(self, timeout: float | None) -> str | None:
        assert self._fd is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._lines and not self._eof:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._fd], [], [], wait)
            if not ready:
                return None
            try:
                chunk = os.read(self._fd, 65536)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if chunk:
                text = self._partial + self._decoder.decode(chunk)
            else:
                self._eof = True
                text = self._partial + self._decoder.decode(b"", final=True)
                if text and not text.endswith("\n"):
                    text += "\n"
            *complete, self._partial = text.split("\n")
            self._lines.extend(line.rstrip("\r") for line in complete)
        return self._lines.popleft() if self._lines else None

    def _pump(self) -> None:
        assert self._queue is not None
        try:
            for line in iter(self._stream.readline, ""):
                self._queue.put(line.rstrip("\r\n"))
        except (OSError, ValueError):
            pass
        self._queue.put(None)


# --------------------------------------------------------------------------- commands

#: Every word (first word of a line) that is a session command.
COMMAND_WORDS = frozenset(
    {
        "p", "pause",
        "r", "resume", "c", "continue", "go",
        "s", "skip", "n", "next",
        "b", "back",
        "d", "done",
        "e", "extend", "+", "more",
        "h", "hurt", "hurts", "ouch",
        "m", "mute", "sound",
        "w", "where", "time", "status",
        "q", "quit", "stop", "exit",
        "?", "help",
        "wait",
    }
)  # fmt: skip


def is_command(line: str) -> bool:
    """True when ``line`` is a session command (an empty line is not: it may be an answer)."""
    word = line.strip().lower().partition(" ")[0]
    return word in COMMAND_WORDS


@dataclass(frozen=True)
class SessionOutcome:
    """What a plain session ended with (for the caller and tests)."""

    status: SessionStatus | None
    interrupted: bool
    pain_before: int | None
    pain_after: int | None
    effort: int | None
    note: str | None
    records: tuple[SegmentRecord, ...]
    safety_shown: bool

    @property
    def exit_code(self) -> int:
        """0 normally, 130 after Ctrl-C (the session is still saved)."""
        return 130 if self.interrupted else 0


def summary_lines(
    records: Iterable[SegmentRecord],
    *,
    status: SessionStatus | None,
    pain_before: int | None,
    pain_after: int | None,
    effort: int | None,
    preview: bool,
    speed: float,
    planned_work: int | None = None,
) -> list[str]:
    """The closing summary: what was done, skipped, stopped early and marked, and the pain change.

    ``planned_work`` is the number of exercise segments (holds, sets, interval
    blocks) in the timeline.  Only the latest outcome of each segment counts
    (a segment done again after "back" is counted once).
    """
    latest: dict[int, SegmentRecord] = {}
    hurt: dict[int, SegmentRecord] = {}
    for record in records:
        latest[record.index] = record
        if record.hurt:
            hurt.setdefault(record.index, record)
    work = [r for r in latest.values() if r.kind.is_work]
    done = [r for r in work if r.status is SegmentStatus.DONE]
    skipped = [r for r in work if r.status is SegmentStatus.SKIPPED]
    partial = [r for r in work if r.status is SegmentStatus.PARTIAL]
    lines = ["Summary"]
    if status is SessionStatus.COMPLETED:
        lines.append("You finished the routine.")
    else:
        lines.append("You stopped the session early. What you did is saved.")
    unit = "exercise part" if (planned_work or len(done)) == 1 else "exercise parts"
    if planned_work is not None:
        lines.append(f"Done: {len(done)} of {planned_work} {unit}.")
    else:
        lines.append(f"Done: {len(done)} {unit}.")
    if skipped:
        lines.append("Skipped: " + "; ".join(segment_name(r) for r in skipped) + ".")
    if partial:
        lines.append("Stopped part way: " + "; ".join(segment_name(r) for r in partial) + ".")
    if hurt:
        lines.append(
            'Marked "this hurts": ' + "; ".join(segment_name(r) for r in hurt.values()) + "."
        )
    change = ratings.pain_change(pain_before, pain_after)
    if change is not None:
        lines.append(change.describe())
    elif pain_after is not None:
        lines.append(f"Pain after: {ratings.pain_label(pain_after)}.")
    elif pain_before is not None:
        lines.append(f"Pain before: {ratings.pain_label(pain_before)}.")
    if effort is not None:
        lines.append(f"Effort: {ratings.effort_label(effort)}.")
    if preview:
        lines.append(
            f"This was a preview at {_number(speed)} times speed: it is saved as a preview "
            "and not counted in your progress."
        )
    lines.append(safety.RECORD_DISCLAIMER)
    return lines


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


class _Stop(Exception):
    """Output is gone (a closed pipe): stop the session as if Ctrl-C was pressed."""


@dataclass
class PlainSession:
    """One session in plain-text mode.

    ``runner`` must read ``clock``-based time; ``sleep(seconds)`` waits real
    time (tests pass a fake that advances their clock), and ``lines`` is
    where commands and answers come from.  Call :meth:`run` once.
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
    _interrupted: bool = field(default=False, init=False)
    _hold_until: float | None = field(default=None, init=False)
    _eof_told: bool = field(default=False, init=False)
    _held_answer: str | None = field(default=None, init=False)
    _steps_told: set[int] = field(default_factory=set, init=False)
    _safety_shown: bool = field(default=False, init=False)

    # ----------------------------------------------------------------- API

    def interrupt(self) -> None:
        """Ctrl-C: stop at the next tick and save the session as partial (signal-safe)."""
        self._interrupted = True

    @property
    def interrupted(self) -> bool:
        """True after :meth:`interrupt` (or a KeyboardInterrupt)."""
        return self._interrupted

    def run(self) -> SessionOutcome:
        """Ask, guide, ask again, save and summarise; returns what happened."""
        pain_before: int | None = None
        pain_after: int | None = None
        effort: int | None = None
        note: str | None = None
        started = False
        try:
            for line in self.preamble:
                self.say(line)
            self.say(f"{self.routine.title}")
            if self.runner.preview:
                self.say(f"Preview at {_number(self.runner.speed)} times speed.")
            if self.routine.ask_pain_before:
                pain_before = self._ask_pain("Before you start.")
            if not self._interrupted:
                started = True
                if self.log is not None:
                    self.log.begin(pain_before)
                self._guide()
            if started and self.runner.status is None:
                self._emit(self.runner.quit())
            if not self._interrupted:
                pain_after = self._ask_pain("After the session.")
            if not self._interrupted:
                effort = self._ask_effort()
            if not self._interrupted:
                note = self._ask_note()
        except (KeyboardInterrupt, _Stop):
            self._interrupted = True
            if started and self.runner.status is None:
                self._emit_quietly(self.runner.quit())
        finally:
            if self.log is not None and started:
                self.log.set_pain_after(pain_after)
                self.log.set_effort(effort)
                self.log.set_note(note)
                self.log.finish()
        records = tuple(self.runner.engine.records)
        hurt_names = [r.name for r in records if r.hurt]
        if not started:
            with contextlib.suppress(_Stop):
                self.say("Stopped before the session started; nothing was saved.")
            return SessionOutcome(
                status=None,
                interrupted=True,
                pain_before=pain_before,
                pain_after=None,
                effort=None,
                note=None,
                records=(),
                safety_shown=False,
            )
        try:
            if safety.needs_safety_notice(pain_before, pain_after, bool(hurt_names)):
                self._safety_shown = True
                self.say("")
                notice = safety.safety_notice(
                    self.routine,
                    pain_before=pain_before,
                    pain_after=pain_after,
                    hurt_exercises=hurt_names,
                )
                for line in notice.lines():
                    self.say(line)
            self.say("")
            for line in summary_lines(
                records,
                status=self.runner.status,
                pain_before=pain_before,
                pain_after=pain_after,
                effort=effort,
                preview=self.runner.preview,
                speed=self.runner.speed,
                planned_work=sum(1 for seg in self.runner.engine.segments if seg.kind.is_work),
            ):
                self.say(line)
            problem = self.log.problem if self.log is not None else None
            if problem:
                self.say(problem)
        except (KeyboardInterrupt, _Stop):
            self._interrupted = True
        return SessionOutcome(
            status=self.runner.status,
            interrupted=self._interrupted,
            pain_before=pain_before,
            pain_after=pain_after,
            effort=effort,
            note=note,
            records=records,
            safety_shown=self._safety_shown,
        )

    def say(self, line: str) -> None:
        """Print one line and flush it at once (a screen reader reads it now)."""
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise _Stop from exc

    # ----------------------------------------------------------------- the guided part

    def _guide(self) -> None:
        self.say("Starting. Type ? and Enter for the commands.")
        self._emit(self.runner.start())
        engine = self.runner.engine
        while not engine.ended:
            if self._interrupted:
                self.say("Stopping. What you did is saved.")
                self._emit(self.runner.quit())
                return
            wait = self._wait_time()
            if self._hold_until is not None and self.runner.now() < self._hold_until:
                self.sleep(wait)
            elif self.lines.at_eof or self._held_answer is not None:
                self._input_ended()
                self.sleep(wait)
            else:
                self._hold_until = None
                line = self.lines.read_line(wait)
                if line is None:
                    pass
                elif self.lines.interactive or is_command(line):
                    self._command(line)
                else:
                    # A script's first line that is not a command is the first
                    # answer for after the session: keep it, read no more commands.
                    self._held_answer = line
            self._emit(self.runner.tick())

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
            if self._held_answer is not None:
                self.say("(No more commands: the session runs on to its end.)")
            elif not self.lines.interactive:
                self.say("(End of input: the session runs on to its end.)")
        engine = self.runner.engine
        if engine.state is EngineState.PAUSED:
            self.say("Resuming.")
            self._emit(self.runner.toggle_pause())
        current = engine.current
        if current is not None and current.open_ended and engine.running:
            self.say("Skipped: no more input to mark this set done.")
            self._emit(self.runner.skip())

    def _emit(self, events: list[CueEvent]) -> None:
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
        with contextlib.suppress(_Stop):
            self._emit(events)

    def _announce_step(self, index: int) -> None:
        step = self.routine.steps[index]
        if step.kind is StepKind.REST:
            return
        self.say(f"Step {index + 1} of {len(self.routine.steps)}: {step.name}")
        if step.instructions.strip():
            self.say(_one_line(step.instructions))

    # ----------------------------------------------------------------- commands

    def _command(self, raw: str) -> None:
        text = raw.strip().lower()
        runner = self.runner
        engine = runner.engine
        if not self.lines.interactive:
            self.say(f"> {raw.strip()}")
        if text == "":
            self._toggle_pause()
            return
        word, _, rest = text.partition(" ")
        if word in ("p", "pause"):
            if engine.state is EngineState.PAUSED:
                self.say("Already paused. Type r to resume.")
            else:
                self._toggle_pause()
        elif word in ("r", "resume", "c", "continue", "go"):
            if engine.state is EngineState.PAUSED:
                self._toggle_pause()
            else:
                self.say("Not paused.")
        elif word in ("s", "skip", "n", "next"):
            self.say("Skipped.")
            self._emit(runner.skip())
        elif word in ("b", "back"):
            self.say("Back.")
            self._emit(runner.back())
        elif word in ("d", "done"):
            current = engine.current
            if current is None or not current.open_ended:
                self.say("This part is timed; it ends by itself. Type s to skip it.")
            else:
                self.say("Set done.")
                self._emit(runner.done())
        elif word in ("e", "extend", "+", "more"):
            current = engine.current
            if current is None or current.open_ended:
                self.say("Only a timed part can be made longer.")
            else:
                self._emit(runner.extend(EXTEND_SECONDS))
                self.say(f"Added {spoken_duration(EXTEND_SECONDS)}.")
        elif word in ("h", "hurt", "hurts", "ouch"):
            current = engine.current
            self._emit(runner.hurt())
            name = current.name if current is not None else "this part"
            self.say(
                f'Noted: "this hurts" during {name}. You can stop or skip at any time: '
                "type s to skip this part, q to stop the session."
            )
        elif word in ("m", "mute", "sound"):
            if self.toggle_mute is None:
                self.say("Sound is off for this session.")
            else:
                self.say("Sound off." if self.toggle_mute() else "Sound on.")
        elif word in ("w", "where", "time", "status"):
            self._status()
        elif word in ("q", "quit", "stop", "exit"):
            self.say("Stopping. What you did is saved.")
            self._emit(runner.quit())
        elif word in ("?", "help"):
            for line in HELP_LINES:
                self.say(line)
        elif word == "wait":
            self._wait(rest)
        else:
            self.say(f"Unknown command {raw.strip()!r}. Type ? for the list.")

    def _toggle_pause(self) -> None:
        was_paused = self.runner.engine.state is EngineState.PAUSED
        self._emit(self.runner.toggle_pause())
        if self.runner.engine.state is EngineState.PAUSED:
            self.say("Paused. Type r (or press Enter) to resume.")
        elif was_paused:
            self.say("Resumed.")

    def _wait(self, amount: str) -> None:
        try:
            seconds = float(amount)
        except ValueError:
            self.say("Say how long to wait in seconds, e.g. wait 30.")
            return
        if seconds > 0:
            self._hold_until = self.runner.now() + seconds

    def _status(self) -> None:
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

    # ----------------------------------------------------------------- questions

    def _read_answer(self) -> str | None:
        """The next typed answer, or ``None`` at the end of input or on Ctrl-C."""
        if self._held_answer is not None:
            held, self._held_answer = self._held_answer, None
            self.say(held)
            return held
        while not self._interrupted:
            line = self.lines.read_line(0.1)
            if line is not None:
                if not self.lines.interactive:
                    self.say(line)  # echo, so a transcript shows the answer
                return line
            if self.lines.at_eof:
                self.say("(skipped)")
                return None
        return None

    def _prompt(self, text: str) -> None:
        # Ends with a newline when no one types at a terminal, so logs stay one line each.
        ending = " " if self.lines.interactive else ""
        try:
            self.out.write(text + ending + ("" if self.lines.interactive else "\n"))
            self.out.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise _Stop from exc

    def _ask_rating(self, question: Iterable[str], prompt: str) -> int | None:
        for line in question:
            self.say(line)
        while True:
            self._prompt(prompt)
            answer = self._read_answer()
            if answer is None:
                return None
            try:
                return ratings.parse_rating(answer)
            except ratings.RatingInputError as exc:
                self.say(str(exc))

    def _ask_pain(self, when: str) -> int | None:
        value = self._ask_rating(
            (
                when,
                ratings.PAIN_QUESTION,
                f"{ratings.PAIN_ANCHOR_LINE}. Press Enter alone to skip.",
            ),
            "Pain (0-10):",
        )
        if value is not None:
            self.say(f"Pain {ratings.pain_label(value)}.")
        return value

    def _ask_effort(self) -> int | None:
        labels = ", ".join(f"{value} {label}" for value, label in ratings.EFFORT_LABELS.items())
        value = self._ask_rating(
            (
                f"{ratings.EFFORT_QUESTION} (optional)",
                f"{labels}. Press Enter alone to skip.",
            ),
            "Effort (0-10):",
        )
        if value is not None:
            self.say(f"Effort {ratings.effort_label(value)}.")
        return value

    def _ask_note(self) -> str | None:
        self.say("Anything to note for your therapist? (optional; press Enter alone to skip)")
        self._prompt("Note:")
        answer = self._read_answer()
        if answer is None:
            return None
        note = answer.strip()
        return note or None
