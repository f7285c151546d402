"""Storage errors in words: what happened, never SQLite's or the system's jargon."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from tui.core.history import HistoryUnavailable
from tui.core.history.storage_words import StorageTrouble, storage_trouble, storage_words


def sqlite_error(message: str) -> sqlite3.Error:
    """A real error of SQLite's (with its result code), raised by ``message``'s situation."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(message)
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("exc", "trouble"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), StorageTrouble.FULL),
        (OSError(errno.EROFS, "Read-only file system"), StorageTrouble.READ_ONLY),
        (PermissionError(errno.EACCES, "Permission denied"), StorageTrouble.READ_ONLY),
        (OSError(errno.EIO, "Input/output error"), StorageTrouble.IO),
        (sqlite3.OperationalError("database or disk is full"), StorageTrouble.FULL),
        (sqlite3.OperationalError("disk I/O error"), StorageTrouble.IO),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            StorageTrouble.READ_ONLY,
        ),
        (sqlite3.OperationalError("database is locked"), StorageTrouble.LOCKED),
        (sqlite3.DatabaseError("file is not a database"), StorageTrouble.NOT_HISTORY),
    ],
)
def test_each_situation_is_recognised(exc: BaseException, trouble: StorageTrouble) -> None:
    assert storage_trouble(exc) is trouble


def test_sqlite_result_codes_win_over_the_text() -> None:
    exc = sqlite_error("ATTACH 'file:/nowhere/x.db?mode=ro' AS other")
    assert storage_trouble(exc) is StorageTrouble.CANT_OPEN


def test_a_wrapper_is_read_through_its_cause() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise HistoryUnavailable("can't create the history at /x") from inner
    except HistoryUnavailable as outer:
        assert storage_words(outer) == "the disk is full"


def test_sqlite_jargon_never_comes_through() -> None:
    for text in ("disk I/O error", "database or disk is full", "database is locked"):
        words = storage_words(sqlite3.OperationalError(text))
        assert text not in words


def test_an_unknown_error_says_what_it_was() -> None:
    assert storage_words(OSError(errno.EBADF, "Bad file descriptor")) == (
        "it could not be written (Bad file descriptor)"
    )
