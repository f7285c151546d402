"""Pilot tests: whole sessions driven with keys on a fake clock.

The app gets a fake ``clock``; a test moves it forward and calls the
session screen's ``tick()`` (what its timer would do), so no test ever
waits for a countdown.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey

from tests.support import paths
from tests.support.app_drive import advance, answer_after, confirm_rules, run_to_end, start
from tests.support.crash import crash_a_session
from tests.support.fake_clock import FakeClock
from tests.support.killed_session import kill_during
from tui.app import supple_app as app_module
from tui.app.screens.confirm import ConfirmDialog
from tui.app.screens.home import HomeScreen
from tui.app.screens.rating import RatingDialog
from tui.app.screens.resume_dialog import ResumeDialog
from tui.app.screens.safety_screen import SafetyScreen
from tui.app.screens.session_frame import BOUNDARY_MARGIN
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.supple_app import SuppleApp
from tui.app.widgets.big_clock import BigClock
from tui.app.widgets.rating_scale import RatingScale
from tui.core import locations
from tui.core.config import Settings
from tui.core.history import HistoryStore
from tui.core.history.recovery import RecoveryChoice
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Routine
from tui.core.session.engine import EngineState, SegmentRecord, SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind, compile_timeline
from tui.session_setup import RecoveryOffer

FIXTURES = paths.FIXTURES


@pytest.fixture(autouse=True)
def no_flash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The silent-output flash uses a real timer; keep it out of these tests."""
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


@pytest.fixture
def routine() -> Routine:
    return load_routine(FIXTURES / "short-routine.toml")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


def make_app(
    routine: Routine | None, clock: FakeClock, db: Path, *, speed: float = 1.0
) -> SuppleApp:
    return SuppleApp(
        routine,
        clock=clock,
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=db,
        speed=speed,
        settings=Settings(),
    )


def stored(db: Path) -> list:  # type: ignore[type-arg]
    with HistoryStore.open(db) as store:
        return store.sessions_with_segments(include_preview=True)


def digits(screen: SessionScreen) -> str:
    return screen.query_one("#clock", BigClock).text


def caption(screen: SessionScreen) -> str:
    return str(screen.query_one("#clock-caption", Static).render())


# --------------------------------------------------------------------------- whole sessions


