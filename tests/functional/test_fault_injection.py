"""The fault-injection suite: kill -9 at random moments, two writers, a full disk, a
read-only folder, malformed imports.  Each test prints its figures (trials, sessions lost,
integrity checks); ``benchmarks/fault_figures.py`` prints the same at a larger scale for
docs/history.md."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.support import fault_trials
from tests.support.fault_trials import Figures

pytestmark = pytest.mark.slow


def shown(figures: Figures, capsys: pytest.CaptureFixture[str]) -> Figures:
    """Print the figures whatever pytest captures, and hand them back."""
    with capsys.disabled():
        print(f"\n  {figures.line()}")
    return figures


def sound(figures: Figures) -> bool:
    return figures.integrity_ok == figures.integrity_checks == figures.trials


def test_kill_9_at_random_moments_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = shown(fault_trials.kill_trials(tmp_path, 20, random.Random(5)), capsys)
    assert (figures.trials, figures.lost, sound(figures)) == (20, 0, True)
    assert figures.sessions >= figures.trials


def test_two_writers_at_once_lose_no_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = shown(fault_trials.two_writer_trials(tmp_path, 10), capsys)
    assert (figures.sessions, figures.lost, sound(figures)) == (20, 0, True)


def test_a_full_disk_loses_no_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = shown(fault_trials.disk_full_trials(tmp_path, 10, random.Random(7)), capsys)
    assert (figures.sessions, figures.lost, sound(figures)) == (10, 0, True)
    # Some came back only through their backup and its import.
    assert figures.notes.get("completed by the import", 0) >= 5


def test_a_read_only_folder_loses_no_session_and_changes_no_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = shown(fault_trials.read_only_trials(tmp_path, 3), capsys)
    assert (figures.sessions, figures.lost, sound(figures)) == (3, 0, True)
    assert figures.notes["history file unchanged"] == 3


def test_malformed_imports_never_crash_or_change_a_refused_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = shown(fault_trials.malformed_import_trials(tmp_path, 200, random.Random(9)), capsys)
    assert (figures.trials, figures.lost, sound(figures)) == (200, 0, True)
    assert figures.notes.get("status 1", 0) > 100  # most broken files are refused
