"""Checking a backup's sessions into stored rows: a fast path and an explaining path.

Both are built from the key tables of :mod:`tui.core.history.backup_keys` and
give the same rows (the stored form :class:`~tui.core.history.records.ImportBatch`
holds).  :class:`FastRows` takes a session that is entirely valid, as nearly
every session of a real backup is, straight to its rows; it says nothing
about what is wrong (:func:`fast_path_source` shows the code it runs,
made from the tables).  :class:`BackupProblems` checks one value at a time and
words every problem with its place (``sessions[3].segments[2].status: ...``);
a session the fast path refuses goes through it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from tui.core.history.backup_keys import (
    SEGMENT_KEYS,
    SESSION_KEYS,
    Fallback,
    Key,
    Rule,
    Shape,
    session_rules,
)
from tui.core.history.records import StoredSession, canonical_session_id
from tui.core.history.rows import SESSION_ROW_COLUMNS
from tui.core.history.times import EARLIEST_YEAR, LATEST_YEAR, stored_time
from tui.core.safe_text import first_unsafe, shown, unsafe_pattern

_STARTED = SESSION_ROW_COLUMNS.index("started_at")
_ENDED = SESSION_ROW_COLUMNS.index("ended_at")


# --------------------------------------------------------------------------- the fast path


#: A valid value of each shape, as a Python condition on the value ``{v}``.
_TESTS: dict[Shape, str] = {
    Shape.TEXT: "type({v}) is str and len({v}) <= {longest} and {unsafe}({v}) is None",
    Shape.SESSION_ID: "type({v}) is str",
    Shape.TIME: "type({v}) is str",
    Shape.CHOICE: "type({v}) is str and {v} in {choices}",
    Shape.WHOLE: "type({v}) is int and 0 <= {v} <= {high}",
    # NaN fails the comparison, and so does infinity.
    Shape.SECONDS: "(type({v}) is float or type({v}) is int) and 0 <= {v} <= {high}",
    Shape.SHARE: "(type({v}) is float or type({v}) is int) and 0 <= {v} <= 1",
    Shape.FLAG: "type({v}) is bool",
    Shape.OBJECT: "type({v}) is dict",
}
#: The stored form of a valid value of each shape, as a Python expression on ``{v}``.
_STORED: dict[Shape, str] = {
    Shape.SECONDS: "round(float({v}), 3)",
    Shape.SHARE: "round(float({v}), 4)",
    Shape.FLAG: "int({v})",
}


def _fast_source(keys: tuple[Key, ...], name: str, env: dict[str, Any]) -> list[str]:
    """Python source of ``name(raw, fallback)``: ``raw``'s row values if all are valid, else None.

    It tests each key's value by its rule, inline, the way one would write it
    by hand for speed; objects are tested by a function of their own
    (``env`` collects what the source refers to).
    """
    scalars = [k for k in keys if k.rule.shape is not Shape.LIST]
    env[f"{name}_required"] = frozenset(k.name for k in keys if k.required)
    env[f"{name}_allowed"] = frozenset(k.name for k in keys)
    lines = [
        f"def {name}(raw, fallback):",
        "    if type(raw) is not dict:",
        "        return None",
        "    keys = raw.keys()",
        f"    if not (keys >= {name}_required and keys <= {name}_allowed):",
        "        return None",
    ]
    tests, stored, after = [], [], []
    for n, key in enumerate(scalars):
        v, rule = f"v{n}", key.rule
        if key.required:
            lines.append(f"    {v} = raw[{key.name!r}]")
        else:
            default = "fallback" if key.default is Fallback.SESSION_TIME else repr(key.default)
            lines.append(f"    {v} = raw.get({key.name!r}, {default})")
        env[f"{name}_{v}_choices"] = frozenset(rule.choices)
        env[f"{name}_{v}_unsafe"] = unsafe_pattern(rule.allow).search
        names = {"choices": f"{name}_{v}_choices", "unsafe": f"{name}_{v}_unsafe"}
        test = _TESTS[rule.shape].format(v=v, high=rule.high, longest=rule.longest, **names)
        tests.append(f"({v} is None or {test})" if rule.nullable else f"({test})")
        value = _STORED.get(rule.shape, "{v}").format(v=v)
        if rule.nullable and rule.shape in _STORED:
            value = f"None if {v} is None else {value}"
        stored.append(f"({value} or None)" if rule.blank_is_null else value)
        when = f"{v} is not None and " if rule.nullable else ""
        if rule.shape is Shape.TIME:
            after += [f"    if {when}({v} := stored_time({v})) is None:", "        return None"]
        elif rule.shape is Shape.SESSION_ID:
            after += [
                "    try:",
                f"        {v} = canonical_session_id({v})",
                "    except ValueError:",
                "        return None",
            ]
        elif rule.shape is Shape.OBJECT:
            inner = f"{name}_{key.name}"
            lines[:0] = _fast_source(key.keys, inner, env)
            after += [
                f"    {v} = {inner}({v}, None)",
                f"    if {v} is None:",
                "        return None",
            ]
            stored[-1] = f"*{v}"
    lines += ["    if not (", "        " + "\n        and ".join(tests), "    ):"]
    lines += ["        return None", *after, f"    return ({', '.join(stored)},)", ""]
    return lines


def _compile_fast(keys: tuple[Key, ...], name: str) -> Callable[[object, str | None], Any]:
    """The fast path's test of ``keys``, made from them once (see :func:`_fast_source`)."""
    env: dict[str, Any] = {
        "inf": math.inf,
        "stored_time": stored_time,
        "canonical_session_id": canonical_session_id,
    }
    # The source is made from the constant key tables above, never from a file's text.
    exec("\n".join(_fast_source(keys, name, env)), env)
    function: Callable[[object, str | None], Any] = env[name]
    return function


