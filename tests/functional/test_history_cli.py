"""``supple history`` and ``supple history import``."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import pytest

from tests.support.disk_faults import full_disk_session
from tests.support.history_factory import T0, finished_session
from tui.cli import main
from tui.commands import history_command
from tui.core.exports import FORMATS, ExportFormat
from tui.core.history import HistoryStore, SessionFilter
from tui.core.history.migrations import SCHEMA_VERSION, migrate
from tui.core.locations import history_db


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so local dates in output are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def own_history() -> Path:
    """The patient's own history with three sessions on three days (one a preview)."""
    with HistoryStore.open() as store:
        finished_session(store, title="Morning back routine", started_at=T0)
        finished_session(store, title="Sciatica glides", started_at=T0 + timedelta(days=1))
        finished_session(store, preview=True, started_at=T0 + timedelta(days=2))
    return history_db()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["history", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_history_says_where_it_looked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert (code, out) == (0, f"No sessions recorded yet (looked in {history_db()}).\n")


@pytest.mark.parametrize("fmt", [None, "json", "csv"])
def test_a_db_that_does_not_exist_is_an_error_not_an_empty_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str | None
) -> None:
    wrong = tmp_path / "patient-0042.db"
    code, out, err = run(capsys, "--db", str(wrong), *(["--format", fmt] if fmt else []))
    assert (code, out) == (1, "")
    assert f"there is no history file at {wrong}" in err
    assert "No sessions" not in err


def test_report_with_a_db_that_does_not_exist_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "patient-0042.db"
    code = main(["report", "--db", str(wrong), "--out", str(tmp_path / "r.html")])
    assert code == 1
    assert f"there is no history file at {wrong}" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_missing_history_keeps_machine_formats_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "json")
    assert (code, out, "No sessions recorded yet" in err) == (0, "", True)


