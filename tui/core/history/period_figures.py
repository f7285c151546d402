"""A period's figures counted by SQLite: what the clinic report says of its sessions.

The report's totals, its routines' sections and its notes come from a few
aggregate queries here instead of a pass over every session in Python, so a
report of 100,000 sessions makes Python values only for the rows of its
table (read as they are written).  :class:`~tui.core.history.store.HistoryStore`
calls these over a connection it holds in a read transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from tui.core.history.records import SessionFilter
from tui.core.history.rows import SESSION_STATUS_BY_VALUE, where
from tui.core.history.times import from_stored
from tui.core.session.status import SessionStatus


class SessionGroup(NamedTuple):
    """Sessions alike in everything the report counts them by, and how many there are.

    It has what :func:`tui.core.progress.credit_count` reads of a session.
    """

    title: str
    preview: bool
    status: SessionStatus | None
    credited: bool | None
    pain_before: int | None
    pain_after: int | None
    sessions: int
    #: Of these, how many hold a note.
    noted: int


class RoutineLatest(NamedTuple):
    """A routine's most recent session in the period: its file then, and when."""

    path: str
    started_at: datetime


@dataclass(frozen=True)
class PeriodFigures:
    """The sessions of a period, counted."""

    groups: tuple[SessionGroup, ...]
    #: Each routine's most recent session, by title.
    latest: dict[str, RoutineLatest]
    #: When the first session started (``None``: no session).
    first: datetime | None
    #: "This hurts" marks in all the sessions (each part once per session).
    hurt: int


def period_figures(conn: sqlite3.Connection, flt: SessionFilter) -> PeriodFigures:
    """The figures of the sessions ``flt`` keeps (``conn`` in a read transaction)."""
    clause, params = where(flt)
    groups = tuple(
        SessionGroup(
            title,
            bool(preview),
            None if status is None else SESSION_STATUS_BY_VALUE[status],
            None if credited is None else bool(credited),
            before,
            after,
            count,
            noted,
        )
        for title, preview, status, credited, before, after, count, noted in conn.execute(
            "SELECT s.routine_title, s.preview, s.status, s.credited, s.pain_before,"
            " s.pain_after, COUNT(*), SUM(COALESCE(s.notes, '') != '')"
            f" FROM sessions s {clause} GROUP BY 1, 2, 3, 4, 5, 6",
            params,
        )
    )
    # SQLite takes a bare column from the row that gives MAX() its value.
    latest = {
        title: RoutineLatest(path, from_stored(started))
        for title, path, started in conn.execute(
            f"SELECT s.routine_title, s.routine_path, MAX(s.started_at) FROM sessions s {clause}"
            " GROUP BY s.routine_title",
            params,
        )
    }
    (first,) = conn.execute(f"SELECT MIN(s.started_at) FROM sessions s {clause}", params).fetchone()
    joined = f"{clause} AND" if clause else "WHERE"
    (hurt,) = conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT g.session_id, g.segment_index FROM sessions s"
        f" JOIN segments g ON g.session_id = s.id {joined} g.hurt = 1)",
        params,
    ).fetchone()
    return PeriodFigures(groups, latest, None if first is None else from_stored(first), hurt)


def credited_starts(conn: sqlite3.Connection, flt: SessionFilter) -> Iterator[tuple[str, datetime]]:
    """The routine and start of each session ``flt`` keeps that counts toward the plan."""
    credited = SessionFilter(
        flt.since, flt.until, flt.routine, flt.include_preview, ("s.credited = 1",)
    )
    clause, params = where(credited)
    for title, started in conn.execute(
        f"SELECT s.routine_title, s.started_at FROM sessions s {clause}", params
    ):
        yield title, from_stored(started)
