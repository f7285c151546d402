"""Room kept for the history on a disk that fills up: a reserve file beside the database.

A session's recorder makes the reserve when it first opens the history and
gives it back the moment a write fails because the disk is full: the space
it held is then there for the retries (the rest of the session, in one
transaction, after the write-ahead log was emptied).  The measurements
behind the size are in ``docs/history.md`` ("A full or read-only disk").
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

#: Bytes kept free for one session's retries: many times what a 40-part session needs.
RESERVE_BYTES = 256 * 1024


def reserve_path(db: Path) -> Path:
    """The reserve file of the history at ``db``."""
    return db.with_name(f"{db.name}-reserve")


def make_reserve(db: Path, size: int = RESERVE_BYTES) -> bool:
    """Hold ``size`` bytes beside ``db`` (once); True when the reserve is there.

    Never raises: without room for a reserve the session is recorded anyway.
    """
    target = reserve_path(db)
    try:
        if target.stat().st_size >= size:
            return True
    except OSError:
        pass
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError:
        return False
    try:
        # Written, not only allocated: a file system without fallocate still holds the room.
        os.pwrite(fd, bytes(size), 0)
        return True
    except OSError:
        release_reserve(db)
        return False
    finally:
        os.close(fd)


def release_reserve(db: Path) -> bool:
    """Give the reserve's room back; True when there was one."""
    with contextlib.suppress(OSError):
        reserve_path(db).unlink()
        return True
    return False
