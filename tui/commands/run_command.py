"""``supple run ROUTINE``: a guided session, full-screen or as plain text.

``--plain`` runs the session in plain-text mode (:func:`tui.plain.run_plain`),
which needs no full-screen terminal; otherwise the Textual app is started (and
when standard output is not a terminal, plain-text mode is used instead).  This
module only chooses between the two.  A bare ``supple`` opens the app's home
screen through :func:`open_home`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.commands.terminal_env import dumb_terminal, input_closed, keys_from_terminal
from tui.errors import UserError

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

    note = None if args.plain else _why_plain()
    if not args.plain and note is None:
        from tui.app.main import run_app

        keys_from_terminal()
        return run_app(routine, speed=args.speed, db=args.db, sound=not args.no_sound)
    if input_closed():
        raise UserError(
            "standard input is closed, so plain mode can't read your answers. Run it from a "
            "terminal, or give it a file of answers (< /dev/null runs the session without any)."
        )
    if note is not None:
        print(f"({note}: using plain-text mode.)", flush=True)
    from tui.plain import run_plain

    return run_plain(routine, speed=args.speed, db=args.db, sound=not args.no_sound)


def open_home(args: argparse.Namespace) -> int:
    """A bare ``supple``: the app's home screen (the routine library)."""
    why = _why_plain()
    if why is not None:
        what = "a terminal" if why == NOT_A_TERMINAL else f"a terminal that can draw it ({why})"
        raise UserError(
            f"the home screen needs {what}. See your routines with 'supple list' and "
            "start one with 'supple run ROUTINE --plain'."
        )
    from tui.app.main import run_app

    keys_from_terminal()
    return run_app(None)


#: Why the full-screen app is not used when the output is no terminal.
NOT_A_TERMINAL = "Output is not a terminal"


def _why_plain() -> str | None:
    """Why this run can't be full-screen (said in one line), or ``None`` when it can."""
    if not sys.stdout.isatty():
        return NOT_A_TERMINAL
    return dumb_terminal()
