"""``supple history``: show or export the session history, and import a backup.

Reading never changes a history file: it is opened read-only (an older file
is read from an upgraded copy in memory).  ``--db PATH`` reads another file,
for example a patient's file on the therapist's computer.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tui.commands.terminal_env import dumb_terminal, keys_from_terminal
from tui.core.exports import FHIR_BUNDLES, FORMATS
from tui.errors import UserError, no_history_file

if TYPE_CHECKING:
    from tui.core.exports import Writer
    from tui.core.history import HistoryStore, SessionFilter


def register(subparsers: Any) -> None:
    """Add ``history`` (and ``history import``) to the command line."""
    parser = subparsers.add_parser(
        "history",
        help="show or export your session history, or import a backup",
        description=(
            "Show your session history, or export it for your therapist. Without --format, "
            "a terminal opens the history screens, anything else gets a table. Dates are "
            "local days (YYYY-MM-DD); --until includes that day."
        ),
    )
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        help="; ".join(f"{name}: {fmt.description}" for name, fmt in FORMATS.items()),
    )
    parser.add_argument(
        "--bundle",
        choices=tuple(FHIR_BUNDLES),
        help="with --format fhir: "
        + "; ".join(f"{name}: {kind.description}" for name, kind in FHIR_BUNDLES.items()),
    )
    parser.add_argument("--since", type=parse_day, metavar="DATE", help="from this day on")
    parser.add_argument("--until", type=parse_day, metavar="DATE", help="up to and including")
    parser.add_argument("--routine", metavar="TEXT", help="only routines whose title has TEXT")
    parser.add_argument(
        "--include-previews", action="store_true", help="include preview (sped-up) runs"
    )
    parser.add_argument("--db", type=Path, metavar="PATH", help="read this history file")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE (mode 0600)")
    parser.set_defaults(handler=show_history)

    actions = parser.add_subparsers(dest="history_action", metavar="ACTION")
    importer = actions.add_parser(
        "import",
        help="merge a JSON backup into the history",
        description=(
            "Merge a JSON export (supple history --format json) into the history. Finished "
            "sessions already present are left alone, so importing twice changes nothing; "
            "an unfinished one (a full disk, a crash) is completed from the backup; a file "
            "with any problem, or one that contradicts the history, is rejected whole."
        ),
    )
    importer.add_argument("file", type=Path, metavar="FILE.json")
    importer.add_argument(
        "--db", dest="import_db", type=Path, metavar="PATH", help="import into this file"
    )
    importer.set_defaults(handler=import_history)


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` argument."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-03-01, got {text!r}") from None


def show_history(args: argparse.Namespace) -> int:
    """Print (or write to ``--out``) the history in the chosen format."""
    from tui.core.locations import history_db

    path: Path = args.db if args.db is not None else history_db()
    if args.db is not None and not path.exists():
        raise no_history_file(path)
    if args.format is None and sys.stdout.isatty():
        dumb = dumb_terminal()
        if dumb is None:
            from tui.app.history_app import run_history_app

            keys_from_terminal()
            return int(run_history_app(path, args.db is not None) or 0)
        print(f"({dumb}: showing the history as a table.)", flush=True)
    fmt: str = args.format or next(iter(FORMATS))
    if args.bundle is not None and fmt != "fhir":
        raise UserError("--bundle goes with --format fhir")
    writer = FORMATS[fmt].write if args.bundle is None else FHIR_BUNDLES[args.bundle].write
    filters = _filters(args)
    notice = sys.stdout if fmt == "table" else sys.stderr
    from tui.core.safe_text import shown  # --db names any file: its name is shown visibly

    if not path.exists():
        print(f"No sessions recorded yet (looked in {shown(str(path))}).", file=notice)
        return 0

    from tui.core.history import HistoryError, open_for_reading

    try:
        store = open_for_reading(path)
    except HistoryError as exc:
        raise UserError(str(exc)) from exc
    with store:
        if store.count_sessions() == 0:
            print(f"No sessions recorded yet (looked in {shown(str(path))}).", file=notice)
            return 0
        _write(writer, store, filters, args.out)
    return 0


def _write(writer: Writer, store: HistoryStore, filters: SessionFilter, out: Path | None) -> None:
    """Run an export writer; a FHIR transaction without a clinic id says how to give one."""
    from tui.core.exports.fhir_transaction import ClinicIdMissing

    try:
        with _output(out) as stream:
            writer(store, filters, stream)
    except ClinicIdMissing as exc:
        raise UserError(str(exc)) from None  # the --out file, if any, is as it was
    except OSError as exc:
        raise UserError(_not_written(out, exc)) from exc


def _not_written(out: Path | None, exc: OSError) -> str:
    """Why the export failed, and that nothing else changed."""
    from tui.core.history.storage_words import storage_words

    if out is None:
        return f"could not write the output: {storage_words(exc)}. Your history is unchanged."
    return (
        f"can't write {out}: {storage_words(exc)}. Nothing was written: the file is as it "
        "was before, and your history is unchanged."
    )


def import_history(args: argparse.Namespace) -> int:
    """Merge a JSON backup into the history (``--db`` or the default file), read as it goes."""
    from tui.core import locations
    from tui.core.history import HistoryError, HistoryStore
    from tui.core.history.backup import HistoryImportError, read_history_entries

    db = args.import_db if args.import_db is not None else args.db
    target = locations.history_db() if db is None else Path(db)
    created = not target.exists()
    try:
        entries = read_history_entries(args.file)
        with HistoryStore.open(db) as store:
            result = store.import_entries(entries)
            where = store.path
    except (HistoryImportError, HistoryError) as exc:
        if created:  # a bad file changes nothing: not even an empty history is left
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise UserError(f"{exc}. Nothing was imported.") from exc
    from tui.core.safe_text import shown

    completed = ""
    if result.completed:
        completed = f", {_sessions(result.completed)} completed from the backup"
    print(
        f"Imported {shown(str(args.file))} into {shown(str(where))}: "
        f"{_sessions(result.added)} added{completed}, "
        f"{result.already_present} already present."
    )
    return 0


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _filters(args: argparse.Namespace) -> SessionFilter:
    """The sessions ``--since``, ``--until``, ``--routine`` and ``--include-previews`` keep."""
    from tui.core.history import SessionFilter, local_day_bounds

    since: date | None = args.since
    until: date | None = args.until
    if since is not None and until is not None and until < since:
        raise UserError(f"--until {until} is before --since {since}")
    start: datetime | None = None if since is None else local_day_bounds(since)[0]
    end: datetime | None = None if until is None else local_day_bounds(until)[1]
    return SessionFilter(start, end, args.routine, args.include_previews)


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output (flushed before the command ends), or ``--out`` written whole or not at all.

    ``--out`` is a private file (0600) that replaces the old one only once the
    export is complete (:func:`tui.core.locations.replaced_privately`).
    """
    if path is None:
        yield sys.stdout
        sys.stdout.flush()  # a full disk or /dev/full says so here, not at exit
        return
    from tui.core.locations import replaced_privately

    with replaced_privately(path) as out:
        yield out
