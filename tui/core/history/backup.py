"""The JSON backup of the history, both ways: writing it, and reading it back checked.

JSON is the lossless backup format (:mod:`tui.core.history.backup_keys`
states it, key by key).  :func:`write_store_json` exports a whole store
through SQLite's JSON functions; :func:`write_json` writes sessions held as
values (a recorder's session not yet saved).  :func:`load_history_batch`
reads a backup into the stored form for ``HistoryStore.import_batch``, and
:func:`load_history_json` into :class:`~tui.core.history.records.Session`
values; both check the whole document and report every problem at once,
naming where each is.  :func:`read_history_entries` gives the same checked
rows one session at a time from a file of any size (read through
:mod:`tui.core.history.backup_stream`), for an import in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from tui.core.history.backup_check import (
    BackupProblems,
    FastRows,
    describe,
)
from tui.core.history.backup_keys import (
    FORMAT_NAME,
    FORMAT_VERSION,
    SESSION_KEYS,
    json_of,
)
from tui.core.history.backup_stream import (
    BackupText,
    TopLevel,
    UnreadableBackup,
    file_size_problem,
    open_backup_file,
    top_level_sessions,
)
from tui.core.history.records import ImportBatch, Session, StoredSession
from tui.core.history.rows import sessions_of
from tui.core.history.store import HistoryStore
from tui.core.safe_text import escape_json_text


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
        # DEL, C1 and format characters as \u escapes: the same JSON, safe on a terminal.
        out.write(escape_json_text(line))
        separator = ",\n"
    out.write("\n]}\n")


# --------------------------------------------------------------------------- reading

#: The largest backup read, in bytes (a session with 40 parts is about 9 KB, so this is
#: over 400,000 such sessions; it is read a session at a time, so only time grows with it).
MAX_BACKUP_BYTES = 4 * 1024 * 1024 * 1024
#: The most sessions a backup may hold (each id is kept to find one given twice).
MAX_SESSIONS = 1_000_000
#: Checking stops after this many problems: a file of a million wrong sessions would
#: otherwise hold millions of messages.
MAX_PROBLEMS = 100


class BackupChecks:
    """Each session of a backup checked in turn, every problem kept with its place.

    A session is taken by the fast path when it is entirely valid; any other is
    checked by the explaining path, which says what is wrong.
    """

    def __init__(self) -> None:
        self.problems = BackupProblems()
        self._fast = FastRows()
        self._seen: dict[str, int] = {}
        #: True once checking stopped (too many problems or sessions): read no further.
        self.stopped = False

    def session(self, number: int, raw: object) -> StoredSession | None:
        """The rows of ``sessions[number]``, or ``None`` with its problems noted."""
        if len(self.problems.problems) >= MAX_PROBLEMS:
            self.problems.fail(f"sessions[{number}]", "checking stopped here: too many problems")
            self.stopped = True
            return None
        if number >= MAX_SESSIONS:
            self.problems.fail(
                f"sessions[{number}]", f"more sessions than a backup may hold ({MAX_SESSIONS:,})"
            )
            self.stopped = True
            return None
        where = f"sessions[{number}]"
        entry = self._fast.session(raw) or self.problems.session(raw, where)
        if entry is None:
            return None
        sid = entry[0][0]
        if sid in self._seen:
            self.problems.fail(f"{where}.id", f"the same id as sessions[{self._seen[sid]}]")
            return None
        self._seen[sid] = number
        return entry


def parse_history_batch(document: object, source: str = "the file") -> ImportBatch:
    """Check a whole backup document and return its sessions in the stored form.

    Raises :class:`HistoryImportError` listing every problem, each with the
    place it was found (``sessions[3].segments[2].status: ...``).
    """
    checks = BackupChecks()
    top = checks.problems.obj(document, "top level")
    if top is None:
        raise HistoryImportError(source, checks.problems.problems)
    raw_sessions = top.get("sessions")
    entries: list[StoredSession] = []
    for number, raw in enumerate(raw_sessions if isinstance(raw_sessions, list) else []):
        entry = checks.session(number, raw)
        if checks.stopped:
            break
        if entry is not None:
            entries.append(entry)
    problems = [*_top_level_problems(top), *checks.problems.problems]
    if problems:
        raise HistoryImportError(source, problems)
    return ImportBatch(tuple(entries))


def parse_history_json(document: object, source: str = "the file") -> list[Session]:
    """:func:`parse_history_batch` as :class:`Session` values (what the store would read back).

    The same checks and the same messages.
    """
    return sessions_of(parse_history_batch(document, source))


def read_history_entries(path: Path) -> Iterator[StoredSession]:
    """The sessions of the backup at ``path`` in the stored form, read and checked one by one.

    The file is opened now (:class:`HistoryImportError` if it cannot be read
    at all); its sessions are read as the result is iterated, a few MiB of
    the file at a time, so a backup of any size takes bounded memory.  After
    the first problem no more sessions are given, and once the whole file is
    checked :class:`HistoryImportError` lists every problem: whatever took
    the sessions given before must then be undone (import them in one
    transaction, as ``HistoryStore.import_entries`` does).
    """
    try:
        handle = open_backup_file(path)
        too_large = file_size_problem(handle, MAX_BACKUP_BYTES)
    except UnreadableBackup as exc:
        raise HistoryImportError(str(path), [str(exc)]) from exc
    if too_large is not None:
        handle.close()
        raise HistoryImportError(str(path), [too_large])
    return _checked_entries(handle, str(path))


def _checked_entries(handle: IO[bytes], source: str) -> Iterator[StoredSession]:
    """The generator of :func:`read_history_entries`."""
    checks = BackupChecks()
    top = TopLevel()
    try:
        with handle:
            for number, raw in enumerate(top_level_sessions(BackupText(handle), top)):
                entry = checks.session(number, raw)
                if checks.stopped:
                    break
                if entry is not None and not checks.problems.problems:
                    yield entry
    except UnreadableBackup as exc:
        raise HistoryImportError(source, [str(exc)]) from exc
    if not top.is_object:
        raise HistoryImportError(
            source, [f"top level: expected an object, got {describe(top.other)}"]
        )
    problems = [*_top_level_problems(top.values, top.sessions_listed), *checks.problems.problems]
    if top.sessions_listed and "sessions" in top.values:
        problems.insert(0, 'top level: "sessions" is given twice')
    if problems:
        raise HistoryImportError(source, problems)


def load_history_batch(path: Path) -> ImportBatch:
    """Read and check a backup file into the stored form, for ``HistoryStore.import_batch``.

    :class:`HistoryImportError` says what is wrong.  Holds every session in
    memory: a large backup is imported from :func:`read_history_entries`.
    """
    return ImportBatch(tuple(read_history_entries(path)))


def load_history_json(path: Path) -> list[Session]:
    """Read and check a backup file; :class:`HistoryImportError` says what is wrong."""
    return sessions_of(load_history_batch(path))


def _top_level_problems(top: dict[str, Any], listed: bool = False) -> list[str]:
    """What is wrong with a backup's top-level keys (``listed``: its sessions were a list)."""
    problems = BackupProblems()
    present = set(top) | ({"sessions"} if listed else set())
    for key in ("format", "version", "sessions"):
        if key not in present:
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
    if "sessions" in top and not isinstance(top["sessions"], list):
        problems.fail("sessions", f"expected a list, got {describe(top['sessions'])}")
    return problems.problems
