"""Plain mode on a real terminal (or pipe): settings, sound, signals, the bell and stdout.

:func:`run_plain` is what ``supple run ROUTINE --plain`` runs: it builds the
session through :mod:`tui.session_setup` (the same seam as the app), hands it
standard input and output, makes Ctrl-C, ``kill`` and a closed terminal stop
the session (saved as partial), and keeps Python quiet when the output pipe
closed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from tui.core.config import load_settings
from tui.core.routine.model import Routine
from tui.plain.guide import PlainSession
from tui.plain.lines import StreamLines
from tui.plain.next_day_check import ask_next_day
from tui.session_setup import Recovery, SessionSetup, with_patient_contact


def run_plain(
    routine: Routine,
    *,
    speed: float = 1.0,
    db: Path | None = None,
    sound: bool = True,
) -> int:
    """Run one session in plain-text mode on this terminal (or pipe); returns the exit code."""
    out = sys.stdout
    settings, warnings = load_settings()
    routine = with_patient_contact(routine, settings)
    setup = SessionSetup(routine, settings, speed=speed, db=db)
    bell = _terminal_bell(out) if out.isatty() else None
    audio = setup.open_sound(on=sound, bell=bell)
    log = setup.open_log()
    lines = StreamLines(sys.stdin)
    if lines.interactive:  # a script's lines are the session's answers, not this question's
        ask_next_day(lines, out, db, date.today())
    session = PlainSession(
        routine=routine,
        runner=setup.runner(cues=audio.cues, history=log),
        lines=lines,
        out=out,
        log=log,
        toggle_mute=audio.toggle_mute if audio.cues is not None else None,
        preamble=(audio.description, *(f"Settings: {warning}" for warning in warnings)),
        recovery=Recovery.find(setup, audio.cues),
        started_today=setup.started_today,
        next_day_worse=setup.next_day_worse,
    )
    previous = _install_interrupt(session.interrupt)
    try:
        outcome = session.run()
    finally:
        _restore_interrupt(previous)
        audio.close()
    _quiet_closed_stdout()
    return outcome.exit_code


def _terminal_bell(out: Any) -> Callable[[str], None]:
    def ring(_name: str) -> None:
        try:
            out.write("\a")
            out.flush()
        except (OSError, ValueError):
            pass

    return ring


_Handler = Callable[[int, FrameType | None], Any] | int | None

#: Signals that stop a plain session and save it as partial: Ctrl-C, ``kill``, a closed terminal.
_STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _install_interrupt(interrupt: Callable[[], None]) -> dict[int, _Handler]:
    """Make Ctrl-C (or ``kill``, or closing the terminal) stop the session at its next tick.

    The session is then saved as partial.  A second signal stops at once.
    Returns the previous handlers, for :func:`_restore_interrupt`.
    """
    presses = 0

    def handler(_signum: int, _frame: FrameType | None) -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            raise KeyboardInterrupt
        interrupt()

    previous: dict[int, _Handler] = {}
    for name in _STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is None:
            continue  # SIGHUP does not exist on Windows
        try:
            previous[number] = signal.signal(number, handler)
        except (ValueError, OSError):  # not the main thread (e.g. embedded): keep the default
            continue
    return previous


def _restore_interrupt(previous: dict[int, _Handler]) -> None:
    for number, handler in previous.items():
        with contextlib.suppress(ValueError, TypeError, OSError):
            signal.signal(number, handler)


def _quiet_closed_stdout() -> None:
    """When standard output was a pipe that closed, keep Python quiet about it at exit."""
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
