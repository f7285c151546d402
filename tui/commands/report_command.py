"""``supple report``: one self-contained HTML page for the clinic.

The history is only read (opened read-only; an older file through an
upgraded copy in memory).  The page has no network references: inline CSS,
inline SVG; it prints on A4 or Letter.  See ``docs/report.md``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from tui.errors import UserError


def register(subparsers: Any) -> None:
    """Add ``report`` to the command line."""
    parser = subparsers.add_parser(
        "report",
        help="write a report for your therapist (one HTML file)",
        description=(
            "Write a report of your sessions to take to the clinic: the prescription, "
            'adherence by week, a pain chart, every session, skips and "this hurts" marks, '
            "and your notes. One HTML file that needs no internet and prints on A4 or "
            "Letter. Dates are local days (YYYY-MM-DD); --until includes that day."
        ),
    )
    parser.add_argument("--since", type=_day, metavar="DATE", help="from this day on")
    parser.add_argument("--until", type=_day, metavar="DATE", help="up to and including")
    parser.add_argument("--db", type=Path, metavar="PATH", help="read this history file")
    parser.add_argument(
        "--out", type=Path, metavar="FILE.html", required=True, help="write the report here"
    )
    parser.set_defaults(handler=write_report)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-03-01, got {text!r}") from None


def write_report(args: argparse.Namespace) -> int:
    """Read the history and write the report to ``--out`` (mode 0600: it is health data)."""
    import os

    from tui import __version__
    from tui.core.history import HistoryError, open_for_reading, utc_now
    from tui.core.locations import history_db
    from tui.core.report.page import gather_report, render_report

    if args.since is not None and args.until is not None and args.until < args.since:
        raise UserError(f"--until {args.until} is before --since {args.since}")
    path: Path = args.db if args.db is not None else history_db()
    if not path.exists():
        raise UserError(f"there is no history file at {path}")
    try:
        store = open_for_reading(path)
    except HistoryError as exc:
        raise UserError(str(exc)) from exc
    with store:
        data = gather_report(
            store, since=args.since, until=args.until, now=utc_now(), app_version=__version__
        )
    page = render_report(data, describe_step=_describe_step())
    out: Path = args.out
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
    except OSError as exc:
        raise UserError(f"can't write {out}: {exc.strerror or exc}") from exc
    count = len(data.sessions)
    print(f"Wrote the report ({count} session{'' if count == 1 else 's'}) to {out}")
    return 0


def _describe_step() -> Any:
    """The home screen's dose wording (a pure function), when that module is present."""
    try:
        from tui.core.session.describe import step_dose
    except ImportError:
        return None
    return step_dose
