"""Routine texts and problem helpers shared by the routine room's tests."""

from __future__ import annotations

import pytest

from tui.core.routine.loader import parse_routine
from tui.core.routine.model import RoutineError

HEADER = '[routine]\ntitle = "Test"\n'
HOLD = '[[step]]\nkind = "hold"\nname = "Stretch"\nhold = 30\n'


def problems(text: str | bytes, filename: str = "r.toml") -> list[str]:
    """The problems ``text`` raises, as printed."""
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, filename)
    return [str(p) for p in caught.value.problems]


def only_problem(text: str | bytes) -> str:
    """The one problem ``text`` raises (the test fails if there are more or none)."""
    found = problems(text)
    assert len(found) == 1, found
    return found[0]
