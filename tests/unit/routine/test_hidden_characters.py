"""Routine text with characters a screen would act on is refused; files that are not files too."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.support.routine_texts import HEADER, HOLD, only_problem
from tui.core.routine.loader import load_routine, parse_routine
from tui.core.routine.model import Problem, RoutineError


@pytest.mark.parametrize(
    ("escape", "shown"),
    [
        ("\\u202e", "<U+202E>"),  # right-to-left override
        ("\\u2066", "<U+2066>"),  # left-to-right isolate
        ("\\u200b", "<U+200B>"),  # zero-width space
        ("\\ufeff", "<U+FEFF>"),  # zero-width no-break space
        ("\\u009b", "\\x9b"),  # C1 control sequence introducer
        ("\\u007f", "\\x7f"),  # DEL
    ],
)
def test_direction_and_invisible_characters_are_refused_by_name(escape: str, shown: str) -> None:
    text = HEADER + HOLD.replace('name = "Stretch"', f'name = "Str{escape}etch"')
    problem = only_problem(text)
    assert problem.startswith("r.toml:5:")
    assert f"holds {shown}" in problem
    assert problem.endswith("'name' must not contain control characters")


def test_instructions_may_still_hold_tabs_and_line_breaks() -> None:
    text = HEADER + HOLD + 'instructions = """\nOne.\n\tTwo.\n"""\n'
    assert parse_routine(text).steps[0].instructions == "One.\n\tTwo."


def test_a_file_name_with_escape_sequences_is_shown_visibly() -> None:
    problem = Problem("evil\x1b]0;pwned\x07\u202e.toml", 3, "bad \x9b value")
    assert str(problem) == "evil\\x1b]0;pwned\\x07<U+202E>.toml:3: bad \\x9b value"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    found: list[str] = []

    def load() -> None:
        try:
            load_routine(fifo)
        except RoutineError as exc:
            found.append(str(exc))

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the reader so the test run can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("load_routine blocked on a FIFO")
    assert found == [f"{fifo}: is not a routine file (a device, pipe or socket, not a file)"]


def test_a_device_is_refused() -> None:
    with pytest.raises(RoutineError, match="not a routine file"):
        load_routine("/dev/zero")
