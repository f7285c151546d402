"""The JSON backup format stated once: every key, what its value must be, where it is stored.

A backup is::

    {"format": "supple-history", "version": 1, "sessions": [...]}

Each session carries the keys of :data:`SESSION_KEYS` (its ``routine`` those
of :data:`ROUTINE_KEYS`), each segment those of :data:`SEGMENT_KEYS`.  The
keys the history issue lists are required; ``app_version``, ``done_share``,
``credited``, the pain by site and the next-day check (``pain_leg_before`` ...
``next_day_at``, schema 7) and a segment's ``index`` and ``ended_at`` are optional on import
(so that nothing stored is lost, every export writes them; a session without
``credited`` has both worked out from its segments).  Times are RFC 3339 with an offset; exports
write UTC (``+00:00``).

Every reader and writer of the format is built from these tables: the
object writer and the SQL that exports a whole store
(:mod:`tui.core.history.backup`), and the explaining and fast import paths
(:mod:`tui.core.history.backup_check`).  Key order here is the order keys
are written in, and (spliced, as :func:`row_columns` gives it) the order of
the stored row the import makes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from tui.core.history.rows import SEGMENT_ROW_COLUMNS, SESSION_ROW_COLUMNS
from tui.core.history.times import rfc3339, rfc3339_sql
from tui.core.safe_text import LINE_BREAKS
from tui.core.session.engine import SegmentStatus
from tui.core.session.ratings import NextDay
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

FORMAT_NAME = "supple-history"
FORMAT_VERSION = 1


class Shape(Enum):
    """What a key's value is in the JSON."""

    TEXT = "text"
    SESSION_ID = "a UUID"
    TIME = "an RFC 3339 time"
    CHOICE = "one of a list of words"
    WHOLE = "a whole number"
    SECONDS = "a number of seconds"
    SHARE = "a share from 0 to 1"
    FLAG = "true or false"
    OBJECT = "an object"
    LIST = "a list"


#: The JSON types a valid value of each shape has (exactly: ``True`` is no whole number).
_TYPES: dict[Shape, frozenset[type]] = {
    Shape.TEXT: frozenset({str}),
    Shape.SESSION_ID: frozenset({str}),
    Shape.TIME: frozenset({str}),
    Shape.CHOICE: frozenset({str}),
    Shape.WHOLE: frozenset({int}),
    Shape.SECONDS: frozenset({int, float}),
    Shape.SHARE: frozenset({int, float}),
    Shape.FLAG: frozenset({bool}),
    Shape.OBJECT: frozenset({dict}),
    Shape.LIST: frozenset({list}),
}


@dataclass(frozen=True)
class Rule:
    """What a key's value must be."""

    shape: Shape
    #: ``null`` is allowed too.
    nullable: bool = False
    #: Whole numbers and seconds are 0 to ``high``.
    high: float = math.inf
    #: The words a choice allows.
    choices: tuple[str, ...] = ()
    #: Empty text is stored as null (notes).
    blank_is_null: bool = False
    #: The characters text may hold that :mod:`tui.core.safe_text` would not show as
    #: themselves (a note's line breaks); any other such character is refused.
    allow: str = ""
    #: The longest text may be, in characters (a note typed in supple is at most 500).
    longest: int = 10_000

    @property
    def types(self) -> frozenset[type]:
        """The exact Python types ``json.loads`` gives for a valid value."""
        return _TYPES[self.shape] | {type(None)} if self.nullable else _TYPES[self.shape]


class Fallback(Enum):
    """The default of an optional time: the session's end, or its start while unfinished."""

    SESSION_TIME = "the session's time"


@dataclass(frozen=True)
class Key:
    """One key of the format."""

    name: str
    rule: Rule
    #: The stored column its value goes to ("" for an object or a list).
    column: str = ""
    required: bool = True
    #: The value an optional key has when it is absent.
    default: object = None
    #: An object's keys, or those of each item of a list.
    keys: tuple[Key, ...] = ()


#: The longest a part may be, in seconds (a day: no routine has a part near it).
MAX_PART_SECONDS = 86_400.0
#: How far a session's parts may add up to more than its wall time: clocks are
#: read a moment apart, so a few seconds over is honest; more is not.
PARTS_OVER_WALL_SECONDS = 60.0

_TEXT = Rule(Shape.TEXT)
_SECONDS = Rule(Shape.SECONDS, high=MAX_PART_SECONDS)
_COUNT = Rule(Shape.WHOLE, high=10_000)
_RATING = Rule(Shape.WHOLE, nullable=True, high=10)

