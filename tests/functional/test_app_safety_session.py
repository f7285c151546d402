"""Pilot tests of issue 10's safe session: the stop rules before and during a session,
"this hurts" that pauses and asks, "not today" at the stop level, and the notice at it.

The app gets a fake clock; no test waits for a countdown.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.support import paths
from tests.support.app_drive import advance, answer_after, run_to_end
from tests.support.fake_clock import FakeClock
from tui.app.screens.hurt_dialog import HurtDialog
from tui.app.screens.rating import RatingDialog
from tui.app.screens.safety_screen import SafetyScreen
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.stop_rules import StopRulesScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.supple_app import SuppleApp
from tui.core.config import Settings
from tui.core.history import HistoryStore, Session
from tui.core.routine.loader import load_routine
from tui.core.routine.model import SAFETY_CONFIRM_DAILY, Routine
from tui.core.session.engine import EngineState, SegmentStatus
from tui.core.session.status import SessionStatus


@pytest.fixture(autouse=True)
def no_flash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


@pytest.fixture
def routine() -> Routine:
    return load_routine(paths.FIXTURES / "short-routine.toml")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


def make_app(routine: Routine, clock: FakeClock, db: Path) -> SuppleApp:
    return SuppleApp(
        routine,
        clock=clock,
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=db,
        settings=Settings(),
    )


def stored(db: Path) -> list[Session]:
    with HistoryStore.open(db) as store:
        return store.sessions_with_segments(include_preview=True)


async def wait_for(pilot: Pilot[int], kind: type, tries: int = 50) -> object:
    for _ in range(tries):
        await pilot.pause()
        if isinstance(pilot.app.screen, kind):
            return pilot.app.screen
    raise AssertionError(f"no {kind.__name__}; {pilot.app.screen!r} is showing")


def texts(screen: object, selector: str) -> list[str]:
    assert isinstance(screen, (StopRulesScreen, HurtDialog))
    return [str(w.render()) for w in screen.query(selector).results(Static)]


async def answer_pain(pilot: Pilot[int], pain: str) -> StopRulesScreen:
    await wait_for(pilot, RatingDialog)
    await pilot.press(*pain, "enter")
    rules = await wait_for(pilot, StopRulesScreen)
    assert isinstance(rules, StopRulesScreen)
    return rules


async def into_the_first_hold(pilot: Pilot[int], rules: StopRulesScreen) -> SessionScreen:
    await pilot.press("enter")
    screen = await wait_for(pilot, SessionScreen)
    assert isinstance(screen, SessionScreen)
    await pilot.press("s")  # past the get-ready
    return screen


async def test_the_stop_rules_come_before_the_first_part(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        rules = await answer_pain(pilot, "3")
        lines = texts(rules, ".rules-line")
        assert lines[:2] == [f"- {rule}" for rule in routine.safety]
        assert "6 out of 10" in lines[-1]
        assert texts(rules, "#rules-contact-text") == [routine.contact]
        assert stored(db) == []  # nothing is recorded, nothing runs, until Enter
        await pilot.press("enter")
        screen = await wait_for(pilot, SessionScreen)
        assert isinstance(screen, SessionScreen)
        assert screen.runner.engine.records == []
        assert screen.runner.engine.state is EngineState.RUNNING


async def test_the_rules_key_pauses_the_clock_while_they_are_open(
    routine: Routine, db: Path
) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await into_the_first_hold(pilot, await answer_pain(pilot, "2"))
        await advance(pilot, clock, 2.0)
        elapsed = screen.runner.engine.elapsed(screen.runner.now())
        await pilot.press("r")
        shown = await wait_for(pilot, StopRulesScreen)
        assert screen.runner.engine.state is EngineState.PAUSED
        clock.now += 60.0
        assert screen.runner.engine.elapsed(screen.runner.now()) == pytest.approx(elapsed)
        assert texts(shown, "#rules-contact-text") == [routine.contact]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.runner.engine.state is EngineState.RUNNING


async def test_a_routine_without_a_contact_shows_the_fallback(routine: Routine, db: Path) -> None:
    app = make_app(replace(routine, contact=""), FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        rules = await answer_pain(pilot, "2")
        assert texts(rules, "#rules-contact-text") == ["Contact your clinician or therapist."]


@pytest.mark.parametrize(
    ("key", "choice"), [("c", "carry on"), ("s", "skip exercise"), ("q", "end session")]
)
async def test_this_hurts_pauses_asks_and_does_what_was_chosen(
    routine: Routine, db: Path, key: str, choice: str
) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await into_the_first_hold(pilot, await answer_pain(pilot, "3"))
        await advance(pilot, clock, 1.0)
        await pilot.press("h")
        question = await wait_for(pilot, RatingDialog)
        assert isinstance(question, RatingDialog)
        assert question.question == "How bad is it now?"
        assert screen.runner.engine.state is EngineState.PAUSED
        clock.now += 30.0  # the clock waits while the patient answers
        await pilot.press("7", "enter")
        dialog = await wait_for(pilot, HurtDialog)
        assert "- Stop if pain spreads further down your leg." in texts(dialog, ".hurt-rule")
        assert texts(dialog, "#hurt-contact-text") == [routine.contact]
        await pilot.press(key)
        await pilot.pause()
        engine = screen.runner.engine
        hurt = engine.records[-1] if choice != "carry on" else None
        if choice == "carry on":
            assert engine.state is EngineState.RUNNING
            assert engine.pain_now == 7 and engine.current is not None
            assert engine.current.name == "Lying hamstring stretch"
            await run_to_end(pilot, clock)
            await answer_after(pilot, "3", None, None)
        elif choice == "skip exercise":
            assert engine.state is EngineState.RUNNING
            assert engine.current is not None and engine.current.name == "Glute bridge"
            stretch = [r for r in engine.records if r.name == "Lying hamstring stretch"]
            assert all(r.status is SegmentStatus.SKIPPED for r in stretch[1:])
            await run_to_end(pilot, clock)
            await answer_after(pilot, "3", None, None)
        else:
            assert screen.runner.status is SessionStatus.PARTIAL
            assert hurt is not None and hurt.status is SegmentStatus.PARTIAL
            await answer_after(pilot, "3", None, None)
        # 7 on "this hurts" is at the stop level: the notice says so.
        notice = await wait_for(pilot, SafetyScreen)
        assert isinstance(notice, SafetyScreen)
        assert (
            'You rated your pain 7 when you pressed "this hurts" during Lying hamstring stretch.'
            in notice.notice.reasons
        )
        await pilot.press("enter")
        await wait_for(pilot, SummaryScreen)
    [session] = stored(db)
    rated = [(s.name, s.pain_now, s.actual_seconds) for s in session.segments if s.hurt]
    assert rated[0][:2] == ("Lying hamstring stretch", 7)
    assert rated[0][2] <= 5.0  # a 5 s hold: the 30 s spent answering are not exercise time
    expected = {"carry on": SessionStatus.COMPLETED, "end session": SessionStatus.PARTIAL}
    assert session.status is expected.get(choice, SessionStatus.COMPLETED)


async def test_pain_at_the_stop_level_offers_not_today(routine: Routine, db: Path) -> None:
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        rules = await answer_pain(pilot, "7")
        assert rules.offers_not_today
        assert texts(rules, ".rules-note")[0] == "You rated your pain 7 before the session."
        await pilot.press("enter")  # Enter is "Not today" here
        for _ in range(20):
            await pilot.pause()
            if stored(db):
                break
        assert not any(isinstance(s, SessionScreen) for s in app.screen_stack)
    [session] = stored(db)
    assert session.status is SessionStatus.NOT_TODAY
    assert (session.pain_before, session.segments) == (7, ())


async def test_start_anyway_at_the_stop_level(routine: Routine, db: Path) -> None:
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_pain(pilot, "7")
        await pilot.press("s")
        screen = await wait_for(pilot, SessionScreen)
        assert isinstance(screen, SessionScreen)


@pytest.mark.parametrize(("before", "after"), [("3", "8"), ("8", "9")])
async def test_the_notice_at_the_stop_level_with_a_default_routine(
    routine: Routine, db: Path, before: str, after: str
) -> None:
    assert (routine.pain_caution, routine.pain_stop) == (4, 6)  # the defaults
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        rules = await answer_pain(pilot, before)
        await pilot.press("enter" if not rules.offers_not_today else "s")
        await wait_for(pilot, SessionScreen)
        await pilot.press("q", "y")
        await pilot.pause()
        await answer_after(pilot, after, None, None)
        notice = await wait_for(pilot, SafetyScreen)
        assert isinstance(notice, SafetyScreen)
        reasons = " ".join(notice.notice.reasons)
        assert f"You rated your pain {after} after the session" in reasons
        shown = " ".join(str(w.render()) for w in notice.query(".safety-line"))
        assert "injection site" not in shown  # this routine has no after_injection


async def test_once_a_day_asks_only_before_the_first_session(routine: Routine, db: Path) -> None:
    daily = replace(routine, safety_confirm=SAFETY_CONFIRM_DAILY)
    for expect_rules in (True, False):
        app = make_app(daily, FakeClock(), db)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, RatingDialog)
            await pilot.press("2", "enter")
            for _ in range(30):
                await pilot.pause()
                if isinstance(app.screen, (StopRulesScreen, SessionScreen)):
                    break
            assert isinstance(app.screen, StopRulesScreen) is expect_rules
            if expect_rules:
                await pilot.press("enter")
                await wait_for(pilot, SessionScreen)
            await pilot.press("q", "y")
            await pilot.pause()
