"""The JSON backup of the history, both ways: writing it, and reading it back checked.

JSON is the lossless backup format (:mod:`tui.core.history.backup_keys`
states it, key by key).  :func:`write_store_json` exports a whole store
through SQLite's JSON functions; :func:`write_json` writes sessions held as
values (a recorder's session not yet saved).  :func:`load_history_batch`
reads a backup into the stored form for ``HistoryStore.import_batch``, and
:func:`load_history_json` into :class:`~tui.core.history.records.Session`
values; both check the whole document and report every problem at once,
naming where each is, before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from tui.core.history.backup_check import BackupProblems, Entry, FastRows, describe
from tui.core.history.backup_keys import (
    FORMAT_NAME,
    FORMAT_VERSION,
    SEGMENT_KEYS,
    SESSION_KEYS,
    json_of,
)
from tui.core.history.records import ImportBatch, LoggedSegment, Session
from tui.core.history.rows import sessions_of
from tui.core.history.store import HistoryStore


class HistoryImportError(ValueError):
    """A backup file that cannot be imported; ``problems`` says every reason and where."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        shown = list(self.problems[:10])
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more")
        super().__init__(f"{source} is not a supple history backup: " + "; ".join(shown))


# --------------------------------------------------------------------------- writing


def segment_to_json(segment: LoggedSegment) -> dict[str, Any]:
    """One segment in the backup shape."""
    return json_of(segment, SEGMENT_KEYS)


def session_to_json(session: Session) -> dict[str, Any]:
    """One session in the backup shape."""
    return json_of(session, SESSION_KEYS)


def history_to_json(sessions: Iterable[Session]) -> dict[str, Any]:
    """The whole backup document."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sessions": [session_to_json(s) for s in sessions],
    }


def write_json(sessions: Iterable[Session], out: IO[str]) -> None:
    """Write the backup document to ``out``, one session per line.

    The same document as :func:`history_to_json`, laid out so that a large
    history is written quickly and still reads (and diffs) line by line.
    """
    _write_lines((json.dumps(session_to_json(s), **_COMPACT) for s in sessions), out)


def write_store_json(
    store: HistoryStore,
    out: IO[str],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    routine: str | None = None,
    include_preview: bool = False,
) -> None:
    """:func:`write_json` of the store's matching sessions, built by SQLite (fast)."""
    _write_lines(store.session_json_lines(since, until, routine, include_preview), out)


_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


def _write_lines(lines: Iterable[str], out: IO[str]) -> None:
    out.write(f'{{"format":"{FORMAT_NAME}","version":{FORMAT_VERSION:d},"sessions":[')
    separator = "\n"
    for line in lines:
        out.write(separator)
        out.write(line)
        separator = ",\n"
    out.write("\n]}\n")


# --------------------------------------------------------------------------- reading


def parse_history_batch(document: object, source: str = "the file") -> ImportBatch:
    """Check a whole backup document and return its sessions in the stored form.

    Raises :class:`HistoryImportError` listing every problem, each with the
    place it was found (``sessions[3].segments[2].status: ...``).  A session
    is taken by the fast path when it is entirely valid; any other is checked
    by the explaining path, which says what is wrong.
    """
    problems = BackupProblems()
    raw_sessions = _check_document(problems, document, source)
    fast = FastRows()
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_sessions):
        entry = fast.session(raw) or problems.session(raw, f"sessions[{number}]")
        if entry is None:
            continue
        sid = entry[0][0]
        if sid in seen:
            problems.fail(f"sessions[{number}].id", f"the same id as sessions[{seen[sid]}]")
            continue
        seen[sid] = number
        entries.append(entry)
    if problems.problems:
        raise HistoryImportError(source, problems.problems)
    return ImportBatch(tuple(entries))


def parse_history_json(document: object, source: str = "the file") -> list[Session]:
    """:func:`parse_history_batch` as :class:`Session` values (what the store would read back).

    The same checks and the same messages.
    """
    return sessions_of(parse_history_batch(document, source))


def load_history_batch(path: Path) -> ImportBatch:
    """Read and check a backup file into the stored form, for ``HistoryStore.import_batch``.

    :class:`HistoryImportError` says what is wrong.  Several times faster on a
    large backup than :func:`load_history_json` because it makes no
    :class:`Session` values.
    """
    return parse_history_batch(_read_document(path), str(path))


def load_history_json(path: Path) -> list[Session]:
    """Read and check a backup file; :class:`HistoryImportError` says what is wrong."""
    return parse_history_json(_read_document(path), str(path))


def _check_document(problems: BackupProblems, document: object, source: str) -> list[object]:
    """Check a backup's top level; returns its raw sessions (empty when unusable).

    A document that is not an object at all is refused at once.
    """
    top = problems.obj(document, "top level")
    if top is None:
        raise HistoryImportError(source, problems.problems)
    for key in ("format", "version", "sessions"):
        if key not in top:
            problems.fail("top level", f'missing "{key}"')
    for key in top:
        if key not in ("format", "version", "sessions"):
            problems.fail("top level", f'unknown key "{key}"')
    if "format" in top and top["format"] != FORMAT_NAME:
        problems.fail("format", f'expected "{FORMAT_NAME}", got {describe(top["format"])}')
    if "version" in top and top["version"] != FORMAT_VERSION:
        problems.fail(
            "version",
            f"this supple reads version {FORMAT_VERSION}, the file is {describe(top['version'])}",
        )
    raw_sessions = top.get("sessions")
    if "sessions" in top and not isinstance(raw_sessions, list):
        problems.fail("sessions", f"expected a list, got {describe(raw_sessions)}")
    return raw_sessions if isinstance(raw_sessions, list) else []


def _read_document(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise HistoryImportError(str(path), ["the file does not exist"]) from exc
    except UnicodeDecodeError as exc:
        raise HistoryImportError(str(path), ["the file is not UTF-8 text"]) from exc
    except OSError as exc:
        raise HistoryImportError(str(path), [f"it can't be read ({exc.strerror})"]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise HistoryImportError(
            str(path), [f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from exc
