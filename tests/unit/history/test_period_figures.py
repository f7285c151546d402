"""The report's figures counted by SQLite match the sessions they count."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support.history_factory import T0, finished_session
from tui.core.history import HistoryStore
from tui.core.session.status import SessionStatus


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        finished_session(opened, title="Back", notes="stiff")
        finished_session(opened, title="Back", started_at=T0 + timedelta(days=1))
        finished_session(
            opened,
            title="Walk",
            started_at=T0 + timedelta(days=2),
            status=SessionStatus.PARTIAL,
            pain_before=2,
            pain_after=6,
            notes="",
        )
        finished_session(opened, title="Walk", started_at=T0 + timedelta(days=3), preview=True)
        yield opened


def test_groups_add_up_to_the_sessions(store: HistoryStore) -> None:
    figures = store.period_figures()
    sessions = store.sessions()
    assert sum(g.sessions for g in figures.groups) == len(sessions) == 3
    assert sum(g.noted for g in figures.groups) == 1
    assert {g.title for g in figures.groups} == {"Back", "Walk"}
    assert figures.first == T0
    assert figures.latest["Walk"].started_at == T0 + timedelta(days=2)  # the preview left out
    assert figures.hurt == sum(s.tally.hurt for s in sessions)


def test_noted_sessions_are_those_with_a_note(store: HistoryStore) -> None:
    noted = store.noted_sessions()
    assert noted == [s for s in store.sessions(oldest_first=True) if s.notes]
    assert [s.notes for s in noted] == ["stiff"]


def test_credited_starts_are_the_sessions_that_count(store: HistoryStore) -> None:
    counted = [(s.routine.title, s.started_at) for s in store.sessions(oldest_first=True)]
    credited = {(s.routine.title, s.started_at) for s in store.sessions() if s.credited}
    assert sorted(store.credited_starts()) == sorted(c for c in counted if c in credited)