def fast_path_source() -> str:
    """The Python source the fast path runs, made from the key tables (to read, or debug)."""
    env: dict[str, Any] = {}
    return "\n".join(
        [
            *_fast_source(SESSION_KEYS, "session_row", env),
            *_fast_source(SEGMENT_KEYS, "segment_row", env),
        ]
    )


class FastRows:
    """The fast path: a session's rows if it is entirely valid, else ``None``.

    A backup of ten years holds over 150,000 segments; checking each the
    explaining way would take seconds, so valid sessions take this path.  It
    never accepts what :class:`BackupProblems` refuses and gives the rows it
    gives: both are made from the same key tables.
    """

    _session = staticmethod(_compile_fast(SESSION_KEYS, "session_row"))
    _segment = staticmethod(_compile_fast(SEGMENT_KEYS, "segment_row"))

    def session(self, raw: object) -> StoredSession | None:
        """The rows of session ``raw``, or ``None`` (then :class:`BackupProblems` says why)."""
        row = self._session(raw, None)
        if row is None:
            return None
        assert isinstance(raw, dict)
        started, ended = row[_STARTED], row[_ENDED]
        if session_rules(raw, started, ended):
            return None
        raw_segments = raw["segments"]
        if type(raw_segments) is not list:
            return None
        sid, fallback, segment = row[0], ended or started, self._segment
        segments = []
        for position, raw_segment in enumerate(raw_segments):
            values = segment(raw_segment, fallback)
            if values is None:
                return None
            segments.append((sid, position, *values))
        return row, tuple(segments)


# --------------------------------------------------------------------------- the explaining path


