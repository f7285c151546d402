"""A patient's FHIR bundle read into the caseload keeps the pain by site and the next morning."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.history_factory import by_site_session
from tui.core.caseload.bundle_reading import read_bundle
from tui.core.caseload.caseload_files import import_patient_files
from tui.core.caseload.caseload_store import CaseloadStore, patient_history_file
from tui.core.exports.fhir_transaction import ClinicPatient, transaction_bundle
from tui.core.history import HistoryStore, open_for_reading
from tui.core.session.ratings import NextDay, SitePain


def exported(tmp_path: Path) -> Path:
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        by_site_session(store)
        bundle = transaction_bundle(store.sessions_with_segments(), ClinicPatient("B-7"))
    path = tmp_path / "export.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def test_site_ratings_do_not_stand_in_for_the_sessions_own(tmp_path: Path) -> None:
    found, problems = read_bundle(json.loads(exported(tmp_path).read_text()))
    assert problems == [] and found is not None
    ((row, _hurt),) = found.sessions
    assert (row[9], row[10]) == (6, 4)  # the worse site before and after, not the last site


def test_a_patient_opened_from_the_caseload_has_the_sites_and_the_answer(tmp_path: Path) -> None:
    with CaseloadStore.open(tmp_path / "caseload.sqlite3") as caseload:
        import_patient_files(caseload, [exported(tmp_path)])
        with patient_history_file(caseload, "B-7") as path, open_for_reading(path) as history:
            (session,) = history.sessions()
    assert session.sites_before == SitePain(leg=6, back=3)
    assert session.sites_after == SitePain(leg=None, back=4)
    assert session.next_day is NextDay.WORSE
