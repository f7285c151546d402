"""Reading a backup file's JSON a session at a time, through a bounded buffer.

A backup of 100,000 sessions is some 400 MB of JSON; read whole, its objects
take gigabytes.  :class:`BackupText` holds at most a few MiB of the file's
text: the top-level object is walked key by key, and each item of its
``sessions`` list is decoded on its own (``json.JSONDecoder.raw_decode``)
and handed on, so memory stays bounded and time linear in the file's size.

Every problem that makes the file unreadable as a whole is raised as
:class:`UnreadableBackup` with the words ``supple history import`` shows:
not UTF-8, not JSON (with the line and column of the whole file), nested
too deep, or a single value larger than a session may be.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from tui.core.history.backup_check import bounded_int
from tui.core.regular_file import NotAFileError, open_regular_file

#: How deep lists and objects nest in a backup: sessions, a session, its segments, a
#: segment.  A list or object deeper is refused where it is, as a value of the wrong kind.
NESTING = 4
#: The most characters one session (or any other top-level value) may take in the file:
#: a session of 40 parts is about 9 KB, so this is room for thousands of parts and long
#: notes; it bounds the memory one decoded session can take.
MAX_SESSION_CHARS = 1024 * 1024
#: How much of the file is read at a time, in bytes.
CHUNK_BYTES = 1024 * 1024

_SPACE = re.compile(r"[ \t\n\r]*")
#: What a JSON error at the end of the text held can mean: the value goes on past it.
_CUT_SHORT = ("Unterminated string", "Expecting", "Invalid control", "Invalid \\uXXXX")
#: How close to the end of the text held a JSON error may be and still be a value cut short.
_NEAR_END = 16
_PLAIN = json.JSONDecoder()
#: Python refuses integers of over 4300 digits: a value holding one is decoded again so.
_BOUNDED = json.JSONDecoder(parse_int=bounded_int)


class UnreadableBackup(ValueError):
    """The file cannot be read as a backup at all; the message says why (one problem)."""


def open_backup_file(path: Path) -> BinaryIO:
    """The regular file at ``path`` opened for reading, never blocking on a pipe or a device.

    :class:`UnreadableBackup` says why it cannot be read.
    """
    try:
        return open_regular_file(path)
    except FileNotFoundError as exc:
        raise UnreadableBackup("the file does not exist") from exc
    except IsADirectoryError as exc:
        raise UnreadableBackup("it is a folder, not a file") from exc
    except NotAFileError as exc:
        raise UnreadableBackup("it is a device or a pipe, not a file") from exc
    except OSError as exc:
        raise UnreadableBackup(f"it can't be read ({exc.strerror})") from exc


class BackupText:
    """The text of a backup file, held a bounded piece at a time.

    ``text[pos:]`` is what is not read yet; :meth:`value` decodes the JSON
    value there and moves past it, reading more of the file when the value
    goes on beyond the text held.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.eof = False
        #: The line of ``text[0]`` in the file, and how many characters precede it on that line.
        self._line, self._column = 1, 0

    def more(self) -> bool:
        """Read the next piece of the file, dropping what was read; False at the end."""
        if self.eof:
            return False
        data = self._handle.read(CHUNK_BYTES)
        try:
            piece = self._utf8.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise UnreadableBackup("the file is not UTF-8 text") from exc
        self.eof = not data
        done = self.text[: self.pos]
        newlines = done.count("\n")
        self._line += newlines
        self._column = len(done) - done.rfind("\n") - 1 if newlines else self._column + len(done)
        self.text = self.text[self.pos :] + piece
        self.pos = 0
        if self._line == 1 and self._column == 0 and self.text.startswith("\ufeff"):
            raise self.not_json("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def expect(self, char: str, message: str) -> None:
        """Move past ``char`` (the next character that is not white space), else not JSON."""
        if self.peek() != char:
            raise self.not_json(message, self.pos)
        self.pos += 1

    def value(self, too_large: str) -> Any:
        """The JSON value at the reading place, decoded; the place moves past it.

        ``too_large`` is the problem when the value is longer than
        :data:`MAX_SESSION_CHARS`.
        """
        self.peek()
        decode: Callable[[str, int], tuple[Any, int]] = _PLAIN.raw_decode
        while True:
            try:
                found, end = decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self._cut_short(exc):
                    if len(self.text) - self.pos > MAX_SESSION_CHARS:
                        raise UnreadableBackup(too_large) from exc
                    self.more()
                    continue
                raise self.not_json(exc.msg, exc.pos) from exc
            except RecursionError as exc:  # Python's reader stops at about 1,000 levels
                deep = (
                    f"top level: lists and objects nest hundreds deep; a backup's go {NESTING} deep"
                )
                raise UnreadableBackup(deep) from exc
            except MemoryError as exc:  # the bound above should stop this
                raise UnreadableBackup("the file is too large to read") from exc
            except ValueError as exc:
                if decode == _BOUNDED.raw_decode:  # the bound above should stop this
                    raise UnreadableBackup("the file is too large to read") from exc
                # An integer too long for Python (over 4300 digits): read again with long
                # integers kept unread, so the checks refuse it at its place.  Only then: a
                # hook on every number would slow every import by a third.
                decode = _BOUNDED.raw_decode
                continue
            if end == len(self.text) and self.more():
                continue  # a number at the end of the text held may go on
            self.pos = end
            return found

    def _cut_short(self, exc: json.JSONDecodeError) -> bool:
        """True if ``exc`` may only mean that the value goes on past the text held."""
        if self.eof:
            return False
        return exc.msg.startswith(_CUT_SHORT) and (
            exc.msg.startswith("Unterminated string") or exc.pos >= len(self.text) - _NEAR_END
        )

    def not_json(self, message: str, pos: int) -> UnreadableBackup:
        """The problem "not valid JSON" at ``pos`` of the text held, placed in the whole file."""
        newlines = self.text.count("\n", 0, pos)
        line = self._line + newlines
        # Columns count from 1, as Python's own JSON errors count them.
        column = pos - self.text.rfind("\n", 0, pos) if newlines else self._column + pos + 1
        return UnreadableBackup(f"not valid JSON (line {line}, column {column}: {message})")


class TopLevel:
    """The top-level keys of a backup other than its sessions, as they were read."""

    def __init__(self) -> None:
        #: The value of each key, in file order (``sessions``: only when it is not a list).
        self.values: dict[str, Any] = {}
        #: True once the ``sessions`` list was read.
        self.sessions_listed = False
        #: False when the top level is no object; ``other`` is then what it is.
        self.is_object = True
        self.other: Any = None


def top_level_sessions(text: BackupText, top: TopLevel) -> Iterator[Any]:
    """Yield each item of the backup's ``sessions`` list as it is read; ``top`` gets the rest.

    :class:`UnreadableBackup` when the text is not JSON.  A top level that
    is not an object is kept in ``top.other`` and nothing is yielded.
    """
    if text.peek() != "{":
        if text.peek() == "":
            raise text.not_json("Expecting value", text.pos)
        top.is_object = False
        top.other = text.value("top level: expected an object, got a very large value")
        _end(text)
        return
    text.pos += 1
    if text.peek() == "}":
        text.pos += 1
    else:
        while True:
            if text.peek() != '"':
                raise text.not_json("Expecting property name enclosed in double quotes", text.pos)
            key = text.value("top level: a key is too long")
            text.expect(":", "Expecting ':' delimiter")
            if key == "sessions" and text.peek() == "[" and not top.sessions_listed:
                top.sessions_listed = True
                yield from _list_items(text)
            else:
                top.values[key] = text.value(f'top level: the value of "{key}" is too large')
            if text.peek() == "}":
                text.pos += 1
                break
            text.expect(",", "Expecting ',' delimiter")
    _end(text)


def _list_items(text: BackupText) -> Iterator[Any]:
    """Yield each item of the list at the reading place (just before its ``[``)."""
    text.pos += 1
    if text.peek() == "]":
        text.pos += 1
        return
    number = 0
    while True:
        yield text.value(f"sessions[{number}]: longer than {MAX_SESSION_CHARS:,} characters")
        number += 1
        if text.peek() == "]":
            text.pos += 1
            return
        text.expect(",", "Expecting ',' delimiter")


def _end(text: BackupText) -> None:
    """Nothing but white space may follow the top-level value."""
    if text.peek() != "":
        raise text.not_json("Extra data", text.pos)


def file_size_problem(handle: IO[bytes], limit: int) -> str | None:
    """Why the open file is too large to import, or ``None``."""
    if os.fstat(handle.fileno()).st_size > limit:
        return f"the file is larger than {limit // (1024 * 1024)} MiB"
    return None