ROUTINE_KEYS: tuple[Key, ...] = (
    Key("title", _TEXT, "routine_title"),
    Key("path", _TEXT, "routine_path"),
    Key("sha256", _TEXT, "routine_sha256"),
)

SEGMENT_KEYS: tuple[Key, ...] = (
    Key("index", Rule(Shape.WHOLE, high=1_000_000), "segment_index", required=False, default=0),
    Key("step", _COUNT, "step"),
    Key("name", _TEXT, "name"),
    Key("kind", Rule(Shape.CHOICE, choices=tuple(k.value for k in SegmentKind)), "kind"),
    Key("side", Rule(Shape.TEXT, nullable=True), "side"),
    Key("rep", Rule(Shape.WHOLE, nullable=True, high=10_000), "rep"),
    Key("set", Rule(Shape.WHOLE, nullable=True, high=10_000), "set_number"),
    Key(
        "planned_seconds",
        Rule(Shape.SECONDS, nullable=True, high=MAX_PART_SECONDS),
        "planned_seconds",
    ),
    Key("actual_seconds", _SECONDS, "actual_seconds"),
    Key("status", Rule(Shape.CHOICE, choices=tuple(s.value for s in SegmentStatus)), "status"),
    Key("hurt", Rule(Shape.FLAG), "hurt"),
    Key("pain_now", _RATING, "pain_now", required=False, default=None),
    Key("label", Rule(Shape.TEXT, nullable=True), "label", required=False, default=None),
    Key(
        "reps_done",
        Rule(Shape.WHOLE, nullable=True, high=1000),
        "reps_done",
        required=False,
        default=None,
    ),
    Key(
        "ended_at",
        Rule(Shape.TIME),
        "ended_at",
        required=False,
        default=Fallback.SESSION_TIME,
    ),
)

SESSION_KEYS: tuple[Key, ...] = (
    Key("id", Rule(Shape.SESSION_ID), "id"),
    Key("routine", Rule(Shape.OBJECT), keys=ROUTINE_KEYS),
    Key("app_version", _TEXT, "app_version", required=False, default=""),
    Key("started_at", Rule(Shape.TIME), "started_at"),
    Key("ended_at", Rule(Shape.TIME, nullable=True), "ended_at"),
    Key(
        "status",
        Rule(Shape.CHOICE, nullable=True, choices=tuple(s.value for s in SessionStatus)),
        "status",
    ),
    Key("preview", Rule(Shape.FLAG), "preview"),
    Key("pain_before", _RATING, "pain_before"),
    Key("pain_after", _RATING, "pain_after"),
    Key("effort", _RATING, "effort"),
    Key(
        "notes",
        Rule(Shape.TEXT, nullable=True, blank_is_null=True, allow=LINE_BREAKS),
        "notes",
    ),
    # Absent (a backup from before they existed): worked out from the segments on import.
    Key("done_share", Rule(Shape.SHARE, nullable=True), "done_share", required=False),
    Key("credited", Rule(Shape.FLAG, nullable=True), "credited", required=False),
    # Absent (a backup from before schema 7): not asked.
    *(
        Key(name, _RATING, name, required=False)
        for name in ("pain_leg_before", "pain_back_before", "pain_leg_after", "pain_back_after")
    ),
    Key(
        "next_day",
        Rule(Shape.CHOICE, nullable=True, choices=tuple(a.value for a in NextDay)),
        "next_day",
        required=False,
    ),
    Key("next_day_at", Rule(Shape.TIME, nullable=True), "next_day_at", required=False),
    Key("segments", Rule(Shape.LIST), keys=SEGMENT_KEYS),
)


def row_columns(keys: tuple[Key, ...]) -> Iterator[str]:
    """The stored columns of ``keys`` in row order: an object's spliced in, a list left out."""
    for key in keys:
        if key.rule.shape is Shape.OBJECT:
            yield from row_columns(key.keys)
        elif key.rule.shape is not Shape.LIST:
            yield key.column


# The import turns a session into a row in this order and the store inserts it in its own.
assert tuple(row_columns(SESSION_KEYS)) == SESSION_ROW_COLUMNS
assert ("position", *row_columns(SEGMENT_KEYS)) == SEGMENT_ROW_COLUMNS


#: The segment key whose values add up to the time the parts took.
PART_SECONDS_KEY = "actual_seconds"


