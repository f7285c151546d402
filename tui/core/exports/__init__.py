"""The formats the history can be exported in: one registry.

:data:`FORMATS` maps each format's name to what it is and the function that
writes it, ``write(store, filters, out)``.  ``supple history --format`` takes
its choices, its help and its writer from here, so a new format is one
module and one entry.  The writers import their module when they run: this
registry is read to build the command line and must stay cheap to import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tui.core.history import HistoryStore, SessionFilter

#: Writes the sessions of ``store`` that the filter keeps to ``out``.
Writer = Callable[["HistoryStore", "SessionFilter", IO[str]], None]


class ExportFormat(NamedTuple):
    """One export format: a few words saying what it is for, and its writer.

    A named tuple rather than a dataclass: the command line reads this
    registry at start-up, before anything imports ``dataclasses``.
    """

    description: str
    write: Writer


def _write_table(store: HistoryStore, filters: SessionFilter, out: IO[str]) -> None:
    from tui.core.exports.table import format_table

    summaries = store.sessions(
        filters.since, filters.until, filters.routine, filters.include_preview, oldest_first=True
    )
    out.write(format_table(summaries) if summaries else "No sessions match.\n")


def _write_csv(store: HistoryStore, filters: SessionFilter, out: IO[str]) -> None:
    from tui.core.exports.csv_export import write_flat_csv

    # Read before the sessions: the store is busy while they stream.
    hurt = store.hurt_ratings(filters.since, filters.until, include_preview=True)
    rows = store.each_flat_summary(
        filters.since, filters.until, filters.routine, filters.include_preview
    )
    write_flat_csv(rows, out, hurt=hurt)


def _write_json(store: HistoryStore, filters: SessionFilter, out: IO[str]) -> None:
    from tui.core.history.backup import write_store_json

    write_store_json(
        store,
        out,
        since=filters.since,
        until=filters.until,
        routine=filters.routine,
        include_preview=filters.include_preview,
    )


def _write_fhir(store: HistoryStore, filters: SessionFilter, out: IO[str]) -> None:
    """The transaction Bundle for the clinic patient id in the settings, streamed."""
    from tui.core.config import load_settings
    from tui.core.exports.bundle_file import write_bundle
    from tui.core.exports.fhir import bundle_head
    from tui.core.exports.fhir_transaction import (
        ClinicIdMissing,
        ClinicPatient,
        transaction_entries,
    )

    patient = ClinicPatient.from_settings(load_settings()[0])
    if patient is None:
        raise ClinicIdMissing()
    sessions = store.each_session_with_rated_parts(
        filters.since, filters.until, filters.routine, filters.include_preview
    )
    write_bundle(bundle_head("transaction"), transaction_entries(sessions, patient), out)


def _write_fhir_collection(store: HistoryStore, filters: SessionFilter, out: IO[str]) -> None:
    from tui.core.exports.bundle_file import write_bundle
    from tui.core.exports.fhir import bundle_head, collection_entries
    from tui.core.safe_text import escape_json_text

    sessions = store.each_session_with_rated_parts(
        filters.since, filters.until, filters.routine, filters.include_preview
    )
    write_bundle(
        bundle_head("collection"), collection_entries(sessions), out, escape=escape_json_text
    )


#: The kinds of FHIR Bundle ``--format fhir --bundle KIND`` writes; the first is the default.
FHIR_BUNDLES: dict[str, ExportFormat] = {
    "transaction": ExportFormat(
        "for a FHIR server: Patient, Procedures, Observations", _write_fhir
    ),
    "collection": ExportFormat(
        "Observations only, no Patient (the older file)", _write_fhir_collection
    ),
}


#: Every export format by name; the first is the default.
FORMATS: dict[str, ExportFormat] = {
    "table": ExportFormat("a table to read", _write_table),
    "csv": ExportFormat("one row per session, for a spreadsheet", _write_csv),
    "json": ExportFormat("a full backup, which `supple history import` reads", _write_json),
    "fhir": ExportFormat("a FHIR R4 transaction Bundle, for a clinic's FHIR server", _write_fhir),
}

__all__ = ["FHIR_BUNDLES", "FORMATS", "ExportFormat", "Writer"]
