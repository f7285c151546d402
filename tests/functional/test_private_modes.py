"""Under umask 000, what supple writes is still 0600 and the folders it makes 0700."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.history_factory import finished_session
from tui import cli
from tui.audio.log import audio_log, audio_log_file
from tui.cli import main
from tui.core.history import HistoryStore
from tui.core.locations import data_dir, history_db


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def own_history() -> Path:
    with HistoryStore.open() as store:
        finished_session(store)
    return history_db()


def test_the_history_and_its_data_folder(own_history: Path) -> None:
    assert (mode(own_history), mode(own_history.parent)) == (0o600, 0o700)


def test_the_histories_side_files_while_it_is_open() -> None:
    with HistoryStore.open() as store:
        finished_session(store)
        sides = [Path(f"{history_db()}{end}") for end in ("-wal", "-shm")]
        assert [mode(p) for p in sides if p.exists()] == [0o600] * sum(p.exists() for p in sides)
        assert any(p.exists() for p in sides)


def test_a_db_in_new_folders_makes_each_folder_private(tmp_path: Path) -> None:
    target = tmp_path / "clinic" / "patients" / "history.sqlite3"
    with HistoryStore.open(target) as store:
        finished_session(store)
    assert [mode(p) for p in (target, target.parent, target.parent.parent)] == [0o600] + [0o700] * 2


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "fhir"])
def test_out_over_an_existing_open_file_is_made_private(
    own_history: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"export.{fmt}"
    out.write_text("old")
    out.chmod(0o666)
    extra = ["--bundle", "collection"] if fmt == "fhir" else []  # no clinic id needed
    assert main(["history", "--format", fmt, "--out", str(out), *extra]) == 0
    assert mode(out) == 0o600
    assert out.read_text() != "old"


def test_the_report_over_an_existing_open_file_is_made_private(
    own_history: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    out.write_text("old")
    out.chmod(0o666)
    assert main(["report", "--out", str(out)]) == 0
    assert mode(out) == 0o600


def test_audio_log_and_its_folders_are_private() -> None:
    audio_log().warning("a line")
    path = audio_log_file()
    assert [mode(p) for p in (path, path.parent, data_dir())] == [0o600, 0o700, 0o700]


def test_crash_log_is_private(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.run_command, "open_home", boom)
    assert main([]) == 70
    log = data_dir() / "logs" / "crash.log"
    assert [mode(p) for p in (log, log.parent, data_dir())] == [0o600, 0o700, 0o700]
