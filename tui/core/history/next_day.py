"""The next-day check: which session it is due for, keeping the answer, and a "worse".

At the first opening on the day after a session, supple asks once
:data:`~tui.core.session.ratings.NEXT_DAY_QUESTION` about the *last* session
of that day (:func:`next_day_due`).  The answer (or a skip) is kept with that
session (:meth:`~tui.core.history.store.HistoryStore.record_next_day`, schema
7): a session is asked about once, whatever the answer.  A "worse" feeds the
stop rules (:func:`worse_since_last_session`): the therapist's rules and
contact are shown before the next session starts.  It never changes a dose.

Only sessions with exercise in them (completed or partial, not previews) are
asked about: a "not today" or a session closed unfinished did not exercise.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from tui.core.history.records import HistoryError, SessionSummary
from tui.core.history.store import HistoryStore
from tui.core.history.store_opening import open_for_reading, private_store_opener
from tui.core.history.times import local_day_bounds
from tui.core.session.ratings import NextDay
from tui.core.session.status import SessionStatus

#: The sessions the check is asked about: those in which the patient exercised.
EXERCISED = frozenset({SessionStatus.COMPLETED, SessionStatus.PARTIAL})
#: How many of the latest sessions are looked through for the last exercised one.
_RECENT = 50


def _exercised(sessions: list[SessionSummary]) -> list[SessionSummary]:
    return [s for s in sessions if s.status in EXERCISED]


def next_day_due(
    store: HistoryStore, today: date, tz: tzinfo | None = None
) -> SessionSummary | None:
    """The session to ask the next-day check about ``today``, or ``None``.

    It is yesterday's last exercised session (local days in ``tz``, default
    the computer's), when it has not been asked about yet.  An earlier session
    of that day is never asked about.
    """
    since, until = local_day_bounds(today - timedelta(days=1), tz)
    found = _exercised(store.sessions(since=since, until=until))
    if not found:
        return None
    last = max(found, key=lambda s: s.started_at)
    return last if last.next_day_at is None else None


def worse_since_last_session(store: HistoryStore) -> SessionSummary | None:
    """The last exercised session when its next-day check said "worse", else ``None``.

    Once a session is done after it, that session is the last one and the
    "worse" has been seen with the stop rules before it.
    """
    # Fifty "not today"s in a row would be weeks without exercise: nothing to say then.
    exercised = _exercised(store.sessions(limit=_RECENT))
    if exercised and exercised[0].next_day is NextDay.WORSE:
        return exercised[0]
    return None


# --------------------------------------------------------------------------- for the front ends


def due_at(db: Path | None, today: date) -> SessionSummary | None:
    """:func:`next_day_due` in the history at ``db`` (``None``: the user's), read-only.

    A history that is missing or cannot be read has nothing to ask about.
    """
    try:
        with open_for_reading(db) as store:
            return next_day_due(store, today)
    except (HistoryError, OSError, sqlite3.Error):
        return None


def keep_answer(db: Path | None, session_id: str, answer: NextDay | None, now: datetime) -> bool:
    """Keep the next-day answer (``None``: skipped) with its session; False if it could not be."""
    try:
        with private_store_opener(db)() as store:
            return store.record_next_day(session_id, answer, now)
    except (HistoryError, OSError, sqlite3.Error):
        return False


def worse_at(db: Path | None) -> bool:
    """True when :func:`worse_since_last_session` finds a "worse" in the history at ``db``."""
    try:
        with open_for_reading(db) as store:
            return worse_since_last_session(store) is not None
    except (HistoryError, OSError, sqlite3.Error):
        return False
