"""Pilot tests: pain by site in the app, and the next-day check at the first opening."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.support import paths
from tests.support.app_drive import run_to_end
from tests.support.fake_clock import FakeClock
from tests.support.history_factory import finished_session
from tui.app.screens.next_day_dialog import NextDayDialog
from tui.app.screens.note import NoteDialog
from tui.app.screens.rating import RatingDialog
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.stop_rules import StopRulesScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.supple_app import SuppleApp
from tui.core.config import Settings
from tui.core.history import HistoryStore
from tui.core.routine.loader import load_routine
from tui.core.routine.model import PainSite, Routine
from tui.core.session.ratings import NextDay, SitePain
from tui.core.session.safety import NEXT_DAY_WORSE_NOTE

TODAY = date(2025, 3, 3)
YESTERDAY_MORNING = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_flash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


@pytest.fixture
def routine() -> Routine:
    return load_routine(paths.FIXTURES / "short-routine.toml")


def make_app(routine: Routine, clock: FakeClock, db: Path) -> SuppleApp:
    return SuppleApp(
        routine, clock=clock, today=lambda: TODAY, sound=False, db=db, settings=Settings()
    )


async def wait_for(pilot: Pilot[int], kind: type, tries: int = 80) -> object:
    for _ in range(tries):
        await pilot.pause()
        if isinstance(pilot.app.screen, kind):
            return pilot.app.screen
    raise AssertionError(f"no {kind.__name__}; {pilot.app.screen!r} is showing")


async def rate(pilot: Pilot[int], expected_id: str, value: str) -> None:
    dialog = await wait_for(pilot, RatingDialog)
    assert isinstance(dialog, RatingDialog) and dialog.id == expected_id
    await pilot.press(value, "enter")
    for _ in range(20):
        await pilot.pause()
        if pilot.app.screen is not dialog:
            return


async def test_leg_and_back_are_asked_and_stored(routine: Routine, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    clock = FakeClock()
    sites = replace(routine, pain_sites=(PainSite.LEG, PainSite.BACK))
    app = make_app(sites, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await rate(pilot, "pain-before-leg", "5")
        await rate(pilot, "pain-before-back", "2")
        rules = await wait_for(pilot, StopRulesScreen)
        assert isinstance(rules, StopRulesScreen)
        # the worse site (5) is the pain the rules speak of: caution band
        caution = "You rated your pain 5 before the session: take it gently today."
        assert rules.rules.notes == (caution,)
        await pilot.press("enter")
        await wait_for(pilot, SessionScreen)
        await run_to_end(pilot, clock)
        await rate(pilot, "pain-after-leg", "3")
        await rate(pilot, "pain-after-back", "4")
        await rate(pilot, "effort", "3")
        await wait_for(pilot, NoteDialog)
        await pilot.press("enter")
        for _ in range(20):  # the final save runs on the history thread
            await pilot.pause()
            if not isinstance(pilot.app.screen, NoteDialog):
                break
        summary = await wait_for(pilot, SummaryScreen)
        assert isinstance(summary, SummaryScreen)
        rows = dict(summary.result.lines())
        assert rows["By site"] == "leg 5 -> 3 ▼, back 2 -> 4 ▲ (before -> after)"
    with HistoryStore.open(db) as store:
        (session,) = store.sessions_with_segments()
    assert (session.pain_before, session.sites_before) == (5, SitePain(leg=5, back=2))
    assert (session.pain_after, session.sites_after) == (4, SitePain(leg=3, back=4))


async def test_the_next_day_check_is_asked_once_and_a_worse_brings_the_rules(
    routine: Routine, tmp_path: Path
) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore.open(db) as store:
        sid = finished_session(store, started_at=YESTERDAY_MORNING)
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await wait_for(pilot, NextDayDialog)
        assert isinstance(dialog, NextDayDialog)
        question = str(dialog.query_one("#next-day-question", Static).render())
        assert question.startswith("Compared with before yesterday's session")
        await pilot.press("w")
        await rate(pilot, "pain-before", "2")
        rules = await wait_for(pilot, StopRulesScreen)
        assert isinstance(rules, StopRulesScreen)
        assert rules.rules.notes[0] == NEXT_DAY_WORSE_NOTE
    with HistoryStore.open(db) as store:
        got = store.session(sid)
    assert got is not None and got.next_day is NextDay.WORSE
    again = make_app(routine, FakeClock(), db)
    async with again.run_test(size=(80, 24)) as pilot:
        await rate(pilot, "pain-before", "2")
        await wait_for(pilot, StopRulesScreen)
        assert not any(isinstance(s, NextDayDialog) for s in again.screen_stack)


async def test_skipping_the_next_day_check_keeps_the_skip(routine: Routine, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore.open(db) as store:
        sid = finished_session(store, started_at=YESTERDAY_MORNING)
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, NextDayDialog)
        await pilot.press("escape")
        await rate(pilot, "pain-before", "2")
        rules = await wait_for(pilot, StopRulesScreen)
        assert isinstance(rules, StopRulesScreen)
        assert NEXT_DAY_WORSE_NOTE not in rules.rules.notes
    with HistoryStore.open(db) as store:
        got = store.session(sid)
    assert got is not None and got.next_day is None and got.next_day_at is not None
