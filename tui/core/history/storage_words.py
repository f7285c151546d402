"""What a storage error means, in words a patient can act on.

SQLite and the operating system describe the same few situations in many
ways ("database or disk is full", ``ENOSPC``, "disk I/O error" on a full
disk, "attempt to write a readonly database", ``EROFS``...).  Every message
about the history or an exported file names the situation with
:func:`storage_words`, so "cannot rollback - no transaction is active" or a
bare "disk I/O error" never reaches the user.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import Enum
from pathlib import Path


class StorageTrouble(Enum):
    """The situations a storage error stands for."""

    FULL = "the disk is full"
    READ_ONLY = "the folder or file is read-only (or you may not write there)"
    LOCKED = "the history is in use by another supple and stayed locked"
    NOT_HISTORY = "it is not a supple history file"
    IO = "the disk could not be read or written (an input/output error)"
    CANT_OPEN = "the file could not be opened (its folder is missing or not allowed)"
    OTHER = "it could not be written"


_BY_ERRNO = {
    errno.ENOSPC: StorageTrouble.FULL,
    errno.EDQUOT: StorageTrouble.FULL,
    errno.EFBIG: StorageTrouble.FULL,
    errno.EROFS: StorageTrouble.READ_ONLY,
    errno.EACCES: StorageTrouble.READ_ONLY,
    errno.EPERM: StorageTrouble.READ_ONLY,
    errno.EIO: StorageTrouble.IO,
    errno.ENOENT: StorageTrouble.CANT_OPEN,
    errno.ENOTDIR: StorageTrouble.CANT_OPEN,
}
#: SQLite's primary result codes (``sqlite_errorname`` up to its first ``_`` after SQLITE).
_BY_SQLITE_NAME = {
    "SQLITE_FULL": StorageTrouble.FULL,
    "SQLITE_READONLY": StorageTrouble.READ_ONLY,
    "SQLITE_PERM": StorageTrouble.READ_ONLY,
    "SQLITE_BUSY": StorageTrouble.LOCKED,
    "SQLITE_LOCKED": StorageTrouble.LOCKED,
    "SQLITE_NOTADB": StorageTrouble.NOT_HISTORY,
    "SQLITE_CORRUPT": StorageTrouble.NOT_HISTORY,
    "SQLITE_IOERR": StorageTrouble.IO,
    "SQLITE_CANTOPEN": StorageTrouble.CANT_OPEN,
}
#: The same situations in the words of a message (a test's stand-in error has no code).
_BY_TEXT = (
    ("disk is full", StorageTrouble.FULL),
    ("disk full", StorageTrouble.FULL),
    ("no space left", StorageTrouble.FULL),
    ("readonly", StorageTrouble.READ_ONLY),
    ("read-only", StorageTrouble.READ_ONLY),
    ("permission denied", StorageTrouble.READ_ONLY),
    ("locked", StorageTrouble.LOCKED),
    ("busy", StorageTrouble.LOCKED),
    ("not a database", StorageTrouble.NOT_HISTORY),
    ("malformed", StorageTrouble.NOT_HISTORY),
    ("i/o error", StorageTrouble.IO),
    ("unable to open", StorageTrouble.CANT_OPEN),
)


def storage_trouble(exc: BaseException, where: Path | None = None) -> StorageTrouble:
    """Which situation ``exc`` (an ``OSError``, an ``sqlite3.Error`` or a wrapper) stands for.

    ``where`` is the folder the error was met in: SQLite reports a full disk
    met while opening a file as an I/O error, and a folder with no space left
    tells the two apart.
    """
    trouble = _trouble_of(exc)
    if trouble is StorageTrouble.IO and where is not None and _no_space_left(where):
        return StorageTrouble.FULL
    return trouble


def storage_words(exc: BaseException, where: Path | None = None) -> str:
    """The situation behind ``exc`` in words ("the disk is full"), never SQLite's own text."""
    trouble = storage_trouble(exc, where)
    if trouble is StorageTrouble.OTHER:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"{trouble.value} ({detail})"
    return str(trouble.value)


def _trouble_of(exc: BaseException) -> StorageTrouble:
    seen: BaseException | None = exc
    while seen is not None:  # a HistoryError raised from the sqlite3 error keeps it as cause
        if isinstance(seen, OSError) and seen.errno in _BY_ERRNO:
            return _BY_ERRNO[seen.errno]
        if isinstance(seen, sqlite3.Error):
            name = str(getattr(seen, "sqlite_errorname", "") or "")
            primary = "_".join(name.split("_")[:2])
            if primary in _BY_SQLITE_NAME:
                return _BY_SQLITE_NAME[primary]
        elif not isinstance(seen, OSError):
            found = _from_text(seen)  # supple's own wrapper already says it in words
            if found is not None:
                return found
        seen = seen.__cause__
    return _from_text(exc) or StorageTrouble.OTHER


def _from_text(exc: BaseException) -> StorageTrouble | None:
    text = str(exc).lower()
    for words, trouble in _BY_TEXT:
        if words in text:
            return trouble
    return None


def _no_space_left(folder: Path) -> bool:
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
