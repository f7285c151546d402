"""Reading the history store: every query a screen, an export or the report runs.

:class:`StoreReading` is the reading half of
:class:`~tui.core.history.store.HistoryStore` (which adds opening and
writing): it holds no state of its own, and every call holds the store's
lock for as long as it uses the connection.  The long readers stream
(``each_*``): the store stays locked until they are used up or closed.
The SQL is in :mod:`tui.core.history.queries` and
:mod:`tui.core.history.period_figures`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any

from tui.core.history import queries
from tui.core.history.backup_keys import SESSION_JSON_SQL
from tui.core.history.period_figures import PeriodFigures, credited_starts, period_figures
from tui.core.history.records import (
    DayCount,
    ExerciseCount,
    HurtRating,
    LoggedSegment,
    Session,
    SessionFilter,
    SessionPain,
    SessionSummary,
)
from tui.core.history.rows import where


class StoreReading:
    """The reading calls of :class:`~tui.core.history.store.HistoryStore`."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for queries that read more than once."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                if self._conn.in_transaction:  # an error may have ended it already
                    self._conn.execute("COMMIT")

    def session(self, session_id: str) -> Session | None:
        """One session with all its segments, or ``None``."""
        with self._read() as conn:
            return queries.session_with_segments(conn, session_id)

    def segment_count(self, session_id: str) -> int:
        """How many segment outcomes are recorded for a session."""
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM segments WHERE session_id = ?", (session_id,)
            ).fetchone()
        return int(row[0])

    def sessions(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
        limit: int | None = None,
        *,
        offset: int = 0,
        oldest_first: bool = False,
        sort: tuple[str, bool] | None = None,
    ) -> list[SessionSummary]:
        """Sessions started in ``[since, until)``, newest first, with their tallies.

        ``routine`` keeps sessions whose routine title contains it (any case).
        Preview runs are left out unless ``include_preview``.  ``limit`` and
        ``offset`` page through the list.  ``sort`` (a key of
        :data:`~tui.core.history.queries.SORT_SQL`, descending) orders a page by
        that value instead, those without one last, ties newest first.
        """
        flt = SessionFilter(since, until, routine, include_preview)
        if sort is not None:
            with self._read() as conn:
                return queries.sorted_page(conn, flt, *sort, -1 if limit is None else limit, offset)
        order = "ASC" if oldest_first else "DESC"
        if limit is None or limit > queries.BULK_LIST:
            with self._read() as conn:
                return list(queries.session_list(conn, flt, order, limit, offset))
        with self._lock:
            return queries.session_page(self._conn, flt, order, limit, offset)

    def sessions_with_segments(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> list[Session]:
        """Every matching session with its segments, oldest first."""
        return list(self.each_session_with_segments(since, until, routine, include_preview))

    def each_session_with_segments(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> Iterator[Session]:
        """:meth:`sessions_with_segments` one at a time (exports); locked until used up."""
        with self._read() as conn:
            yield from queries.sessions_with_segments(
                conn, SessionFilter(since, until, routine, include_preview)
            )

    def each_session_with_rated_parts(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> Iterator[tuple[SessionSummary, tuple[LoggedSegment, ...]]]:
        """:meth:`each_session`, each with its segments that carry a pain rating (FHIR)."""
        flt = SessionFilter(since, until, routine, include_preview)
        with self._read() as conn:
            yield from queries.sessions_with_rated_parts(conn, flt)

    def each_session(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> Iterator[SessionSummary]:
        """:meth:`sessions` oldest first, one at a time (exports); locked until used up."""
        flt = SessionFilter(since, until, routine, include_preview)
        with self._read() as conn:
            yield from queries.session_list(conn, flt, "ASC", None, 0)

    def each_flat_summary(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """:meth:`each_session` as plain rows of
        :data:`~tui.core.history.queries.FLAT_SUMMARY_COLUMNS` (the CSV export)."""
        flt = SessionFilter(since, until, routine, include_preview)
        with self._lock:
            yield from queries.flat_summaries(self._conn, flt)

    def period_figures(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> PeriodFigures:
        """The non-preview sessions started in ``[since, until)``, counted (the report)."""
        with self._read() as conn:
            return period_figures(conn, SessionFilter(since, until))

    def credited_starts(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[tuple[str, datetime]]:
        """The routine and start of each non-preview session that counts toward the plan."""
        with self._read() as conn:
            yield from credited_starts(conn, SessionFilter(since, until))

    def noted_sessions(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[SessionSummary]:
        """The non-preview sessions with a note, oldest first."""
        with self._read() as conn:
            return queries.noted_sessions(conn, SessionFilter(since, until))

    def session_json_lines(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> Iterator[str]:
        """Every matching session as one JSON object text in the backup shape, oldest first.

        The same objects as :func:`tui.core.history.backup.session_to_json` gives for
        :meth:`sessions_with_segments`, built by SQLite itself: a ten-year
        history is exported in a fraction of the time Python objects take.
        One at a time from one query; the store is locked until it is used up.
        """
        clause, params = where(SessionFilter(since, until, routine, include_preview))
        with self._lock:
            for (line,) in self._conn.execute(
                f"SELECT {SESSION_JSON_SQL} FROM sessions s {clause} ORDER BY s.started_at, s.id",
                params,
            ):
                yield str(line)

    def sessions_per_day(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        routine: str | None = None,
        include_preview: bool = False,
        tz: tzinfo | None = None,
    ) -> list[DayCount]:
        """Sessions per local calendar day (only days with sessions), oldest first.

        ``routine`` keeps sessions whose routine title contains it (any case),
        as in :meth:`sessions`.
        """
        flt = SessionFilter(since, until, routine, include_preview)
        with self._lock:
            return queries.day_counts(self._conn, flt, tz)

    def pain_series(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        include_preview: bool = False,
    ) -> list[SessionPain]:
        """Pain before and after each session that has a rating, oldest first."""
        return list(self.each_session_pain(since, until, include_preview=include_preview))

    def each_session_pain(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        include_preview: bool = False,
    ) -> Iterator[SessionPain]:
        """:meth:`pain_series` one at a time (the report's chart); locked until used up."""
        with self._lock:
            yield from queries.pain_series(
                self._conn, SessionFilter(since, until, None, include_preview)
            )

    def hurt_ratings(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        include_preview: bool = False,
    ) -> dict[str, list[HurtRating]]:
        """The "this hurts" ratings of each session started in ``[since, until)``, by id."""
        with self._read() as conn:
            return queries.hurt_ratings(conn, SessionFilter(since, until, None, include_preview))

    def exercise_counts(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        include_preview: bool = False,
    ) -> list[ExerciseCount]:
        """Per exercise (step name): exercise segments done, skipped, partial; hurt marks."""
        with self._read() as conn:
            return queries.exercise_counts(conn, SessionFilter(since, until, None, include_preview))

    def routine_titles(self) -> list[str]:
        """Every routine title in the history, alphabetically (for a filter list)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT DISTINCT routine_title FROM sessions ORDER BY routine_title"
            ).fetchall()
        return [str(r[0]) for r in rows]

    def count_sessions(self) -> int:
        """How many sessions the history holds, previews and unfinished included."""
        with self._lock:
            row = self._conn.execute("SELECT COUNT(*) FROM sessions").fetchone()
        return int(row[0])
