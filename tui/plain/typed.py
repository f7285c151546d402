"""Plain mode's typed commands: their words, their help, and one handler each.

A command is the first word of a typed line (``s``, ``skip``, ``wait 30``).
:data:`COMMANDS` is the one table: the words of each command and the handler
that carries it out on the session (:class:`Commanded`); :data:`COMMAND_WORDS`
and :func:`obey` are built from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from tui.core.session.engine import CueEvent, EngineState
from tui.core.session.runner import SessionRunner
from tui.core.session.words import spoken_duration
from tui.plain.safety_prompts import RULES_WORDS

#: Seconds "e" adds to the current segment.
EXTEND_SECONDS = 10.0

HELP_LINES = (
    "Commands (type one and press Enter):",
    "  p  pause          r  resume",
    "  s  skip this part b  back (restart this part, or go to the previous one)",
    "  d  done (ends a set you pace yourself)",
    "  e  add 10 seconds h  this hurts (pauses, asks how bad, offers what to do)",
    "  i  your therapist's stop rules and contact (the clock waits)",
    "  m  sound on/off   w  where am I (time left)",
    "  q  stop the session (what you did is saved)",
    "  ?  this help",
    "At a terminal, Enter on its own pauses and resumes.",
)


class Commanded(Protocol):
    """What a typed command acts on: the plain session."""

    @property
    def runner(self) -> SessionRunner:
        """The session's runner."""

    @property
    def toggle_mute(self) -> Callable[[], bool] | None:
        """Switches the sound on or off, returning whether it is now muted (``None``: no sound)."""

    def say(self, line: str) -> None:
        """Print one line."""

    def emit(self, events: list[CueEvent]) -> None:
        """Print (and the runner has played) what the engine's events say."""

    def toggle_pause(self) -> None:
        """Pause or resume, saying which."""

    def tell_status(self) -> None:
        """Say where the session stands and how long is left."""

    def hold_for(self, seconds: float) -> None:
        """Read no more commands for ``seconds`` of session time (``wait N`` in scripts)."""

    def this_hurts(self) -> None:
        """Pause, ask how bad it is, show the stop rules and do what the patient chooses."""

    def show_rules(self) -> None:
        """Show the stop rules and contact with the clock paused."""


#: A command's handler: the session, and the rest of the line after the command's word.
Handler = Callable[[Commanded, str], None]


def _pause(session: Commanded, _rest: str) -> None:
    if session.runner.engine.state is EngineState.PAUSED:
        session.say("Already paused. Type r to resume.")
    else:
        session.toggle_pause()


def _resume(session: Commanded, _rest: str) -> None:
    if session.runner.engine.state is EngineState.PAUSED:
        session.toggle_pause()
    else:
        session.say("Not paused.")


def _skip(session: Commanded, _rest: str) -> None:
    session.say("Skipped.")
    session.emit(session.runner.skip())


def _back(session: Commanded, _rest: str) -> None:
    session.say("Back.")
    session.emit(session.runner.back())


def _done(session: Commanded, _rest: str) -> None:
    current = session.runner.engine.current
    if current is None or not current.open_ended:
        session.say("This part is timed; it ends by itself. Type s to skip it.")
    else:
        session.say("Set done.")
        session.emit(session.runner.done())


def _extend(session: Commanded, _rest: str) -> None:
    current = session.runner.engine.current
    if current is None or current.open_ended:
        session.say("Only a timed part can be made longer.")
    else:
        session.emit(session.runner.extend(EXTEND_SECONDS))
        session.say(f"Added {spoken_duration(EXTEND_SECONDS)}.")


def _hurt(session: Commanded, _rest: str) -> None:
    if session.runner.engine.current is None:
        session.say("The session is over.")
    else:
        session.this_hurts()


def _rules(session: Commanded, _rest: str) -> None:
    session.show_rules()


def _mute(session: Commanded, _rest: str) -> None:
    toggle = session.toggle_mute
    if toggle is None:
        session.say("Sound is off for this session.")
    else:
        session.say("Sound off." if toggle() else "Sound on.")


def _where(session: Commanded, _rest: str) -> None:
    session.tell_status()


def _quit(session: Commanded, _rest: str) -> None:
    session.say("Stopping. What you did is saved.")
    session.emit(session.runner.quit())


def _help(session: Commanded, _rest: str) -> None:
    for line in HELP_LINES:
        session.say(line)


def _wait(session: Commanded, rest: str) -> None:
    try:
        seconds = float(rest)
    except ValueError:
        session.say("Say how long to wait in seconds, e.g. wait 30.")
        return
    if seconds > 0:
        session.hold_for(seconds)


#: Every command: the words that type it, and its handler.
COMMANDS: tuple[tuple[tuple[str, ...], Handler], ...] = (
    (("p", "pause"), _pause),
    (("r", "resume", "c", "continue", "go"), _resume),
    (("s", "skip", "n", "next"), _skip),
    (("b", "back"), _back),
    (("d", "done"), _done),
    (("e", "extend", "+", "more"), _extend),
    (("h", "hurt", "hurts", "ouch"), _hurt),
    (RULES_WORDS, _rules),
    (("m", "mute", "sound"), _mute),
    (("w", "where", "time", "status"), _where),
    (("q", "quit", "stop", "exit"), _quit),
    (("?", "help"), _help),
    (("wait",), _wait),
)

#: A command's word -> its handler.
HANDLERS: dict[str, Handler] = {word: handler for words, handler in COMMANDS for word in words}

#: Every word (first word of a line) that is a session command.
COMMAND_WORDS = frozenset(HANDLERS)


def is_command(line: str) -> bool:
    """True when ``line`` is a session command (an empty line is not: it may be an answer)."""
    word = line.strip().lower().partition(" ")[0]
    return word in COMMAND_WORDS


def obey(session: Commanded, raw: str, *, echo: bool) -> None:
    """Carry out the typed line ``raw``; ``echo`` repeats it first (a script's transcript).

    An empty line pauses or resumes (at a terminal, Enter alone).
    """
    text = raw.strip().lower()
    if echo:
        session.say(f"> {raw.strip()}")
    if text == "":
        session.toggle_pause()
        return
    word, _, rest = text.partition(" ")
    handler = HANDLERS.get(word)
    if handler is None:
        session.say(f"Unknown command {raw.strip()!r}. Type ? for the list.")
    else:
        handler(session, rest)
