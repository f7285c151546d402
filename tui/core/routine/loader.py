"""Read a routine file (TOML, format version 1) into a :class:`~tui.core.routine.model.Routine`.

Every problem in a file is collected and raised at once as a
:class:`~tui.core.routine.model.RoutineError`, each as ``FILE:LINE: message`` naming
the step by number and name, so a therapist can fix a file in one pass.  No
input makes :func:`parse_routine` raise anything else.

A routine file is data: the loader never evaluates anything and never reads
any other file.  The rules (keys, defaults, bounds) are written once, in the
``ROUTINE_KEYS`` / ``STEP_KEYS`` / ``TEMPO_KEYS`` / ``BLOCK_KEYS`` /
``CUE_KEYS`` tables below; :mod:`tui.core.routine.schema` builds the JSON Schema from
the same tables, and ``docs/routine-format.md`` documents them.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import hashlib
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from tui.core.routine.durations import DurationError, format_duration, parse_duration
from tui.core.routine.model import (
    FORMAT_VERSION,
    Block,
    Problem,
    Routine,
    RoutineError,
    Sides,
    Step,
    StepKind,
    Tempo,
    TextCue,
)

#: Largest routine file accepted, in bytes (checked before parsing).
MAX_FILE_BYTES = 256 * 1024
#: Most steps in one routine.
MAX_STEPS = 500
#: At most this many problems are listed for one file; the rest are counted.
MAX_PROBLEMS = 100

ValueType = Literal[
    "text",  # one line of text
    "paragraph",  # text that may span lines
    "whole",  # a whole number
    "duration",  # seconds, or text like "30s"
    "bool",
    "choice",  # one of ``choices``
    "lines",  # a list of one-line texts
    "tempo",
    "blocks",
    "cues",
    "version",
]

_ALL_KINDS = frozenset(StepKind)
_WORK_KINDS = frozenset({StepKind.HOLD, StepKind.REPS, StepKind.INTERVAL})
_SIDED_KINDS = frozenset({StepKind.HOLD, StepKind.REPS})


@dataclass(frozen=True)
class KeySpec:
    """One key of the routine format: its type, bounds, default and meaning."""

    name: str
    type: ValueType
    title: str
    description: str
    required: bool = False
    #: The value used when the key is left out (``None``: no default).
    default: object = None
    #: Bounds, inclusive (seconds for durations).
    low: float | None = None
    high: float | None = None
    #: Longest text, or most items of a list.
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    #: Step keys: the kinds of step that take the key.
    kinds: frozenset[StepKind] = _ALL_KINDS
    #: Step keys: the kinds of step that must have it.
    required_for: frozenset[StepKind] = frozenset()
    #: A short example, shown when the key is missing.
    example: str = ""


ROUTINE_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "title",
        "text",
        "Title",
        "The routine's name as the patient sees it.",
        required=True,
        max_length=120,
        example='title = "Gentle stretches, week 1"',
    ),
    KeySpec(
        "version",
        "version",
        "Format version",
        "The routine format version; only 1 exists.",
        default=FORMAT_VERSION,
    ),
    KeySpec(
        "author",
        "text",
        "Author",
        "The clinic or therapist who wrote the routine.",
        default="",
        max_length=120,
    ),
    KeySpec(
        "description",
        "paragraph",
        "Description",
        "What the routine is for, in a few sentences.",
        default="",
        max_length=4000,
    ),
    KeySpec(
        "sessions_per_day",
        "whole",
        "Sessions per day",
        "Prescription: how many times a day to do the routine.",
        low=1,
        high=10,
    ),
    KeySpec(
        "days_per_week",
        "whole",
        "Days per week",
        "Prescription: on how many days a week to do the routine.",
        low=1,
        high=7,
    ),
    KeySpec(
        "get_ready",
        "duration",
        "Get ready",
        "Lead-in before each exercise step (not before rest steps); 0 turns it off.",
        default=5.0,
        low=0,
        high=60,
    ),
    KeySpec(
        "ask_pain_before",
        "bool",
        "Ask pain before",
        "Ask for a 0-10 pain rating before the session (one after it is always offered).",
        default=True,
    ),
    KeySpec(
        "voice",
        "bool",
        "Voice",
        "Speak the cues aloud (true) or not (false); left out, the patient's setting decides.",
    ),
    KeySpec(
        "safety",
        "lines",
        "Safety",
        "The therapist's stop rules, one line each, shown before and during the session.",
        default=(),
        max_length=20,
    ),
    KeySpec(
        "contact",
        "text",
        "Contact",
        "Who to call with questions, e.g. the clinic's phone.",
        default="",
        max_length=300,
    ),
)

STEP_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "kind",
        "choice",
        "Kind",
        "hold: timed holds; reps: sets of repetitions; interval: timed blocks such as "
        "walk/sit; rest: a pause.",
        required=True,
        choices=tuple(k.value for k in StepKind),
        example='kind = "hold"',
    ),
    KeySpec(
        "name",
        "text",
        "Name",
        "The exercise's name.",
        required=True,
        max_length=80,
        example='name = "Lying hamstring stretch"',
    ),
    KeySpec(
        "instructions",
        "paragraph",
        "Instructions",
        "How to do the exercise.",
        default="",
        max_length=2000,
    ),
    KeySpec(
        "sides",
        "choice",
        "Sides",
        "none, left or right: one side; both: every unit on the left, then every unit on "
        "the right; alternate: left, right, left, right.",
        default="none",
        choices=tuple(s.value for s in Sides),
        kinds=_SIDED_KINDS,
    ),
    KeySpec(
        "hold",
        "duration",
        "Hold",
        "Length of one hold.",
        low=1,
        high=600,
        kinds=frozenset({StepKind.HOLD}),
        required_for=frozenset({StepKind.HOLD}),
        example='hold = "30s"',
    ),
    KeySpec(
        "reps",
        "whole",
        "Reps",
        "hold steps: holds per side (default 1); reps steps: repetitions per set (required).",
        default=1,
        low=1,
        high=100,
        kinds=_SIDED_KINDS,
        required_for=frozenset({StepKind.REPS}),
        example="reps = 10",
    ),
    KeySpec(
        "sets",
        "whole",
        "Sets",
        "Number of sets (per side).",
        default=1,
        low=1,
        high=20,
        kinds=frozenset({StepKind.REPS}),
    ),
    KeySpec(
        "rest",
        "duration",
        "Rest",
        "Rest between holds (hold) or between sets (reps).",
        default=0.0,
        low=0,
        high=600,
        kinds=_SIDED_KINDS,
    ),
    KeySpec(
        "switch",
        "duration",
        "Switch",
        "Time to change sides (sides both or alternate).",
        default=5.0,
        low=0,
        high=120,
        kinds=_SIDED_KINDS,
    ),
    KeySpec(
        "tempo",
        "tempo",
        "Tempo",
        'Seconds per phase of each rep, as { up = 2, hold = 2, down = 2 } or "2-2-2" '
        "(up-hold-down, optionally -pause); left out, the patient ends each set.",
        kinds=frozenset({StepKind.REPS}),
    ),
    KeySpec(
        "blocks",
        "blocks",
        "Blocks",
        "Timed blocks played in order, e.g. a walk then a sitting rest.",
        max_length=50,
        kinds=frozenset({StepKind.INTERVAL}),
        required_for=frozenset({StepKind.INTERVAL}),
        example='blocks = [{ label = "Walk at an easy pace", duration = "5m" }]',
    ),
    KeySpec(
        "repeat",
        "whole",
        "Repeat",
        "How many times the blocks are played.",
        default=1,
        low=1,
        high=50,
        kinds=frozenset({StepKind.INTERVAL}),
    ),
    KeySpec(
        "duration",
        "duration",
        "Duration",
        "Length of the rest.",
        low=1,
        high=1800,
        kinds=frozenset({StepKind.REST}),
        required_for=frozenset({StepKind.REST}),
        example='duration = "1m"',
    ),
    KeySpec(
        "cues",
        "cues",
        "Cues",
        "Text shown (and spoken where voice is on) at an offset into each hold, set or block.",
        default=(),
        max_length=20,
        kinds=_WORK_KINDS,
    ),
)

#: Longest tempo phase, in seconds.
TEMPO_PHASE_HIGH = 30.0

TEMPO_KEYS: tuple[KeySpec, ...] = tuple(
    KeySpec(phase, "duration", phase.capitalize(), text, default=0.0, low=0, high=TEMPO_PHASE_HIGH)
    for phase, text in (
        ("up", "Seconds to lift or push."),
        ("hold", "Seconds to hold at the top."),
        ("down", "Seconds to lower."),
        ("pause", "Seconds to rest before the next rep."),
    )
)
#: Bounds of one paced rep (all tempo phases together), in seconds.
TEMPO_REP_LOW, TEMPO_REP_HIGH = 1.0, 60.0

BLOCK_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "label",
        "text",
        "Label",
        'What to do in this block, e.g. "Walk at an easy pace".',
        required=True,
        max_length=80,
        example='label = "Walk at an easy pace"',
    ),
    KeySpec(
        "duration",
        "duration",
        "Duration",
        "Length of the block.",
        required=True,
        low=5,
        high=7200,
        example='duration = "5m"',
    ),
)

CUE_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "at",
        "duration",
        "At",
        "When to show the text, counted from the start of each hold, set or block; it must "
        "fall inside it.",
        required=True,
        low=0,
        high=7200,
        example='at = "15s"',
    ),
    KeySpec(
        "text",
        "text",
        "Text",
        'The words to show, e.g. "Breathe out slowly".',
        required=True,
        max_length=200,
        example='text = "Breathe out slowly"',
    ),
)

TOP_KEYS = ("routine", "step")

_ROUTINE_SPEC = {k.name: k for k in ROUTINE_KEYS}
_STEP_SPEC = {k.name: k for k in STEP_KEYS}
_TEMPO_SPEC = {k.name: k for k in TEMPO_KEYS}
_BLOCK_SPEC = {k.name: k for k in BLOCK_KEYS}
_CUE_SPEC = {k.name: k for k in CUE_KEYS}

#: C0 and C1 control characters; newline and tab are allowed where noted.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TEMPO_TEXT = re.compile(
    r"\s*([0-9]+(?:\.[0-9]+)?)\s*-\s*([0-9]+(?:\.[0-9]+)?)\s*-\s*([0-9]+(?:\.[0-9]+)?)"
    r"(?:\s*-\s*([0-9]+(?:\.[0-9]+)?))?\s*"
)
_SYNTAX_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_SYNTAX_END = re.compile(r"\s*\(at end of document\)\s*$")

Path_ = tuple[str | int, ...]


# --------------------------------------------------------------------------- entry points


def load_routine(path: str | Path) -> Routine:
    """Read and check the routine file at ``path``.

    The routine's ``source`` is set to ``path`` and ``sha256`` to the hash of
    the file's bytes.  Raises :class:`RoutineError` for an unreadable file too.
    """
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise RoutineError([Problem(name, 0, "is a folder, not a routine file")]) from None
    except FileNotFoundError:
        raise RoutineError([Problem(name, 0, "no such file")]) from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise RoutineError([Problem(name, 0, f"cannot read the file: {reason}")]) from None
    routine = parse_routine(data, name)
    return replace(routine, source=path)


def parse_routine(text: str | bytes, filename: str = "<routine>") -> Routine:
    """Check routine ``text`` (TOML) and build the :class:`Routine` it describes.

    Raises :class:`RoutineError` listing every problem found; nothing else.
    """
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            line = text.count("\n", 0, exc.start) + 1
            raise RoutineError(
                [Problem(filename, line, "the text holds characters that are not valid Unicode")]
            ) from None
    else:
        data = bytes(text)
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError(
            [
                Problem(
                    filename,
                    0,
                    f"the file is too large: a routine file may be at most "
                    f"{MAX_FILE_BYTES // 1024} KiB",
                )
            ]
        )
    source = _decode(data, filename)
    document = _parse_toml(source, filename)
    checker = _Checker(filename, source)
    routine = checker.routine(document)
    checker.raise_if_any()
    assert routine is not None  # a routine is built whenever there are no problems
    return replace(routine, sha256=hashlib.sha256(data).hexdigest())


# --------------------------------------------------------------------------- reading text


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark some editors write
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RoutineError(
            [
                Problem(
                    filename,
                    line,
                    "the file is not UTF-8 text: save it with UTF-8 encoding",
                    column=column,
                )
            ]
        ) from None


def _parse_toml(source: str, filename: str) -> dict[str, Any]:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise RoutineError([_syntax_problem(exc, source, filename)]) from None
    except (ValueError, RecursionError, OverflowError) as exc:
        # tomllib can fail this way on extreme input (very long numbers, deep nesting).
        message = (
            "the file is nested too deeply"
            if isinstance(exc, RecursionError)
            else ("a value is too large to read")
        )
        raise RoutineError([Problem(filename, 0, f"not valid TOML: {message}")]) from None


def _syntax_problem(exc: tomllib.TOMLDecodeError, source: str, filename: str) -> Problem:
    message = str(exc.args[0]) if exc.args else str(exc)
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    where = _SYNTAX_WHERE.search(message)
    if where is not None:
        line, column = int(where.group(1)), int(where.group(2))
        message = message[: where.start()]
    elif _SYNTAX_END.search(message) is not None:
        message = _SYNTAX_END.sub("", message)
        line = source.count("\n") + 1
        column = None
    if message == "Invalid value":
        message += ' (text must be in quotes, e.g. name = "Cat-camel")'
    return Problem(filename, line or 1, f"TOML syntax error: {message}", column=column)


# --------------------------------------------------------------------------- line numbers

_WS = re.compile(r"[ \t]*")
_BLANK = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_LINE_END = re.compile(r"[^\n]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*""""{0,2}')
_ML_LITERAL = re.compile(r"'''[\s\S]*?''''{0,2}")
_SCALAR = re.compile(r"[^,\]}\n#]*")


