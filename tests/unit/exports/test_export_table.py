"""The plain-text table for a terminal."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest

from tests.support.history_factory import T0, finished_session
from tui.core.exports.table import RATINGS_NOTICE, format_table
from tui.core.history import HistoryStore

TZ = timezone(timedelta(hours=2))


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def test_table_has_a_row_per_session_and_the_notice(store: HistoryStore) -> None:
    finished_session(store)
    finished_session(store, started_at=T0 + timedelta(days=1))
    lines = format_table(store.sessions(oldest_first=True), tz=TZ).splitlines()
    assert (len(lines), lines[-1].endswith(RATINGS_NOTICE)) == (6, True)


def test_table_shows_pain_before_and_after(store: HistoryStore) -> None:
    finished_session(store, pain_before=7, pain_after=4)
    assert "7->4" in format_table(store.sessions(), tz=TZ)


def test_table_marks_preview_runs(store: HistoryStore) -> None:
    finished_session(store, preview=True)
    assert "(preview)" in format_table(store.sessions(include_preview=True), tz=TZ)


def test_a_title_with_escape_sequences_is_shown_visibly(store: HistoryStore) -> None:
    finished_session(store, title="Back\x1b]0;owned\x07\u202e")
    text = format_table(store.sessions(), tz=TZ)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "Back\\x1b]0;owned\\x07<U+202E>" in text
