"""The one seam that builds a session: its steps, which sessions can be resumed, the runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import paths
from tests.support.fake_clock import FakeClock
from tests.support.killed_session import kill_during
from tui.core.config import Settings
from tui.core.history.recovery import RecoveryChoice
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Routine, Step, StepKind
from tui.core.session.timeline import compile_timeline
from tui.session_setup import (
    Recovery,
    Resumed,
    SessionSetup,
    SessionStep,
    find_offers,
    session_steps,
)

SHORT = paths.FIXTURES / "short-routine.toml"


def test_the_steps_are_one_sequence_for_every_front_end() -> None:
    asks = Routine(title="A", steps=(Step(StepKind.HOLD, "H", hold=5.0),))
    silent = Routine(title="B", steps=asks.steps, ask_pain_before=False)
    after = [
        SessionStep.GUIDE,
        SessionStep.PAIN_AFTER,
        SessionStep.EFFORT,
        SessionStep.NOTE,
        SessionStep.SAVE,
        SessionStep.SAFETY,
        SessionStep.SUMMARY,
    ]
    rules = SessionStep.STOP_RULES
    assert list(session_steps(asks, resumed=False)) == [SessionStep.PAIN_BEFORE, rules, *after]
    assert list(session_steps(asks, resumed=True)) == after  # asked and shown when it began
    assert list(session_steps(silent, resumed=False)) == [rules, *after]


@pytest.fixture
def killed(tmp_path: Path) -> tuple[Path, Path, str]:
    """A copy of the short routine, and a session of it killed in its second hold."""
    routine = tmp_path / "short.toml"
    routine.write_text(SHORT.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "h.sqlite3"
    return db, routine, kill_during(db, routine, parts=3)


def test_only_the_routine_being_run_can_be_resumed_unchanged(
    killed: tuple[Path, Path, str],
) -> None:
    db, path, sid = killed
    routine = load_routine(path)
    [offer], problem = find_offers(db, routine=routine, preview=False)
    assert problem is None and offer.found.session_id == sid and offer.routine is routine
    assert offer.choices[0] is RecoveryChoice.RESUME
    other = load_routine(SHORT)  # the same text at another path: another routine
    [offer], _ = find_offers(db, routine=other, preview=False)
    assert offer.routine is None
    assert offer.choices == (RecoveryChoice.ABANDON, RecoveryChoice.LATER)
    [offer], _ = find_offers(db, routine=routine, preview=True)  # a preview run
    assert offer.routine is None


def test_the_home_screen_resumes_any_routine_whose_file_is_unchanged(
    killed: tuple[Path, Path, str],
) -> None:
    db, path, _ = killed
    [offer], _ = find_offers(db, routine=None, preview=False)
    assert offer.routine is not None and offer.routine.source == path
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    [offer], _ = find_offers(db, routine=None, preview=False)
    assert offer.routine is None  # the timeline may not be the one recorded
    path.unlink()
    [offer], _ = find_offers(db, routine=None, preview=False)
    assert offer.routine is None


def test_a_resumed_runner_starts_after_the_last_recorded_part(
    killed: tuple[Path, Path, str],
) -> None:
    db, path, sid = killed
    routine = load_routine(path)
    setup = SessionSetup(routine, Settings(), db=db, clock=FakeClock())
    recovery = Recovery.find(setup, None)
    resumed = recovery.resume(recovery.offers[0])
    assert isinstance(resumed, Resumed)
    assert resumed.log.session_id == sid and resumed.point.next_index == 3
    engine = resumed.runner.engine
    assert resumed.runner.resumed and engine.index == 3
    assert [r.index for r in engine.records] == [0, 1, 2]
    assert engine.segments == compile_timeline(routine)
    resumed.log.finish()


def test_a_session_that_cannot_be_taken_over_says_why(killed: tuple[Path, Path, str]) -> None:
    db, path, _ = killed
    setup = SessionSetup(load_routine(path), Settings(), db=db)
    recovery = Recovery.find(setup, None)
    offer = recovery.offers[0]
    assert recovery.abandon(offer) is None  # closed meanwhile (another window, say)
    problem = recovery.resume(offer)
    assert isinstance(problem, str) and problem


def test_the_home_screen_resumes_a_programme_session_at_its_weeks_length(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from tui.core import locations
    from tui.core.programme.state import StateBook, with_current, with_start, write_state

    walking = locations.bundled_programmes_dir() / "six-weeks-after-injection" / "walking.toml"
    db = tmp_path / "h.sqlite3"
    kill_during(db, walking, parts=1)  # in the walk, after its get-ready
    [offer], _ = find_offers(db, routine=None, preview=False)
    assert offer.routine is not None
    assert offer.routine.steps[0].blocks[0].seconds == 10 * 60  # no programme in use: as written
    title = "Six weeks after a lumbar epidural injection"
    started = datetime.now().astimezone() - timedelta(days=22)  # the session is on day 22: week 4
    book = with_start(StateBook(), title, started)
    write_state(with_current(book, "six-weeks-after-injection"))
    [offer], _ = find_offers(db, routine=None, preview=False)
    assert offer.routine is not None and offer.routine.source == walking
    assert offer.routine.steps[0].blocks[0].seconds == 20 * 60  # week 4's walk, as recorded
