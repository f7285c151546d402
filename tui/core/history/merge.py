"""Merging a backup into the history: new sessions added, unfinished ones completed.

A backup is merged in one transaction (the caller's), all or nothing.  A
session whose id is not in the history yet is added.  A session the history
holds *unfinished* (no final status, or ``abandoned`` by the start-up
recovery, which only means "supple never learnt how it ended") is
*completed* from the backup: the parts the history lacks and the final
status and answers are added, and what the history already has is kept as
it is.  That is how a session survives a full disk: the recorder writes the
whole session to a backup file when the database refuses the rest, and
``supple history import`` brings the rest in (``docs/history.md``).

A backup that contradicts the stored session (another routine or start, a
part that differs, a different pain rating before) is refused whole: the
history never mixes two versions of one session.  A finished session is
never altered.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import dataclass

from tui.core.history.migrations import EXERCISE_INDEX_SQL, MARK_SUPERSEDED_SQL, fill_credit
from tui.core.history.records import (
    HistoryError,
    ImportBatch,
    ImportResult,
    SegmentRow,
    SessionRow,
)
from tui.core.history.rows import (
    SEGMENT_INSERT,
    SEGMENT_ROW_COLUMNS,
    SESSION_INSERT,
    SESSION_ROW_COLUMNS,
    repeats_a_part,
)
from tui.core.session.status import SessionStatus

#: Importing more sessions than this (and at least as many as there are) rebuilds an index.
_REBUILD_INDEX_AT = 1000

#: The columns that say which session it is: a backup must agree on every one.
_IDENTITY = ("routine_title", "routine_path", "routine_sha256", "app_version", "started_at")
_IDENTITY_AT = tuple(SESSION_ROW_COLUMNS.index(name) for name in _IDENTITY)
_PREVIEW_AT = SESSION_ROW_COLUMNS.index("preview")
_PAIN_BEFORE_AT = SESSION_ROW_COLUMNS.index("pain_before")
_STATUS_AT = SESSION_ROW_COLUMNS.index("status")
_CREDITED_AT = SESSION_ROW_COLUMNS.index("credited")
#: Everything known only at the end (status, end time, answers after): the backup's is taken.
_FINAL = tuple(
    name for name in SESSION_ROW_COLUMNS if name not in (*_IDENTITY, "id", "preview", "pain_before")
)
_FINAL_AT = tuple(SESSION_ROW_COLUMNS.index(name) for name in _FINAL)

_SESSION_SELECT = f"SELECT {', '.join(SESSION_ROW_COLUMNS)} FROM sessions WHERE id = ?"
_SEGMENTS_SELECT = (
    f"SELECT session_id, {', '.join(SEGMENT_ROW_COLUMNS)} FROM segments"
    " WHERE session_id = ? ORDER BY position"
)
_ABANDONED = SessionStatus.ABANDONED.value


@dataclass(frozen=True)
class Completion:
    """What a backup adds to one unfinished session of the history."""

    session_id: str
    #: The parts the history lacks, in order, positions following the stored ones.
    segments: tuple[SegmentRow, ...]
    #: The pain rating before, when the history has none and the backup has one.
    pain_before: int | None
    #: The backup's values of the final columns (:data:`_FINAL`), or ``None`` to keep them.
    final: tuple[object, ...] | None


def merge_batch(conn: sqlite3.Connection, batch: ImportBatch) -> ImportResult:
    """Add ``batch``'s new sessions and complete its unfinished ones, inside a transaction.

    Raises :class:`HistoryError` for a backup that contradicts a stored session
    (the caller's transaction is then rolled back: nothing is imported).
    """
    status_of = {str(row[0]): row[1] for row in conn.execute("SELECT id, status FROM sessions")}
    fresh: dict[str, tuple[SessionRow, tuple[SegmentRow, ...]]] = {}
    completions: list[Completion] = []
    for entry in batch.sessions:
        sid = str(entry[0][0])
        if sid not in status_of:
            fresh.setdefault(sid, entry)
        elif status_of[sid] in (None, _ABANDONED):
            completion = plan_completion(conn, entry)
            if completion is not None:
                completions.append(completion)
    _add_fresh(conn, fresh, len(status_of))
    for completion in completions:
        _complete(conn, completion)
    added, completed = len(fresh), len(completions)
    return ImportResult(
        added=added, already_present=len(batch) - added - completed, completed=completed
    )


def plan_completion(
    conn: sqlite3.Connection, entry: tuple[SessionRow, tuple[SegmentRow, ...]]
) -> Completion | None:
    """What the backup's ``entry`` adds to the unfinished session of the same id.

    ``None`` when it adds nothing (an older or identical copy); a
    :class:`HistoryError` when it contradicts what is stored.
    """
    row, segments = entry
    sid = str(row[0])
    stored = conn.execute(_SESSION_SELECT, (sid,)).fetchone()
    stored_segments = conn.execute(_SEGMENTS_SELECT, (sid,)).fetchall()
    if stored is None:
        return None
    if any(stored[i] != row[i] for i in _IDENTITY_AT) or bool(stored[_PREVIEW_AT]) != bool(
        row[_PREVIEW_AT]
    ):
        raise _contradiction(sid, "another routine or another start time")
    stored_pain, pain = stored[_PAIN_BEFORE_AT], row[_PAIN_BEFORE_AT]
    if stored_pain is not None and pain is not None and stored_pain != pain:
        raise _contradiction(sid, f"pain before {pain}, the history has {stored_pain}")
    shared = min(len(stored_segments), len(segments))
    for number in range(shared):
        if tuple(stored_segments[number]) != tuple(segments[number]):
            raise _contradiction(sid, f"part {number + 1} of the session differs")
    if len(stored_segments) > len(segments) and row[_STATUS_AT] is not None:
        raise _contradiction(sid, "the backup ended before parts the history holds")
    new_segments = tuple(segments[len(stored_segments) :])
    final = _final_from(stored, row)
    new_pain = pain if stored_pain is None and pain is not None else None
    if not new_segments and final is None and new_pain is None:
        return None
    return Completion(sid, new_segments, new_pain, final)


def _final_from(stored: SessionRow, row: SessionRow) -> tuple[object, ...] | None:
    """The backup's final values when they tell more than the stored ones, else ``None``."""
    status, stored_status = row[_STATUS_AT], stored[_STATUS_AT]
    if status is None or status == stored_status:
        return None
    if stored_status is None or status != _ABANDONED:
        return tuple(row[i] for i in _FINAL_AT)
    return None


def _contradiction(session_id: str, reason: str) -> HistoryError:
    return HistoryError(
        f"session {session_id} in the backup contradicts the one in the history ({reason})"
    )


def _add_fresh(
    conn: sqlite3.Connection,
    fresh: dict[str, tuple[SessionRow, tuple[SegmentRow, ...]]],
    existing: int,
) -> None:
    # In id order, segments (clustered by session id) are appended rather
    # than inserted all over the table: several times faster.
    ordered = [fresh[sid] for sid in sorted(fresh)]
    # Adding at least as many sessions as there are: building the per-exercise
    # index once, sorted, beats updating it row by row (a few per cent of a
    # ten-year import).  Inside the transaction, so a failed import leaves it.
    rebuild = len(ordered) > _REBUILD_INDEX_AT and len(ordered) >= existing
    if rebuild:
        conn.execute("DROP INDEX segments_by_exercise")
    conn.executemany(SESSION_INSERT, [row for row, _segments in ordered])
    conn.executemany(SEGMENT_INSERT, itertools.chain.from_iterable(segs for _, segs in ordered))
    # Most sessions never went back to a part: mark only those that did.
    redone = [row[0] for row, segs in ordered if repeats_a_part(segs)]
    if redone:
        conn.execute(MARK_SUPERSEDED_SQL, (json.dumps(redone),))
    # A backup from before done shares: work them out from the segments.
    fill_credit(conn, [row[0] for row, _ in ordered if row[_CREDITED_AT] is None])
    if rebuild:
        conn.execute(EXERCISE_INDEX_SQL)


def _complete(conn: sqlite3.Connection, completion: Completion) -> None:
    sid = completion.session_id
    conn.executemany(SEGMENT_INSERT, completion.segments)
    if completion.pain_before is not None:
        conn.execute(
            "UPDATE sessions SET pain_before = ? WHERE id = ?", (completion.pain_before, sid)
        )
    if completion.final is not None:
        assignments = ", ".join(f"{name} = ?" for name in _FINAL)
        conn.execute(
            f"UPDATE sessions SET {assignments}, writer = NULL WHERE id = ?",
            (*completion.final, sid),
        )
    elif completion.segments:
        # Closed as abandoned before: its end moves to its last part, as abandon()
        # sets it, and its done share is worked out again with the parts added.
        conn.execute(
            "UPDATE sessions SET ended_at = (SELECT MAX(ended_at) FROM segments"
            " WHERE session_id = sessions.id), done_share = NULL, credited = NULL"
            " WHERE id = ? AND status IS NOT NULL",
            (sid,),
        )
    conn.execute(MARK_SUPERSEDED_SQL, (json.dumps([sid]),))
    fill_credit(conn, [sid])  # a backup without a done share: from the segments
