"""Snapshot tests of the history screens (time frozen, fixed data from the store's API).

Update after a deliberate change with ``pytest --snapshot-update`` and look at
the new SVG files before committing them.

The screens read the store in workers: each test waits for them (:func:`settle`)
before it presses a key and before the picture is taken, so a picture never
catches "Loading…".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support.pilot_wait import settle
from tests.support.planned_history import NOW, build_history
from tui.app.history_app import HistoryApp
from tui.core.history import HistoryStore

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    path = build_history(tmp_path / "history.sqlite3")
    with HistoryStore.open(path, read_only=True) as opened:
        yield opened


def app_for(store: HistoryStore) -> HistoryApp:
    return HistoryApp(store, tz=UTC, now=lambda: NOW)


def pressing(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A ``run_before`` that waits for the list, presses ``keys``, then waits for what they open."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_session_list(snap_compare: Any, store: HistoryStore, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(store), run_before=pressing(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_session_detail(snap_compare: Any, store: HistoryStore, size: tuple[int, int]) -> None:
    # The fourth row is the partial session with skips, hurt marks and a note.
    press = pressing("down", "down", "down", "enter")
    assert snap_compare(app_for(store), run_before=press, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_progress(snap_compare: Any, store: HistoryStore, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(store), run_before=pressing("p"), terminal_size=size)


def test_empty_history(snap_compare: Any, tmp_path: Path) -> None:
    path = build_history(tmp_path / "empty.sqlite3", [])
    with HistoryStore.open(path, read_only=True) as store:
        assert snap_compare(app_for(store), run_before=pressing(), terminal_size=(80, 24))
