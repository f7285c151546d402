"""The history store: every session a patient runs, kept in one SQLite file.

A session is written as it happens: a row when it starts, one row per segment
the moment the segment ends (each in its own committed transaction), and the
final status and ratings at the end.  A crash therefore loses at most the
segment that was running.  Rows of a finished session are never changed again.

:class:`HistoryStore` is one class because its lock and its connection are
one thing: every call holds the lock for as long as it uses the connection.
Its reading calls are :class:`~tui.core.history.store_reading.StoreReading`'s.
The values it returns are in :mod:`tui.core.history.records`, times are
handled by :mod:`tui.core.history.times`, rows by :mod:`tui.core.history.rows`
and opening the file by :mod:`tui.core.history.connection`.  A store opened
read-only (a therapist looking at a patient's file) never writes a byte to
the file; :func:`~tui.core.history.store_opening.open_for_reading` is the one
way the history command, the report and the history screens open a history
they only read.

Nothing here touches the network; see ``docs/history.md``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from tui.core import locations
from tui.core.history.connection import (
    Connect,
    connect_empty,
    connect_for_writing,
    connect_read_only,
    connect_to_copy,
)
from tui.core.history.merge import bulk_writing, merge_entries
from tui.core.history.migrations import MARK_SUPERSEDED_SQL, fill_credit, schema_version
from tui.core.history.records import (
    HistoryError,
    ImportBatch,
    ImportResult,
    ResumePoint,
    Session,
    SessionFinished,
    SessionNotFound,
    StoredSession,
    canonical_session_id,
    check_rating,
)
from tui.core.history.rows import (
    SEGMENT_INSERT,
    batch_of,
    segment_row,
)
from tui.core.history.storage_words import storage_words
from tui.core.history.store_reading import StoreReading
from tui.core.history.times import to_stored, utc_now
from tui.core.history.writer_process import this_writer, writer_alive
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.ratings import NOT_BY_SITE, NextDay, SitePain
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

#: How long a write waits for another supple process to finish its own, in seconds.
DEFAULT_BUSY_TIMEOUT = 5.0


# --------------------------------------------------------------------------- the store


class HistoryStore(StoreReading):
    """The session history in one SQLite file.  Build it with :meth:`open`.

    Safe to share between threads (calls are serialised); each process opens
    its own store.  Use it as a context manager or call :meth:`close`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, read_only: bool) -> None:
        self._conn = conn
        self._path = path
        self._read_only = read_only
        self._lock = threading.RLock()

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        connect: Connect = sqlite3.connect,
    ) -> HistoryStore:
        """Open (and for writing, create or upgrade) the history at ``path``.

        ``path`` defaults to :func:`tui.core.locations.history_db`.  Writing
        mode creates the folder (0700 for the default location) and the file
        (0600), switches the file to WAL, and migrates an older schema.
        ``read_only`` opens with ``mode=ro`` and never writes: it raises
        :class:`SchemaVersionError` for a schema other than the one this
        supple reads and :class:`HistoryUnavailable` when the file does not exist.
        """
        target = locations.history_db() if path is None else Path(path)
        if read_only:
            conn = connect_read_only(target, busy_timeout=busy_timeout, connect=connect)
        else:
            conn = connect_for_writing(
                target, default=path is None, busy_timeout=busy_timeout, connect=connect
            )
        return cls(conn, target, read_only=read_only)

    @classmethod
    def snapshot(cls, path: Path | str) -> HistoryStore:
        """Read a history of an older schema without changing it.

        Copies the file into memory, upgrades the copy and returns a read-only
        store over it.  A newer schema still raises :class:`SchemaVersionError`.
        """
        target = Path(path)
        return cls(connect_to_copy(target), target, read_only=True)

    @classmethod
    def empty(cls) -> HistoryStore:
        """An empty, read-only history in memory (to show when the real one can't be opened)."""
        return cls(connect_empty(), None, read_only=True)

    @property
    def path(self) -> Path | None:
        """The file this store reads (``None`` for an in-memory store)."""
        return self._path

    @property
    def read_only(self) -> bool:
        """True when this store never writes."""
        return self._read_only

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        """The file's schema version."""
        with self._lock:
            return schema_version(self._conn)

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` verdict: ``"ok"`` when the file is sound."""
        with self._lock:
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(row[0]) for row in rows)

    # ----------------------------------------------------------------- transactions

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self._read_only:
            raise HistoryError("this history was opened read-only")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # ----------------------------------------------------------------- writing

    def begin_session(
        self,
        routine_title: str,
        routine_path: str,
        routine_sha256: str,
        app_version: str,
        preview: bool,
        started_at: datetime | None = None,
        pain_before: int | None = None,
        *,
        session_id: str | None = None,
        sites_before: SitePain = NOT_BY_SITE,
    ) -> str:
        """Record that a session started; returns its id (a new UUID unless given)."""
        sid = canonical_session_id(session_id) if session_id else str(uuid.uuid4())
        check_rating("pain_before", pain_before)
        start = to_stored(started_at or utc_now())
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256,"
                " app_version, started_at, preview, pain_before, writer,"
                " pain_leg_before, pain_back_before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sid,
                    routine_title,
                    routine_path,
                    routine_sha256,
                    app_version,
                    start,
                    int(bool(preview)),
                    pain_before,
                    this_writer(),
                    sites_before.leg,
                    sites_before.back,
                ),
            )
        return sid

    def add_segment(
        self, session_id: str, record: SegmentRecord, *, ended_at: datetime | None = None
    ) -> int:
        """Append one segment outcome, committed at once; returns its position.

        Outcomes are only ever appended: a segment the patient went back to
        appears again with the same ``index`` and a later position.
        """
        return self.add_segments(session_id, [(record, ended_at or utc_now())])

    def add_segments(
        self, session_id: str, records: Sequence[tuple[SegmentRecord, datetime]]
    ) -> int:
        """Append segment outcomes (each with its end time) in one transaction.

        Returns the first one's position; a kind or status that is none of the
        engine's is refused before anything is written.  What a recorder catching
        up after a failure writes: one transaction touches a few pages of the
        write-ahead log where one per segment would touch a few each, so a nearly
        full disk still has room for it.
        """
        for record, _at in records:
            SegmentKind(record.kind)
            SegmentStatus(record.status)
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            row = conn.execute(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM segments WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            first = int(row[0])
            conn.executemany(
                SEGMENT_INSERT,
                [
                    segment_row(session_id, first + n, record, to_stored(at))
                    for n, (record, at) in enumerate(records)
                ],
            )
            # A part gone back to: its earlier outcomes no longer count.
            conn.execute(MARK_SUPERSEDED_SQL, (json.dumps([session_id]),))
        return first

    def release_room(self) -> bool:
        """Move the write-ahead log into the file and empty it; True when that worked.

        After a write failed on a full disk the log holds the frames of every
        failed attempt; emptying it gives the room back for the next try.
        """
        with self._lock, contextlib.suppress(sqlite3.Error):
            busy, _frames, _moved = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return int(busy) == 0
        return False

    def set_pain_before(
        self, session_id: str, pain_before: int | None, sites: SitePain = NOT_BY_SITE
    ) -> None:
        """Set (or clear) the pain rating (and by site) given before an unfinished session."""
        check_rating("pain_before", pain_before)
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            conn.execute(
                "UPDATE sessions SET pain_before = ?, pain_leg_before = ?, pain_back_before = ?"
                " WHERE id = ?",
                (pain_before, sites.leg, sites.back, session_id),
            )

    def finish_session(
        self,
        session_id: str,
        status: SessionStatus | str,
        ended_at: datetime | None = None,
        pain_after: int | None = None,
        effort: int | None = None,
        notes: str | None = None,
        *,
        credit: tuple[float | None, bool] | None = None,
        sites_after: SitePain = NOT_BY_SITE,
    ) -> None:
        """Give an unfinished session its final status and ratings (``sites_after``: by site).

        ``credit`` is its done share and whether it counts toward the plan, as
        the session worked them out from its plan and its routine's threshold;
        without it both are worked out from the recorded segments at the
        default threshold.  Raises :class:`SessionFinished` if it already has
        a final status: a finished session is never altered.
        """
        final = SessionStatus(status)
        check_rating("pain_after", pain_after)
        check_rating("effort", effort)
        share, counts = credit if credit is not None else (None, None)
        if share is not None and not 0 <= share <= 1:
            raise ValueError(f"done_share must be from 0 to 1, got {share!r}")
        end = to_stored(ended_at or utc_now())
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, pain_after = ?, effort = ?,"
                " notes = ?, done_share = ?, credited = ?, writer = NULL,"
                " pain_leg_after = ?, pain_back_after = ?"
                " WHERE id = ? AND status IS NULL",
                (
                    final.value,
                    end,
                    pain_after,
                    effort,
                    notes or None,
                    None if share is None else round(share, 4),
                    None if counts is None else int(counts),
                    sites_after.leg,
                    sites_after.back,
                    session_id,
                ),
            )
            if credit is None:
                fill_credit(conn, [session_id])

    def record_next_day(self, session_id: str, answer: NextDay | None, at: datetime) -> bool:
        """Keep the next-day check of a finished session (``None``: skipped); True if kept.

        The one change a finished session takes; once asked, its first answer stays."""
        with self._write() as conn:
            return (
                conn.execute(
                    "UPDATE sessions SET next_day = ?, next_day_at = ?"
                    " WHERE id = ? AND status IS NOT NULL AND next_day_at IS NULL",
                    (None if answer is None else NextDay(answer).value, to_stored(at), session_id),
                ).rowcount
                == 1
            )

    def abandon(self, session_id: str) -> Session:
        """Close an unfinished session as ``abandoned``, keeping every recorded segment.

        Its end time is the last segment's time, or its start when it has none.
        """
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = 'abandoned', writer = NULL, ended_at = COALESCE("
                " (SELECT MAX(ended_at) FROM segments WHERE session_id = sessions.id),"
                " started_at) WHERE id = ?",
                (session_id,),
            )
            fill_credit(conn, [session_id])
        found = self.session(session_id)
        assert found is not None
        return found

    def unfinished_sessions(self, *, include_live: bool = False) -> list[Session]:
        """Sessions without a final status, oldest first, as left by a crash.

        Sessions that another running supple on this computer is still
        writing are left out unless ``include_live``.
        """
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, writer FROM sessions WHERE status IS NULL ORDER BY started_at"
            ).fetchall()
        result = []
        for sid, writer in rows:
            if include_live or not writer_alive(writer):
                found = self.session(sid)
                if found is not None:
                    result.append(found)
        return result

    def resume(self, session_id: str) -> ResumePoint:
        """Take over an unfinished session to continue it in this process."""
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            conn.execute("UPDATE sessions SET writer = ? WHERE id = ?", (this_writer(), session_id))
        found = self.session(session_id)
        assert found is not None
        indices = frozenset(s.index for s in found.segments)
        next_index = found.segments[-1].index + 1 if found.segments else 0
        return ResumePoint(session=found, next_index=next_index, recorded_indices=indices)

    def import_sessions(self, sessions: Sequence[Session]) -> ImportResult:
        """Add sessions whose id is not in the store yet (or complete unfinished ones)."""
        return self.import_batch(batch_of(sessions))

    def import_batch(self, batch: ImportBatch) -> ImportResult:
        """:meth:`import_sessions` for sessions already in the stored form (a backup's).

        New sessions are added; a session the history holds unfinished is
        completed from the backup (:mod:`tui.core.history.merge`); finished
        ones are left exactly as they are.  All in one transaction, or nothing:
        a backup that contradicts a stored session raises :class:`HistoryError`.
        """
        return self.import_entries(batch.sessions)

    def import_entries(self, entries: Iterable[StoredSession]) -> ImportResult:
        """:meth:`import_batch` of a stream of sessions (a backup being read), in one transaction.

        Whatever ``entries`` raises while it is read (a problem found further
        on in a backup) rolls the whole import back and is raised again.
        """
        try:
            # The settings change outside the transaction (SQLite allows no other way).
            with self._lock, bulk_writing(self._conn), self._write() as conn:
                return merge_entries(conn, entries)
        except sqlite3.IntegrityError as exc:
            raise HistoryError(f"the sessions could not be imported: {exc}") from exc
        except sqlite3.Error as exc:
            raise HistoryError(f"the sessions could not be imported: {storage_words(exc)}") from exc

    @staticmethod
    def _require_unfinished(conn: sqlite3.Connection, session_id: str) -> None:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id} in the history")
        if row[0] is not None:
            raise SessionFinished(
                f"session {session_id} is already {row[0]}; finished sessions are never altered"
            )
