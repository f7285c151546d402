"""Opening the history's SQLite file: for writing, read-only, or as an upgraded copy in memory.

Writing creates the folder and the file private (0700/0600) before SQLite
writes a byte of health data into them, switches the file to WAL and
migrates an older schema.  Reading never writes a byte to the file: it
refuses a schema it does not match, or reads an upgraded copy in memory.
A file that is not a supple history is refused either way.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tui.core import locations
from tui.core.history.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate, schema_version
from tui.core.history.records import HistoryUnavailable, SchemaVersionError
from tui.core.history.storage_words import StorageTrouble, storage_trouble, storage_words

#: Opens an SQLite connection: ``sqlite3.connect`` or a test's stand-in.
Connect = Callable[..., sqlite3.Connection]


def connect_for_writing(
    target: Path, *, default: bool, busy_timeout: float, connect: Connect
) -> sqlite3.Connection:
    """A connection to the history at ``target``, created or upgraded as needed.

    ``default`` says ``target`` is the user's own history (its folder is then
    made with :func:`tui.core.locations.ensure_private_dir`).
    """
    try:
        if default:
            locations.ensure_private_dir(target.parent)
        elif not target.parent.is_dir():
            target.parent.mkdir(parents=True, mode=0o700)
        if not target.exists():
            # Create it private before SQLite writes a byte of health data into it.
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise HistoryUnavailable(
            f"can't create the history at {target}: {storage_words(exc, target.parent)}"
        ) from exc
    try:
        conn = connect(
            str(target), timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise HistoryUnavailable(
            f"can't open the history at {target}: {storage_words(exc, target.parent)}"
        ) from exc
    try:
        _prepare_for_writing(conn, target)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise HistoryUnavailable(
            f"can't use the history at {target}: {storage_words(exc, target.parent)}"
        ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare_for_writing(conn: sqlite3.Connection, target: Path) -> None:
    check_is_history(conn, target)
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed segment survives power loss, not only a killed process.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # 32 MiB of page cache (the default is 2 MiB): imports and ten-year
    # summaries touch more pages than that.
    conn.execute("PRAGMA cache_size = -32768")
    found = schema_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{target} was written by a newer supple (history schema {found}; "
            f"this supple knows up to {SCHEMA_VERSION}). Update supple to use it.",
            found=found,
            supported=SCHEMA_VERSION,
        )
    migrate(conn)
    make_private(target)


def _read_only_uri(target: Path) -> str:
    uri = target.resolve().as_uri() + "?mode=ro"
    if not Path(f"{target}-wal").exists():
        # No writer has it open: read the file exactly as it is, without
        # creating the -shm/-wal side files next to it.
        uri += "&immutable=1"
    return uri


def connect_read_only(target: Path, *, busy_timeout: float, connect: Connect) -> sqlite3.Connection:
    """A connection that never writes to ``target``; its schema must be this supple's."""
    if not target.is_file():
        raise HistoryUnavailable(f"there is no history file at {target}")
    try:
        conn = connect(
            _read_only_uri(target),
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise HistoryUnavailable(
            f"can't open the history at {target}: {storage_words(exc, target.parent)}"
        ) from exc
    try:
        check_is_history(conn, target)
        conn.execute("PRAGMA cache_size = -32768")
        found = schema_version(conn)
        if found != SCHEMA_VERSION:
            older = found < SCHEMA_VERSION
            raise SchemaVersionError(
                f"{target} uses history schema {found} and this supple reads schema "
                f"{SCHEMA_VERSION}; "
                + (
                    "it can be read from an upgraded copy in memory (the file is not changed)."
                    if older
                    else "update supple to read it."
                ),
                found=found,
                supported=SCHEMA_VERSION,
            )
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise HistoryUnavailable(
            f"can't read the history at {target}: {storage_words(exc, target.parent)}"
        ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def connect_to_copy(target: Path) -> sqlite3.Connection:
    """A connection to an upgraded copy of ``target`` in memory (the file is not changed)."""
    if not target.is_file():
        raise HistoryUnavailable(f"there is no history file at {target}")
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        source = sqlite3.connect(_read_only_uri(target), uri=True, isolation_level=None)
        try:
            check_is_history(source, target)
            source.backup(memory)
        finally:
            source.close()
        found = schema_version(memory)
        if found > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{target} was written by a newer supple (history schema {found}); "
                "update supple to read it.",
                found=found,
                supported=SCHEMA_VERSION,
            )
        migrate(memory)
    except sqlite3.Error as exc:
        memory.close()
        raise HistoryUnavailable(
            f"can't read the history at {target}: {storage_words(exc, target.parent)}"
        ) from exc
    except BaseException:
        memory.close()
        raise
    return memory


def connect_empty() -> sqlite3.Connection:
    """A connection to an empty history in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    migrate(conn)
    return conn


def check_is_history(conn: sqlite3.Connection, target: Path) -> None:
    """Refuse a file that is not SQLite, or an SQLite file that is not a supple history."""
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = int(conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if storage_trouble(exc, target.parent) is StorageTrouble.NOT_HISTORY:
            raise HistoryUnavailable(f"{target} is not a supple history file") from exc
        # A full disk or a failing one: the file may well be a history.
        raise HistoryUnavailable(
            f"can't read {target}: {storage_words(exc, target.parent)}"
        ) from exc
    if app_id == APPLICATION_ID or (app_id == 0 and tables == 0):
        return
    raise HistoryUnavailable(f"{target} is an SQLite file but not a supple history")


def make_private(target: Path) -> None:
    """Keep the database and its WAL side files readable by the user alone."""
    for candidate in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        with contextlib.suppress(OSError):
            if candidate.exists() and candidate.stat().st_mode & 0o777 != 0o600:
                candidate.chmod(0o600)
