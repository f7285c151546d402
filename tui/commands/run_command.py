"""``supple run ROUTINE``: a guided session, full-screen or as plain text.

``--plain`` runs the session in plain-text mode (:mod:`tui.plain.guide`), which
needs no full-screen terminal; otherwise the Textual app is started (and when
standard output is not a terminal, plain-text mode is used instead).  A bare
``supple`` opens the app's home screen through :func:`open_home`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.routine.model import Routine

#: Fastest dry run allowed.
MAX_SPEED = 1000.0


def register(subparsers: Any) -> None:
    """Add ``run`` to the command line."""
    parser = subparsers.add_parser(
        "run",
        help="start a guided session of a routine",
        description=(
            "Start a guided session of ROUTINE (a routine file, or the name of one of "
            "your own or the bundled routines; see 'supple list'). The session is saved "
            "to your history as it runs."
        ),
    )
    parser.add_argument("routine", metavar="ROUTINE", help="a routine file or a routine's name")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain text, one line per event, commands typed as lines (screen readers, scripts)",
    )
    parser.add_argument(
        "--speed",
        type=parse_speed,
        default=1.0,
        metavar="N",
        help="run N times faster (a therapist's dry run; saved as a preview)",
    )
    parser.add_argument("--db", type=Path, metavar="PATH", help="use this history file")
    parser.add_argument("--no-sound", action="store_true", help="play no cue sounds")
    parser.set_defaults(handler=run_command)


def parse_speed(text: str) -> float:
    """A ``--speed`` value: a number above 0, at most :data:`MAX_SPEED`."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as 10, got {text!r}") from None
    if not 0 < value <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"the speed must be above 0 and at most {MAX_SPEED:g}")
    return value


def run_command(args: argparse.Namespace) -> int:
    """``supple run ROUTINE [--plain] [--speed N] [--db PATH] [--no-sound]``."""
    from tui.core.routine.library import RoutineNotFoundError, resolve_routine
    from tui.core.routine.loader import load_routine
    from tui.core.routine.model import RoutineError

    try:
        path = resolve_routine(args.routine)
    except RoutineNotFoundError as exc:
        raise UserError(str(exc)) from None
    try:
        routine = load_routine(path)
    except RoutineError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except OSError as exc:
        raise UserError(f"can't read {path}: {exc.strerror or exc}") from None

    plain = args.plain or not sys.stdout.isatty()
    if not plain:
        from tui.app.main import run_app

        return run_app(routine, speed=args.speed, db=args.db, sound=not args.no_sound)
    if not args.plain:
        print("(Output is not a terminal: using plain-text mode.)", flush=True)
    return run_plain(routine, speed=args.speed, db=args.db, sound=not args.no_sound)


def open_home(args: argparse.Namespace) -> int:
    """A bare ``supple``: the app's home screen (the routine library)."""
    if not sys.stdout.isatty():
        raise UserError(
            "the home screen needs a terminal. See your routines with 'supple list' and "
            "start one with 'supple run ROUTINE --plain'."
        )
    from tui.app.main import run_app

    return run_app(None)


# --------------------------------------------------------------------------- plain mode


def run_plain(
    routine: Routine,
    *,
    speed: float = 1.0,
    db: Path | None = None,
    sound: bool = True,
) -> int:
    """Run one session in plain-text mode on this terminal (or pipe); returns the exit code."""
    from tui.audio.output import no_sound, open_sound
    from tui.core.config import load_settings
    from tui.core.history.session_log import abandon_unfinished, open_recorder_log
    from tui.core.session.runner import SessionRunner
    from tui.plain.guide import PlainSession, StreamLines

    out = sys.stdout
    preamble: list[str] = []
    settings, warnings = load_settings()
    preamble.extend(f"Settings: {warning}" for warning in warnings)

    closed, problem = abandon_unfinished(db)
    if problem:
        preamble.append(problem)
    for item in closed:
        done = f"{item.segments} exercise " + ("part" if item.segments == 1 else "parts")
        preamble.append(
            f"An unfinished session of {item.routine_title} from {item.started_at} "
            f"(supple stopped unexpectedly) was closed as abandoned; {done} kept."
        )

    bell = _terminal_bell(out) if out.isatty() else None
    audio = open_sound(routine, settings, bell=bell) if sound else no_sound()
    preamble.insert(0, audio.description)
    log = open_recorder_log(routine, preview=speed != 1.0, db=db)
    runner = SessionRunner(
        routine,
        speed=speed,
        cues=audio.cues,
        history=log,
        back_grace=settings.back_grace,
    )
    session = PlainSession(
        routine=routine,
        runner=runner,
        lines=StreamLines(sys.stdin),
        out=out,
        log=log,
        toggle_mute=audio.toggle_mute if audio.cues is not None else None,
        preamble=tuple(preamble),
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
