"""Pilot tests: the session detail and the progress chart show pain by site and the next day."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from tests.support.history_factory import T0, by_site_session
from tests.support.pilot_wait import settle
from tui.app.history_app import HistoryApp
from tui.app.screens.progress_screen import ProgressScreen
from tui.app.screens.session_detail import SessionDetailScreen
from tui.core.history import HistoryStore


def make_app(store: HistoryStore) -> HistoryApp:
    return HistoryApp(store, tz=UTC, now=lambda: T0 + timedelta(days=1, hours=4))


async def test_the_detail_shows_each_site_and_the_next_morning(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        by_site_session(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SessionDetailScreen)
            summary = str(screen.query_one("#detail-summary").render())
            assert "By site leg 6 -> -, back 3 -> 4" in summary
            assert "Next morning worse than before the session" in summary


async def test_the_progress_chart_says_its_lines_by_site_in_words(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        by_site_session(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ProgressScreen)
            words = screen.query_one("#pain-chart-words")
            assert words.display
            text = str(words.render())
            assert "leg pain before: 1 point from 6 to 6, last 6" in text
            assert "back pain before: 1 point from 3 to 3, last 3" in text
