"""The history's rows: SQL column lists, row <-> value mappers, inserts and filters.

Everything that knows both a table's columns and a stored value's fields is
here, so the store's queries and the backup's fast import build and read the
same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tui.core.history.records import (
    WORK_KINDS,
    ImportBatch,
    LoggedSegment,
    RoutineRef,
    SegmentRow,
    SegmentTally,
    Session,
    SessionFilter,
    SessionRow,
    SessionSummary,
    check_rating,
    make_segment,
    tally_of,
)
from tui.core.history.times import from_stored, from_stored_opt, to_stored
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.ratings import NextDay
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

#: The columns of a session row, in the order of :data:`SESSION_INSERT` and :data:`SESSION_COLUMNS`.
SESSION_ROW_COLUMNS = (
    "id",
    "routine_title",
    "routine_path",
    "routine_sha256",
    "app_version",
    "started_at",
    "ended_at",
    "status",
    "preview",
    "pain_before",
    "pain_after",
    "effort",
    "notes",
    "done_share",
    "credited",
    "pain_leg_before",
    "pain_back_before",
    "pain_leg_after",
    "pain_back_after",
    "next_day",
    "next_day_at",
)
#: The rating columns of a session row (checked on every import).
RATING_COLUMNS = (
    "pain_before",
    "pain_after",
    "effort",
    "pain_leg_before",
    "pain_back_before",
    "pain_leg_after",
    "pain_back_after",
)
#: The columns of a segment row after its ``session_id``, as :data:`SEGMENT_COLUMNS` reads them.
SEGMENT_ROW_COLUMNS = (
    "position",
    "segment_index",
    "step",
    "name",
    "kind",
    "side",
    "rep",
    "set_number",
    "planned_seconds",
    "actual_seconds",
    "status",
    "hurt",
    "pain_now",
    "label",
    "reps_done",
    "ended_at",
)

SESSION_COLUMNS = ", ".join(f"s.{c}" for c in SESSION_ROW_COLUMNS)
SEGMENT_COLUMNS = ", ".join(f"g.{c}" for c in SEGMENT_ROW_COLUMNS)
SESSION_INSERT = (
    f"INSERT INTO sessions ({', '.join(SESSION_ROW_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(SESSION_ROW_COLUMNS))})"
)
SEGMENT_INSERT = (
    f"INSERT INTO segments (session_id, {', '.join(SEGMENT_ROW_COLUMNS)})"
    f" VALUES (?, {', '.join('?' * len(SEGMENT_ROW_COLUMNS))})"
)

#: The exercise kinds as stored text, for ``IN (...)`` parameters.
WORK_KIND_VALUES: tuple[str, ...] = tuple(kind.value for kind in SegmentKind if kind.is_work)
#: A session's tally from its segments ``g`` (the parameters are :data:`TALLY_PARAMS`): the
#: latest outcome of each part (``superseded = 0``), each hurt part once, every exercise second.
TALLY_SQL = (
    "COALESCE(SUM(g.status = 'done' AND g.superseded = 0 AND g.kind IN ({w})), 0), "
    "COALESCE(SUM(g.status = 'skipped' AND g.superseded = 0 AND g.kind IN ({w})), 0), "
    "COALESCE(SUM(g.status = 'partial' AND g.superseded = 0 AND g.kind IN ({w})), 0), "
    "COUNT(DISTINCT CASE WHEN g.hurt THEN g.segment_index END), "
    "ROUND(COALESCE(SUM(CASE WHEN g.kind IN ({w}) THEN g.actual_seconds END), 0), 3)"
).format(w=", ".join("?" * len(WORK_KIND_VALUES)))
TALLY_PARAMS: tuple[str, ...] = WORK_KIND_VALUES * 4

# Plain dict look-ups: calling an Enum class is slow when reading 100,000 rows.
KIND_BY_VALUE = {kind.value: kind for kind in SegmentKind}
SEGMENT_STATUS_BY_VALUE = {status.value: status for status in SegmentStatus}
SESSION_STATUS_BY_VALUE = {status.value: status for status in SessionStatus}
NEXT_DAY_BY_VALUE = {answer.value: answer for answer in NextDay}
assert set(KIND_BY_VALUE.values()) >= WORK_KINDS


#: Each rating column and its place in a session row.
_RATINGS_AT = tuple((name, SESSION_ROW_COLUMNS.index(name)) for name in RATING_COLUMNS)


def check_row_ratings(row: SessionRow) -> None:
    """Raise ``ValueError`` for a rating of a session row that is not a whole number 0-10."""
    for name, at in _RATINGS_AT:
        check_rating(name, row[at])


def stored_seconds(value: float | None) -> float | None:
    """Seconds as stored: to the millisecond (exact in every export format)."""
    return None if value is None else round(float(value), 3)


def where(flt: SessionFilter, *, negate: bool = False) -> tuple[str, tuple[object, ...]]:
    """A WHERE clause over ``sessions s`` for ``flt`` (or for every session it leaves out)."""
    clauses: list[str] = list(flt.extra)
    params: list[object] = []
    if flt.since is not None:
        clauses.append("s.started_at >= ?")
        params.append(to_stored(flt.since))
    if flt.until is not None:
        clauses.append("s.started_at < ?")
        params.append(to_stored(flt.until))
    if flt.routine:
        escaped = flt.routine.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("s.routine_title LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if not flt.include_preview:
        clauses.append("s.preview = 0")
    if not clauses:
        return ("WHERE 0" if negate else ""), ()
    joined = " AND ".join(clauses)
    return (f"WHERE NOT ({joined})" if negate else f"WHERE {joined}"), tuple(params)


# --------------------------------------------------------------------------- values -> rows


def batch_of(sessions: Sequence[Session]) -> ImportBatch:
    """The stored form of ``sessions``, for ``HistoryStore.import_batch``."""
    return ImportBatch(
        tuple(
            (
                session_row(item),
                tuple(
                    segment_row(item.id, s.position, s, to_stored(s.ended_at))
                    for s in item.segments
                ),
            )
            for item in sessions
        )
    )


def session_row(item: SessionSummary) -> SessionRow:
    """A session's row (its segments apart)."""
    return (
        item.id,
        item.routine.title,
        item.routine.path,
        item.routine.sha256,
        item.app_version,
        to_stored(item.started_at),
        None if item.ended_at is None else to_stored(item.ended_at),
        None if item.status is None else item.status.value,
        int(item.preview),
        item.pain_before,
        item.pain_after,
        item.effort,
        item.notes,
        item.done_share,
        None if item.credited is None else int(item.credited),
        item.pain_leg_before,
        item.pain_back_before,
        item.pain_leg_after,
        item.pain_back_after,
        item.next_day,
        None if item.next_day_at is None else to_stored(item.next_day_at),
    )