def test_default_output_is_a_table(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    _, out, _ = run(capsys)
    assert out.splitlines()[0].split()[:3] == ["Date", "Time", "Routine"]


def test_table_leaves_out_previews(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    _, out, _ = run(capsys, "--format", "table")
    assert "2 sessions." in out


def test_include_previews_adds_them(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    _, out, _ = run(capsys, "--format", "table", "--include-previews")
    assert "3 sessions." in out


def test_csv_has_a_row_per_session(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    _, out, _ = run(capsys, "--format", "csv")
    assert [r["routine"] for r in csv.DictReader(io.StringIO(out))] == [
        "Morning back routine",
        "Sciatica glides",
    ]


def test_json_is_the_backup_document(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    _, out, _ = run(capsys, "--format", "json")
    document = json.loads(out)
    assert (document["format"], len(document["sessions"])) == ("supple-history", 2)


def test_fhir_collection_is_a_collection_bundle(
    capsys: pytest.CaptureFixture[str], own_history: Path
) -> None:
    _, out, _ = run(capsys, "--format", "fhir", "--bundle", "collection")
    bundle = json.loads(out)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")


def test_format_choices_and_help_come_from_the_registry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["history", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for name, fmt in FORMATS.items():
        assert f"{name}: {fmt.description}" in help_text


def test_a_format_in_the_registry_is_written_by_the_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, own_history: Path
) -> None:
    def titles(store: HistoryStore, filters: SessionFilter, out: IO[str]) -> None:
        out.write(",".join(s.routine.title for s in store.sessions(routine=filters.routine)))

    monkeypatch.setitem(FORMATS, "titles", ExportFormat("routine titles", titles))
    _, out, _ = run(capsys, "--format", "titles", "--routine", "glides")
    assert out == "Sciatica glides"


def test_an_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["history", "--format", "xml"])
    assert (info.value.code, "invalid choice" in capsys.readouterr().err) == (2, True)


def test_since_and_until_are_inclusive_local_days(
    capsys: pytest.CaptureFixture[str], own_history: Path
) -> None:
    _, out, _ = run(capsys, "--format", "csv", "--since", "2024-03-02", "--until", "2024-03-02")
    assert [r["date"] for r in csv.DictReader(io.StringIO(out))] == ["2024-03-02"]


def test_routine_filter(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    _, out, _ = run(capsys, "--format", "csv", "--routine", "sciatica")
    assert [r["routine"] for r in csv.DictReader(io.StringIO(out))] == ["Sciatica glides"]


def test_no_match_says_so(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    _, out, _ = run(capsys, "--routine", "yoga")
    assert out == "No sessions match.\n"


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["history", "--since", "March"])
    assert (info.value.code, "expected a date like" in capsys.readouterr().err) == (2, True)


def test_until_before_since_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], own_history: Path
) -> None:
    code, _, err = run(capsys, "--since", "2024-03-05", "--until", "2024-03-01")
    assert (code, err) == (1, "supple: --until 2024-03-01 is before --since 2024-03-05\n")


def test_out_writes_a_private_file(
    capsys: pytest.CaptureFixture[str], own_history: Path, tmp_path: Path
) -> None:
    target = tmp_path / "history.csv"
    _, out, _ = run(capsys, "--format", "csv", "--out", str(target))
    assert (out, target.stat().st_mode & 0o777, target.read_text().startswith("date,")) == (
        "",
        0o600,
        True,
    )


# ----------------------------------------------------------------- a therapist's --db


@pytest.fixture
def patient_file(tmp_path: Path) -> Path:
    path = tmp_path / "patient" / "history.sqlite3"
    with HistoryStore.open(path) as store:
        finished_session(store, notes="from the patient")
    return path


def test_db_reads_another_file(capsys: pytest.CaptureFixture[str], patient_file: Path) -> None:
    _, out, _ = run(capsys, "--format", "csv", "--db", str(patient_file))
    assert "from the patient" in out


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "fhir"])
def test_reading_with_db_changes_nothing(
    capsys: pytest.CaptureFixture[str], patient_file: Path, fmt: str
) -> None:
    before = (
        patient_file.read_bytes(),
        patient_file.stat().st_mtime_ns,
        sorted(patient_file.parent.iterdir()),
    )
    run(capsys, "--format", fmt, "--db", str(patient_file))
    after = (
        patient_file.read_bytes(),
        patient_file.stat().st_mtime_ns,
        sorted(patient_file.parent.iterdir()),
    )
    assert after == before


def test_db_of_an_older_schema_is_read_without_change(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 1)
    conn.execute(
        "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256, app_version,"
        " started_at, ended_at, status, preview) VALUES ('6f1c2a8e-5b7d-4e3f-9a10-2b3c4d5e6f70',"
        " 'Old routine', '/r', 'x', '0.0.1', '2023-01-01T08:00:00.000000+00:00',"
        " '2023-01-01T08:10:00.000000+00:00', 'completed', 0)"
    )
    conn.close()
    before = path.read_bytes()
    _, out, _ = run(capsys, "--format", "csv", "--db", str(path))
    assert ("Old routine" in out, path.read_bytes() == before) == (True, True)


def test_db_of_a_newer_schema_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], patient_file: Path
) -> None:
    conn = sqlite3.connect(patient_file)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1:d}")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", str(patient_file))
    assert (code, err.startswith("supple: "), "update supple" in err) == (1, True, True)


def test_db_that_is_not_a_history_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list")
    code, _, err = run(capsys, "--db", str(path))
    assert (code, "not a supple history" in err) == (1, True)


# ----------------------------------------------------------------- the history screens


def test_bare_history_in_a_terminal_opens_the_history_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, patient_file: Path
) -> None:
    calls: list[tuple[Path, bool]] = []
    app = types.ModuleType("tui.app.history_app")
    app.run_history_app = lambda path, read_only: calls.append((path, read_only)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app.history_app", app)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    # A terminal that can draw the app, and keys from it (pytest's stdin is none).
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(history_command, "keys_from_terminal", lambda: None)
    run(capsys, "--db", str(patient_file))
    assert calls == [(patient_file, True)]


def test_a_format_never_opens_the_history_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, own_history: Path
) -> None:
    app = types.ModuleType("tui.app.history_app")
    app.run_history_app = lambda path, read_only: pytest.fail("app opened")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app.history_app", app)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, out, _ = run(capsys, "--format", "table")
    assert "2 sessions." in out


# ----------------------------------------------------------------- import


@pytest.fixture
def backup(tmp_path: Path, capsys: pytest.CaptureFixture[str], patient_file: Path) -> Path:
    path = tmp_path / "backup.json"
    main(["history", "--format", "json", "--include-previews", "--db", str(patient_file)])
    path.write_text(capsys.readouterr().out)
    return path