async def test_started_at_is_when_the_clock_starts_not_when_the_screen_opens(
    routine: Routine, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time as wall

    moments: list[datetime] = []
    begin = SessionScreen._begin

    def late_begin(self: SessionScreen) -> None:
        wall.sleep(0.2)  # a slow first frame: the clock starts 0.2 s after the screen opens
        moments.append(datetime.now(UTC))
        begin(self)

    monkeypatch.setattr(SessionScreen, "_begin", late_begin)
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await run_to_end(pilot, clock)
        await answer_after(pilot, None, None, None)
    [session] = stored(db)
    assert moments and session.started_at >= moments[0]


async def test_whole_session_is_saved_with_ratings(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "3")
        await run_to_end(pilot, clock)
        await answer_after(pilot, "2", "4", "felt fine")
        assert isinstance(app.screen, SummaryScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(".summary-value"))
        assert "Pain before 3, after 2: 1 point lower (about the same)." in text
        assert "4 (working, but comfortable)" in text
        assert "Saved to your history." in str(app.screen.query_one("#summary-saved").render())
    [session] = stored(db)
    assert session.status is SessionStatus.COMPLETED
    assert (session.pain_before, session.pain_after, session.effort) == (3, 2, 4)
    assert session.notes == "felt fine"
    assert not session.preview
    work = [s for s in session.segments if s.is_work]
    assert len(work) == 11
    assert all(s.status is SegmentStatus.DONE for s in work)


async def test_countdown_follows_the_fake_clock(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert screen.frame is not None and screen.frame.heading == "GET READY"
        assert digits(screen) == "0:03"
        await advance(pilot, clock, 1.2)
        assert digits(screen) == "0:02"
        await advance(pilot, clock, 2.0)  # into the first hold, 0.2 s in
        assert screen.frame.heading == "HOLD"
        assert screen.frame.side == "LEFT"
        assert screen.frame.count == "Hold 1 of 2"
        assert digits(screen) == "0:05"
        side = str(screen.query_one("#side").render())
        assert "LEFT SIDE" in side


async def test_the_clock_starts_once_the_screen_is_drawn(
    routine: Routine, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame shows the full get-ready countdown; the session starts after it."""
    clock = FakeClock()
    seen: list[tuple[EngineState, str]] = []
    begin = SessionScreen._begin

    def recorded(screen: SessionScreen) -> None:
        seen.append((screen.runner.engine.state, digits(screen)))
        clock.now += 0.25  # time passing between the frame and the start is not counted
        begin(screen)

    monkeypatch.setattr(SessionScreen, "_begin", recorded)
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert seen == [(EngineState.READY, "0:03")]
        await advance(pilot, clock, 0.9)
        assert digits(screen) == "0:03"  # 2.1 s left: the 0.25 s before the start did not count
        await advance(pilot, clock, 0.2)
        assert digits(screen) == "0:02"


async def test_pause_and_resume(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4)  # 1 s into the first 5 s hold
        shown = digits(screen)
        await pilot.press("space")
        assert screen.runner.engine.state is EngineState.PAUSED
        assert screen.has_class("-paused")
        assert caption(screen) == "PAUSED  -  press space to carry on"
        await advance(pilot, clock, 120)  # a long pause costs nothing
        assert digits(screen) == shown
        assert screen.frame is not None and screen.frame.paused
        await pilot.press("space")
        assert screen.runner.engine.state is EngineState.RUNNING
        assert not screen.has_class("-paused")
        await advance(pilot, clock, 1)
        assert digits(screen) == "0:03"


async def test_skip_back_and_extend(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        engine = screen.runner.engine
        await pilot.press("s")  # skip the get-ready
        assert engine.index == 1
        assert engine.records[-1].status is SegmentStatus.SKIPPED
        await advance(pilot, clock, 1)
        await pilot.press("b")  # within the grace period: back to the get-ready
        assert engine.index == 0
        await pilot.press("right")  # skip again, with the arrow key
        assert engine.index == 1
        await advance(pilot, clock, 4)  # restart the hold: elapsed > grace
        await pilot.press("left")
        assert engine.index == 1
        assert digits(screen) == "0:05"
        await pilot.press("e")
        assert digits(screen) == "0:15"
        assert caption(screen) == "time left  (+10 s)"  # what "more" added is in view
        await pilot.press("plus")
        assert digits(screen) == "0:25"
        assert caption(screen) == "time left  (+20 s)"


async def test_done_only_for_self_paced_sets(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        engine = screen.runner.engine
        assert screen.check_action("done", ()) is False
        index = engine.index
        await pilot.press("d")  # nothing to end on a timed segment
        assert engine.index == index
        while not (engine.current is not None and engine.current.open_ended):
            await pilot.press("s")
        assert screen.check_action("done", ()) is True
        assert screen.check_action("extend", ()) is False
        keys = {b.binding.action for b in app.active_bindings.values()}
        assert "done" in keys
        assert "own pace" in screen.frame.rep  # type: ignore[union-attr]
        assert caption(screen).startswith("counting up  -  ")
        await advance(pilot, clock, 30)
        assert digits(screen) == "0:30"  # a self-paced set counts up
        await pilot.press("d")
        await pilot.pause()
        assert str(app.screen.query_one("#note-title").render()).startswith("How many did you do?")
        clock.now += 20  # the question stops the clock: the set keeps its 30 s
        await pilot.press("8", "enter")
        await pilot.pause()
        assert engine.records[-1].status is SegmentStatus.DONE
        assert engine.records[-1].actual_seconds == pytest.approx(30)
        assert engine.records[-1].reps_done == 8
        assert engine.state is EngineState.RUNNING


async def test_more_in_a_paced_set_is_one_more_rep(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        engine = screen.runner.engine
        while engine.current is None or engine.current.kind is not SegmentKind.SET:
            await pilot.press("s")
        await pilot.pause()
        labels = {b.binding.description for b in app.active_bindings.values()}
        assert "+1 rep" in labels and "+10 s" not in labels
        await pilot.press("e")
        assert screen.frame is not None and screen.frame.rep == "rep 1 of 4"
        assert caption(screen).startswith("rep 1 of 4  (+1 rep)  -  ")


async def test_tempo_phase_and_rep_count(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        engine = screen.runner.engine
        while engine.current is None or engine.current.kind is not SegmentKind.SET:
            await pilot.press("s")
        assert screen.frame is not None
        assert (screen.frame.phase, screen.frame.rep) == ("UP", "rep 1 of 3")
        assert screen.query_one("#tempo-row").has_class("-shown")
        # The phase is the big figure; the rep and the set's time left are under it.
        assert digits(screen) == "UP"
        assert caption(screen).startswith("rep 1 of 3  -  ")
        await advance(pilot, clock, 2.1)
        assert screen.frame.phase == "HOLD"
        await advance(pilot, clock, 1.0)
        assert screen.frame.phase == "DOWN"
        await advance(pilot, clock, 2.0)
        assert (screen.frame.phase, screen.frame.rep) == ("UP", "rep 2 of 3")
        assert screen.frame.count == "Set 1 of 2"


async def test_hurt_mark_is_kept_and_shows_the_safety_notice(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, "3")
        await pilot.press("s")  # into the first hold
        await pilot.press("h")
        assert screen.runner.engine.hurt_marked
        assert screen.query_one("#hurt-mark").display
        await pilot.press("escape", "c")  # no rating; carry on gently
        await pilot.pause()
        await run_to_end(pilot, clock)
        await answer_after(pilot, "3", None, None)  # pain did not rise: the mark decides
        assert isinstance(app.screen, SafetyScreen)
        assert "Lying hamstring stretch" in " ".join(app.screen.notice.reasons)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        marks = app.screen.result.hurt_by_exercise()
        assert marks == {"Lying hamstring stretch": 1}
    [session] = stored(db)
    assert [s.name for s in session.segments if s.hurt] == ["Lying hamstring stretch"]


async def test_quit_asks_first_then_saves_partial(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 5)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)
        assert screen.runner.engine.state is EngineState.PAUSED  # no time lost while asked
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.runner.engine.state is EngineState.RUNNING
        await advance(pilot, clock, 1)
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert screen.runner.status == SessionStatus.PARTIAL
        # The questions come over the finished session, whose keys are all off now.
        assert isinstance(app.screen, RatingDialog)
        assert app.screen_stack[-2] is screen
        assert screen.frame is not None and screen.frame.heading == "STOPPED"
        assert screen.check_action("skip", ()) is False
        session_keys = [b for b in app.active_bindings.values() if b.node is screen]
        assert session_keys == []
        await answer_after(pilot, None, None, None)
        assert isinstance(app.screen, SummaryScreen)
        assert screen not in app.screen_stack
        assert app.screen.has_class("-partial")
    [session] = stored(db)
    assert session.status is SessionStatus.PARTIAL
    assert session.segments[-1].status is SegmentStatus.PARTIAL


async def test_ctrl_q_during_a_session_asks_too(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)


async def test_leaving_the_app_mid_session_keeps_it_as_partial(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 4)
        app.exit()
    [session] = stored(db)
    assert session.status is SessionStatus.PARTIAL


# --------------------------------------------------------------------------- ratings


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["7", "enter"], 7),
        (["0", "enter"], 0),
        (["t", "enter"], 10),
        (["1", "0", "enter"], 10),
        (["4", "6", "enter"], 6),
        (["enter", "y"], None),  # nothing chosen: "Skip the pain rating?" yes
        (["enter", "n", "4", "enter"], 4),  # no: back to the question
        (["escape"], None),
        (["s"], None),
        (["5", "escape"], None),
        (["right", "right", "enter"], 1),  # from nothing, right starts at 0
        (["left", "enter"], 10),  # from nothing, left starts at 10
        (["5", "left", "left", "enter"], 3),
        (["t", "right", "enter"], 10),  # the ends hold
        (["0", "left", "enter"], 0),
    ],
)
async def test_pain_dialog_keys(keys: list[str], expected: int | None) -> None:
    answers: list[int | None] = []
    app = SuppleApp(None, settings=Settings(), history=False, check_unfinished=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RatingDialog.pain("after"), answers.append)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    assert answers == [expected]


async def test_pain_dialog_mouse_and_anchors() -> None:
    answers: list[int | None] = []
    app = SuppleApp(None, settings=Settings(), history=False, check_unfinished=False)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = RatingDialog.pain("before")
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        anchors = str(dialog.query_one("#rating-anchors").render())
        assert "0 = no pain, 10 = worst pain imaginable" in anchors
        await pilot.press("8")
        assert "8 (severe)" in str(dialog.query_one("#rating-choice").render())
        scale = dialog.query_one(RatingScale)
        await pilot.click(scale, offset=scale.offset_of(4))
        await pilot.pause()
    assert answers == [4]


@pytest.mark.parametrize(
    ("keys", "button", "expected"),
    [([], "#rating-skip", None), (["6"], "#rating-save", 6)],
)
async def test_pain_dialog_skip_and_save_buttons(
    keys: list[str], button: str, expected: int | None
) -> None:
    answers: list[int | None] = []
    app = SuppleApp(None, settings=Settings(), history=False, check_unfinished=False)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = RatingDialog.pain("after")
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.hover(button)
        await pilot.click(button)
        await pilot.pause()
    assert answers == [expected]


async def test_effort_dialog_shows_supples_own_anchors() -> None:
    answers: list[int | None] = []
    app = SuppleApp(None, settings=Settings(), history=False, check_unfinished=False)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = RatingDialog.effort()
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        assert "How hard was that?" in str(dialog.query_one("#rating-question").render())
        anchors = str(dialog.query_one("#rating-anchors").render())
        assert "6 hard work" in anchors and "10 as hard as I could" in anchors
        assert "borg" not in anchors.lower() and "strong" not in anchors
        await pilot.press("8")
        assert "8 (very hard)" in str(dialog.query_one("#rating-choice").render())
        await pilot.press("s")  # effort: skipping asks nothing
        await pilot.pause()
    assert answers == [None]


async def test_effort_enter_with_nothing_chosen_skips_without_asking() -> None:
    answers: list[int | None] = []
    app = SuppleApp(None, settings=Settings(), history=False, check_unfinished=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RatingDialog.effort(), answers.append)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert answers == [None]


async def test_save_button_with_nothing_chosen_asks_once() -> None:
    answers: list[int | None] = []
    app = SuppleApp(None, settings=Settings(), history=False, check_unfinished=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RatingDialog.pain("after"), answers.append)
        await pilot.pause()
        await pilot.click("#rating-save")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == "Skip the pain rating?"
        await pilot.press("enter")  # a second Enter answers the question, it does not ask again
        await pilot.pause()
        assert answers == []
        assert isinstance(app.screen, RatingDialog)
        await pilot.click("#rating-save")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert answers == [None]


@pytest.mark.parametrize("key", ["escape", "enter"])
async def test_leaving_the_question_before_a_session_asks_first(key: str) -> None:
    answers: list[int | None] = []
    app = SuppleApp(None, settings=Settings(), history=False, check_unfinished=False)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = RatingDialog.pain("before")
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        assert "Esc asks before starting without one" in str(
            dialog.query_one("#rating-keys").render()
        )
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == "Start without a pain rating?"
        await pilot.press("n")  # no: back to the question, nothing started
        await pilot.pause()
        assert app.screen is dialog and answers == []
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("y")  # yes: start without one
        await pilot.pause()
    assert answers == [None]


@pytest.mark.parametrize(("after", "notice"), [("5", True), ("4", False), ("1", False)])
async def test_safety_notice_when_pain_rises_by_two(
    routine: Routine, db: Path, after: str, notice: bool
) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, "3")
        await pilot.press("q", "y")
        await pilot.pause()
        assert screen.runner.status == SessionStatus.PARTIAL
        await answer_after(pilot, after, None, None)
        if notice:
            assert isinstance(app.screen, SafetyScreen)
            shown = " ".join(str(w.render()) for w in app.screen.query(".safety-line"))
            assert "Test clinic, 555-0100" in shown
            assert "numbness in the groin or saddle area" in shown
            assert "it does not assess you" in str(
                app.screen.query_one("#safety-disclaimer").render()
            )
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


@pytest.mark.parametrize("after_injection", [False, True])
async def test_injection_signs_only_after_an_injection(
    routine: Routine, db: Path, after_injection: bool
) -> None:
    routine = replace(routine, after_injection=after_injection)
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "3")
        await pilot.press("q", "y")
        await pilot.pause()
        await answer_after(pilot, "6", None, None)
        assert isinstance(app.screen, SafetyScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(".safety-line"))
        assert "numbness, weakness or pain in both legs" in shown
        assert ("redness, swelling, warmth or drainage at the injection site" in shown) is (
            after_injection
        )
        assert ("fever" in shown) is after_injection
        headings = [str(w.render()) for w in app.screen.query(".safety-heading")]
        assert headings[0].startswith("Seek emergency care at once")
        assert headings[1].startswith("Stop the exercises and contact your clinic")


# --------------------------------------------------------------------------- preview and sound


async def test_preview_speed_is_shown_and_saved_as_preview(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db, speed=10)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert "PREVIEW x10" in str(screen.query_one("#preview-badge").render())
        await advance(pilot, clock, 0.35)  # 3.5 s of session time: into the first hold
        assert screen.frame is not None and screen.frame.heading == "HOLD"
        await run_to_end(pilot, clock, done_after=0.5)
        await answer_after(pilot, None, None, None)
    [session] = stored(db)
    assert session.preview


async def test_sound_label_and_mute_without_sound(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert str(screen.query_one("#sound-label").render()) == "sound: off"
        await pilot.press("m")
        assert screen.sound.muted
        actions = {b.binding.action for b in app.active_bindings.values()}
        assert "unmute" in actions and "mute" not in actions
        await pilot.press("m")
        assert not screen.sound.muted


async def test_footer_keys_work_with_the_mouse(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        # The keys are in the footer only (no second row of buttons), and clickable.
        await pilot.click(FooterKey, offset=(1, 0))  # the first key: pause
        assert screen.runner.engine.state is EngineState.PAUSED
        await pilot.click(FooterKey, offset=(1, 0))
        assert screen.runner.engine.state is EngineState.RUNNING


async def test_screen_redraws_only_when_the_display_changes(
    routine: Routine, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 3.2)  # 0.2 s into the first hold: "0:05"
        updates: list[str] = []
        original = BigClock.update

        def counting(self: BigClock, value: str) -> None:
            updates.append(value)
            original(self, value)

        monkeypatch.setattr(BigClock, "update", counting)
        for _ in range(5):  # ticks within the same displayed second change nothing
            clock.now += 0.1
            screen.tick()
        assert updates == []
        clock.now += 0.6  # 3.7 s left
        screen.tick()
        assert updates == ["0:04"]


async def test_screen_sleeps_until_the_next_change(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 0.25)
        timer = screen._timer
        assert timer is not None
        # 2.75 s left in the get-ready: the next change is 0.75 s away.
        assert timer._interval == pytest.approx(0.75 + BOUNDARY_MARGIN, abs=0.0001)
        await pilot.press("space")
        assert screen._timer is None  # paused: no ticking at all


async def test_small_terminal_uses_the_compact_layout(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await start(pilot)
        assert screen.has_class("-narrow")
        assert screen.has_class("-short")
        assert screen.query_one("#clock", BigClock).scale >= 1
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen.has_class("-normal")
        assert not screen.has_class("-short")


# --------------------------------------------------------------------------- `supple run`


async def test_run_opens_the_question_over_the_routine_title_then_home_after(db: Path) -> None:
    # A routine of the patient's own folder, so the home screen lists it.
    mine = locations.user_routines_dir() / "mine.toml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text((FIXTURES / "short-routine.toml").read_text(encoding="utf-8"), encoding="utf-8")
    routine = load_routine(mine)
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # No home screen is built under the first question.
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        assert f"supple - {routine.title}" in str(
            app.screen_stack[0].query_one("#run-top").render()
        )
        await start(pilot, "3")
        await run_to_end(pilot, clock)
        await answer_after(pilot, None, None, None)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")  # "Routines"
        home = app.screen
        assert isinstance(home, HomeScreen)
        await home.loaded.wait()
        await pilot.pause()
        highlighted = home.query_one("#routine-list", OptionList).highlighted_option
        assert highlighted is not None and highlighted.id == str(routine.source)
    [session] = stored(db)
    assert session.status is SessionStatus.COMPLETED


@pytest.mark.parametrize("close", [True, False])
async def test_run_offers_to_close_a_crashed_session_before_recording(
    routine: Routine, db: Path, close: bool
) -> None:
    crashed = crash_a_session(db)
    clock = FakeClock()
    app = SuppleApp(
        routine,
        clock=clock,
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=db,
        settings=Settings(),
        check_unfinished=True,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):  # the check runs after the first frame, in a thread
            await pilot.pause()
            if isinstance(app.screen, ResumeDialog):
                break
        dialog = app.screen
        assert isinstance(dialog, ResumeDialog)
        assert "Crashed routine" in " ".join(str(w.render()) for w in dialog.query(Static))
        # Another routine's session: it can be closed or left, not resumed here.
        assert dialog.choices == (RecoveryChoice.ABANDON, RecoveryChoice.LATER)
        # The pain question waits underneath; nothing of this session is recorded yet.
        assert isinstance(app.screen_stack[-2], RatingDialog)
        assert [s.id for s in stored(db)] == [crashed]
        await pilot.press("a" if close else "l")
        await pilot.pause()
        await start(pilot, "3")
        await run_to_end(pilot, clock)
        await answer_after(pilot, None, None, None)
    sessions = {s.id: s for s in stored(db)}
    assert len(sessions) == 2
    expected = SessionStatus.ABANDONED if close else None
    assert sessions[crashed].status is expected
    [new] = [s for s in sessions.values() if s.id != crashed]
    assert new.status is SessionStatus.COMPLETED and new.pain_before == 3


async def test_a_session_waits_for_the_crash_check_to_finish(
    routine: Routine, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A patient who answers the first question before the check is done is not recorded first."""
    crashed = crash_a_session(db)
    release = threading.Event()
    real = app_module._unfinished_sessions

    def slow(
        path: Path | None, run: Routine | None, preview: bool
    ) -> tuple[list[RecoveryOffer], str | None]:
        release.wait(10)
        return real(path, run, preview)

    monkeypatch.setattr(app_module, "_unfinished_sessions", slow)
    app = SuppleApp(
        routine,
        clock=FakeClock(),
        today=lambda: date(2025, 3, 3),
        sound=False,
        db=db,
        settings=Settings(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "enter")
        for _ in range(5):
            await pilot.pause()
        assert not isinstance(app.screen, SessionScreen)
        assert [s.id for s in stored(db)] == [crashed]
        release.set()
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, ResumeDialog):
                break
        assert isinstance(app.screen, ResumeDialog)
        await pilot.press("a")
        await confirm_rules(pilot)
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, SessionScreen):
                break
        assert isinstance(app.screen, SessionScreen)
    statuses = {s.id: s.status for s in stored(db)}
    assert statuses.pop(crashed) is SessionStatus.ABANDONED
    assert list(statuses.values()) == [SessionStatus.PARTIAL]


async def test_an_answer_typed_ahead_of_the_first_frame_still_starts_the_session(
    routine: Routine, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys typed while supple starts may answer the question before it is ever drawn."""
    monkeypatch.setattr(RatingDialog, "call_after_refresh", lambda self, callback: True)
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "3")


# --------------------------------------------------------------------------- resuming


async def wait_for(pilot: Pilot[int], kind: type, tries: int = 100) -> object:
    """The screen of ``kind`` once it is on top (the start-up check runs in a thread)."""
    for _ in range(tries):
        await pilot.pause()
        if isinstance(pilot.app.screen, kind):
            return pilot.app.screen
    raise AssertionError(f"no {kind.__name__} came; {pilot.app.screen!r} is showing")


async def test_run_resumes_a_killed_session_at_the_next_part(routine: Routine, db: Path) -> None:
    """Killed in the second hold, resumed: one session holds every part, before and after."""
    killed = kill_during(db, FIXTURES / "short-routine.toml", parts=3)
    timeline = compile_timeline(routine)
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await wait_for(pilot, ResumeDialog)
        assert isinstance(dialog, ResumeDialog)
        assert dialog.offer.found.session_id == killed
        assert dialog.choices[0] is RecoveryChoice.RESUME
        assert "1 exercise part done" in dialog.detail
        await pilot.press("r")
        # The pain question is withdrawn: this session was asked when it began.
        screen = await wait_for(pilot, SessionScreen)
        assert isinstance(screen, SessionScreen)
        engine = screen.runner.engine
        assert engine.index == 3 and timeline[3].kind is SegmentKind.HOLD  # the part cut off
        await advance(pilot, clock, 1)
        assert engine.elapsed(screen.runner.now()) == pytest.approx(1)  # from its beginning
        await run_to_end(pilot, clock)
        await answer_after(pilot, "2", None, None)
        assert isinstance(app.screen, SummaryScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(".summary-value"))
        assert "11 done, 0 skipped" in text
        assert "Pain before 4, after 2: 2 points lower (better)." in text
    [session] = stored(db)
    assert session.id == killed and session.status is SessionStatus.COMPLETED
    assert [s.index for s in session.segments] == list(range(len(timeline)))
    assert [s.position for s in session.segments] == list(range(len(timeline)))
    assert (session.pain_before, session.pain_after) == (4, 2)
    assert all(s.status is SegmentStatus.DONE for s in session.segments)


async def test_a_routine_changed_since_the_kill_is_not_offered_for_resuming(
    routine: Routine, db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "short.toml"
    copy.write_text((FIXTURES / "short-routine.toml").read_text(encoding="utf-8"))
    killed = kill_during(db, copy, parts=3)
    copy.write_text(copy.read_text(encoding="utf-8").replace('hold = "5s"', 'hold = "6s"'))
    changed = load_routine(copy)
    app = make_app(changed, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await wait_for(pilot, ResumeDialog)
        assert isinstance(dialog, ResumeDialog)
        assert dialog.choices == (RecoveryChoice.ABANDON, RecoveryChoice.LATER)
        assert dialog.check_action("choose", ("RESUME",)) is False
        await pilot.press("r")  # not offered: nothing happens
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape")
        await start(pilot, None)
    statuses = {s.id: s.status for s in stored(db)}
    assert statuses[killed] is None  # left for later


async def test_a_resumed_session_with_nothing_left_goes_to_the_questions(
    routine: Routine, db: Path
) -> None:
    timeline = compile_timeline(routine)
    killed = kill_during(db, FIXTURES / "short-routine.toml", parts=len(timeline) - 1)
    # The last part is recorded by hand, as if the kill came before the final save.
    with HistoryStore.open(db) as store:
        last = timeline[-1]
        store.add_segment(
            killed,
            SegmentRecord(
                len(timeline) - 1, last.step, last.name, last.kind, None, last.rep, None,
                last.seconds, last.seconds or 0.0, SegmentStatus.DONE,
            ),
        )  # fmt: skip
        store._conn.execute("UPDATE sessions SET writer = NULL WHERE id = ?", (killed,))
    app = make_app(routine, FakeClock(), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, ResumeDialog)
        await pilot.press("r")
        await wait_for(pilot, RatingDialog)
        await answer_after(pilot, None, None, None)
        assert isinstance(app.screen, SummaryScreen)
    [session] = stored(db)
    assert session.id == killed and session.status is SessionStatus.COMPLETED


def _inked_rows(clock: BigClock) -> int:
    return sum(1 for y in range(clock.size.height) if clock.render_line(y).text.strip())


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 5), ((120, 40), 8), ((200, 50), 12)])
async def test_the_clock_is_readable_from_the_floor_and_nothing_is_cut_off(
    routine: Routine, db: Path, size: tuple[int, int], rows: int
) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot)
        big = screen.query_one("#clock", BigClock)
        engine = screen.runner.engine
        await pilot.press("s")  # the first hold
        await pilot.pause()
        for _ in (1, 2):  # a hold, then the phase word of a paced set
            assert big.scale >= 1, big.text
            assert _inked_rows(big) >= rows
            drawn = [big.render_line(y).text for y in range(big.size.height)]
            assert all(len(line) == big.size.width for line in drawn)
            assert big.region.right <= screen.region.right
            caption_text = caption(screen)
            assert (
                caption_text and len(caption_text) <= screen.query_one("#clock-caption").size.width
            )
            while engine.current is None or engine.current.kind is not SegmentKind.SET:
                await pilot.press("s")
            await pilot.pause()
        # Every key the patient needs most is in the footer, inside the screen.
        keys = {key.description: key for key in screen.query(FooterKey)}
        for needed in ("Pause", "This hurts", "Quit", "Mute"):
            assert keys[needed].region.right <= size[0], needed


async def test_at_60_columns_quit_and_mute_stay_in_the_footer(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await start(pilot)
        keys = {key.description: key for key in screen.query(FooterKey)}
        for needed in ("Pause", "This hurts", "Quit", "Mute"):
            assert keys[needed].region.right <= 60, needed
        assert screen.query_one("#clock", BigClock).scale >= 1


async def test_ctrl_c_asks_before_stopping_a_session(routine: Routine, db: Path) -> None:
    clock = FakeClock()
    app = make_app(routine, clock, db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # not Textual's "press ctrl+q" toast
        assert screen.runner.engine.state is EngineState.PAUSED
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.runner.engine.state is EngineState.RUNNING