def segment_row(session_id: str, position: int, record: SegmentRecord, at: str) -> SegmentRow:
    """The row of ``record``, stored ``position``-th in session ``session_id`` at ``at``.

    ``at`` is the time in the stored form (:func:`~tui.core.history.times.to_stored`).
    """
    return (
        session_id,
        position,
        record.index,
        record.step,
        record.name,
        # StrEnum members bind as their text (no slow .value).
        record.kind,
        record.side,
        record.rep,
        record.set,
        stored_seconds(record.planned_seconds),
        stored_seconds(record.actual_seconds),
        record.status,
        int(record.hurt),
        record.pain_now,
        record.label,
        record.reps_done,
        at,
    )


def repeats_a_part(segments: Sequence[SegmentRow]) -> bool:
    """True if a session's segment rows hold more than one outcome of one part.

    Only such sessions have outcomes to mark superseded
    (``migrations.MARK_SUPERSEDED_SQL``): an import marks just those.
    """
    return len({row[2] for row in segments}) < len(segments)


# --------------------------------------------------------------------------- rows -> values


def _summary_values(row: Sequence[Any], tally: SegmentTally) -> dict[str, Any]:
    (sid, title, rpath, sha, version, started, ended, status, preview) = row[:9]
    pain_before, pain_after, effort, notes, done_share, credited = row[9:15]
    leg_before, back_before, leg_after, back_after, next_day, next_day_at = row[15:21]
    return {
        "id": sid,
        "routine": RoutineRef(title, rpath, sha),
        "app_version": version,
        "started_at": from_stored(started),
        "ended_at": from_stored_opt(ended),
        "status": None if status is None else SESSION_STATUS_BY_VALUE[status],
        "preview": bool(preview),
        "pain_before": pain_before,
        "pain_after": pain_after,
        "effort": effort,
        "notes": notes,
        "tally": tally,
        "done_share": done_share,
        "credited": None if credited is None else bool(credited),
        "pain_leg_before": leg_before,
        "pain_back_before": back_before,
        "pain_leg_after": leg_after,
        "pain_back_after": back_after,
        "next_day": None if next_day is None else NEXT_DAY_BY_VALUE[next_day],
        "next_day_at": from_stored_opt(next_day_at),
    }


def summary_from_row(row: Sequence[Any], tally: SegmentTally) -> SessionSummary:
    """A :class:`SessionSummary` from a session row and its tally."""
    return SessionSummary(**_summary_values(row, tally))


def session_from_row(row: Sequence[Any], segments: tuple[LoggedSegment, ...]) -> Session:
    """A :class:`Session` from a session row and its segments."""
    return Session(**_summary_values(row, tally_of(segments)), segments=segments)


def segment_from_row(row: Sequence[Any]) -> LoggedSegment:
    """A :class:`LoggedSegment` from a segment row without its session id."""
    return make_segment(
        (
            row[1],
            row[2],
            row[3],
            KIND_BY_VALUE[row[4]],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9],
            SEGMENT_STATUS_BY_VALUE[row[10]],
            bool(row[11]),
            row[12],
            row[13],
            row[14],
            row[0],
            datetime.fromisoformat(row[15]),
        )
    )


def sessions_of(batch: ImportBatch) -> list[Session]:
    """The :class:`Session` values of a batch: what the store would read back after importing it."""
    return [
        session_from_row(row, tuple(segment_from_row(s[1:]) for s in segments))
        for row, segments in batch.sessions
    ]
