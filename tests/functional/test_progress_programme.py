"""The progress screen's table of the programme in use, by phase and week (frozen "now")."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from tests.support.pilot_wait import settle
from tests.support.planned_history import NOW, Planned, build_history
from tui.app.history_app import HistoryApp
from tui.app.screens.progress_screen import ProgressScreen
from tui.core.history import HistoryStore
from tui.core.programme.state import StateBook, with_current, with_start, write_state
from tui.core.session.status import SessionStatus

FIRST_WEEK = "First week after your injection"
TITLE = "Six weeks after a lumbar epidural injection"
START = NOW.replace(hour=10) - timedelta(days=5)  # today is day 5 of the programme


def _history(path: Path) -> Path:
    sessions = [
        Planned(FIRST_WEEK, START + timedelta(days=day, hours=hour), 4, 2)
        for day in range(1, 5)
        for hour in (1, 7)
    ]
    # Stopped early: it does not count, but its ratings are in the medians.
    stopped = START + timedelta(days=5, hours=-1)
    sessions.append(Planned(FIRST_WEEK, stopped, 6, 7, status=SessionStatus.PARTIAL))
    return build_history(path, sessions)


async def _progress_rows(path: Path, *, read_only: bool) -> tuple[ProgressScreen, list[list[str]]]:
    with HistoryStore.open(path, read_only=True) as store:
        app = HistoryApp(store, read_only=read_only, tz=UTC, now=lambda: NOW)
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ProgressScreen)
            table = screen.query_one("#programme-weeks")
            rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
            assert table.display is bool(rows)
            return screen, rows


async def test_the_programme_in_use_is_shown_by_phase_and_week(tmp_path: Path) -> None:
    write_state(with_current(with_start(StateBook(), TITLE, START), "six-weeks-after-injection"))
    screen, rows = await _progress_rows(_history(tmp_path / "h.sqlite3"), read_only=False)
    assert screen.programme is not None and screen.programme.day == 5
    # Days 1-5, twice a day: 8 of 10 credited so far; pain medians over all 9 sessions.
    assert rows == [["2. Gentle first week", "1", "1-5", "8 of 10", "80% so far", "4", "2"]]


async def test_no_programme_or_a_patients_file_shows_no_programme_table(tmp_path: Path) -> None:
    history = _history(tmp_path / "h.sqlite3")
    _, rows = await _progress_rows(history, read_only=False)
    assert rows == []
    write_state(with_current(with_start(StateBook(), TITLE, START), "six-weeks-after-injection"))
    screen, rows = await _progress_rows(history, read_only=True)  # a therapist's view
    assert rows == [] and screen.programme is None
