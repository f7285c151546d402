"""No input makes the loader raise anything but RoutineError (property tests).

Three sources of input: routine-shaped dicts with arbitrary values written with
tomli_w, valid routines that must load, and the bundled routines mutated
(truncated, bytes flipped, lines dropped or repeated, junk inserted).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.locations import bundled_routines_dir
from tui.core.routine.loader import parse_routine
from tui.core.routine.model import Routine, RoutineError
from tui.core.routine.spec import ROUTINE_KEYS as ROUTINE_SPECS
from tui.core.routine.spec import STEP_KEYS as STEP_SPECS
from tui.core.session.timeline import compile_timeline

#: Examples per property; set SUPPLE_FUZZ_EXAMPLES=5000 for a deeper run.
FUZZ = settings(
    max_examples=int(os.environ.get("SUPPLE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

BUNDLED = sorted(bundled_routines_dir().glob("*.toml"))
BUNDLED_BYTES = [path.read_bytes() for path in BUNDLED]

# Every key of the format, and a near miss of one.
STEP_KEYS = [spec.name for spec in STEP_SPECS] + ["hodl"]
ROUTINE_KEYS = [spec.name for spec in ROUTINE_SPECS] + ["colour"]

JUNK_LINES = [
    "[[step]]\n", "[routine]\n", 'x = "\n', "= 1\n", "]\n", 'kind = "rest"\n', "reps = 0\n",
    '"""\n', "'''\n", "[[step.blocks]]\n",
]  # fmt: skip

# Values TOML can hold (tomli_w cannot write None), biased towards what routines use.
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["30s", "2m", "1m30s", "90", "5x", "", "hold", "reps", "interval", "rest",
                     "both", "alternate", "left", "2-1-2", "1-1"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _table(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), values, max_size=8)


routine_shaped = st.fixed_dictionaries(
    {"routine": _table(ROUTINE_KEYS), "step": st.lists(_table(STEP_KEYS), max_size=4)}
) | st.dictionaries(st.text(max_size=8), values, max_size=4)


def _load(data: str | bytes) -> Routine | None:
    """Parse ``data``; a RoutineError is a fine answer, any other exception fails the test."""
    try:
        routine = parse_routine(data, "fuzz.toml")
    except RoutineError as exc:
        assert exc.problems, "a RoutineError must list at least one problem"
        for problem in exc.problems:
            assert str(problem).startswith("fuzz.toml")
        return None
    compile_timeline(routine)  # anything that loads must compile
    return routine


@FUZZ
@given(routine_shaped)
def test_generated_documents_only_raise_routine_error(document: dict[str, Any]) -> None:
    _load(tomli_w.dumps(document))


# --------------------------------------------------------------------------- valid routines

durations = st.one_of(
    st.integers(min_value=5, max_value=600),
    st.sampled_from(["5s", "30s", "1m", "1m30s", "2m", "10m"]),
)
names = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")
hold_steps = st.fixed_dictionaries(
    {"kind": st.just("hold"), "name": names, "hold": durations},
    optional={
        "sides": st.sampled_from(["none", "left", "right", "both", "alternate"]),
        "reps": st.integers(1, 10),
        "rest": st.integers(0, 60),
        "switch": st.integers(0, 30),
        "cues": st.just([{"at": 0, "text": "Breathe out slowly"}]),
    },
)
reps_steps = st.fixed_dictionaries(
    {"kind": st.just("reps"), "name": names, "reps": st.integers(1, 30)},
    optional={
        "sets": st.integers(1, 5),
        "rest": durations,
        "tempo": st.sampled_from([{"up": 2, "hold": 1, "down": 2}, "2-2-2", "1-0-1-1"]),
        "sides": st.sampled_from(["none", "both", "alternate"]),
    },
)
interval_steps = st.fixed_dictionaries(
    {
        "kind": st.just("interval"),
        "name": names,
        "blocks": st.lists(
            st.fixed_dictionaries({"label": names, "duration": durations}), min_size=1, max_size=4
        ),
    },
    optional={"repeat": st.integers(1, 5)},
)
rest_steps = st.fixed_dictionaries({"kind": st.just("rest"), "name": names, "duration": durations})
valid_routines = st.fixed_dictionaries(
    {
        "routine": st.fixed_dictionaries(
            {"title": names},
            optional={
                "get_ready": st.integers(0, 60),
                "sessions_per_day": st.integers(1, 10),
                "days_per_week": st.integers(1, 7),
                "safety": st.lists(names, max_size=3),
            },
        ),
        "step": st.lists(
            st.one_of(hold_steps, reps_steps, interval_steps, rest_steps), min_size=1, max_size=6
        ),
    }
)


@FUZZ
@given(valid_routines)
def test_generated_valid_routines_load(document: dict[str, Any]) -> None:
    routine = parse_routine(tomli_w.dumps(document))
    assert len(routine.steps) == len(document["step"])
    assert routine.title == document["routine"]["title"].strip()


# --------------------------------------------------------------------------- mutated files


@FUZZ
@given(st.sampled_from(BUNDLED_BYTES), st.data())
def test_truncated_bundled_routines_only_raise_routine_error(
    data: bytes, draw: st.DataObject
) -> None:
    cut = draw.draw(st.integers(0, len(data)))
    _load(data[:cut])


@FUZZ
@given(st.sampled_from(BUNDLED_BYTES), st.data())
def test_byte_flipped_bundled_routines_only_raise_routine_error(
    data: bytes, draw: st.DataObject
) -> None:
    mutated = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 8))):
        position = draw.draw(st.integers(0, len(mutated) - 1))
        mutated[position] = draw.draw(st.integers(0, 255))
    _load(bytes(mutated))


@FUZZ
@given(st.sampled_from(BUNDLED_BYTES), st.data())
def test_line_edited_bundled_routines_only_raise_routine_error(
    data: bytes, draw: st.DataObject
) -> None:
    lines = data.decode("utf-8").splitlines(keepends=True)
    for _ in range(draw.draw(st.integers(1, 5))):
        position = draw.draw(st.integers(0, len(lines) - 1))
        action = draw.draw(st.sampled_from(["drop", "repeat", "insert", "swap"]))
        if action == "drop" and len(lines) > 1:
            del lines[position]
        elif action == "repeat":
            lines.insert(position, lines[position])
        elif action == "insert":
            junk = draw.draw(st.sampled_from(JUNK_LINES) | st.text(max_size=20))
            lines.insert(position, junk)
        else:
            other = draw.draw(st.integers(0, len(lines) - 1))
            lines[position], lines[other] = lines[other], lines[position]
    _load("".join(lines))


@FUZZ
@given(st.text(max_size=200))
def test_arbitrary_text_only_raises_routine_error(text: str) -> None:
    _load(text)


@FUZZ
@given(st.binary(max_size=200))
def test_arbitrary_bytes_only_raise_routine_error(data: bytes) -> None:
    _load(data)


def test_bundled_routines_are_present() -> None:
    assert len(BUNDLED) >= 4
    assert all(isinstance(path, Path) for path in BUNDLED)


@FUZZ
@given(valid_routines)
def test_step_lines_match_their_headers(document: dict[str, Any]) -> None:
    text = tomli_w.dumps(document)
    # tomli_w writes steps as [[step]] tables, or as an inline array with one step a line.
    starts: list[int] = []
    in_array = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line == "[[step]]" or (in_array and line.startswith("    {")):
            starts.append(number)
        if line == "step = [":
            in_array = True
        elif line == "]":
            in_array = False
    routine = parse_routine(text)
    assert [step.line for step in routine.steps] == starts
