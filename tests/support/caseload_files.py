"""Patients' files for the caseload tests: JSON backups and FHIR bundles of small histories."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.history_factory import begin, finished_session, record
from tui.core.exports.fhir_transaction import ClinicPatient, transaction_bundle
from tui.core.history import HistoryStore
from tui.core.history.backup import write_store_json
from tui.core.session.status import SessionStatus

#: "Now" for the caseload tests: the sessions below lie in the two weeks before it.
NOW = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)


def fill(store: HistoryStore, pains: list[tuple[int, int]], *, hurt_on: int | None = None) -> None:
    """One session a day ending yesterday, with these pains (before, after), oldest first.

    The session of day ``hurt_on`` (counting from 0) has one part marked "this hurts".
    """
    for day, (before, after) in enumerate(pains):
        started = NOW - timedelta(days=len(pains) - day) + timedelta(hours=1)
        if day != hurt_on:
            finished_session(store, started_at=started, pain_before=before, pain_after=after)
            continue
        sid = begin(store, started_at=started, pain_before=before)
        store.add_segment(sid, record(0, hurt=True), ended_at=started + timedelta(seconds=30))
        store.finish_session(
            sid, SessionStatus.COMPLETED, ended_at=started + timedelta(minutes=10), pain_after=after
        )


def backup_file(
    folder: Path, patient: str, pains: list[tuple[int, int]], hurt_on: int | None = None
) -> Path:
    """``folder/PATIENT.json``: a JSON backup of a history with these sessions."""
    folder.mkdir(parents=True, exist_ok=True)
    with HistoryStore.open(folder / f".{patient}.sqlite3") as store:
        fill(store, pains, hurt_on=hurt_on)
        path = folder / f"{patient}.json"
        with path.open("w", encoding="utf-8") as out:
            write_store_json(store, out)
    (folder / f".{patient}.sqlite3").unlink()
    return path


def bundle_file(folder: Path, name: str, patient: str, pains: list[tuple[int, int]]) -> Path:
    """``folder/NAME.json``: a FHIR transaction Bundle of a history with these sessions."""
    folder.mkdir(parents=True, exist_ok=True)
    with HistoryStore.open(folder / f".{name}.sqlite3") as store:
        fill(store, pains)
        bundle = transaction_bundle(store.sessions_with_segments(), ClinicPatient(patient), now=NOW)
    (folder / f".{name}.sqlite3").unlink()
    path = folder / f"{name}.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path
