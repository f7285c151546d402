"""The session screen's content at an instant, without Textual."""

from __future__ import annotations

import pytest

from tests.support import paths
from tui.app.screens.session_frame import next_change, session_frame
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Routine
from tui.core.session.engine import SessionEngine

FIXTURES = paths.FIXTURES


@pytest.fixture
def routine() -> Routine:
    return load_routine(FIXTURES / "short-routine.toml")


def test_frame_of_a_hold_with_sides(routine: Routine) -> None:
    engine = SessionEngine(routine)
    engine.start(0.0)
    frame = session_frame(engine, 0.0)
    assert (frame.heading, frame.side, frame.clock) == ("GET READY", "LEFT", "0:03")
    assert frame.step == "Exercise 1 of 4"
    assert frame.next == "Next: Lying hamstring stretch, left side: hold 1 of 2"
    engine.advance(3.4)
    frame = session_frame(engine, 3.4)
    assert (frame.heading, frame.count, frame.clock) == ("HOLD", "Hold 1 of 2", "0:05")
    assert frame.left == 107
    assert frame.instructions.startswith("Lie on your back")


def test_frame_of_a_paced_set(routine: Routine) -> None:
    engine = SessionEngine(routine)
    engine.start(0.0)
    while engine.current is not None and engine.current.tempo is None:
        engine.skip(0.0)
    frame = session_frame(engine, 0.0)
    assert (frame.phase, frame.phase_index, frame.rep) == ("UP", 0, "rep 1 of 3")
    engine.advance(2.5)
    frame = session_frame(engine, 2.5)
    assert (frame.phase, frame.phase_index) == ("HOLD", 1)


def test_frame_of_a_self_paced_set_counts_up_and_keeps_the_plan(routine: Routine) -> None:
    engine = SessionEngine(routine)
    engine.start(0.0)
    while engine.current is not None and not engine.current.open_ended:
        engine.skip(0.0)
    engine.advance(42.0)
    frame = session_frame(engine, 42.0)
    assert frame.self_paced and frame.counting_up
    assert frame.clock == "0:42"
    assert frame.left == 38  # the rest, get-ready and walk after it, not "0:00"


def test_next_change_sleeps_until_the_display_changes(routine: Routine) -> None:
    engine = SessionEngine(routine)
    engine.start(0.0)
    assert next_change(engine, 0.25) == pytest.approx(0.75)
    engine.toggle_pause(0.5)
    assert next_change(engine, 0.5) is None
