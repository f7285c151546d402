"""``supple clinic``: a therapist's caseload of many patients (docs/clinic.md).

``supple clinic import PATH...`` reads patients' JSON backups and FHIR
transaction Bundles into the caseload file; ``supple clinic`` shows one line
per patient (the caseload screen in a terminal, else a table);
``supple clinic report --patient ID`` writes that patient's clinic report;
``supple clinic export --format csv`` writes one row per patient and week.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.caseload.caseload_store import CaseloadStore


def register(subparsers: Any) -> None:
    """Add ``clinic`` and its actions to the command line."""
    parser = subparsers.add_parser(
        "clinic",
        help="a therapist's caseload: many patients' histories together",
        description=(
            "Show the caseload: one line per patient, those who need a look first (a safety "
            "notice, pain rising by 2 points or more over a week, fewer than half the "
            "prescribed sessions). In a terminal Enter opens a patient's history, read-only."
        ),
    )
    caseload_option(parser)
    parser.set_defaults(handler=show_caseload)
    actions = parser.add_subparsers(dest="clinic_action", metavar="ACTION")

    importer = actions.add_parser(
        "import",
        help="add patients' JSON backups and FHIR transaction bundles",
        description=(
            "Read patients' files into the caseload: JSON backups (supple history --format "
            "json; the patient is the file's name, A-1042.json is A-1042) and FHIR transaction "
            "bundles (supple history --format fhir), files or folders of .json files. "
            "Importing again changes nothing; one bad file rejects the import, naming it."
        ),
    )
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    caseload_option(importer)
    importer.set_defaults(handler=import_files)

    report = actions.add_parser("report", help="write one patient's clinic report (HTML)")
    report.add_argument("--patient", required=True, metavar="ID", help="the clinic patient id")
    report.add_argument("--out", type=Path, required=True, metavar="FILE.html")
    caseload_option(report)
    report.set_defaults(handler=write_patient_report)

    export = actions.add_parser("export", help="one row per patient and week, for a spreadsheet")
    export.add_argument("--format", choices=("csv",), default="csv")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE (mode 0600)")
    caseload_option(export)
    export.set_defaults(handler=export_weeks)


def caseload_option(parser: argparse.ArgumentParser) -> None:
    """``--caseload PATH``: another caseload file than the default."""
    parser.add_argument(
        "--caseload", type=Path, metavar="PATH", help="the caseload file (default: your own)"
    )


def _open(path: Path | None) -> CaseloadStore:
    from tui.core.caseload.caseload_store import CaseloadError, CaseloadStore

    try:
        return CaseloadStore.open(path)
    except CaseloadError as exc:
        raise UserError(str(exc)) from None


def import_files(args: argparse.Namespace) -> int:
    """Import every file in one transaction, or none (a bad file is named)."""
    from tui.core.caseload.caseload_files import CaseloadImportError, import_patient_files
    from tui.core.caseload.caseload_store import CaseloadError

    with _open(args.caseload) as store:
        try:
            done = import_patient_files(store, args.paths)
        except CaseloadImportError as exc:
            lines = "\n  ".join(exc.problems)
            raise UserError(
                f"nothing was imported; these files are not usable:\n  {lines}"
            ) from None
        except CaseloadError as exc:
            raise UserError(str(exc)) from None
        where = store.path
    print(
        f"Imported into {where}: {done.patients} patients, "
        f"{done.added} sessions added, {done.changed} updated, {done.unchanged} already there"
        + (f"; {done.files_seen} files imported before, left alone." if done.files_seen else ".")
    )
    return 0


def show_caseload(args: argparse.Namespace) -> int:
    """The caseload screen in a terminal, else the caseload as a table."""
    from tui.core.caseload.caseload_words import format_caseload
    from tui.core.caseload.patient_line import sorted_lines

    if args.caseload is not None and not args.caseload.exists():
        raise UserError(f"there is no caseload file at {args.caseload}")
    with _open(args.caseload) as store:
        if sys.stdout.isatty():
            from tui.app.caseload_app import run_caseload_app

            return run_caseload_app(store)
        lines = sorted_lines(store.counts())
    if not lines:
        print("No patients yet: add them with `supple clinic import PATH...`.")
        return 0
    print(format_caseload(lines), end="")
    return 0


def write_patient_report(args: argparse.Namespace) -> int:
    """One patient's clinic report, from that patient's sessions in the caseload."""
    from tui.core.caseload.caseload_store import patient_history_file
    from tui.core.report.report_file import ReportFileError, write_report_file

    with _open(args.caseload) as store:
        if args.patient not in {p.id for p in store.patients()}:
            raise UserError(f"no patient {args.patient!r} in {store.path}")
        with patient_history_file(store, args.patient) as history:
            try:
                written = write_report_file(args.out, db=history)
            except ReportFileError as exc:
                raise UserError(str(exc)) from None
    print(f"Wrote the report of {args.patient} ({written.sessions_text}) to {written.path}")
    return 0


def export_weeks(args: argparse.Namespace) -> int:
    """One CSV row per patient and week (weeks start on Monday, UTC)."""
    from tui.core.caseload.caseload_store import WEEKLY_COLUMNS

    with _open(args.caseload) as store:
        rows = store.weekly_rows()
    if args.out is None:
        _write_weeks(sys.stdout, WEEKLY_COLUMNS, rows)
        return 0
    from tui.core.locations import replaced_privately

    try:
        with replaced_privately(args.out) as out:
            _write_weeks(out, WEEKLY_COLUMNS, rows)
    except OSError as exc:
        raise UserError(f"can't write {args.out} ({exc.strerror}); nothing was written") from None
    return 0


def _write_weeks(out: IO[str], header: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
