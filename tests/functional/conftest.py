"""Fixtures shared by the functional tests of the history screens."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.planned_history import build_history
from tui.core.history import HistoryStore


@pytest.fixture(scope="module")
def template_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixed history, written once per module (each commit is synced to disk)."""
    return build_history(tmp_path_factory.mktemp("template") / "history.sqlite3")


@pytest.fixture
def history_path(template_history: Path, tmp_path: Path) -> Path:
    """A private copy of the fixed history for one test."""
    target = tmp_path / "history.sqlite3"
    shutil.copyfile(template_history, target)
    return target


@pytest.fixture
def store(history_path: Path) -> Iterator[HistoryStore]:
    """The private copy, opened read-only."""
    with HistoryStore.open(history_path, read_only=True) as opened:
        yield opened
