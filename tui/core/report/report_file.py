"""Writing the clinic report to a file: what ``supple report`` and the app's command both do.

The history is only read (opened read-only; an older file through an
upgraded copy in memory).  The file is health data, so it is made readable
by the user alone (0600).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core import locations

if TYPE_CHECKING:
    from tui.core.report.appendix import ReportAppendix
    from tui.core.report.gather import ReportData


class ReportFileError(Exception):
    """The report could not be written; the message says why, for the user."""


@dataclass(frozen=True)
class WrittenReport:
    """Where a report went and how many sessions it holds."""

    path: Path
    sessions: int

    @property
    def sessions_text(self) -> str:
        """ "1 session", "3 sessions"."""
        return f"{self.sessions} session{'' if self.sessions == 1 else 's'}"


def report_file_path(day: date) -> Path:
    """Where the app writes a report made on ``day`` (:func:`~tui.core.locations.reports_dir`)."""
    return locations.reports_dir() / f"supple-report-{day.isoformat()}.html"


def write_report_file(
    out: Path,
    *,
    db: Path | None = None,
    since: date | None = None,
    until: date | None = None,
    make_folder: bool = False,
) -> WrittenReport:
    """Read the history at ``db`` (default: the patient's own) and write its report to ``out``.

    ``since`` and ``until`` are local days, both included.  With
    ``make_folder`` the folder of ``out`` is made (private) when missing.
    Raises :class:`ReportFileError` when there is no history, it cannot be
    read, or the file cannot be written.  The patient's own history (no
    ``db``) also shows the programme in use by phase and week.
    """
    from tui import __version__
    from tui.core.history import HistoryError, open_for_reading, utc_now
    from tui.core.report import gather_report

    path = db if db is not None else locations.history_db()
    if not path.exists():
        raise ReportFileError(f"there is no history file at {path}")
    try:
        store = open_for_reading(path)
    except HistoryError as exc:
        raise ReportFileError(str(exc)) from exc
    with store:
        now = utc_now()
        data = gather_report(store, since=since, until=until, now=now, app_version=__version__)
        if db is None:  # another history (a patient's, in the clinic) is not this programme's
            from tui.core.programme.current import current_adherence

            data = replace(data, programme=current_adherence(now.astimezone(), store))
        from tui.core.report.appendix import gather_appendix

        # The programme's cards are those of this machine's patient: only for their own history.
        appendix = gather_appendix(data, with_programme=db is None)
        # Written while the store is open: the sessions' table is read as it is written.
        _write_page(data, out, appendix, make_folder=make_folder)
    return WrittenReport(out, data.totals.sessions)


def _write_page(
    data: ReportData, out: Path, appendix: ReportAppendix, *, make_folder: bool
) -> None:
    from tui.core.report.page import write_report

    try:
        if make_folder:
            locations.ensure_private_dir(out.parent)
        with locations.replaced_privately(out) as fh:
            write_report(data, fh, appendix)
    except OSError as exc:
        from tui.core.history.storage_words import storage_words

        raise ReportFileError(
            f"can't write {out}: {storage_words(exc)}. Nothing was written: the file is as "
            "it was before."
        ) from exc
