"""Read a routine's TOML even when it has mistakes, and say each mistake in a therapist's words.

tomllib stops at the first syntax error and words it for programmers
("Expected newline or end of document after a statement").  A therapist's
likely mistakes are few: a duration or a word without quotes, a table or a key
written twice, a missing bracket or quote.  :func:`read_document` names each of
them the way the file is written (``durations need quotes: hold = "30s"``),
then mends or sets aside that one line and reads again, so one run lists every
syntax mistake and the checker can still report the problems in the rest of
the file.  Lines are mended in place, never removed, so line numbers stay true.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tui.core.routine.model import Problem
from tui.core.routine.spec import BLOCK_KEYS, CUE_KEYS, ROUTINE_KEYS, STEP_KEYS, TEMPO_KEYS
from tui.core.routine.toml_lines import KeyPath, screen_shapes

#: After this many syntax mistakes the rest of the file is not read again.
MAX_SYNTAX_MISTAKES = 20

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_KEY_LINE = re.compile(
    r"""^(?P<indent>[ \t]*)(?P<key>[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=[ \t]*"""
    r"""(?P<value>[^#\n]*?)[ \t]*(?P<comment>\#[^\n]*)?$"""
)
_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.\- \t]+?)[ \t]*(\]*)[ \t]*(#.*)?$")
_DURATION_LIKE = re.compile(
    r"^\d+(?:[.,]\d+)?[ \t]*[A-Za-z]+(?:[ \t]*\d+(?:[.,]\d+)?[ \t]*[A-Za-z]+)*$"
)
_NUMBER_THEN_LETTERS = re.compile(r"^(\d+)[ \t]*[A-Za-z]+$")
_LIST_START = re.compile(r"^[ \t]*(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*\[")
_WORDS = re.compile(r"^[^\"'\[\]{}=]+$")

_KEY_TYPES: dict[str, str] = {
    spec.name: spec.type
    for table in (ROUTINE_KEYS, STEP_KEYS, TEMPO_KEYS, BLOCK_KEYS, CUE_KEYS)
    for spec in table
}


@dataclass(frozen=True)
class ReadDocument:
    """What could be read of a routine file."""

    #: The parsed document of the mended text; None when it could not be read at all.
    document: dict[str, Any] | None
    #: The text as read (mistaken lines mended or blanked; same line count as the file).
    text: str
    #: Every syntax mistake, in the file's order.
    problems: tuple[Problem, ...]
    #: Keys whose line was set aside: the checker must not also call them missing.
    unreadable: frozenset[KeyPath]


@dataclass(frozen=True)
class _Mistake:
    message: str
    #: The mended line ("" to set it aside), or None when nothing can be mended.
    mended: str | None
    #: More lines to blank after it (the body of a table written twice).
    blank_after: int = 0
    unreadable: KeyPath | None = None
    #: The line mended and the line reported, when not the error's own line.
    mend_line: int | None = None
    report_line: int | None = None


def read_document(source: str, filename: str) -> ReadDocument:
    """Parse ``source``; on syntax mistakes, explain each, mend its line and read on.

    The text is screened first (:func:`~tui.core.routine.toml_lines.screen_shapes`):
    tomllib takes time and memory growing with the square of a dotted key's
    length, so a small file could otherwise stall every start of the home screen.
    """
    shape = screen_shapes(source, filename)
    if shape is not None:
        return ReadDocument(None, source, (shape,), frozenset())
    lines = source.split("\n")
    problems: list[Problem] = []
    unreadable: set[KeyPath] = set()
    for _ in range(MAX_SYNTAX_MISTAKES):
        text = "\n".join(lines)
        try:
            return ReadDocument(tomllib.loads(text), text, tuple(problems), frozenset(unreadable))
        except tomllib.TOMLDecodeError as exc:
            line, column, raw = _position(exc, lines)
            mistake = _explain(raw, lines, line, column)
            if mistake.report_line is not None:
                line, column = mistake.report_line, None
            problems.append(Problem(filename, line, mistake.message, column=column))
            line = mistake.mend_line or line
            if mistake.mended is None or not 1 <= line <= len(lines):
                break
            if mistake.mended == lines[line - 1] and not mistake.blank_after:
                break  # nothing changed: reading again would find the same mistake
            lines[line - 1] = mistake.mended
            for after in range(line, min(line + mistake.blank_after, len(lines))):
                lines[after] = ""
            if mistake.unreadable is not None:
                unreadable.add(mistake.unreadable)
        except (ValueError, RecursionError, OverflowError) as exc:
            # tomllib can fail this way on extreme input (very long numbers, deep nesting).
            words = "nested too deeply" if isinstance(exc, RecursionError) else "too large to read"
            problems.append(Problem(filename, 0, f"not valid TOML: the file is {words}"))
            break
    else:
        problems.append(
            Problem(filename, problems[-1].line, "... more mistakes after this were not read")
        )
    return ReadDocument(None, "\n".join(lines), tuple(problems), frozenset(unreadable))


def _position(exc: tomllib.TOMLDecodeError, lines: list[str]) -> tuple[int, int | None, str]:
    """The line, column and bare message of a tomllib error."""
    message = str(exc.args[0]) if exc.args else str(exc)
    where = _WHERE.search(message)
    if where is not None:
        return int(where.group(1)), int(where.group(2)), message[: where.start()]
    if _AT_END.search(message) is not None:
        return len(lines), None, _AT_END.sub("", message)
    return int(getattr(exc, "lineno", 1) or 1), getattr(exc, "colno", None), message


# --------------------------------------------------------------------------- explaining


def _explain(raw: str, lines: list[str], line: int, column: int | None) -> _Mistake:
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    for starts, explain in _EXPLAINERS:
        if raw.startswith(starts):
            found = explain(raw, lines, line, text)
            if found is not None:
                return found
    if raw == "Unterminated string" or raw.startswith("Unclosed"):
        return _Mistake(_unclosed_words(raw), None)
    return _Mistake(f"this line is not valid TOML ({raw})", "")


def _unquoted(raw: str, lines: list[str], line: int, text: str) -> _Mistake | None:
    """A value written without quotes: ``hold = 30 sec``, ``side = left``."""
    match = _KEY_LINE.match(text)
    if match is None:
        return None
    key, value = match["key"].strip("\"'"), match["value"].strip()
    kind = _KEY_TYPES.get(key)
    path = (*_table_path(lines, line), key)
    if not value:
        return _Mistake(f"{key!r} has no value after '='", "", unreadable=path)
    if value.startswith(('"', "'")):
        return _Mistake(f"{key!r}: a closing quote is missing: {key} = {value}{value[0]}", None)
    rebuilt = match["indent"] + match["key"] + " = "
    number = _NUMBER_THEN_LETTERS.match(value)
    if kind == "whole" and number is not None:
        return _Mistake(f"{key!r} takes a plain number: {key} = {number[1]}", rebuilt + number[1])
    if kind == "duration" or (kind is None and _DURATION_LIKE.match(value)):
        quoted = _quoted(value)
        return _Mistake(f"durations need quotes: {key} = {quoted}", rebuilt + quoted)
    if _WORDS.match(value):
        quoted = _quoted(value)
        return _Mistake(f"text needs quotes: {key} = {quoted}", rebuilt + quoted)
    return None


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _twice_table(raw: str, lines: list[str], line: int, text: str) -> _Mistake | None:
    """A table header written twice: ``[routine]`` ... ``[routine]``."""
    header = _HEADER.match(text)
    if header is None:
        return None
    name = header[2].strip()
    first = _first_header(lines, line, name)
    where = f" (first on line {first})" if first else ""
    body = 0
    while line + body < len(lines) and _HEADER.match(lines[line + body]) is None:
        body += 1
    return _Mistake(
        f"[{name}] is written twice{where}: write each table once and put all its keys there",
        "",
        blank_after=body,
    )


def _twice_key(raw: str, lines: list[str], line: int, text: str) -> _Mistake | None:
    """A key set twice in one table."""
    match = _KEY_LINE.match(text)
    if match is None:
        return None
    key = match["key"].strip("\"'")
    start = _table_start(lines, line)
    first = next(
        (
            number
            for number in range(start + 1, line)
            if (other := _KEY_LINE.match(lines[number - 1])) and other["key"].strip("\"'") == key
        ),
        None,
    )
    where = f" (first on line {first})" if first else ""
    return _Mistake(f"{key!r} is set twice in {_table_words(lines, line)}{where}", "")


def _bracket(raw: str, lines: list[str], line: int, text: str) -> _Mistake | None:
    """A table header missing a closing bracket: ``[[step]`` or ``[routine``."""
    header = _HEADER.match(text)
    if header is None:
        return None
    opening, name = header[1], header[2].strip()
    fixed = f"{opening}{name}{']' * len(opening)}"
    return _Mistake(f"a closing bracket is missing: write {fixed}", fixed)


def _newline_in_text(raw: str, lines: list[str], line: int, text: str) -> _Mistake | None:
    """Text whose closing quote is missing: ``name = "Bird dog``."""
    match = _KEY_LINE.match(text)
    if match is None or not match["value"].lstrip().startswith(('"', "'")):
        return None
    key, value = match["key"].strip("\"'"), match["value"].strip()
    mended = match["indent"] + match["key"] + " = " + value + value[0]
    return _Mistake(f"a closing quote is missing: {key} = {value}{value[0]}", mended)


def _no_equals(raw: str, lines: list[str], line: int, text: str) -> _Mistake | None:
    """A key with no ``=``: ``name "Bird dog"``."""
    word = text.strip().split(" ", 1)[0] if text.strip() else ""
    if not word:
        return None
    return _Mistake(f"{word!r} needs '=' before its value, e.g. {word} = ...", "")


def _unclosed_list(raw: str, lines: list[str], line: int, text: str) -> _Mistake | None:
    """A list whose ``]`` is missing: said where the list starts, closed at its last item."""
    del raw, text
    start = next(
        (n for n in range(min(line, len(lines)), 0, -1) if _LIST_START.match(lines[n - 1])), None
    )
    if start is None:
        return None
    last = max(n for n in range(start, min(line, len(lines)) + 1) if lines[n - 1].strip())
    if last == line and start != line:
        last -= 1  # the error line itself starts what follows the list
    key = _LIST_START.match(lines[start - 1])
    assert key is not None
    return _Mistake(
        f'the list in {key["key"]!r} is missing its closing "]"',
        lines[last - 1].rstrip() + "]",
        mend_line=last,
        report_line=start,
    )


def _unclosed_words(raw: str) -> str:
    if raw.startswith("Unclosed array"):
        return 'a list is missing its closing "]"'
    if raw.startswith("Unclosed inline table"):
        return 'a table written in braces is missing its closing "}"'
    return "a text is missing its closing quotes"


_Explainer = Callable[[str, list[str], int, str], "_Mistake | None"]
_EXPLAINERS: tuple[tuple[str, _Explainer], ...] = (
    ("Expected newline or end of document after a statement", _unquoted),
    ("Invalid value", _unquoted),
    ("Cannot declare", _twice_table),
    ("Cannot overwrite a value", _twice_key),
    ("Expected ']", _bracket),
    ("Unclosed array", _unclosed_list),
    ("Illegal character '\\n'", _newline_in_text),
    ("Expected '=' after a key", _no_equals),
)


# --------------------------------------------------------------------------- where a line is


def _table_start(lines: list[str], line: int) -> int:
    """The line number of the table header above ``line`` (0 for the top of the file)."""
    for number in range(line - 1, 0, -1):
        if _HEADER.match(lines[number - 1]):
            return number
    return 0


def _table_path(lines: list[str], line: int) -> KeyPath:
    start = _table_start(lines, line)
    if start == 0:
        return ()
    header = _HEADER.match(lines[start - 1])
    assert header is not None
    name = header[2].strip()
    if header[1] == "[[" and name == "step":
        return ("step", _step_index(lines, start))
    return tuple(name.split("."))


def _step_index(lines: list[str], header_line: int) -> int:
    return sum(
        1
        for number in range(1, header_line)
        if (h := _HEADER.match(lines[number - 1])) and h[1] == "[[" and h[2].strip() == "step"
    )


def _table_words(lines: list[str], line: int) -> str:
    """The table a line sits in, in words: "step 3", "the [routine] table"."""
    path = _table_path(lines, line)
    if not path:
        return "the top of the file"
    if path[0] == "step" and len(path) == 2 and isinstance(path[1], int):
        return f"step {path[1] + 1}"
    return f"the [{'.'.join(str(part) for part in path)}] table"


def _first_header(lines: list[str], line: int, name: str) -> int | None:
    for number in range(1, line):
        header = _HEADER.match(lines[number - 1])
        if header is not None and header[1] == "[" and header[2].strip() == name:
            return number
    return None
