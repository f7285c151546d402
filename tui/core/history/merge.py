"""Merging a backup into the history: new sessions added, unfinished ones completed.

A backup is merged in one transaction (the caller's), all or nothing, a
chunk of sessions at a time so that a backup being read need not be held.  A
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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tui.core.history.migrations import EXERCISE_INDEX_SQL, MARK_SUPERSEDED_SQL, fill_credit
from tui.core.history.records import (
    HistoryError,
    ImportResult,
    SegmentRow,
    SessionRow,
    StoredSession,
)
from tui.core.history.rows import (
    SEGMENT_INSERT,
    SEGMENT_ROW_COLUMNS,
    SESSION_INSERT,
    SESSION_ROW_COLUMNS,
    check_row_ratings,
    repeats_a_part,
)
from tui.core.session.status import SessionStatus

#: Importing more sessions than this (and at least as many as there are) rebuilds an index.
_REBUILD_INDEX_AT = 1000
#: Sessions merged at a time: one chunk's rows are held and inserted together.
CHUNK = 2000
_STATUS_OF = "SELECT id, status FROM sessions WHERE id IN (SELECT value FROM json_each(?))"
_SEGMENT_NAMES = ", ".join(("session_id", *SEGMENT_ROW_COLUMNS))
#: New sessions' segments wait here (in arrival order) until the import ends.
_STAGING_SQL = f"CREATE TEMP TABLE import_segments AS SELECT {_SEGMENT_NAMES} FROM segments WHERE 0"
_STAGE = SEGMENT_INSERT.replace("INSERT INTO segments", "INSERT INTO temp.import_segments", 1)
_UNSTAGE = (
    f"INSERT INTO segments ({_SEGMENT_NAMES}) SELECT {_SEGMENT_NAMES}"
    " FROM temp.import_segments ORDER BY session_id, position"
)

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


def merge_entries(conn: sqlite3.Connection, entries: Iterable[StoredSession]) -> ImportResult:
    """Add new sessions and complete unfinished ones from ``entries``, inside a transaction.

    ``entries`` may be a stream of any length (a backup being read): they are
    merged :data:`CHUNK` sessions at a time, so only a chunk is held at once.
    Raises :class:`HistoryError` for a backup that contradicts a stored session
    (the caller's transaction is then rolled back: nothing is imported).
    """
    merging = _Merging(conn)
    iterator = iter(entries)
    while chunk := tuple(itertools.islice(iterator, CHUNK)):
        merging.add(chunk)
    return merging.finish()


class _Merging:
    """One import's merge, a chunk of sessions at a time (see :func:`merge_entries`).

    New sessions' segments wait in a temporary table and go into the history
    at the end, sorted by session: segments are clustered by session id, and
    a backup's ids come in no order, so inserting each chunk straight away
    writes all over the table, slower the larger it grows (measured at 100,000
    sessions: 20 s of CPU against 15 s staged).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._existing = int(conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])
        self._seen = self._added = self._completed = 0
        #: New sessions that went back to a part, and those without a done share.
        self._redone: list[str] = []
        self._uncredited: list[str] = []
        conn.execute("DROP TABLE IF EXISTS temp.import_segments")
        conn.execute(_STAGING_SQL)

    def add(self, chunk: tuple[StoredSession, ...]) -> None:
        """Merge one chunk: its new sessions added, its unfinished ones completed."""
        conn = self._conn
        ids = json.dumps([str(entry[0][0]) for entry in chunk])
        status_of = dict(conn.execute(_STATUS_OF, (ids,)).fetchall())
        fresh: dict[str, StoredSession] = {}
        completions: list[Completion] = []
        for entry in chunk:
            check_row_ratings(entry[0])  # ValueError: a batch not made by the checks
            sid = str(entry[0][0])
            if sid not in status_of:
                fresh.setdefault(sid, entry)
            elif status_of[sid] in (None, _ABANDONED):
                completion = plan_completion(conn, entry)
                if completion is not None:
                    completions.append(completion)
        self._seen += len(chunk)
        self._added += len(fresh)
        ordered = [fresh[sid] for sid in sorted(fresh)]
        conn.executemany(SESSION_INSERT, [row for row, _segments in ordered])
        conn.executemany(_STAGE, itertools.chain.from_iterable(segs for _, segs in ordered))
        # Most sessions never went back to a part: mark only those that did.
        self._redone += [row[0] for row, segs in ordered if repeats_a_part(segs)]
        # A backup from before done shares: work them out from the segments.
        self._uncredited += [row[0] for row, _ in ordered if row[_CREDITED_AT] is None]
        for completion in completions:
            _complete(conn, completion)
        self._completed += len(completions)

    def finish(self) -> ImportResult:
        """Put the new segments in place (and what follows from them); what the import did."""
        conn = self._conn
        # Adding at least as many sessions as there were: building the per-exercise
        # index once, sorted, beats updating it row by row (a few per cent of a
        # ten-year import).  Inside the transaction, so a failed import leaves it.
        rebuild = self._added > _REBUILD_INDEX_AT and self._added >= self._existing
        if rebuild:
            conn.execute("DROP INDEX segments_by_exercise")
        conn.execute(_UNSTAGE)
        conn.execute("DROP TABLE temp.import_segments")
        for start in range(0, len(self._redone), CHUNK):
            conn.execute(MARK_SUPERSEDED_SQL, (json.dumps(self._redone[start : start + CHUNK]),))
        for start in range(0, len(self._uncredited), CHUNK):
            fill_credit(conn, self._uncredited[start : start + CHUNK])
        if rebuild:
            conn.execute(EXERCISE_INDEX_SQL)
        return ImportResult(
            added=self._added,
            already_present=self._seen - self._added - self._completed,
            completed=self._completed,
        )


def plan_completion(conn: sqlite3.Connection, entry: StoredSession) -> Completion | None:
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


@contextmanager
def bulk_writing(conn: sqlite3.Connection) -> Iterator[None]:
    """Settings for one large import transaction, put back as they were when it ends.

    The staged segments (:class:`_Merging`) go to a temporary file, never to
    memory, whatever SQLite was built to prefer: an import of 100,000
    sessions stages some 200 MB.  The page cache stays the connection's own
    32 MiB: more made no import faster here, and counts against memory.
    """
    temp_store = conn.execute("PRAGMA temp_store").fetchone()[0]
    conn.execute("PRAGMA temp_store = FILE")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA temp_store = {int(temp_store)}")
