"""Durations as therapists write them, and as patients read them.

A duration in a routine file is either a number of seconds (``30``, ``7.5``)
or text made of a number and a unit, largest unit first: ``"30s"``, ``"2m"``,
``"1m30s"``, ``"1h 5min"``, ``"90"``.  Units: ``h`` (``hr``, ``hour``,
``hours``), ``m`` (``min``, ``mins``, ``minute``, ``minutes``) and ``s``
(``sec``, ``secs``, ``second``, ``seconds``); case and spaces do not matter.
"""

from __future__ import annotations

import math
import re

#: Every unit word a duration text may use, and its length in seconds.
UNIT_SECONDS: dict[str, int] = {
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
}

#: A number in a duration text: digits with an optional fraction, or a bare fraction.
DURATION_NUMBER = r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_PLAIN = re.compile(rf"\s*({DURATION_NUMBER})\s*")
_PART = re.compile(rf"\s*({DURATION_NUMBER})\s*([a-z]+)\s*")

#: Longest duration text accepted (anything longer is certainly a mistake).
MAX_TEXT_LENGTH = 40

#: How a duration may be written, for error messages.
DURATION_HINT = 'a number of seconds or text like "30s", "2m" or "1m30s"'


class DurationError(ValueError):
    """A value is not a duration; the message says why, in plain words."""


def parse_duration(value: object) -> float:
    """Seconds in ``value`` (a number of seconds or duration text).

    Raises :class:`DurationError` for anything else, including booleans,
    negative, infinite or NaN numbers.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise DurationError(f"expected {DURATION_HINT}")
    if isinstance(value, str):
        return _parse_text(value)
    seconds = float(value) if abs(value) < 1e300 else math.inf
    if not math.isfinite(seconds):
        raise DurationError("expected a finite number of seconds")
    if seconds < 0:
        raise DurationError("a duration cannot be negative")
    return seconds


def _parse_text(text: str) -> float:
    if len(text) > MAX_TEXT_LENGTH:
        raise DurationError(f"expected {DURATION_HINT}")
    lowered = text.lower()
    plain = _PLAIN.fullmatch(lowered)
    if plain is not None:
        return float(plain.group(1))
    total = 0.0
    position = 0
    last_unit = math.inf
    for match in _PART.finditer(lowered):
        if match.start() != position:
            break
        unit = UNIT_SECONDS.get(match.group(2))
        if unit is None:
            raise DurationError(f"unknown unit {match.group(2)!r}: use h, m or s")
        if unit >= last_unit:
            raise DurationError('write each unit once, largest first, like "1m30s"')
        last_unit = unit
        total += float(match.group(1)) * unit
        position = match.end()
    if position == 0 or position != len(lowered):
        raise DurationError(f"expected {DURATION_HINT}")
    return total


def format_duration(seconds: float) -> str:
    """``seconds`` as a patient reads it: ``"45 s"``, ``"12 min 30 s"``, ``"1 h 5 min"``.

    Whole seconds are shown (rounded); under a minute, fractions of a second
    are kept to one decimal (``"2.5 s"``).
    """
    if seconds < 60 and seconds != int(seconds):
        return f"{round(seconds, 1):g} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts: list[str] = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)
