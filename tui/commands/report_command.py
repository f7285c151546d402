"""``supple report``: one self-contained HTML page for the clinic.

The writing is :func:`tui.core.report.report_file.write_report_file` (the
app's "Report" command uses it too).  The page has no network references:
inline CSS, inline SVG; it prints on A4 or Letter.  See ``docs/report.md``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from tui.errors import UserError, no_history_file


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
    from tui.core.report.report_file import ReportFileError, write_report_file

    if args.since is not None and args.until is not None and args.until < args.since:
        raise UserError(f"--until {args.until} is before --since {args.since}")
    if args.db is not None and not args.db.exists():
        raise no_history_file(args.db)
    try:
        written = write_report_file(args.out, db=args.db, since=args.since, until=args.until)
    except ReportFileError as exc:
        raise UserError(str(exc)) from exc
    from tui.core.safe_text import shown

    print(f"Wrote the report ({written.sessions_text}) to {shown(str(written.path))}")
    return 0