def test_import_reports_sessions_added(capsys: pytest.CaptureFixture[str], backup: Path) -> None:
    code, out, _ = run(capsys, "import", str(backup))
    assert (code, out.endswith(": 1 session added, 0 already present.\n")) == (0, True)


def test_import_twice_reports_already_present(
    capsys: pytest.CaptureFixture[str], backup: Path
) -> None:
    run(capsys, "import", str(backup))
    _, out, _ = run(capsys, "import", str(backup))
    assert out.endswith(": 0 sessions added, 1 already present.\n")


def test_import_into_db_creates_that_file(
    capsys: pytest.CaptureFixture[str], backup: Path, tmp_path: Path
) -> None:
    target = tmp_path / "restored" / "history.sqlite3"
    run(capsys, "import", str(backup), "--db", str(target))
    with HistoryStore.open(target, read_only=True) as store:
        assert store.count_sessions() == 1


def test_malformed_import_changes_nothing(
    capsys: pytest.CaptureFixture[str], backup: Path, own_history: Path
) -> None:
    document = json.loads(backup.read_text())
    document["sessions"][0]["status"] = "done"
    backup.write_text(json.dumps(document))
    before = own_history.read_bytes()
    code, _, err = run(capsys, "import", str(backup))
    assert (code, "sessions[0].status" in err, "Nothing was imported" in err) == (1, True, True)
    assert own_history.read_bytes() == before


def test_a_malformed_import_into_a_new_file_leaves_no_file(
    capsys: pytest.CaptureFixture[str], backup: Path, tmp_path: Path
) -> None:
    document = json.loads(backup.read_text())
    document["sessions"][0]["status"] = "done"
    backup.write_text(json.dumps(document))
    target = tmp_path / "restored" / "history.sqlite3"
    code, _, err = run(capsys, "import", str(backup), "--db", str(target))
    assert (code, "Nothing was imported" in err) == (1, True)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_import_of_a_file_that_is_not_json_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "x.json"
    path.write_text("nope")
    code, _, err = run(capsys, "import", str(path))
    assert (code, "not valid JSON" in err) == (1, True)


def test_imported_sessions_keep_their_times(
    capsys: pytest.CaptureFixture[str], backup: Path
) -> None:
    run(capsys, "import", str(backup))
    with HistoryStore.open() as store:
        (session,) = store.sessions()
    assert session.started_at == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def test_import_completes_a_session_a_full_disk_cut_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, backup = tmp_path / "h.sqlite3", tmp_path / "backup.json"
    session = full_disk_session(db, backup, written=12)
    code, out, _ = run(capsys, "import", str(backup), "--db", str(db))
    assert (code, out.endswith(", 1 session completed from the backup, 0 already present.\n")) == (
        0,
        True,
    )
    with HistoryStore.open(db) as store:
        got = store.session(session.id)
    assert got is not None and got.credited is not None  # worked out from the parts
    assert replace(got, done_share=None, credited=None) == session


def test_fhir_is_a_transaction_for_the_clinic_id_in_the_settings(
    capsys: pytest.CaptureFixture[str], own_history: Path
) -> None:
    from tui.core.config import Settings, save_settings

    save_settings(Settings(clinic_patient_id="A-1042"))
    _, out, _ = run(capsys, "--format", "fhir")
    bundle = json.loads(out)
    assert (bundle["type"], bundle["entry"][0]["resource"]["identifier"][0]["value"]) == (
        "transaction",
        "A-1042",
    )


def test_fhir_without_a_clinic_id_says_how_to_give_one(
    capsys: pytest.CaptureFixture[str], own_history: Path
) -> None:
    code, out, err = run(capsys, "--format", "fhir")
    assert (code, out) == (1, "")
    assert "clinic_patient_id" in err and "--bundle collection" in err
    target = own_history.parent / "for-the-clinic.json"
    target.write_text("kept", encoding="utf-8")
    assert run(capsys, "--format", "fhir", "--out", str(target))[0] == 1
    assert target.read_text(encoding="utf-8") == "kept"


def test_bundle_goes_only_with_fhir(capsys: pytest.CaptureFixture[str], own_history: Path) -> None:
    code, _, err = run(capsys, "--format", "csv", "--bundle", "collection")
    assert code == 1 and "--bundle goes with --format fhir" in err
