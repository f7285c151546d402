"""Sessions a crash left unfinished: find them and close them as abandoned.

Both functions do disk work and run in a thread; the app asks the patient in
between (a ``ConfirmDialog``) before closing anything.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tui.core.history import HistoryError, HistoryStore, to_local
from tui.core.locations import history_db


@dataclass(frozen=True)
class Unfinished:
    """One unfinished session, as the question about it needs it."""

    session_id: str
    routine_title: str
    #: When it started, in local time, in words ("Monday 03 March at 09:30").
    started: str
    #: Exercise parts (holds, sets, blocks) it recorded.
    parts: int


def unfinished_sessions(db: Path | None) -> list[Unfinished]:
    """Sessions no running supple is writing and that have no final status; [] on any problem."""
    path = db if db is not None else history_db()
    if not path.exists():
        return []  # no history yet: nothing to recover (and nothing is created)
    try:
        with HistoryStore.open(path) as store:
            return [
                Unfinished(
                    found.id,
                    found.routine.title,
                    to_local(found.started_at).strftime("%A %d %B at %H:%M"),
                    sum(1 for s in found.segments if s.is_work),
                )
                for found in store.unfinished_sessions()
            ]
    except (HistoryError, OSError, sqlite3.Error):
        return []


def abandon(db: Path | None, session_id: str) -> str | None:
    """Close one unfinished session as abandoned, keeping its parts; a problem sentence or None."""
    try:
        with HistoryStore.open(db) as store:
            store.abandon(session_id)
    except (HistoryError, OSError, sqlite3.Error) as exc:
        return f"The unfinished session could not be closed: {exc}"
    return None
