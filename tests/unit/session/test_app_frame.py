"""The session screen's content and the home preview's wording, without Textual."""

from __future__ import annotations

import pytest

from tests.support import paths
from tui.app.screens.session_frame import next_change, session_frame
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Routine, Sides, Step, StepKind, Tempo
from tui.core.session.describe import clock_text, prescription, reflow, step_dose, total_time
from tui.core.session.engine import SessionEngine

FIXTURES = paths.FIXTURES


@pytest.fixture
def routine() -> Routine:
    return load_routine(FIXTURES / "short-routine.toml")


def test_step_doses_in_words() -> None:
    hold = Step(StepKind.HOLD, "Stretch", sides=Sides.BOTH, hold=30, reps=3, rest=10)
    assert step_dose(hold) == "Hold 30 s, 3 times, each side, left first, 10 s rest between holds"
    paced = Step(StepKind.REPS, "Bridge", reps=10, sets=3, rest=60, tempo=Tempo(2, 2, 2))
    assert step_dose(paced) == (
        "3 sets of 10 reps, paced 2 s up, 2 s hold, 2 s down, 1 min rest between sets"
    )
    own = Step(StepKind.REPS, "Tilt", reps=12, sides=Sides.ALTERNATE)
    assert step_dose(own) == "12 reps, at your own pace, alternating left and right"
    assert step_dose(Step(StepKind.REST, "Rest", duration=90)) == "Rest 1 min 30 s"


def test_prescription_and_total(routine: Routine) -> None:
    assert prescription(routine) == "2 sessions a day, 5 days a week"
    assert total_time(routine) == "about 1 min 50 s, plus 1 set at your own pace"
    assert clock_text(5) == "0:05"
    assert clock_text(754) == "12:34"
    assert clock_text(3725) == "1:02:05"
    assert reflow("One\nparagraph.\n\nTwo.") == "One paragraph.\n\nTwo."


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