class BackupProblems:
    """The explaining path: collects every problem with its place instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        """Note one problem at ``where``."""
        self.problems.append(f"{where}: {message}")

    def obj(self, value: object, where: str) -> dict[str, Any] | None:
        """``value`` if it is an object, else ``None`` (and a problem)."""
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {describe(value)}")
            return None
        return value

    def keys(self, value: dict[str, Any], where: str, keys: Sequence[Key]) -> None:
        """Note every missing required key and every unknown key of ``value``."""
        allowed = {k.name for k in keys}
        for key in keys:
            if key.required and key.name not in value:
                self.fail(where, f'missing "{key.name}"')
        for name in value:
            if name not in allowed:
                self.fail(where, f'unknown key "{name}"')

    def session(self, raw: object, where: str) -> StoredSession | None:
        """The rows of session ``raw``, or ``None`` with every problem noted."""
        before = len(self.problems)
        item = self.obj(raw, where)
        if item is None:
            return None
        row = self.values(item, where, SESSION_KEYS, None)
        started, ended = row[_STARTED], row[_ENDED]
        for problem in session_rules(item, started, ended):
            self.problems.append(where + problem)
        raw_segments = item.get("segments")
        segments = []
        if not isinstance(raw_segments, list):
            self.fail(f"{where}.segments", f"expected a list, got {describe(raw_segments)}")
        else:
            for position, raw_segment in enumerate(raw_segments):
                at = f"{where}.segments[{position}]"
                segment = self.obj(raw_segment, at)
                if segment is not None:
                    values = self.values(segment, at, SEGMENT_KEYS, ended or started)
                    segments.append((row[0], position, *values))
        if len(self.problems) > before:
            return None
        return tuple(row), tuple(segments)

    def values(
        self, item: dict[str, Any], where: str, keys: tuple[Key, ...], fallback: str | None
    ) -> list[Any]:
        """``item``'s values in row order and stored form (``None`` for each one refused)."""
        self.keys(item, where, keys)
        out: list[Any] = []
        for key in keys:
            at = f"{where}.{key.name}"
            if key.rule.shape is Shape.LIST:
                continue
            if key.rule.shape is Shape.OBJECT:
                inner = self.obj(item.get(key.name), at)
                if inner is None:
                    out.extend(None for _ in key.keys)
                else:
                    out.extend(self.values(inner, at, key.keys, fallback))
                continue
            if key.name in item or key.required:
                out.append(self.value(key.rule, item.get(key.name), at))
            elif key.default is Fallback.SESSION_TIME:
                out.append(fallback)  # None only when the session's own time is refused
            else:
                out.append(self.value(key.rule, key.default, at))
        return out

    def value(self, rule: Rule, value: object, where: str) -> Any:
        """``value`` in the stored form if it keeps ``rule``, else ``None`` and a problem."""
        if value is None and rule.nullable:
            return None
        shape = rule.shape
        if shape is Shape.TEXT or shape is Shape.SESSION_ID:
            return self._text(rule, value, where)
        if shape is Shape.TIME:
            return self._time(value, where)
        if shape is Shape.CHOICE:
            if value not in rule.choices:
                self.fail(where, f"must be one of {', '.join(rule.choices)}, got {value!r}")
                return None
            return value
        if shape is Shape.FLAG:
            if not isinstance(value, bool):
                self.fail(where, f"expected true or false, got {describe(value)}")
                return None
            return int(value)
        return self._number(rule, value, where)

    def _text(self, rule: Rule, value: object, where: str) -> str | None:
        if not isinstance(value, str):
            self.fail(where, f"expected text, got {describe(value)}")
            return None
        if len(value) > rule.longest and rule.shape is Shape.TEXT:
            self.fail(where, f"is {len(value):,} characters long, more than {rule.longest:,}")
            return None
        unsafe = first_unsafe(value, rule.allow)
        if unsafe is not None and rule.shape is Shape.TEXT:
            self.fail(
                where,
                f"holds {unsafe}, a control, direction or invisible character that a "
                "terminal would act on rather than show; supple does not store text with one",
            )
            return None
        if rule.shape is Shape.SESSION_ID:
            try:
                return canonical_session_id(value)
            except ValueError:
                self.fail(where, f"not a UUID: {shown(repr(value))}")
                return None
        return (value or None) if rule.blank_is_null else value

    def _time(self, value: object, where: str) -> str | None:
        if not isinstance(value, str):
            self.fail(where, f"expected an RFC 3339 time, got {describe(value)}")
            return None
        stored = stored_time(value)
        if stored is None:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                self.fail(where, f"not an RFC 3339 time: {shown(repr(value))}")
            else:
                if parsed.tzinfo is None:
                    self.fail(where, f"time has no UTC offset: {value!r}")
                else:
                    self.fail(
                        where,
                        f"must be a time in the years {EARLIEST_YEAR} to {LATEST_YEAR}, "
                        f"got {value!r}",
                    )
        return stored

    def _number(self, rule: Rule, value: object, where: str) -> float | int | None:
        if rule.shape is Shape.WHOLE:
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(where, f"expected a whole number, got {describe(value)}")
                return None
            if not 0 <= value <= rule.high:
                self.fail(where, f"must be from 0 to {rule.high:.0f}, got {number_words(value)}")
                return None
            return value
        if rule.shape is Shape.SHARE:
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.fail(where, f"expected a number from 0 to 1, got {describe(value)}")
                return None
            if not 0 <= value <= 1:
                self.fail(where, f"must be from 0 to 1, got {number_words(value)}")
                return None
            return round(float(value), 4)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"expected a number of seconds, got {describe(value)}")
            return None
        # An integer of thousands of digits is compared exactly (math.isfinite would
        # overflow on it); NaN fails the comparison.
        if not 0 <= value <= rule.high or (isinstance(value, float) and not math.isfinite(value)):
            self.fail(
                where,
                f"must be a finite number of seconds, from 0 to {rule.high:.0f}, "
                f"got {number_words(value)}",
            )
            return None
        return round(float(value), 3)


class HugeNumber:
    """A JSON integer with too many digits to be a count or a rating, kept unread.

    Python refuses to read integers of more than 4300 digits; when a file
    holds one, the import reads it again with every integer of more than
    :data:`MAX_DIGITS` digits as this, and the checks refuse it with its
    place, like any other wrong value.
    """

    __slots__ = ("digits",)

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))


#: The most digits a whole number in a backup may have (a count is at most 7).
MAX_DIGITS = 18


def bounded_int(text: str) -> int | HugeNumber:
    """A JSON integer's value, or a :class:`HugeNumber` for one of more than MAX_DIGITS digits."""
    return HugeNumber(text) if len(text) > MAX_DIGITS + 1 else int(text)


def number_words(value: float) -> str:
    """A number as a message shows it: a long integer by its length, not its digits."""
    if isinstance(value, int) and not -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:
        return f"a number {len(str(abs(value)))} digits long"
    return str(value)


def describe(value: object) -> str:
    """A JSON value in a few words, for a problem's message."""
    if value is None:
        return "null"
    if isinstance(value, HugeNumber):
        return f"a number {value.digits} digits long"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int) and not -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:
        return number_words(value)
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {shown(repr(value))}" if len(value) < 40 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
