"""Reading patients' files into the caseload: backups, FHIR bundles, bad files, idempotence."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.support.caseload_files import NOW, backup_file, bundle_file
from tui.core.caseload.caseload_files import (
    CaseloadImportError,
    files_of,
    import_patient_files,
    read_patient_file,
)
from tui.core.caseload.caseload_store import CaseloadStore, patient_history_file
from tui.core.caseload.patient_line import Flag, sorted_lines
from tui.core.history import open_for_reading

STEADY = [(3, 2)] * 7
RISING = [(2, 2)] * 7 + [(5, 5)] * 7


@pytest.fixture
def caseload(tmp_path: Path) -> CaseloadStore:
    with CaseloadStore.open(tmp_path / "caseload.sqlite3") as store:
        yield store


def test_a_backup_is_the_patient_its_file_names(tmp_path: Path, caseload: CaseloadStore) -> None:
    read = read_patient_file(backup_file(tmp_path, "A-1042", STEADY))
    assert read is not None
    assert (read.patient.id, len(read.sessions)) == ("A-1042", 7)
    done = caseload.import_patients([read])
    assert (done.patients, done.added, done.unchanged) == (1, 7, 0)
    assert stat.S_IMODE(caseload.path.stat().st_mode) == 0o600


def test_importing_again_changes_nothing(tmp_path: Path, caseload: CaseloadStore) -> None:
    files = [backup_file(tmp_path, "A", STEADY), bundle_file(tmp_path, "b-bundle", "B", RISING)]
    import_patient_files(caseload, files)
    again = import_patient_files(caseload, files)
    assert (again.added, again.changed, again.unchanged, again.files_seen) == (0, 0, 0, 2)
    assert [p.id for p in caseload.patients()] == ["A", "B"]


def test_sessions_already_there_are_left_alone(tmp_path: Path, caseload: CaseloadStore) -> None:
    read = read_patient_file(backup_file(tmp_path, "A", STEADY))
    assert read is not None
    caseload.import_patients([read])
    again = caseload.import_patients([read])
    assert (again.added, again.changed, again.unchanged) == (0, 0, 7)


def test_a_fhir_bundle_names_its_patient_and_keeps_the_ratings(
    tmp_path: Path, caseload: CaseloadStore
) -> None:
    read = read_patient_file(bundle_file(tmp_path, "export", "B-7", RISING))
    assert read is not None
    assert read.patient.id == "B-7"
    assert sorted(row[9] for row, *_ in read.sessions) == [2] * 7 + [5] * 7
    assert {row[7] for row, *_ in read.sessions} == {"completed"}


def test_a_folder_stands_for_its_json_files(tmp_path: Path) -> None:
    backup_file(tmp_path / "in", "A", STEADY)
    backup_file(tmp_path / "in", "B", STEADY)
    files, problems = files_of([tmp_path / "in"])
    assert ([f.name for f in files], problems) == (["A.json", "B.json"], [])


def test_bad_files_are_named_and_nothing_is_imported(
    tmp_path: Path, caseload: CaseloadStore
) -> None:
    good = backup_file(tmp_path, "A", STEADY)
    broken = tmp_path / "B.json"
    broken.write_text('{"format": "supple-history", "version": 1, "sessions": [{}]}')
    not_json = tmp_path / "C.json"
    not_json.write_text("hello")
    bundle = tmp_path / "D.json"
    bundle.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}))
    with pytest.raises(CaseloadImportError) as caught:
        import_patient_files(caseload, [good, broken, not_json, bundle, tmp_path / "missing.json"])
    problems = caught.value.problems
    assert len(problems) == 4
    for path in (broken, not_json, bundle, tmp_path / "missing.json"):
        assert any(p.startswith(str(path)) for p in problems), path
    assert caseload.patients() == []  # the good file was rolled back with the rest


def test_counts_and_flags_as_of_now(tmp_path: Path, caseload: CaseloadStore) -> None:
    files = [
        backup_file(tmp_path, "A", STEADY),
        backup_file(tmp_path, "B", RISING),
        backup_file(tmp_path, "C", [(3, 3)] * 2, hurt_on=1),
    ]
    import_patient_files(caseload, files)
    lines = {line.counts.patient: line for line in sorted_lines(caseload.counts(NOW))}
    assert lines["A"].flags == ()
    assert (lines["B"].flags, lines["B"].pain_change) == ((Flag.PAIN_RISING,), 3.0)
    assert lines["C"].flags == (Flag.SAFETY, Flag.LOW_ADHERENCE)
    assert (lines["C"].counts.hurt_7d, lines["C"].counts.sessions_30d) == (1, 2)


def test_a_patient_comes_back_as_an_ordinary_history(
    tmp_path: Path, caseload: CaseloadStore
) -> None:
    import_patient_files(caseload, [backup_file(tmp_path, "A", STEADY)])
    with patient_history_file(caseload, "A") as path, open_for_reading(path) as history:
        sessions = history.sessions_with_segments()
        assert [s.pain_before for s in sessions] == [3] * 7
        assert all(len(s.segments) == 3 for s in sessions)
    assert not path.exists()


def test_weekly_rows_one_per_patient_and_week(tmp_path: Path, caseload: CaseloadStore) -> None:
    import_patient_files(caseload, [backup_file(tmp_path, "B", RISING)])
    rows = caseload.weekly_rows()
    assert [row[:3] for row in rows] == [
        ("B", "2024-02-26", 3),
        ("B", "2024-03-04", 7),
        ("B", "2024-03-11", 4),
    ]


def test_a_bundle_read_back_opens_as_a_history_without_segments(
    tmp_path: Path, caseload: CaseloadStore
) -> None:
    import_patient_files(caseload, [bundle_file(tmp_path, "export", "B-7", STEADY)])
    with patient_history_file(caseload, "B-7") as path, open_for_reading(path) as history:
        sessions = history.sessions_with_segments()
        assert [(s.pain_before, s.pain_after, s.effort) for s in sessions] == [(3, 2, 4)] * 7
        assert {s.routine.title for s in sessions} == {"Morning back routine"}
        assert all(s.segments == () for s in sessions)
        assert {(s.done_share, s.credited) for s in sessions} == {(1.0, True)}


def test_a_pain_rating_that_says_neither_before_nor_after_is_a_problem(tmp_path: Path) -> None:
    from tui.core.caseload.bundle_reading import read_bundle

    path = bundle_file(tmp_path, "export", "B-7", [(3, 2)])
    document = json.loads(path.read_text())
    for entry in document["entry"]:
        entry["resource"].pop("method", None)
    found, problems = read_bundle(document)
    assert found is None
    assert problems == [
        "entry[2]: a pain rating that says neither before, during nor after",
        "entry[4]: a pain rating that says neither before, during nor after",
    ]
