"""Programme commands for the patient: ``today``, ``learn`` and ``programme export``.

``supple today [PROGRAMME]`` prints the day, the phase, what is due and done,
the next session and today's cards (the same words the home screen will
show); ``--start`` records the injection (or start) when the programme leaves
it to the patient, ``--move-on`` confirms a move the plan offers, and
``--by-week`` adds adherence and pain by phase and week.
``supple learn`` lists the programme's cards; ``supple programme export``
writes that adherence table as CSV.  The programme named last is
remembered, so a bare ``supple today`` works for a login message.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.programme.plan import Programme
    from tui.core.programme.state import StateBook
    from tui.core.programme.today import TodayView


def register(subparsers: Any) -> None:
    """Add ``today`` and ``learn`` to the command line."""
    today = subparsers.add_parser(
        "today",
        help="today in your programme: the day, the phase, what is due, today's card",
        description="Print today in your programme as plain text: the day since your "
        "injection (or start), the phase, what is due today and how much is done, the next "
        "session and today's card. PROGRAMME is a programme file or name; left out, the one "
        "you used last.",
    )
    add_programme_argument(today)
    today.add_argument(
        "--start",
        metavar="WHEN",
        type=parse_when,
        help='record when your injection (or start) was: "2026-12-01 10:30", a date, or "now"',
    )
    today.add_argument(
        "--move-on",
        action="store_true",
        help="confirm moving on to the next phase when your therapist's plan offers it",
    )
    today.add_argument(
        "--by-week",
        action="store_true",
        help="also print adherence and pain by phase and week of the programme",
    )
    today.add_argument("--db", type=Path, metavar="PATH", help="read this history file")
    today.set_defaults(handler=today_command)

    learn = subparsers.add_parser(
        "learn",
        help="list the education cards of your programme",
        description="List every education card of the programme, with the day or phase it "
        "belongs to.",
    )
    add_programme_argument(learn)
    learn.set_defaults(handler=learn_command)
    _register_programme(subparsers)


def _register_programme(subparsers: Any) -> None:
    programme = subparsers.add_parser(
        "programme",
        help="your programme's adherence by phase and week, as CSV",
        description="Export adherence and pain by phase and week of your programme (against "
        "each phase's own prescription) as CSV, for a spreadsheet or your therapist.",
    )
    actions = programme.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write adherence and pain by phase and week as CSV",
        description="Write a CSV row per programme week of each phase, then one per phase "
        "(credited sessions against the phase's prescription, median pain before and after). "
        "The columns are in docs/history.md.",
    )
    add_programme_argument(export)
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE (mode 0600)")
    export.add_argument("--db", type=Path, metavar="PATH", help="read this history file")
    export.set_defaults(handler=export_command)


def add_programme_argument(parser: argparse.ArgumentParser) -> None:
    """The optional PROGRAMME argument and the hidden ``--now`` (tests give a fake time)."""
    parser.add_argument(
        "programme", nargs="?", metavar="PROGRAMME", help="a programme file or name"
    )
    parser.add_argument("--now", type=parse_when, help=argparse.SUPPRESS)


def parse_when(text: str) -> datetime:
    """A moment the patient types: "now", "2026-12-01", "2026-12-01 10:30" (local time)."""
    if text.strip().lower() == "now":
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'expected a date and time like "2026-12-01 10:30", got {text!r}'
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def now_of(args: argparse.Namespace) -> datetime:
    """The time the command works at: ``--now`` in tests, else the clock."""
    given: datetime | None = getattr(args, "now", None)
    return given if given is not None else datetime.now().astimezone()


def open_programme(name: str | None) -> tuple[Programme, StateBook]:
    """The programme named (or the one used last), and the state book with it as current."""
    from tui.core.programme.current import NoProgrammeChosen
    from tui.core.programme.current import open_programme as open_in_book
    from tui.core.programme.state import read_state
    from tui.core.routine.model import RoutineError

    try:
        return open_in_book(name, read_state())
    except NoProgrammeChosen:
        raise UserError("name a programme, e.g. 'supple today six-weeks-after-injection'") from None
    except LookupError as exc:
        raise UserError(str(exc)) from None
    except RoutineError as exc:
        raise UserError(f"the programme has problems:\n{exc}") from None


def today_command(args: argparse.Namespace) -> int:
    """``supple today [PROGRAMME] [--start WHEN] [--move-on]``."""
    from tui.core.programme.current import view_of
    from tui.core.programme.schedule import ConfirmedMove
    from tui.core.programme.state import with_move, with_start, write_state
    from tui.core.programme.today_words import today_lines, when_words

    programme, book = open_programme(args.programme)
    now = now_of(args)
    if args.start is not None:
        if programme.start is not None:
            raise UserError("this programme's start is set by your therapist in the file")
        book = with_start(book, programme.title, args.start)
        print(f"Recorded: day 0 is {when_words(args.start, now)}.")
    view = view_of(programme, book, now, args.db)
    if args.move_on:
        if view.offer is None:
            raise UserError("your therapist's plan does not offer a move to the next phase today")
        book = with_move(book, programme.title, ConfirmedMove(view.offer.to_phase, now))
        print(f"Recorded: you move on to phase {view.offer.to_phase + 1}, {view.offer.to_name}.")
        view = view_of(programme, book, now, args.db)
    try:
        write_state(book)
    except OSError as exc:
        print(
            f"supple: could not save your programme state: {exc.strerror or exc}", file=sys.stderr
        )
    for line in today_lines(view):
        print(line)
    if args.by_week:
        print()
        print("\n".join(_adherence_lines(programme, book, now, args.db)))
    print()
    print(_hint(view, book.current or ""))
    if sys.stdin.isatty():  # never waits in a login message or a pipe
        from tui.plain.lines import StreamLines
        from tui.plain.next_day_check import ask_next_day

        print()
        ask_next_day(StreamLines(sys.stdin), sys.stdout, args.db, now.date())
    return 0


def _adherence_lines(
    programme: Programme, book: StateBook, now: datetime, db: Path | None
) -> list[str]:
    from tui.core.programme.adherence_words import adherence_lines
    from tui.core.programme.current import adherence_of

    report = adherence_of(programme, book, now, db)
    if report is None:
        return ["Adherence by week starts once the programme's start is set."]
    return adherence_lines(report)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, readable by the patient alone (0600).

    Missing folders are made 0700; an existing folder keeps its mode (the
    patient may have chosen it).  ``UserError`` in words when it cannot be written.
    """
    from tui.core.locations import make_private_dirs, replaced_privately

    try:
        make_private_dirs(path.parent)
        with replaced_privately(path) as out:
            out.write(text)
    except OSError as exc:
        why = exc.strerror or exc
        raise UserError(f"cannot write {path}: {why}; nothing was written") from None


