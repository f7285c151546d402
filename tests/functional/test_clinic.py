"""``supple clinic``: importing patients' files, the caseload screen, the report and the CSV."""

from __future__ import annotations

import csv
import io
import stat
from datetime import UTC
from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.support.caseload_files import NOW, backup_file, bundle_file
from tests.support.pilot_wait import settle
from tui.app.caseload_app import CaseloadApp
from tui.app.screens.caseload_screen import CaseloadScreen
from tui.app.screens.history_list import HistoryScreen
from tui.app.widgets.session_table import SessionTable
from tui.cli import main
from tui.core.caseload.caseload_store import CaseloadStore

STEADY = [(3, 2)] * 7
RISING = [(2, 2)] * 7 + [(5, 5)] * 7


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["clinic", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """Three patients' files: two backups (one with a "this hurts" mark) and a FHIR bundle."""
    folder = tmp_path / "from-patients"
    return [
        backup_file(folder, "A-1", STEADY),
        backup_file(folder, "C-3", [(3, 3)] * 2, hurt_on=1),
        bundle_file(folder, "fhir-export", "B-2", RISING),
    ]


def test_a_malformed_file_rejects_the_import_naming_it_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], files: list[Path], tmp_path: Path
) -> None:
    caseload = tmp_path / "caseload.sqlite3"
    assert run(capsys, "import", str(files[0]), "--caseload", str(caseload))[0] == 0
    before = caseload.read_bytes()
    files[1].write_text(files[1].read_text()[:-40], encoding="utf-8")  # cut short
    code, _, err = run(capsys, "import", *map(str, files), "--caseload", str(caseload))
    assert code == 1
    assert "nothing was imported" in err and str(files[1]) in err
    assert str(files[0]) not in err and str(files[2]) not in err
    assert caseload.read_bytes() == before


def test_import_is_idempotent_and_private(
    capsys: pytest.CaptureFixture[str], files: list[Path], tmp_path: Path
) -> None:
    caseload = tmp_path / "caseload.sqlite3"
    code, out, _ = run(capsys, "import", str(files[0].parent), "--caseload", str(caseload))
    assert code == 0 and "3 patients, 23 sessions added, 0 updated, 0 already there" in out
    code, out, _ = run(capsys, "import", str(files[0].parent), "--caseload", str(caseload))
    assert "0 sessions added, 0 updated, 0 already there; 3 files imported before" in out
    assert stat.S_IMODE(caseload.stat().st_mode) == 0o600
    code, out, _ = run(capsys, "--caseload", str(caseload))
    assert code == 0 and out.splitlines()[0].startswith("Patient")
    assert {line.split()[0] for line in out.splitlines()[1:4]} == {"A-1", "B-2", "C-3"}


def test_report_and_weekly_csv(
    capsys: pytest.CaptureFixture[str], files: list[Path], tmp_path: Path
) -> None:
    caseload = tmp_path / "caseload.sqlite3"
    run(capsys, "import", *map(str, files), "--caseload", str(caseload))
    out_file = tmp_path / "b2.html"
    code, out, _ = run(
        capsys, "report", "--patient", "B-2", "--out", str(out_file), "--caseload", str(caseload)
    )
    assert code == 0 and "B-2" in out and out_file.read_text().startswith("<!DOCTYPE html>")
    assert (
        run(
            capsys, "report", "--patient", "Z", "--out", str(out_file), "--caseload", str(caseload)
        )[0]
        == 1
    )
    code, out, _ = run(capsys, "export", "--format", "csv", "--caseload", str(caseload))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["patient"] for r in rows} == {"A-1", "B-2", "C-3"}
    assert sum(int(r["sessions"]) for r in rows) == 23
    assert sum(int(r["hurt_marks"]) for r in rows) == 1


async def test_the_caseload_screen_sorts_by_flags_and_opens_a_patient(
    capsys: pytest.CaptureFixture[str], files: list[Path], tmp_path: Path
) -> None:
    caseload = tmp_path / "caseload.sqlite3"
    run(capsys, "import", *map(str, files), "--caseload", str(caseload))
    with CaseloadStore.open(caseload) as store:
        app = CaseloadApp(store, tz=UTC, now=lambda: NOW)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CaseloadScreen)
            table = app.screen.query_one(DataTable)
            rows = [table.get_row_at(i) for i in range(table.row_count)]
            assert [row[0] for row in rows] == ["C-3", "B-2", "A-1"]
            assert rows[0][-1] == "safety notice, adherence < 50 %"
            assert rows[1][-1] == "pain rising"
            await pilot.press("down", "enter")
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            assert app.screen.query_one(SessionTable).row_count == 14  # B-2's sessions
            assert app.sub_title == "B-2 (read-only)"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CaseloadScreen)
