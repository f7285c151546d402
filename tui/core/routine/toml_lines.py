"""TOML text and where things are in it: the line numbers of ``FILE:LINE`` messages.

tomllib reports no positions, so the loader asks this module where a key, a
table or an array item starts.  A valid file needs only the ``[[step]]`` header
lines (:func:`step_header_lines`, one fast pass); the full :class:`LineMap` is
built only when a problem needs a line.  The file is read (regular files only)
and decoded here too, so a file that is not UTF-8 is reported with its line, and
screened for the shapes that blow the parser up (:func:`screen_shapes`);
:mod:`tui.core.routine.toml_reading` parses it and explains syntax mistakes.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import tomllib
from pathlib import Path

from tui.core.regular_file import NotAFileError, read_regular_file
from tui.core.routine.model import Problem, RoutineError
from tui.core.routine.spec import MAX_FILE_BYTES

#: Where a value sits in the parsed document: table keys and array indexes.
KeyPath = tuple[str | int, ...]


# --------------------------------------------------------------------------- reading text


def read_routine_file(path: Path) -> bytes:
    """The bytes of the routine file at ``path`` (one more than the limit at most).

    Raises :class:`RoutineError` for anything that is no readable regular file,
    without blocking on a pipe or reading a device.
    """
    name = str(path)
    try:
        return read_regular_file(path, MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise RoutineError([Problem(name, 0, "is a folder, not a routine file")]) from None
    except FileNotFoundError:
        raise RoutineError([Problem(name, 0, "no such file")]) from None
    except NotAFileError:
        words = "is not a routine file (a device, pipe or socket, not a file)"
        raise RoutineError([Problem(name, 0, words)]) from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise RoutineError([Problem(name, 0, f"cannot read the file: {reason}")]) from None


def routine_bytes(text: str | bytes, filename: str) -> bytes:
    """The bytes of a routine text; RoutineError if it cannot be encoded or is too large."""
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
    return data


def decode_text(data: bytes, filename: str) -> str:
    """``data`` as text (a leading byte-order mark dropped); RoutineError if not UTF-8."""
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


#: The most parts a key or table name may have (``a.b.c`` has 3); a routine needs 2.
MAX_KEY_PARTS = 8
#: The deepest lists and inline tables may nest (``[[step]]`` is 2); a routine needs 3.
MAX_NESTING = 10


def screen_shapes(source: str, filename: str) -> Problem | None:
    """The first shape in ``source`` that would make the TOML parser blow up, or ``None``.

    Linear in the text: strings and comments are masked out (keeping their
    line breaks, so lines still count), then one search finds a key or table
    name of more than :data:`MAX_KEY_PARTS` dotted parts, and one pass over
    the brackets finds nesting deeper than :data:`MAX_NESTING`.
    """
    masked = _MASKABLE.sub(_mask, source)
    dotted = _LONG_DOTTED.search(masked)
    if dotted is not None:
        return Problem(
            filename,
            masked.count("\n", 0, dotted.start()) + 1,
            "not valid TOML for supple: a key or table name here has more than "
            f"{MAX_KEY_PARTS} parts joined by dots; "
            "a routine's names have at most 2 (like step.tempo)",
        )
    depth = 0
    for bracket in _BRACKETS.finditer(masked):
        if bracket.group() in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return Problem(
                    filename,
                    masked.count("\n", 0, bracket.start()) + 1,
                    "not valid TOML for supple: lists or tables here are nested more than "
                    f"{MAX_NESTING} deep; "
                    "a routine's go at most 3 deep (a block inside a step)",
                )
        else:
            depth = max(depth - 1, 0)
    return None


def _mask(match: re.Match[str]) -> str:
    token = match.group()
    # A comment goes entirely; a string becomes an empty one; its line breaks stay.
    return "\n" * token.count("\n") if token.startswith("#") else '""' + "\n" * token.count("\n")


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


#: Strings and comments: what may hold dots and brackets that are not the document's shape.
_MASKABLE = re.compile(
    "|".join((_ML_BASIC.pattern, _ML_LITERAL.pattern, _BASIC.pattern, _LITERAL.pattern, r"#[^\n]*"))
)
_KEY_PART = r"""(?:[A-Za-z0-9_-]++|""|'')"""
#: A name of more than MAX_KEY_PARTS dotted parts (in masked text).  It starts only where a
#: part can start and its parts match possessively, so the search stays linear.
_LONG_DOTTED = re.compile(
    rf"(?<![A-Za-z0-9_-]){_KEY_PART}(?:[ \t]*+\.[ \t]*+{_KEY_PART}){{{MAX_KEY_PARTS}}}"
)
_BRACKETS = re.compile(r"[\[\]{}]")

#: Tokens that may hide a "[[step]]" line (strings, comments), and real step headers.
_STEP_HEADERS = re.compile(
    "|".join(
        (
            _ML_BASIC.pattern,
            _ML_LITERAL.pattern,
            _BASIC.pattern,
            _LITERAL.pattern,
            r"#[^\n]*",
            r"^[ \t]*(\[\[)[ \t]*step[ \t]*\]\]",
        )
    ),
    re.MULTILINE,
)


def step_header_lines(text: str) -> list[int]:
    """Lines of the ``[[step]]`` headers, skipping look-alikes inside strings.

    One pass of a compiled pattern: much faster than the full :class:`LineMap`,
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


class LineMap:
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
        self.lines: dict[KeyPath, int] = {}
        self._arrays: dict[KeyPath, int] = {}
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        # Absurdly nested arrays: the positions found so far are enough.
        with contextlib.suppress(RecursionError):
            self._scan()

    def line(self, path: KeyPath) -> int:
        """Line of ``path``, or of its nearest recorded ancestor (1 when none)."""
        while path:
            found = self.lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return 1

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_left(self._newlines, pos) + 1

    def _note_line(self, path: KeyPath, pos: int) -> None:
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
        table: KeyPath = ()
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
                    self._note_line(table, start)
            elif text[start] == "[":
                self.pos += 1
                keys = self._key()
                self._skip(_WS)
                if self._peek() == "]":
                    self.pos += 1
                table = self._resolve(keys)
                self._note_line(table, start)
            else:
                self._key_value(table)
            self._skip(_WS)
            if self._peek() == "#":
                self._skip(_LINE_END)
            if self.pos == start:
                self._skip(_LINE_END)  # something unexpected: move on to the next line
                self.pos = max(self.pos, start + 1)

    def _resolve(self, keys: list[str]) -> KeyPath:
        path: KeyPath = ()
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

    def _key_value(self, table: KeyPath) -> None:
        start = self.pos
        keys = self._key()
        if not keys:
            return
        path = table + tuple(keys)
        self._note_line(path, start)
        self._skip(_WS)
        if self._peek() == "=":
            self.pos += 1
        self._skip(_WS)
        self._value(path)

    def _value(self, path: KeyPath) -> None:
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

    def _items(self, path: KeyPath, close: str, *, array: bool) -> None:
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
                self._note_line(item, before)
                self._value(item)
                index += 1
            else:
                self._key_value(path)
            if self.pos == before:
                self.pos += 1