#: Tokens that may hide a "[[step]]" line (strings, comments), and real step headers.
_STEP_HEADERS = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*""""{0,2}'
    r"|'''[\s\S]*?''''{0,2}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|^[ \t]*(\[\[)[ \t]*step[ \t]*\]\]",
    re.MULTILINE,
)


def _step_header_lines(text: str) -> list[int]:
    """Lines of the ``[[step]]`` headers, skipping look-alikes inside strings.

    One pass of a compiled pattern: much faster than the full :class:`_LineMap`,
    which a valid file never needs.  Steps written another way (an inline
    ``step = [...]`` array, a quoted key) are not found; callers then fall back
    to the line map.
    """
    lines: list[int] = []
    line = 1
    last = 0
    for match in _STEP_HEADERS.finditer(text):
        start = match.start(1)
        if start >= 0:
            line += text.count("\n", last, start)
            last = start
            lines.append(line)
    return lines


class _LineMap:
    """Line numbers of the tables, keys and array items of a (valid) TOML text.

    tomllib reports no positions, so this small scanner walks the text again
    and records where each path starts: ``("step", 2)`` is the third
    ``[[step]]`` header, ``("step", 2, "hold")`` its ``hold =`` line,
    ``("step", 2, "blocks", 0)`` the first block.  It only ever runs on text
    tomllib accepted, and it gives up quietly (keeping what it found) on
    anything it does not follow, so it cannot fail.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[Path_, int] = {}
        self._arrays: dict[Path_, int] = {}
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        # Absurdly nested arrays: the positions found so far are enough.
        with contextlib.suppress(RecursionError):
            self._scan()

    def line(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest recorded ancestor (1 when none)."""
        while path:
            found = self.lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return 1

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_left(self._newlines, pos) + 1

    def _record(self, path: Path_, pos: int) -> None:
        line = self._line_at(pos)
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                break
            self.lines[path[:end]] = line

    def _skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()

    def _peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def _scan(self) -> None:
        text = self.text
        table: Path_ = ()
        while True:
            self._skip(_BLANK)
            start = self.pos
            if start >= len(text):
                return
            if text.startswith("[[", start):
                self.pos += 2
                keys = self._key()
                self._skip(_WS)
                if text.startswith("]]", self.pos):
                    self.pos += 2
                if keys:
                    base = (*self._resolve(keys[:-1]), keys[-1])
                    index = self._arrays.get(base, -1) + 1
                    self._arrays[base] = index
                    table = (*base, index)
                    self._record(table, start)
            elif text[start] == "[":
                self.pos += 1
                keys = self._key()
                self._skip(_WS)
                if self._peek() == "]":
                    self.pos += 1
                table = self._resolve(keys)
                self._record(table, start)
            else:
                self._key_value(table)
            self._skip(_WS)
            if self._peek() == "#":
                self._skip(_LINE_END)
            if self.pos == start:
                self._skip(_LINE_END)  # something unexpected: move on to the next line
                self.pos = max(self.pos, start + 1)

    def _resolve(self, keys: list[str]) -> Path_:
        path: Path_ = ()
        for key in keys:
            path = (*path, key)
            index = self._arrays.get(path)
            if index is not None:
                path = (*path, index)
        return path

    def _key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self._skip(_WS)
            part = self._simple_key()
            if part is None:
                return parts
            parts.append(part)
            self._skip(_WS)
            if self._peek() != ".":
                return parts
            self.pos += 1

    def _simple_key(self) -> str | None:
        for pattern in (_BARE_KEY, _BASIC, _LITERAL):
            match = pattern.match(self.text, self.pos)
            if match is not None:
                self.pos = match.end()
                token = match.group()
                if pattern is _BARE_KEY:
                    return token
                if pattern is _BASIC and "\\" in token:
                    try:
                        return str(tomllib.loads(f"k = {token}")["k"])
                    except tomllib.TOMLDecodeError:
                        return token[1:-1]
                return token[1:-1]
        return None

    def _key_value(self, table: Path_) -> None:
        start = self.pos
        keys = self._key()
        if not keys:
            return
        path = table + tuple(keys)
        self._record(path, start)
        self._skip(_WS)
        if self._peek() == "=":
            self.pos += 1
        self._skip(_WS)
        self._value(path)

    def _value(self, path: Path_) -> None:
        char = self._peek()
        if char == "[":
            self.pos += 1
            self._items(path, "]", array=True)
        elif char == "{":
            self.pos += 1
            self._items(path, "}", array=False)
        elif char == '"':
            self._skip(_ML_BASIC if self.text.startswith('"""', self.pos) else _BASIC)
        elif char == "'":
            self._skip(_ML_LITERAL if self.text.startswith("'''", self.pos) else _LITERAL)
        else:
            self._skip(_SCALAR)

    def _items(self, path: Path_, close: str, *, array: bool) -> None:
        index = 0
        while True:
            self._skip(_BLANK)
            char = self._peek()
            if char == close:
                self.pos += 1
                return
            if char == "":
                return
            if char == ",":
                self.pos += 1
                continue
            before = self.pos
            if array:
                item = (*path, index)
                self._record(item, before)
                self._value(item)
                index += 1
            else:
                self._key_value(path)
            if self.pos == before:
                self.pos += 1


# --------------------------------------------------------------------------- checking


def _show(value: object) -> str:
    """``value`` as it would be written in TOML, short enough for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # only a message needs it; loading a good routine does not

        shown = json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
        return _CONTROL.sub("?", shown)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else "a very large number"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _suggest(key: str, candidates: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key.lower(), candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _kind_list(kinds: frozenset[StepKind]) -> str:
    names = [k.value for k in StepKind if k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _bounds(spec: KeySpec) -> str:
    low = spec.low if spec.low is not None else 0
    high = spec.high if spec.high is not None else 0
    if spec.type == "duration":
        return f"from {format_duration(low)} to {format_duration(high)}"
    return f"from {low:g} to {high:g}"


class _Checker:
    """Walks a parsed document, collecting problems and building the routine."""

    def __init__(self, filename: str, source: str) -> None:
        self.filename = filename
        self.source = source
        self.problems: list[Problem] = []
        self._line_map: _LineMap | None = None
        self._step_lines: list[int] | None = None

    @property
    def lines(self) -> _LineMap:
        """The full line map, built only when a problem needs a line number."""
        if self._line_map is None:
            self._line_map = _LineMap(self.source)
        return self._line_map

    def step_line(self, index: int, count: int) -> int:
        """Line of step ``index``'s header, cheaply when steps are plain [[step]] tables."""
        if self._step_lines is None:
            self._step_lines = _step_header_lines(self.source)
        if len(self._step_lines) == count:
            return self._step_lines[index]
        return self.lines.line(("step", index))

    def add(self, path: Path_, message: str, prefix: str = "") -> None:
        self.problems.append(Problem(self.filename, self.lines.line(path), prefix + message))

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        problems = sorted(self.problems, key=lambda p: p.line)
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            last = problems[MAX_PROBLEMS]
            problems = problems[:MAX_PROBLEMS]
            problems.append(
                Problem(self.filename, last.line, f"... and {rest} more problems not listed")
            )
        raise RoutineError(problems)

    # ----------------------------------------------------------------- the whole file

    def routine(self, document: dict[str, Any]) -> Routine | None:
        for key in document:
            if key in TOP_KEYS:
                continue
            if key in _ROUTINE_SPEC:
                self.add((key,), f"{key!r} belongs in the [routine] table")
            elif key in _STEP_SPEC:
                self.add((key,), f"{key!r} belongs in a [[step]] table")
            else:
                self.add((key,), f"unknown key {key!r}" + _suggest(key, TOP_KEYS))

        header = document.get("routine")
        fields: dict[str, Any] | None = None
        if header is None:
            self.add((), 'missing the [routine] table (with at least: title = "...")')
        elif not isinstance(header, dict):
            self.add(("routine",), "'routine' must be a table, written [routine]")
        else:
            if not self._version_supported(header):
                return None
            fields = self.table(header, ("routine",), _ROUTINE_SPEC, "", "the [routine] table")

        steps = self.steps(document.get("step"))
        if fields is None or steps is None or self.problems:
            return None
        return Routine(steps=steps, **fields)

    def _version_supported(self, header: dict[str, Any]) -> bool:
        """False (with a problem) when the file is written for a future format."""
        version = header.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            self.add(
                ("routine", "version"),
                f"this routine is written in format version {_show(version)}, but this supple "
                f"reads version {FORMAT_VERSION} only: update supple, or ask for a version "
                f"{FORMAT_VERSION} file",
            )
            return False
        return True

    def steps(self, raw: object) -> tuple[Step, ...] | None:
        if raw is None:
            self.add((), "no steps: add at least one [[step]] table")
            return None
        if isinstance(raw, dict):
            self.add(("step",), "write each step as [[step]] (with double brackets)")
            return None
        if not isinstance(raw, list):
            self.add(("step",), "'step' must be a list of [[step]] tables")
            return None
        if not raw:
            self.add(("step",), "no steps: add at least one [[step]] table")
            return None
        if len(raw) > MAX_STEPS:
            self.add(
                ("step", MAX_STEPS),
                f"too many steps: {len(raw)} (a routine may have at most {MAX_STEPS})",
            )
            return None
        steps: list[Step] = []
        for index, item in enumerate(raw):
            step = self.step(index, item, len(raw))
            if step is not None:
                steps.append(step)
        return tuple(steps) if len(steps) == len(raw) else None

    # ----------------------------------------------------------------- one step

    def step(self, index: int, raw: object, count: int) -> Step | None:
        path: Path_ = ("step", index)
        number = index + 1
        if not isinstance(raw, dict):
            self.add(path, f"step {number} must be a table written [[step]], got {_show(raw)}")
            return None
        name = raw.get("name")
        if isinstance(name, str) and name.strip() and len(name) <= 80:
            shown = name.strip()
            simple = shown.isprintable() and '"' not in shown and "\\" not in shown
            prefix = f'step {number} "{shown}": ' if simple else f"step {number} {_show(shown)}: "
        else:
            prefix = f"step {number}: "
        before = len(self.problems)

        kind: StepKind | None = None
        raw_kind = raw.get("kind")
        if isinstance(raw_kind, str) and raw_kind in StepKind.__members__.values():
            kind = StepKind(raw_kind)

        # Keys that are unknown or belong to another kind of step.
        for key in raw:
            spec = _STEP_SPEC.get(key)
            if spec is None:
                own = [k.name for k in STEP_KEYS if kind is None or kind in k.kinds]
                hint = _suggest(key, own) or _suggest(key, list(_STEP_SPEC))
                self.add((*path, key), f"unknown key {key!r}" + hint, prefix)
            elif kind is not None and kind not in spec.kinds:
                self.add(
                    (*path, key),
                    f"{key!r} does not apply to a {kind.value} step "
                    f"(it is for {_kind_list(spec.kinds)} steps)",
                    prefix,
                )

        values: dict[str, Any] = {}
        for spec in STEP_KEYS:
            if kind is not None and kind not in spec.kinds:
                continue
            if spec.name not in raw:
                if spec.required or (kind is not None and kind in spec.required_for):
                    self._missing(path, spec, prefix)
                continue
            value = self.value(raw[spec.name], (*path, spec.name), spec, prefix)
            if value is not None:
                values[spec.name] = value

        if kind is None:
            return None
        self._check_cues(kind, values, path, prefix)
        if len(self.problems) > before:
            return None
        values["kind"] = kind
        if "sides" in values:
            values["sides"] = Sides(values["sides"])
        return Step(line=self.step_line(index, count), **values)

    def _check_cues(self, kind: StepKind, values: dict[str, Any], path: Path_, prefix: str) -> None:
        cues: tuple[TextCue, ...] = values.get("cues", ())
        needed = {StepKind.HOLD: "hold", StepKind.REPS: "reps", StepKind.INTERVAL: "blocks"}
        if not cues or needed.get(kind) not in values:
            return  # nothing to check, or the unit's length is itself wrong
        if kind is StepKind.HOLD:
            limit: float | None = values["hold"]
            unit = "the {} hold"
        elif kind is StepKind.REPS:
            tempo: Tempo | None = values.get("tempo")
            limit = values["reps"] * tempo.seconds if tempo is not None else None
            unit = "the {} set"
        else:
            limit = max(block.seconds for block in values["blocks"])
            unit = "the longest block ({})"
        if limit is None:
            return  # a self-paced set has no fixed end
        for number, cue in enumerate(cues, start=1):
            if cue.at >= limit:
                unit = unit.format(format_duration(limit))
                self.add(
                    (*path, "cues", number - 1, "at"),
                    f"'at' ({format_duration(cue.at)}) must fall inside {unit}",
                    f"{prefix}cue {number}: ",
                )

    def _missing(self, path: Path_, spec: KeySpec, prefix: str) -> None:
        example = f" (e.g. {spec.example})" if spec.example else ""
        self.add(path, f"missing {spec.name!r}{example}", prefix)

    # ----------------------------------------------------------------- tables and values

    def table(
        self,
        raw: dict[str, Any],
        path: Path_,
        specs: Mapping[str, KeySpec],
        prefix: str,
        where: str,
    ) -> dict[str, Any] | None:
        """Check a table against ``specs``; its values by name, or None on any problem."""
        before = len(self.problems)
        for key in raw:
            if key not in specs:
                self.add((*path, key), f"unknown key {key!r}" + _suggest(key, list(specs)), prefix)
        values: dict[str, Any] = {}
        for spec in specs.values():
            if spec.name not in raw:
                if spec.required:
                    self._missing(path, spec, prefix + (f"{where}: " if not prefix else ""))
                continue
            value = self.value(raw[spec.name], (*path, spec.name), spec, prefix)
            if value is not None:
                values[spec.name] = value
        return values if len(self.problems) == before else None

    def value(self, raw: object, path: Path_, spec: KeySpec, prefix: str) -> Any:
        """The checked value of one key (None after adding a problem)."""
        match spec.type:
            case "text" | "paragraph":
                return self._text(raw, path, spec, prefix)
            case "whole":
                return self._whole(raw, path, spec, prefix)
            case "duration":
                return self._duration(raw, path, spec, prefix)
            case "bool":
                if isinstance(raw, bool):
                    return raw
                self.add(path, f"{spec.name!r} must be true or false, got {_show(raw)}", prefix)
                return None
            case "choice":
                return self._choice(raw, path, spec, prefix)
            case "version":
                if isinstance(raw, int) and not isinstance(raw, bool) and raw == FORMAT_VERSION:
                    return raw
                self.add(path, f"'version' must be {FORMAT_VERSION}, got {_show(raw)}", prefix)
                return None
            case "lines":
                return self._lines(raw, path, spec, prefix)
            case "tempo":
                return self._tempo(raw, path, prefix)
            case "blocks":
                return self._blocks(raw, path, spec, prefix)
            case "cues":
                return self._cues(raw, path, spec, prefix)
        return None  # pragma: no cover - every type is handled above

    def _text(self, raw: object, path: Path_, spec: KeySpec, prefix: str) -> str | None:
        name = spec.name
        if not isinstance(raw, str):
            self.add(path, f"{name!r} must be text in quotes, got {_show(raw)}", prefix)
            return None
        if spec.required and not raw.strip():
            self.add(path, f"{name!r} must not be empty", prefix)
            return None
        if spec.max_length is not None and len(raw) > spec.max_length:
            self.add(
                path,
                f"{name!r} must be at most {spec.max_length} characters long, got {len(raw)}",
                prefix,
            )
            return None
        if spec.type == "text" and ("\n" in raw or "\t" in raw):
            self.add(path, f"{name!r} must be a single line of text", prefix)
            return None
        if _CONTROL.search(raw):
            self.add(path, f"{name!r} must not contain control characters", prefix)
            return None
        return raw.strip() if spec.type == "text" else raw.strip("\n")

    def _whole(self, raw: object, path: Path_, spec: KeySpec, prefix: str) -> int | None:
        number: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            number = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        if number is None or not (
            (spec.low is None or number >= spec.low) and (spec.high is None or number <= spec.high)
        ):
            self.add(
                path,
                f"{spec.name!r} must be a whole number {_bounds(spec)}, got {_show(raw)}",
                prefix,
            )
            return None
        return number

    def _duration(self, raw: object, path: Path_, spec: KeySpec, prefix: str) -> float | None:
        try:
            seconds = parse_duration(raw)
        except DurationError as exc:
            expected = f"{spec.name!r} must be a duration {_bounds(spec)}"
            self.add(path, f"{expected}, got {_show(raw)} ({exc})", prefix)
            return None
        if (spec.low is not None and seconds < spec.low) or (
            spec.high is not None and seconds > spec.high
        ):
            expected = f"{spec.name!r} must be a duration {_bounds(spec)}"
            shown = _show(raw)
            if not isinstance(raw, str) and seconds >= 60:
                shown += f" ({format_duration(seconds)})"
            self.add(path, f"{expected}, got {shown}", prefix)
            return None
        return seconds

    def _choice(self, raw: object, path: Path_, spec: KeySpec, prefix: str) -> str | None:
        if isinstance(raw, str) and raw in spec.choices:
            return raw
        options = ", ".join(f'"{c}"' for c in spec.choices)
        hint = ""
        if isinstance(raw, str):
            close = difflib.get_close_matches(raw.lower().strip(), spec.choices, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
        self.add(path, f"{spec.name!r} must be one of {options}, got {_show(raw)}{hint}", prefix)
        return None

    def _lines(
        self, raw: object, path: Path_, spec: KeySpec, prefix: str
    ) -> tuple[str, ...] | None:
        if not isinstance(raw, list):
            self.add(
                path,
                f'{spec.name!r} must be a list of text lines, like ["First rule.", '
                f'"Second rule."], got {_show(raw)}',
                prefix,
            )
            return None
        if spec.max_length is not None and len(raw) > spec.max_length:
            self.add(
                path,
                f"{spec.name!r} may have at most {spec.max_length} lines, got {len(raw)}",
                prefix,
            )
            return None
        line_spec = KeySpec(f"{spec.name} line", "text", "", "", required=True, max_length=300)
        lines: list[str] = []
        for index, item in enumerate(raw):
            line = self._text(item, (*path, index), line_spec, prefix)
            if line is not None:
                lines.append(line)
        return tuple(lines) if len(lines) == len(raw) else None

    def _tempo(self, raw: object, path: Path_, prefix: str) -> Tempo | None:
        phases: dict[str, float] | None
        if isinstance(raw, str):
            match = _TEMPO_TEXT.fullmatch(raw) if len(raw) <= 40 else None
            if match is None:
                self.add(
                    path,
                    f"'tempo' text must be up-hold-down seconds like \"2-1-2\" (or "
                    f'up-hold-down-pause like "2-1-2-1"), got {_show(raw)}',
                    prefix,
                )
                return None
            numbers = [float(g) if g is not None else 0.0 for g in match.groups()]
            phases = dict(zip(("up", "hold", "down", "pause"), numbers, strict=True))
            for key, seconds in phases.items():
                if seconds > TEMPO_PHASE_HIGH:
                    self.add(
                        path,
                        f"tempo {key!r} must be at most {TEMPO_PHASE_HIGH:g} s, got {seconds:g}",
                        prefix,
                    )
                    return None
        elif isinstance(raw, dict):
            phases = self.table(raw, path, _TEMPO_SPEC, f"{prefix}tempo: ", "tempo")
            if phases is None:
                return None
        else:
            self.add(
                path,
                "'tempo' must be a table like { up = 2, hold = 1, down = 2 } or text like "
                f'"2-1-2", got {_show(raw)}',
                prefix,
            )
            return None
        tempo = Tempo(
            up=phases.get("up", 0.0),
            hold=phases.get("hold", 0.0),
            down=phases.get("down", 0.0),
            pause=phases.get("pause", 0.0),
        )
        if not TEMPO_REP_LOW <= tempo.seconds <= TEMPO_REP_HIGH:
            self.add(
                path,
                f"one rep at this tempo takes {format_duration(tempo.seconds)}; it must take "
                f"from {TEMPO_REP_LOW:g} s to {TEMPO_REP_HIGH:g} s",
                prefix,
            )
            return None
        return tempo

    def _table_list(
        self, raw: object, path: Path_, spec: KeySpec, prefix: str, what: str, example: str
    ) -> list[dict[str, Any]] | None:
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.add(path, f"{spec.name!r} must be a list of tables like {example}", prefix)
            return None
        if spec.max_length is not None and len(raw) > spec.max_length:
            self.add(
                path,
                f"{spec.name!r} may have at most {spec.max_length} {what}s, got {len(raw)}",
                prefix,
            )
            return None
        return raw

    def _blocks(
        self, raw: object, path: Path_, spec: KeySpec, prefix: str
    ) -> tuple[Block, ...] | None:
        items = self._table_list(
            raw, path, spec, prefix, "block", '[{ label = "Walk", duration = "5m" }]'
        )
        if items is None:
            return None
        if not items:
            self.add(path, "'blocks' needs at least one block", prefix)
            return None
        blocks: list[Block] = []
        for index, item in enumerate(items):
            values = self.table(
                item, (*path, index), _BLOCK_SPEC, f"{prefix}block {index + 1}: ", "block"
            )
            if values is not None:
                blocks.append(Block(label=values["label"], seconds=values["duration"]))
        return tuple(blocks) if len(blocks) == len(items) else None

    def _cues(
        self, raw: object, path: Path_, spec: KeySpec, prefix: str
    ) -> tuple[TextCue, ...] | None:
        items = self._table_list(
            raw, path, spec, prefix, "cue", '[{ at = "15s", text = "Breathe out slowly" }]'
        )
        if items is None:
            return None
        cues: list[TextCue] = []
        for index, item in enumerate(items):
            values = self.table(
                item, (*path, index), _CUE_SPEC, f"{prefix}cue {index + 1}: ", "cue"
            )
            if values is not None:
                cues.append(TextCue(at=values["at"], text=values["text"]))
        if len(cues) != len(items):
            return None
        return tuple(sorted(cues, key=lambda cue: cue.at))