def export_command(args: argparse.Namespace) -> int:
    """``supple programme export [PROGRAMME] [--out FILE]``: adherence by phase and week as CSV."""
    from tui.core.programme.adherence_words import adherence_csv
    from tui.core.programme.current import adherence_of
    from tui.core.safe_text import shown

    programme, book = open_programme(args.programme)
    report = adherence_of(programme, book, now_of(args), args.db)
    if report is None:
        raise UserError("set your programme's start first: supple today --start WHEN")
    text = adherence_csv(report)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_private(args.out, text)
    print(f"Wrote {shown(str(args.out))}.", file=sys.stderr)
    return 0


def _hint(view: TodayView, name: str) -> str:
    """What to type next, in the command line's own words."""
    import shlex

    named = f" {shlex.quote(name)}" if name else ""
    if view.needs_start:
        return f'Tell supple when it was: supple today{named} --start "2026-12-01 10:30"'
    if view.offer is not None:
        return f"To move on: supple today{named} --move-on"
    if view.next_session is not None:
        return f"Start your next session: supple run --programme{named}"
    return "supple records what you report; it does not assess you."


def learn_command(args: argparse.Namespace) -> int:
    """``supple learn [PROGRAMME]``: every card, with when it is shown."""
    from tui.core.programme.today_words import card_lines, card_when

    programme, _ = open_programme(args.programme)
    print(f"{programme.title}: what to know")
    for card in programme.cards:
        print()
        print(f"[{card_when(card)}]")
        for line in card_lines(card):
            print(line)
    if not programme.cards:
        print("(This programme has no cards.)")
    return 0
