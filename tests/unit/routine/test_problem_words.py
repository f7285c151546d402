"""How problems name values, keys, kinds, bounds and steps: as written in the file."""

from __future__ import annotations

import pytest

from tui.core.routine.model import StepKind
from tui.core.routine.problem_words import (
    as_toml,
    bounds_words,
    did_you_mean,
    kind_list,
    step_prefix,
)
from tui.core.routine.spec import KeySpec


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "true"),
        ("30s", '"30s"'),
        ("x" * 50, '"' + "x" * 37 + '..."'),
        ("next\x85line", r'"next\x85line"'),  # a C1 control json.dumps leaves raw: shown visibly
        (10**20, "a very large number"),
        (2.5, "2.5"),
        (float("inf"), "inf"),
        ([1], "a list"),
        ({"a": 1}, "a table"),
    ],
)
def test_as_toml_shows_values_as_written_in_toml(value: object, shown: str) -> None:
    assert as_toml(value) == shown


def test_did_you_mean_names_a_near_miss_only() -> None:
    assert did_you_mean("Hodl", ["hold", "reps"]) == " (did you mean 'hold'?)"
    assert did_you_mean("zzz", ["hold", "reps"]) == ""


def test_kind_list_follows_the_model_order() -> None:
    assert kind_list(frozenset({StepKind.REST})) == "rest"
    assert kind_list(frozenset({StepKind.REPS, StepKind.HOLD})) == "hold and reps"
    assert kind_list(frozenset(StepKind)) == "hold, reps, interval and rest"


def test_bounds_words_use_duration_words_for_durations() -> None:
    assert bounds_words(KeySpec("x", "whole", "", "", low=1, high=20)) == "from 1 to 20"
    assert bounds_words(KeySpec("x", "duration", "", "", low=1, high=600)) == "from 1 s to 10 min"


def test_step_prefix_names_the_step_when_it_can() -> None:
    assert step_prefix(2, {"name": " Bridge "}) == 'step 2 "Bridge": '
    assert step_prefix(2, {"name": 'Say "hi"'}) == 'step 2 "Say \\"hi\\"": '
    assert step_prefix(2, {"name": ""}) == "step 2: "
    assert step_prefix(2, {"name": "x" * 81}) == "step 2: "
    assert step_prefix(2, {}) == "step 2: "
