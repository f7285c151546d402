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
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands.terminal_env import dumb_terminal, input_closed, keys_from_terminal
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
    parser.add_argument(
        "routine", nargs="?", metavar="ROUTINE", help="a routine file or a routine's name"
    )
    parser.add_argument(
        "--programme",
        nargs="?",
        const="",
        metavar="PROGRAMME",
        help="run the next session due today in this programme (file or name; left out, the "
        "one you used last), at this week's length; with ROUTINE, that routine of today's phase",
    )
    parser.add_argument("--now", help=argparse.SUPPRESS)
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

    if args.programme is not None:
        routine = programme_routine(args)
        return _start_session(routine, args)
    if args.routine is None:
        raise UserError("name a routine to run (see 'supple list'), or use --programme")
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
    return _start_session(routine, args)


def _start_session(routine: Routine, args: argparse.Namespace) -> int:
    """Run ``routine`` full-screen or as plain text (said in one line when not asked for)."""
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


def programme_routine(args: argparse.Namespace) -> Routine:
    """The routine a programme session runs now, at this week's length; refuses when not due.

    Before the start gate (or without a start) no session of the programme
    begins: the patient can still run a single routine on purpose by its name.
    """
    from tui.commands.programme_command import open_programme, parse_when
    from tui.core.programme.current import view_of
    from tui.core.programme.progression import routine_for_week
    from tui.core.programme.today_words import card_lines, when_words
    from tui.core.routine.loader import load_routine

    programme, book = open_programme(args.programme or None)
    now = parse_when(args.now) if args.now else datetime.now().astimezone()
    view = view_of(programme, book, now, args.db)
    if view.needs_start:
        raise UserError(
            "this programme's start is not set yet: tell supple when your injection was with "
            f'supple today {book.current} --start "2026-12-01 10:30"'
        )
    if view.gate_opens_at is not None:
        raise UserError(
            f"your therapist's plan says sessions may start {when_words(view.gate_opens_at, now)}"
            "; until then rest as your discharge sheet says (see 'supple today')"
        )
    if view.phase is None or not view.phase.routines:
        raise UserError("no session is planned today; see 'supple today'")
    entry = view.next_session
    if args.routine is not None:
        entry = next((r for r in view.phase.routines if args.routine in (r.ref, r.title)), None)
        if entry is None:
            names = ", ".join(r.ref for r in view.phase.routines)
            raise UserError(f"today's phase uses: {names}")
    if entry is None:
        raise UserError(
            "everything due today is done; to run a routine anyway, name it: supple run ROUTINE"
        )
    for card in view.cards:
        if card.before_first_session:
            print("\n".join(card_lines(card)), end="\n\n")
    routine = load_routine(entry.path)
    assert view.week is not None  # a phase is only placed on a known day
    return routine_for_week(
        routine,
        programme.progressions_for(entry.ref),
        view.week,
        pain_sites=programme.pain_sites,
    )


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
