"""Routine files shaped to make the TOML parser blow up are refused before it runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.routine_texts import HEADER, HOLD, only_problem
from tui.core.routine.toml_lines import MAX_KEY_PARTS, MAX_NESTING, screen_shapes

#: Each shape issue 12 measured (40 KB took 2.4 GB), preceded by two good lines.
BOMBS = {
    "dotted key": HEADER + "a" + ".a" * 20_000 + " = 1\n",
    "dotted table header": HEADER + "[a" + ".a" * 20_000 + "]\n",
    "inline dotted table": HEADER + "x = {a" + ".a" * 20_000 + " = 1}\n",
    "nested arrays": HEADER + "x = " + "[" * 20_000 + "]" * 20_000 + "\n",
    "nested inline tables": HEADER + "x = " + "{a = " * 20_000 + "}" * 20_000 + "\n",
}


@pytest.mark.parametrize("text", BOMBS.values(), ids=BOMBS.keys())
def test_blow_up_shapes_are_refused_with_their_line(text: str) -> None:
    problem = only_problem(text)
    assert problem.startswith("r.toml:3: not valid TOML for supple: ")
    assert "deep" in problem or "parts joined by dots" in problem


def test_a_dotted_name_of_the_most_parts_is_left_to_the_parser() -> None:
    name = ".".join(["a"] * MAX_KEY_PARTS)
    assert screen_shapes(f"{name} = 1\n", "r.toml") is None
    assert screen_shapes(f"{name}.a = 1\n", "r.toml") is not None


def test_nesting_to_the_limit_is_left_to_the_parser() -> None:
    assert screen_shapes("x = " + "[" * MAX_NESTING + "]" * MAX_NESTING, "r.toml") is None
    deeper = "x = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1)
    assert screen_shapes(deeper, "r.toml") is not None


def test_dots_and_brackets_in_strings_and_comments_are_not_counted() -> None:
    text = (
        HEADER
        + 'notes = "'
        + "a." * 50
        + "[" * 50
        + '"\n'
        + "# "
        + "a." * 50
        + "{" * 50
        + "\n"
        + "instructions = '''\n"
        + "x." * 50
        + "\n"
        + "[" * 50
        + "\n'''\n"
        + HOLD
    )
    assert screen_shapes(text, "r.toml") is None


def test_numbers_and_times_are_not_dotted_names() -> None:
    assert screen_shapes("x = [1.5, 2.25, 3.0]\nt = 12:00:00.5\n", "r.toml") is None


def test_lines_after_a_multiline_string_are_counted() -> None:
    text = HEADER + 'notes = """\n\n\n"""\n' + "a" + ".a" * 20 + " = 1\n"
    assert only_problem(text).startswith("r.toml:7:")


_MEASURE = """
import json, sys, time, tracemalloc
from tui.core.routine.loader import parse_routine
from tui.core.routine.model import RoutineError
text = '[routine]\\ntitle = "T"\\n' + "a" + ".a" * 20_000 + " = 1\\n"
tracemalloc.start()
start = time.perf_counter()
try:
    parse_routine(text, "bomb.toml")
except RoutineError as exc:
    message = str(exc)
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1]
# The peak resident size of this process (VmHWM starts afresh at exec; ru_maxrss does not).
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
figures = {"bytes": len(text), "seconds": seconds, "peak": peak, "rss": rss}
print(json.dumps({**figures, "message": message}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_a_40_kb_dotted_key_is_refused_fast_and_small() -> None:
    """The figures issue 12 asks for, measured in a fresh process: memory is asserted,
    the time (asked: under 0.1 s) printed, since the suite never asserts on time."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE], capture_output=True, text=True, check=True, timeout=60
    )
    figures = json.loads(done.stdout)
    print(
        f"\n40 KB dotted key: refused in {figures['seconds'] * 1000:.1f} ms, "
        f"peak traced {figures['peak'] / 1e6:.1f} MB, max RSS {figures['rss'] / 1e6:.0f} MB"
    )
    assert figures["bytes"] >= 40_000
    assert figures["message"].startswith("bomb.toml:3:")
    assert figures["rss"] < 100 * 1024 * 1024
