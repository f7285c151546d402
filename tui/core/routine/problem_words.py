"""The words of a routine file's problems: values, keys, kinds, bounds and steps as named there.

Every message the loader writes names things the way a therapist wrote them in
the file (``true``, ``"30s"``, ``[[step]]``), never as Python shows them.
"""

from __future__ import annotations

import difflib
import math
from typing import Any

from tui.core.routine.durations import format_duration
from tui.core.routine.model import StepKind
from tui.core.routine.spec import STEP_KEYS, KeySpec
from tui.core.safe_text import shown


def as_toml(value: object) -> str:
    """``value`` as it would be written in TOML, short enough for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # only a message needs it; loading a good routine does not

        text = json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
        return shown(text)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else "a very large number"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def did_you_mean(key: str, candidates: list[str] | tuple[str, ...]) -> str:
    """A hint naming the candidate closest to a mistyped ``key`` ("" when none is close)."""
    close = difflib.get_close_matches(key.lower(), candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def kind_list(kinds: frozenset[StepKind]) -> str:
    """Kinds of step in words, in the model's order: "hold, reps and interval"."""
    names = [k.value for k in StepKind if k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def bounds_words(spec: KeySpec) -> str:
    """A key's bounds in words: "from 1 to 10", "from 1 s to 10 min"."""
    low = spec.low if spec.low is not None else 0
    high = spec.high if spec.high is not None else 0
    if spec.type == "duration":
        return f"from {format_duration(low)} to {format_duration(high)}"
    return f"from {low:g} to {high:g}"


_NAME_LENGTH = next(k.max_length or 0 for k in STEP_KEYS if k.name == "name")


def step_prefix(number: int, raw: dict[str, Any]) -> str:
    """How a step's problems begin: its number, and its name when it has a usable one."""
    name = raw.get("name")
    if not (isinstance(name, str) and name.strip() and len(name) <= _NAME_LENGTH):
        return f"step {number}: "
    stripped = name.strip()
    simple = stripped.isprintable() and '"' not in stripped and "\\" not in stripped
    return f'step {number} "{stripped}": ' if simple else f"step {number} {as_toml(stripped)}: "