def session_rules(
    raw: dict[str, Any],
    started: str | None,
    ended: str | None,
    parts_seconds: float | None = None,
) -> list[str]:
    """What is wrong with a session as a whole, each ``"<key suffix>: <message>"``.

    ``started`` and ``ended`` are its times in the stored form (``None``
    when absent or not a time): fixed-width UTC text compares as the times do.
    ``parts_seconds`` is the sum of the segments' valid ``actual_seconds``
    when the caller added them up already (the fast path, walking them anyway).
    """
    problems = []
    if "status" in raw and (raw["status"] is None) != (raw.get("ended_at") is None):
        problems.append(": status and ended_at must both be given or both be null")
    if started is not None and ended is not None:
        if ended < started:
            problems.append(".ended_at: is before started_at")
        elif raw.get("preview") is False:  # a preview's parts run on a sped-up clock
            segments = raw.get("segments")
            if parts_seconds is None and isinstance(segments, list):
                parts_seconds = _parts_seconds(segments)
            if parts_seconds is not None:
                problems.extend(_parts_within_wall_time(parts_seconds, started, ended))
    return problems


def _parts_seconds(segments: list[Any]) -> float:
    """The sum of the segments' ``actual_seconds`` that are valid, in order."""
    total = 0.0
    for segment in segments:
        seconds = segment.get(PART_SECONDS_KEY) if isinstance(segment, dict) else None
        # A value out of range is refused where it is; it is not counted here too.
        if (type(seconds) is float or type(seconds) is int) and 0 <= seconds <= MAX_PART_SECONDS:
            total += seconds
    return total


def _parts_within_wall_time(total: float, started: str, ended: str) -> list[str]:
    """A problem when the parts' own times (``total`` seconds) add up to more than the session."""
    wall = (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()
    if not total <= wall + PARTS_OVER_WALL_SECONDS:  # NaN and infinity fail too
        return [
            f".segments: the parts' actual_seconds add up to {total:.0f} s, more than the "
            f"{wall:.0f} s from started_at to ended_at"
        ]
    return []


# --------------------------------------------------------------------------- writing


def json_of(value: Any, keys: tuple[Key, ...]) -> dict[str, Any]:
    """``value`` (a session, routine or segment) as its backup object.

    A key's name is the attribute of the value it is written from.
    """
    out: dict[str, Any] = {}
    for key in keys:
        field = getattr(value, key.name)
        shape = key.rule.shape
        if shape is Shape.OBJECT:
            out[key.name] = json_of(field, key.keys)
        elif shape is Shape.LIST:
            out[key.name] = [json_of(item, key.keys) for item in field]
        elif field is None:
            out[key.name] = None
        elif shape is Shape.TIME:
            out[key.name] = rfc3339(field)
        elif shape is Shape.CHOICE:
            out[key.name] = field.value
        else:
            out[key.name] = field
    return out


def _json_sql(keys: tuple[Key, ...], table: str) -> str:
    """SQL building the backup object of a row of ``table`` (``s`` sessions, ``g`` segments).

    A list (the segments, the last key) is spliced in as text: its items
    joined by ``group_concat`` rather than ``json_group_array(json(...))``,
    which parsed every segment's object again, and then the whole list.
    """
    parts = []
    listed = ""
    for key in keys:
        column = f"{table}.{key.column}"
        shape = key.rule.shape
        if shape is Shape.LIST:
            assert key is keys[-1], "a list is the last key of its object"
            items = (
                f"(SELECT group_concat(x.o, ',') FROM (SELECT {_json_sql(key.keys, 'g')}"
                f" AS o FROM segments g WHERE g.session_id = {table}.id ORDER BY g.position) AS x)"
            )
            listed = f"',\"{key.name}\":[' || COALESCE({items}, '') || ']}}'"
            continue
        if shape is Shape.OBJECT:
            expr = _json_sql(key.keys, table)
        elif shape is Shape.FLAG:
            # json() of a constant is worked out once per query, not once per row.
            otherwise = "json('null')" if key.rule.nullable else "json('false')"
            expr = (
                f"CASE {column} WHEN 1 THEN json('true') WHEN 0 THEN json('false')"
                f" ELSE {otherwise} END"
            )
        elif shape is Shape.TIME:
            expr = rfc3339_sql(column)
        else:
            expr = column
        parts.append(f"'{key.name}', {expr}")
    whole = f"json_object({', '.join(parts)})"
    if not listed:
        return whole
    # The object without its closing brace, then the list and the brace.
    return f"(SELECT substr(o, 1, length(o) - 1) FROM (SELECT {whole} AS o)) || {listed}"


#: SQL giving each session ``s`` as its backup object's text (what ``json_of`` makes of it).
SESSION_JSON_SQL = _json_sql(SESSION_KEYS, "s")
