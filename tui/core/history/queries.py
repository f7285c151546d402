"""The store's read queries, each over a connection the store holds (and has locked).

Session lists with their tallies, sessions with their segments, sessions per
day, pain over time and per-exercise counts: the queries the history
screens, the report and the exports run over years of sessions, each with
the plan that keeps it fast (see docs/performance.md).  :class:`HistoryStore`
calls them; nothing else should.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, tzinfo
from typing import Any

from tui.core.history.records import (
    WORK_KINDS,
    DayCount,
    ExerciseCount,
    HurtRating,
    LoggedSegment,
    SegmentTally,
    Session,
    SessionFilter,
    SessionPain,
    SessionSummary,
)
from tui.core.history.rows import (
    KIND_BY_VALUE,
    SEGMENT_COLUMNS,
    SESSION_COLUMNS,
    SESSION_ROW_COLUMNS,
    TALLY_PARAMS,
    TALLY_SQL,
    WORK_KIND_VALUES,
    segment_from_row,
    session_from_row,
    summary_from_row,
    where,
)
from tui.core.history.times import from_stored, from_stored_opt, to_local

#: Above this many sessions a list's tallies are counted for all sessions at once.
BULK_LIST = 500


def session_page(
    conn: sqlite3.Connection, flt: SessionFilter, order: str, limit: int, offset: int
) -> list[SessionSummary]:
    """A short page of sessions (``limit`` at most :data:`BULK_LIST`) with their tallies."""
    clause, params = where(flt)
    sql = (
        f"WITH page AS (SELECT * FROM sessions s {clause}"
        f" ORDER BY s.started_at {order}, s.id {order} LIMIT ? OFFSET ?)"
        f" SELECT {SESSION_COLUMNS}, {TALLY_SQL}"
        " FROM page s LEFT JOIN segments g ON g.session_id = s.id"
        f" GROUP BY s.id ORDER BY s.started_at {order}, s.id {order}"
    )
    rows = conn.execute(sql, (*params, limit, offset, *TALLY_PARAMS)).fetchall()
    width = len(SESSION_ROW_COLUMNS)
    return [summary_from_row(r[:width], SegmentTally(*r[width : width + 5])) for r in rows]


#: What a session list can be sorted by, as SQL over ``sessions s`` (NULL: no value), and
#: ``"hurt"`` (its tally's hurt parts, :func:`_hurt_heads`).  Each is the value of a
#: :class:`SessionSummary` field or property, exactly.
SORT_SQL: dict[str, str] = {
    "started_at": "s.started_at",
    # str.casefold (registered below): SQLite's lower() folds ASCII letters only.
    "routine": "supple_casefold(s.routine_title)",
    # Whole microseconds between the stored UTC texts (fixed width), exact like a timedelta.
    "duration": (
        "(unixepoch(s.ended_at) - unixepoch(s.started_at)) * 1000000"
        " + (substr(s.ended_at, 21, 6) - substr(s.started_at, 21, 6))"
    ),
    # As a table shows it (tui.core.exports.cells.status_words; a test keeps them the same).
    "status": (
        "CASE WHEN s.status IS NULL THEN 'unfinished'"
        " WHEN s.status = 'not_today' THEN 'Not today' ELSE s.status END"
    ),
    "pain_change": "s.pain_after - s.pain_before",
    "effort": "s.effort",
}
#: The hurt parts of each session that has one (the tally's rule: each part once), from the
#: small hurt index.  Sorted by hurt parts, the sessions without one keep the time order.
_HURT_PARTS = (
    "(SELECT session_id, COUNT(DISTINCT segment_index) AS parts FROM segments"
    " WHERE hurt = 1 GROUP BY session_id)"
)


def sorted_page(
    conn: sqlite3.Connection,
    flt: SessionFilter,
    by: str,
    descending: bool,
    limit: int,
    offset: int,
) -> list[SessionSummary]:
    """A page of sessions in the order of ``by`` (see :data:`SORT_SQL`), sorted by SQLite.

    Sessions without a value come last; ties (and those without) newest first.
    SQLite keeps only the first ``offset + limit`` rows while it sorts.
    """
    conn.create_function("supple_casefold", 1, _casefold, deterministic=True)
    clause, params = where(flt)
    if by == "hurt":
        heads = _hurt_heads(conn, clause, params, descending, limit, offset)
    else:
        heads = conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions s {clause}"
            f" ORDER BY {SORT_SQL[by]} {'DESC' if descending else 'ASC'} NULLS LAST,"
            " s.started_at DESC, s.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
    tallies = _tallies_by_key(conn, [r[0] for r in heads])
    empty = SegmentTally()
    return [summary_from_row(r, tallies.get(r[0], empty)) for r in heads]


def _hurt_heads(
    conn: sqlite3.Connection,
    clause: str,
    params: tuple[object, ...],
    descending: bool,
    limit: int,
    offset: int,
) -> list[Any]:
    """A page by hurt parts: the (few) hurt sessions sorted, the others in time order.

    Two queries instead of one sort of every session (a join per session
    took a third of a second at 100,000): the page is cut from the hurt
    sessions, the rest of it from the calm ones, newest first.
    """
    joined = f"{clause} AND" if clause else "WHERE"
    hurt_sql = (
        f"SELECT {SESSION_COLUMNS} FROM {_HURT_PARTS} h JOIN sessions s ON s.id = h.session_id"
        f" {clause} ORDER BY h.parts {'DESC' if descending else 'ASC'},"
        " s.started_at DESC, s.id DESC LIMIT ? OFFSET ?"
    )
    calm_sql = (
        f"SELECT {SESSION_COLUMNS} FROM sessions s {joined}"
        " s.id NOT IN (SELECT session_id FROM segments WHERE hurt = 1)"
        " ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?"
    )
    first, second = (hurt_sql, calm_sql) if descending else (calm_sql, hurt_sql)
    rows = conn.execute(first, (*params, limit, offset)).fetchall()
    if limit >= 0 and len(rows) >= limit:
        return rows
    # The first part ran out: how many it holds says where the second part starts.
    (in_first,) = conn.execute(
        f"SELECT COUNT(*) FROM ({first.replace(' LIMIT ? OFFSET ?', '')})", params
    ).fetchone()
    rest = -1 if limit < 0 else limit - len(rows)
    return rows + conn.execute(second, (*params, rest, max(0, offset - in_first))).fetchall()


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def session_list(
    conn: sqlite3.Connection, flt: SessionFilter, order: str, limit: int | None, offset: int
) -> Iterator[SessionSummary]:
    """Long lists, one session at a time: the tallies first, then the sessions streamed.

    Every session's tally is counted in two scans (a few numbers per session),
    unless the list is short after all (a date range or a routine with no
    limit): then its sessions' segments are read by key.  The sessions
    themselves come from a cursor, so a list of 100,000 is never held.
    ``conn`` must be in a read transaction (it reads more than once) until
    the iterator is exhausted.
    """
    clause, params = where(flt)
    head_sql = (
        f"SELECT {SESSION_COLUMNS} FROM sessions s {clause}"
        f" ORDER BY s.started_at {order}, s.id {order} LIMIT ? OFFSET ?"
    )
    head_params = (*params, -1 if limit is None else limit, offset)
    (count,) = conn.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM sessions s {clause} LIMIT ? OFFSET ?)",
        head_params,
    ).fetchone()
    if count <= BULK_LIST * 4:
        # A few hundred sessions (a date range, a routine): look their
        # segments up by key instead of scanning all of them (70 ms).
        few = conn.execute(head_sql, head_params).fetchall()
        tallies = _tallies_by_key(conn, [r[0] for r in few])
        empty = SegmentTally()
        for r in few:
            yield summary_from_row(r, tallies.get(r[0], empty))
        return
    # Every tally counted by SQLite in two scans and joined to the sessions there, so
    # Python never holds 100,000 of them (a third of a report's memory).
    rows = conn.execute(
        f"SELECT {SESSION_COLUMNS}, COALESCE(t.done, 0), COALESCE(t.skipped, 0),"
        " COALESCE(t.partial, 0), COALESCE(h.parts, 0), COALESCE(t.seconds, 0.0)"
        f" FROM sessions s LEFT JOIN ({_ALL_TALLIES}) t ON t.session_id = s.id"
        f" LEFT JOIN {_HURT_PARTS} h ON h.session_id = s.id {clause}"
        f" ORDER BY s.started_at {order}, s.id {order} LIMIT ? OFFSET ?",
        (*WORK_KIND_VALUES, *head_params),
    )
    width = len(SESSION_ROW_COLUMNS)
    for r in rows:
        yield summary_from_row(r[:width], SegmentTally(*r[width : width + 5]))


def _tallies_by_key(conn: sqlite3.Connection, ids: list[str]) -> dict[str, SegmentTally]:
    """The tallies of a few sessions, their segments looked up by key."""
    return {
        r[0]: SegmentTally(*r[1:])
        for r in conn.execute(
            f"SELECT g.session_id, {TALLY_SQL} FROM json_each(?) j"
            " CROSS JOIN segments g ON g.session_id = j.value"
            " GROUP BY g.session_id",
            (*TALLY_PARAMS, json.dumps(ids)),
        )
    }


#: Each session's exercise parts by their latest outcome and its exercise seconds, from one
#: scan of the segments (the tally's rules, :data:`TALLY_SQL`).
_ALL_TALLIES = (
    "SELECT session_id, SUM(status = 'done' AND superseded = 0) AS done,"
    " SUM(status = 'skipped' AND superseded = 0) AS skipped,"
    " SUM(status = 'partial' AND superseded = 0) AS partial,"
    " ROUND(SUM(actual_seconds), 3) AS seconds"
    f" FROM segments WHERE kind IN ({', '.join('?' * len(WORK_KIND_VALUES))})"
    " GROUP BY session_id"
)


def session_with_segments(conn: sqlite3.Connection, session_id: str) -> Session | None:
    """One session with all its segments, or ``None`` (``conn`` in a read transaction)."""
    row = conn.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.id = ?", (session_id,)
    ).fetchone()
    if row is None:
        return None
    segs = conn.execute(
        f"SELECT {SEGMENT_COLUMNS} FROM segments g WHERE g.session_id = ? ORDER BY g.position",
        (session_id,),
    ).fetchall()
    return session_from_row(row, tuple(segment_from_row(r) for r in segs))


def sessions_with_segments(conn: sqlite3.Connection, flt: SessionFilter) -> Iterator[Session]:
    """Every session ``flt`` keeps with its segments, oldest first, one at a time.

    Two cursors in the same order walk in step: the sessions, and their
    segments joined to them (by session, then position), so neither the
    sessions nor their segments are ever all in memory.  ``conn`` must be in
    a read transaction until the iterator is exhausted.
    """
    clause, params = where(flt)
    heads = conn.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions s {clause} ORDER BY s.started_at, s.id",
        params,
    )
    segs = conn.execute(
        f"SELECT g.session_id, {SEGMENT_COLUMNS} FROM sessions s"
        f" JOIN segments g ON g.session_id = s.id {clause}"
        " ORDER BY s.started_at, s.id, g.position",
        params,
    )
    pending = next(segs, None)
    for head in heads:
        found: list[LoggedSegment] = []
        while pending is not None and pending[0] == head[0]:
            found.append(segment_from_row(pending[1:]))
            pending = next(segs, None)
        yield session_from_row(head, tuple(found))


def day_counts(conn: sqlite3.Connection, flt: SessionFilter, tz: tzinfo | None) -> list[DayCount]:
    """Sessions per local calendar day (only days with sessions), oldest first."""
    clause, params = where(flt)
    rows = conn.execute(
        f"SELECT s.started_at, s.ended_at, s.status FROM sessions s {clause} ORDER BY s.started_at",
        params,
    ).fetchall()
    days: dict[date, list[float]] = {}
    for started, ended, status in rows:
        start = from_stored(started)
        day = to_local(start, tz).date()
        counts = days.setdefault(day, [0, 0, 0, 0, 0.0])
        counts[0] += 1
        if status == "completed":
            counts[1] += 1
        elif status == "partial":
            counts[2] += 1
        elif status == "abandoned":
            counts[3] += 1
        if ended is not None:
            counts[4] += (from_stored(ended) - start).total_seconds() / 60
    return [
        DayCount(day, int(c[0]), int(c[1]), int(c[2]), int(c[3]), round(c[4], 2))
        for day, c in sorted(days.items())
    ]


def pain_series(conn: sqlite3.Connection, flt: SessionFilter) -> Iterator[SessionPain]:
    """Pain before and after each session ``flt`` keeps that has a rating, oldest first.

    One at a time from a cursor (a report's chart reads 100,000 of them).
    """
    rated = ("(s.pain_before IS NOT NULL OR s.pain_after IS NOT NULL)",)
    clause, params = where(
        SessionFilter(flt.since, flt.until, flt.routine, flt.include_preview, rated)
    )
    rows = conn.execute(
        "SELECT s.id, s.started_at, s.ended_at, s.routine_title, s.pain_before,"
        " s.pain_after, s.pain_leg_before, s.pain_back_before"
        f" FROM sessions s {clause} ORDER BY s.started_at",
        params,
    )
    for sid, start, end, title, before, after, leg, back in rows:
        yield SessionPain(
            sid, from_stored(start), from_stored_opt(end), title, before, after, leg, back
        )


def hurt_ratings(conn: sqlite3.Connection, flt: SessionFilter) -> dict[str, list[HurtRating]]:
    """The pain rated on "this hurts" in each session ``flt`` keeps, in recorded order."""
    clause, params = where(flt)
    joined = f"{clause} AND" if clause else "WHERE"
    rows = conn.execute(
        f"SELECT g.session_id, g.name, g.pain_now FROM sessions s"
        f" JOIN segments g ON g.session_id = s.id {joined} g.pain_now IS NOT NULL"
        " ORDER BY g.session_id, g.position",
        params,
    ).fetchall()
    found: dict[str, list[HurtRating]] = {}
    for sid, name, pain in rows:
        found.setdefault(sid, []).append(HurtRating(name, pain))
    return found


def exercise_counts(conn: sqlite3.Connection, flt: SessionFilter) -> list[ExerciseCount]:
    """Per exercise (step name): parts done, skipped, partial by their latest outcome; hurt parts.

    The session count's rule (``tui.core.session.outcome``): a part gone back
    to counts once, by its latest outcome, and a part marked "this hurts" in
    any outcome counts as hurt once.  ``conn`` must be in a read transaction.
    """
    clause, params = where(flt)
    if flt.since is None and flt.until is None:
        selected = -1  # everything but previews: the NOT IN plan below
    else:
        selected = int(
            conn.execute(f"SELECT COUNT(*) FROM sessions s {clause}", params).fetchone()[0]
        )
    if selected == -1 or selected > BULK_LIST * 4:
        # Walk the covering index in name order, skipping the (few) sessions
        # left out; SQLite then only counts, without sorting 100,000 rows.
        outside, outside_params = where(flt, negate=True)
        scope = f"session_id NOT IN (SELECT s.id FROM sessions s {outside})"
        rows = conn.execute(
            "SELECT name, kind, status, COUNT(*) FROM segments"
            f" WHERE superseded = 0 AND {scope} GROUP BY name, kind, status",
            outside_params,
        ).fetchall()
        hurt_rows = conn.execute(
            "SELECT name, COUNT(*) FROM (SELECT DISTINCT session_id, segment_index, name"
            f" FROM segments WHERE hurt = 1 AND {scope}) GROUP BY name",
            outside_params,
        ).fetchall()
    else:
        # CROSS JOIN keeps the few selected sessions as the outer loop (``clause``
        # is not empty: a date range is given).
        rows = conn.execute(
            "SELECT g.name, g.kind, g.status, COUNT(*) FROM sessions s"
            f" CROSS JOIN segments g ON g.session_id = s.id {clause}"
            " AND g.superseded = 0"
            " GROUP BY g.name, g.kind, g.status",
            params,
        ).fetchall()
        hurt_rows = conn.execute(
            "SELECT name, COUNT(*) FROM (SELECT DISTINCT g.session_id, g.segment_index, g.name"
            f" FROM sessions s CROSS JOIN segments g ON g.session_id = s.id {clause}"
            " AND g.hurt = 1) GROUP BY name",
            params,
        ).fetchall()
    totals: dict[str, list[int]] = {}
    for name, kind, status, count in rows:
        counts = totals.setdefault(name, [0, 0, 0, 0])
        if KIND_BY_VALUE[kind] in WORK_KINDS:
            counts[("done", "skipped", "partial").index(status)] += count
    for name, count in hurt_rows:
        totals.setdefault(name, [0, 0, 0, 0])[3] += count
    return [ExerciseCount(name, *counts) for name, counts in sorted(totals.items())]


def sessions_with_rated_parts(
    conn: sqlite3.Connection, flt: SessionFilter
) -> Iterator[tuple[SessionSummary, tuple[LoggedSegment, ...]]]:
    """Every session ``flt`` keeps, oldest first, with its segments that carry a pain rating.

    What the FHIR exports need: the tallies are counted by SQLite
    (:func:`session_list`) and only the few rated segments are read, instead of
    every segment of every session.  ``conn`` must be in a read transaction
    until the iterator is exhausted.
    """
    clause, params = where(flt)
    joined = f"{clause} AND" if clause else "WHERE"
    rated = conn.execute(
        f"SELECT g.session_id, {SEGMENT_COLUMNS} FROM sessions s"
        f" JOIN segments g ON g.session_id = s.id {joined} g.pain_now IS NOT NULL"
        " ORDER BY s.started_at, s.id, g.position",
        params,
    )
    pending = next(rated, None)
    for summary in session_list(conn, flt, "ASC", None, 0):
        found: list[LoggedSegment] = []
        while pending is not None and pending[0] == summary.id:
            found.append(segment_from_row(pending[1:]))
            pending = next(rated, None)
        yield summary, tuple(found)


#: The columns of a flat session row (:func:`flat_summaries`), in order: the stored
#: values a session's line in an export is made of, its tally counted by SQLite.
FLAT_SUMMARY_COLUMNS = (
    "id",
    "started_at",  # stored UTC text
    "routine_title",
    "duration_us",  # whole microseconds from start to end (NULL while unfinished)
    "status",  # stored text (NULL while unfinished)
    "preview",  # 0 or 1
    "pain_before",
    "pain_after",
    "effort",
    "done",
    "skipped",
    "partial",
    "hurt",
    "done_share",
    "credited",  # 0, 1 or NULL
    "pain_leg_before",
    "pain_leg_after",
    "pain_back_before",
    "pain_back_after",
    "next_day",  # stored text (NULL: not answered)
    "next_day_asked",  # 0 or 1: whether the next-day check was asked
    "notes",
)


def flat_summaries(conn: sqlite3.Connection, flt: SessionFilter) -> sqlite3.Cursor:
    """Every session ``flt`` keeps, oldest first, as a row of :data:`FLAT_SUMMARY_COLUMNS`.

    One query and no Python value per session: what the CSV export writes
    from (100,000 sessions in well under a second of SQLite).  A cursor, so
    ``conn`` is busy until it is used up.
    """
    clause, params = where(flt)
    return conn.execute(
        f"SELECT s.id, s.started_at, s.routine_title, {SORT_SQL['duration']}, s.status,"
        " s.preview, s.pain_before, s.pain_after, s.effort, COALESCE(t.done, 0),"
        " COALESCE(t.skipped, 0), COALESCE(t.partial, 0), COALESCE(h.parts, 0),"
        " s.done_share, s.credited, s.pain_leg_before, s.pain_leg_after, s.pain_back_before,"
        " s.pain_back_after, s.next_day, s.next_day_at IS NOT NULL, s.notes"
        f" FROM sessions s LEFT JOIN ({_ALL_TALLIES}) t ON t.session_id = s.id"
        f" LEFT JOIN {_HURT_PARTS} h ON h.session_id = s.id {clause}"
        " ORDER BY s.started_at, s.id",
        (*WORK_KIND_VALUES, *params),
    )


def noted_sessions(conn: sqlite3.Connection, flt: SessionFilter) -> list[SessionSummary]:
    """The sessions ``flt`` keeps that hold a note, oldest first (``conn`` in a read transaction).

    Their tallies are looked up by key whatever their number: the noted
    sessions are a part of the history, and scanning every segment (as a list
    of all sessions does) cost a report of 100,000 sessions seconds.
    """
    noted = ("COALESCE(s.notes, '') != ''",)
    clause, params = where(
        SessionFilter(flt.since, flt.until, flt.routine, flt.include_preview, noted)
    )
    heads = conn.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions s {clause} ORDER BY s.started_at, s.id", params
    ).fetchall()
    tallies = _tallies_by_key(conn, [r[0] for r in heads])
    empty = SegmentTally()
    return [summary_from_row(r, tallies.get(r[0], empty)) for r in heads]
