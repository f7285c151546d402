"""A routine and its steps in words: the one dose wording, the plan, the total time."""

from __future__ import annotations

import pytest

from tests.support import paths
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Block, Routine, Sides, Step, StepKind, Tempo, TextCue
from tui.core.session.describe import (
    one_line,
    plan_text,
    prescription,
    reflow,
    step_dose,
    total_time,
)


@pytest.fixture
def routine() -> Routine:
    return load_routine(paths.FIXTURES / "short-routine.toml")


def test_step_doses_in_words() -> None:
    hold = Step(StepKind.HOLD, "Stretch", sides=Sides.BOTH, hold=30, reps=3, rest=10)
    assert step_dose(hold) == (
        "3 holds of 30 s on each side, left side first, 10 s rest between holds, "
        "5 s to switch sides"
    )
    paced = Step(StepKind.REPS, "Bridge", reps=10, sets=3, rest=60, tempo=Tempo(2, 2, 2))
    assert step_dose(paced) == (
        "3 sets of 10 reps, paced 2 s up, 2 s hold, 2 s down (6 s a rep), 1 min rest between sets"
    )
    own = Step(StepKind.REPS, "Tilt", reps=12, sides=Sides.ALTERNATE)
    assert step_dose(own) == (
        "12 reps on each side, alternating left and right, at your own pace (you end each set), "
        "5 s to switch sides"
    )
    assert step_dose(Step(StepKind.REST, "Rest", duration=90)) == "Rest for 1 min 30 s"


@pytest.mark.parametrize(
    ("step", "dose"),
    [
        (
            Step(StepKind.HOLD, "S", hold=20, reps=1, sides=Sides.LEFT),
            "1 hold of 20 s, left side only",
        ),
        (
            Step(StepKind.HOLD, "S", hold=20, reps=3, rest=10, sides=Sides.ALTERNATE, switch=0),
            "3 holds of 20 s on each side, alternating left and right, 10 s rest between pairs",
        ),
        (Step(StepKind.HOLD, "S", hold=20, reps=2, rest=0), "2 holds of 20 s"),
        (
            Step(StepKind.REPS, "B", reps=1, sets=2, rest=30, sides=Sides.RIGHT),
            "2 sets of 1 rep, right side only, at your own pace (you end each set), "
            "30 s rest between sets",
        ),
        (
            Step(StepKind.INTERVAL, "W", blocks=(Block("Walk", 180), Block("Sit", 60)), repeat=2),
            "2 rounds of: Walk for 3 min, then Sit for 1 min",
        ),
        (Step(StepKind.INTERVAL, "W", blocks=(Block("Walk", 180),)), "Walk for 3 min"),
    ],
)
def test_a_dose_says_what_repeats_and_on_which_side(step: Step, dose: str) -> None:
    assert step_dose(step) == dose


def test_prescription_and_total(routine: Routine) -> None:
    assert prescription(routine) == "2 sessions a day, 5 days a week"
    assert total_time(routine) == "about 1 min 50 s, plus 1 set at your own pace"
    assert reflow("One\nparagraph.\n\nTwo.") == "One paragraph.\n\nTwo."
    assert one_line("One\n  paragraph.\n\nTwo.") == "One paragraph. Two."


def test_the_plan_numbers_each_step_with_its_dose_and_length() -> None:
    step = Step(
        StepKind.HOLD,
        "Stretch",
        instructions="Lie down.\nBreathe.",
        hold=30,
        reps=2,
        rest=10,
        cues=(TextCue(15, "Relax your shoulders"),),
    )
    plan = plan_text(Routine(title="Mine", steps=(step,), get_ready=5)).splitlines()
    assert plan[:2] == ["Mine", "===="]
    assert "  1. Stretch [hold]: 2 holds of 30 s, 10 s rest between holds  (1 min 10 s)" in plan
    # The file's line breaks inside a paragraph are not kept: the plan wraps to its width.
    assert "       Lie down. Breathe." in plan
    assert '       Cue at 15 s: "Relax your shoulders"' in plan
    assert plan[-1] == "Total time: 1 min 15 s"
