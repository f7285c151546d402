"""A disk that fills up, for tests that cannot mount a small file system.

:func:`filling_disk` gives a ``sqlite3.connect`` stand-in (``HistoryStore.open``'s
``connect``) whose connections refuse every write with SQLite's own
"database or disk is full" once ``writes`` statements have been written, until
the test frees the disk.  Reads still work, as they do on a full disk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.support.history_factory import SHA, T0, record
from tui.core.history import HistoryStore, Session
from tui.core.history.recorder import SessionRecorder

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


#: What SQLite says when the disk is full, and when the file or folder is read-only.
FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"


@dataclass
class Disk:
    """How many more write statements fit; ``None``: as many as wanted."""

    room: int | None = None
    #: The error a write meets once there is no room (:data:`FULL` or :data:`READ_ONLY`).
    error: str = FULL

    def write(self) -> None:
        """Take room for one write, or fail as a full (or read-only) disk does."""
        if self.room is None:
            return
        if self.room <= 0:
            raise sqlite3.OperationalError(self.error)
        self.room -= 1

    def free(self) -> None:
        """Free the disk: every write fits again."""
        self.room = None


def filling_disk(disk: Disk) -> Callable[..., sqlite3.Connection]:
    """A ``sqlite3.connect`` whose writes take room on ``disk``."""

    class FillingConnection(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            if sql.lstrip().upper().startswith(_WRITES):
                disk.write()
            return super().execute(sql, *args)

        def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            if sql.lstrip().upper().startswith(_WRITES):
                disk.write()
            return super().executemany(sql, *args)

    def connect(database: str, **kwargs: Any) -> sqlite3.Connection:
        return sqlite3.connect(database, factory=FillingConnection, **kwargs)

    return connect


#: Parts in the session :func:`full_disk_session` records.
PARTS = 40


def full_disk_session(db: Path, backup: Path, *, written: int) -> Session:
    """A recorded session whose disk filled after ``written`` parts; its backup at ``backup``."""
    disk = Disk()
    connect = filling_disk(disk)
    times = iter(T0 + timedelta(seconds=n) for n in range(1000))
    recorder = SessionRecorder(
        lambda: HistoryStore.open(db, connect=connect), clock=lambda: next(times)
    )
    recorder.start("Morning back routine", "/r.toml", SHA, "0.1.0", False, pain_before=5)
    for index in range(PARTS):
        if index == written:
            disk.room = 0
        recorder.record_segment(record(index, rep=index + 1))
    recorder.session_ended("completed")
    assert not recorder.finish(pain_after=3, effort=4, notes="easier after the walk")
    assert recorder.export_json(backup)
    session = recorder.session
    assert session is not None
    return session
