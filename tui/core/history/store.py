"""The history store: every session a patient runs, kept in one SQLite file.

A session is written as it happens: a row when it starts, one row per segment
the moment the segment ends (each in its own committed transaction), and the
final status and ratings at the end.  A crash therefore loses at most the
segment that was running.  Rows of a finished session are never changed again.

Times are stored as UTC text in one fixed-width RFC 3339 form, so they sort
and compare as strings; the API takes and returns aware datetimes
(:func:`to_local` turns them into the user's local time for display).

The schema is versioned with ``PRAGMA user_version`` and upgraded in place by
the forward migrations in :data:`MIGRATIONS` when the store is opened for
writing.  A store opened ``read_only`` (a therapist looking at a patient's
file) never writes a byte to the file and refuses a schema it does not match.

Nothing here touches the network; see ``docs/history.md``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from tui.core import locations
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

#: The schema version this code reads and writes.
SCHEMA_VERSION = 2
#: Written into the file header so a stranger's SQLite file is never mistaken for a history.
APPLICATION_ID = 0x53555050  # "SUPP"
#: How long a write waits for another supple process to finish its own, in seconds.
DEFAULT_BUSY_TIMEOUT = 5.0

_WORK_KINDS: tuple[str, ...] = tuple(kind.value for kind in SegmentKind if kind.is_work)
_WORK = frozenset(kind for kind in SegmentKind if kind.is_work)
# Plain dict look-ups: calling an Enum class is slow when reading 100,000 rows.
_KIND_BY_VALUE = {kind.value: kind for kind in SegmentKind}
_SEGMENT_STATUS_BY_VALUE = {status.value: status for status in SegmentStatus}
#: Importing more sessions than this (and at least as many as there are) rebuilds an index.
_REBUILD_INDEX_AT = 1000
#: Above this many sessions a page's tallies are counted for all sessions at once.
_BULK_LIST = 500


_SESSION_STATUS_BY_VALUE = {status.value: status for status in SessionStatus}


class HistoryError(Exception):
    """A problem with the history, worded for the user (one line, no traceback)."""


class HistoryUnavailable(HistoryError):
    """The history file or its folder cannot be opened or created."""


class SchemaVersionError(HistoryError):
    """The file's schema is not the one this supple reads (read-only) or is newer."""

    def __init__(self, message: str, *, found: int, supported: int) -> None:
        super().__init__(message)
        self.found = found
        self.supported = supported


class SessionNotFound(HistoryError):
    """No session with that id."""


class SessionFinished(HistoryError):
    """The session already has a final status; finished sessions are never altered."""


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class RoutineRef:
    """Which routine a session ran: its title, file and the SHA-256 of its text."""

    title: str
    path: str
    sha256: str


@dataclass(frozen=True)
class SegmentTally:
    """Counts over a session's exercise segments (holds, sets, intervals).

    ``hurt`` counts every segment marked "this hurts", whatever its kind.
    """

    done: int = 0
    skipped: int = 0
    partial: int = 0
    hurt: int = 0
    #: Seconds actually spent in exercise segments (to the millisecond).
    exercise_seconds: float = 0.0


@dataclass(frozen=True)
class LoggedSegment:
    """One segment outcome as stored.

    ``position`` is the order in which outcomes were recorded within the
    session (0, 1, 2, ...).  ``index`` is the segment's place in the routine's
    timeline; it repeats when the patient went back and did a segment again.
    ``ended_at`` is when the outcome was recorded.
    """

    position: int
    index: int
    step: int
    name: str
    kind: SegmentKind
    side: str | None
    rep: int | None
    set: int | None
    planned_seconds: float | None
    actual_seconds: float
    status: SegmentStatus
    hurt: bool
    ended_at: datetime

    @property
    def is_work(self) -> bool:
        """True for holds, sets and intervals (not get-ready, rest or switch)."""
        return self.kind in _WORK

    def to_record(self) -> SegmentRecord:
        """The engine's record this entry was made from."""
        return SegmentRecord(
            index=self.index,
            step=self.step,
            name=self.name,
            kind=self.kind,
            side=self.side,
            rep=self.rep,
            set=self.set,
            planned_seconds=self.planned_seconds,
            actual_seconds=self.actual_seconds,
            status=self.status,
            hurt=self.hurt,
        )


@dataclass(frozen=True)
class SessionSummary:
    """A session without its segments (what lists and exports of many sessions need)."""

    id: str
    routine: RoutineRef
    app_version: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus | None
    preview: bool
    pain_before: int | None
    pain_after: int | None
    effort: int | None
    notes: str | None
    tally: SegmentTally

    @property
    def finished(self) -> bool:
        """True once the session has its final status."""
        return self.status is not None

    @property
    def duration(self) -> timedelta | None:
        """Wall-clock time from start to end (``None`` while unfinished)."""
        return None if self.ended_at is None else self.ended_at - self.started_at

    @property
    def pain_change(self) -> int | None:
        """``pain_after - pain_before`` when both were given (negative is better)."""
        if self.pain_before is None or self.pain_after is None:
            return None
        return self.pain_after - self.pain_before


@dataclass(frozen=True)
class Session(SessionSummary):
    """A session with every segment outcome, in the order they were recorded."""

    segments: tuple[LoggedSegment, ...] = ()

    @property
    def exercise_seconds(self) -> float:
        """Seconds actually spent in holds, sets and intervals."""
        return self.tally.exercise_seconds


@dataclass(frozen=True)
class ResumePoint:
    """What the session screen needs to continue an unfinished session."""

    session: Session
    #: The timeline index to continue from: one past the last recorded segment.
    next_index: int
    #: Timeline indices with at least one recorded outcome.
    recorded_indices: frozenset[int]


@dataclass(frozen=True)
class DayCount:
    """Sessions on one local calendar day."""

    day: date
    sessions: int
    completed: int
    partial: int
    abandoned: int
    #: Wall-clock minutes of the day's finished sessions.
    minutes: float


@dataclass(frozen=True)
class PainPoint:
    """The pain ratings of one session (at least one of them is given)."""

    session_id: str
    started_at: datetime
    ended_at: datetime | None
    routine_title: str
    pain_before: int | None
    pain_after: int | None


@dataclass(frozen=True)
class ExerciseCount:
    """How often one exercise (step name) was done, skipped, cut short or hurt."""

    name: str
    done: int
    skipped: int
    partial: int
    hurt: int


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int
    already_present: int


#: A session in its stored form: the 13 columns of :data:`_SESSION_INSERT`, in order.
SessionRow = tuple[Any, ...]
#: A segment in its stored form: the 14 columns of :data:`_SEGMENT_INSERT`, session id first.
SegmentRow = tuple[Any, ...]


@dataclass(frozen=True)
class ImportBatch:
    """Checked sessions in the stored form, ready for :meth:`HistoryStore.import_batch`.

    Each entry is a session row and its segment rows in position order.  Times
    are UTC text in the stored form (``2024-05-01T08:00:00.000000+00:00``),
    seconds rounded to the millisecond.  :func:`batch_of` makes one from
    :class:`Session` objects; :func:`tui.core.history.backup.load_history_batch` from a
    backup file without building them.
    """

    sessions: tuple[tuple[SessionRow, tuple[SegmentRow, ...]], ...]

    def __len__(self) -> int:
        return len(self.sessions)


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions a query covers.  ``since`` is inclusive, ``until`` exclusive."""

    since: datetime | None = None
    until: datetime | None = None
    routine: str | None = None
    include_preview: bool = False
    extra: tuple[str, ...] = field(default=(), repr=False)


# --------------------------------------------------------------------------- time helpers


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def to_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` in ``tz`` (default: the computer's local time zone), for display."""
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def local_day_bounds(day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The aware start of ``day`` and of the next day in ``tz`` (default: local time)."""
    start = datetime.combine(day, time())
    end = datetime.combine(day + timedelta(days=1), time())
    if tz is None:
        return start.astimezone(), end.astimezone()
    return start.replace(tzinfo=tz), end.replace(tzinfo=tz)


def _to_db(moment: datetime) -> str:
    if moment.tzinfo is UTC:
        return moment.isoformat(timespec="microseconds")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"times must carry a time zone, got {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# Exactly the text ``_to_db`` makes of a UTC time, less any zero microseconds.
_STORED_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?\+00:00"
)


def stored_time(text: str) -> str | None:
    """RFC 3339 ``text`` in the stored form, or ``None`` if it is no time with an offset.

    A UTC time already written the way exports write it (the usual case for a
    backup) only gains its zero microseconds: it is the text ``_to_db`` would
    give for the parsed time, without the round trip through a datetime.
    """
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    if _STORED_SHAPE.fullmatch(text) is not None:
        return text if len(text) == 32 else f"{text[:19]}.000000+00:00"
    return _to_db(parsed)


def _seconds(value: float | None) -> float | None:
    """Seconds are kept to the millisecond (exact in every export format)."""
    return None if value is None else round(float(value), 3)


def _from_db(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _from_db_opt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# --------------------------------------------------------------------------- validation


def check_rating(name: str, value: object) -> int | None:
    """Return ``value`` if it is ``None`` or a whole number 0-10, else raise ``ValueError``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"{name} must be a whole number from 0 to 10, got {value!r}")
    return value


def canonical_session_id(value: str) -> str:
    """The canonical lower-case form of a UUID session id; ``ValueError`` if it is not one."""
    return str(uuid.UUID(value))


# --------------------------------------------------------------------------- schema

#: The covering index for per-exercise counts (also rebuilt by large imports).
_EXERCISE_INDEX_SQL = (
    "CREATE INDEX segments_by_exercise ON segments (name, kind, status, hurt, session_id)"
)

#: Forward migrations: entry ``n`` upgrades a file from version ``n`` to ``n + 1``.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1: sessions and their segment outcomes, indexed for the history screens.
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY NOT NULL,
            routine_title TEXT NOT NULL,
            routine_path TEXT NOT NULL,
            routine_sha256 TEXT NOT NULL,
            app_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT CHECK (status IN ('completed', 'partial', 'abandoned')),
            preview INTEGER NOT NULL CHECK (preview IN (0, 1)),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            effort INTEGER CHECK (effort BETWEEN 0 AND 10),
            notes TEXT,
            CHECK ((status IS NULL) = (ended_at IS NULL))
        )
        """,
        # Clustered by session, so one session's segments are one range read.
        """
        CREATE TABLE segments (
            session_id TEXT NOT NULL REFERENCES sessions (id),
            position INTEGER NOT NULL CHECK (position >= 0),
            segment_index INTEGER NOT NULL,
            step INTEGER NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            side TEXT,
            rep INTEGER,
            set_number INTEGER,
            planned_seconds REAL,
            actual_seconds REAL NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped', 'partial')),
            hurt INTEGER NOT NULL CHECK (hurt IN (0, 1)),
            ended_at TEXT NOT NULL,
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
        "CREATE INDEX sessions_unfinished ON sessions (started_at) WHERE status IS NULL",
        # Covers the per-exercise counts, so they need no sort.
        _EXERCISE_INDEX_SQL,
    ),
    # v2: remember which process is writing a session, so recovery at start-up
    # never offers to abandon a session another running supple is still writing.
    ("ALTER TABLE sessions ADD COLUMN writer TEXT",),
)
assert len(MIGRATIONS) == SCHEMA_VERSION


def schema_version(conn: sqlite3.Connection) -> int:
    """The ``user_version`` of an open database."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Upgrade ``conn``'s database to ``target``, one committed step per version.

    Each step runs in a ``BEGIN IMMEDIATE`` transaction that re-reads the
    version first, so two processes opening an old file at once upgrade it
    exactly once.  ``conn`` must be in autocommit mode (``isolation_level=None``).
    Returns the version reached.
    """
    if not 0 <= target <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {target}")
    while True:
        current = schema_version(conn)
        if current >= target:
            return current
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)
            if current < target:
                for statement in MIGRATIONS[current]:
                    conn.execute(statement)
                # PRAGMA takes no parameters; the value is an int computed here.
                conn.execute(f"PRAGMA user_version = {current + 1:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


# --------------------------------------------------------------------------- the store


#: Opens an SQLite connection: ``sqlite3.connect`` or a test's stand-in.
Connect = Callable[..., sqlite3.Connection]


_SESSION_COLUMNS = (
    "s.id, s.routine_title, s.routine_path, s.routine_sha256, s.app_version, s.started_at, "
    "s.ended_at, s.status, s.preview, s.pain_before, s.pain_after, s.effort, s.notes"
)
_SEGMENT_COLUMNS = (
    "g.position, g.segment_index, g.step, g.name, g.kind, g.side, g.rep, g.set_number, "
    "g.planned_seconds, g.actual_seconds, g.status, g.hurt, g.ended_at"
)
_TALLY_SQL = (
    "COALESCE(SUM(g.status = 'done' AND g.kind IN ({w})), 0), "
    "COALESCE(SUM(g.status = 'skipped' AND g.kind IN ({w})), 0), "
    "COALESCE(SUM(g.status = 'partial' AND g.kind IN ({w})), 0), "
    "COALESCE(SUM(g.hurt), 0), "
    "ROUND(COALESCE(SUM(CASE WHEN g.kind IN ({w}) THEN g.actual_seconds END), 0), 3)"
).format(w=", ".join("?" * len(_WORK_KINDS)))
_TALLY_PARAMS: tuple[str, ...] = _WORK_KINDS * 4


def _rfc3339_sql(column: str) -> str:
    """SQL giving the stored UTC time as Python's ``isoformat()`` would (no zero microseconds)."""
    return (
        f"CASE WHEN substr({column}, 21, 6) = '000000'"
        f" THEN substr({column}, 1, 19) || substr({column}, 27) ELSE {column} END"
    )


_SEGMENT_JSON_SQL = (
    "json_object('index', g.segment_index, 'step', g.step, 'name', g.name, 'kind', g.kind,"
    " 'side', g.side, 'rep', g.rep, 'set', g.set_number, 'planned_seconds', g.planned_seconds,"
    " 'actual_seconds', g.actual_seconds, 'status', g.status,"
    " 'hurt', json(CASE g.hurt WHEN 1 THEN 'true' ELSE 'false' END),"
    f" 'ended_at', {_rfc3339_sql('g.ended_at')})"
)
_SESSION_JSON_SQL = (
    "json_object('id', s.id, 'routine', json_object('title', s.routine_title,"
    " 'path', s.routine_path, 'sha256', s.routine_sha256), 'app_version', s.app_version,"
    f" 'started_at', {_rfc3339_sql('s.started_at')}, 'ended_at', {_rfc3339_sql('s.ended_at')},"
    " 'status', s.status, 'preview', json(CASE s.preview WHEN 1 THEN 'true' ELSE 'false' END),"
    " 'pain_before', s.pain_before, 'pain_after', s.pain_after, 'effort', s.effort,"
    " 'notes', s.notes, 'segments', (SELECT json_group_array(json(x.o)) FROM"
    f" (SELECT {_SEGMENT_JSON_SQL} AS o FROM segments g WHERE g.session_id = s.id"
    " ORDER BY g.position) AS x))"
)


def _this_writer() -> str:
    return f"{os.getpid()}@{socket.gethostname()}@{_boot_id()}"


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _writer_alive(writer: str | None) -> bool:
    """True when ``writer`` names a process that is still running on this computer."""
    if not writer:
        return False
    pid_text, _, rest = writer.partition("@")
    host, _, boot = rest.partition("@")
    if host != socket.gethostname() or boot != _boot_id() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # os.kill(pid, 0) would terminate the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class HistoryStore:
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
        :class:`SchemaVersionError` for a schema other than :data:`SCHEMA_VERSION`
        and :class:`HistoryUnavailable` when the file does not exist.
        """
        default = path is None
        target = locations.history_db() if path is None else Path(path)
        if read_only:
            return cls._open_read_only(target, busy_timeout, connect)
        try:
            if default:
                locations.ensure_private_dir(target.parent)
            elif not target.parent.is_dir():
                target.parent.mkdir(parents=True, mode=0o700)
            if not target.exists():
                # Create it private before SQLite writes a byte of health data into it.
                os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise HistoryUnavailable(
                f"can't create the history at {target}: {exc.strerror or exc}"
            ) from exc
        try:
            conn = connect(
                str(target),
                timeout=busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise HistoryUnavailable(f"can't open the history at {target}: {exc}") from exc
        try:
            _check_is_history(conn, target)
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed segment survives power loss, not only a killed process.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # 32 MiB of page cache (the default is 2 MiB): imports and ten-year
            # summaries touch more pages than that.
            conn.execute("PRAGMA cache_size = -32768")
            found = schema_version(conn)
            if found > SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"{target} was written by a newer supple (history schema {found}; "
                    f"this supple knows up to {SCHEMA_VERSION}). Update supple to use it.",
                    found=found,
                    supported=SCHEMA_VERSION,
                )
            migrate(conn)
            _make_private(target)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise HistoryUnavailable(f"can't use the history at {target}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, target, read_only=False)

    @classmethod
    def _open_read_only(cls, target: Path, busy_timeout: float, connect: Connect) -> HistoryStore:
        if not target.is_file():
            raise HistoryUnavailable(f"there is no history file at {target}")
        uri = target.resolve().as_uri() + "?mode=ro"
        if not Path(f"{target}-wal").exists():
            # No writer has it open: read the file exactly as it is, without
            # creating the -shm/-wal side files next to it.
            uri += "&immutable=1"
        try:
            conn = connect(
                uri, uri=True, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise HistoryUnavailable(f"can't open the history at {target}: {exc}") from exc
        try:
            _check_is_history(conn, target)
            conn.execute("PRAGMA cache_size = -32768")
            found = schema_version(conn)
            if found != SCHEMA_VERSION:
                older = found < SCHEMA_VERSION
                raise SchemaVersionError(
                    f"{target} uses history schema {found} and this supple reads schema "
                    f"{SCHEMA_VERSION}; "
                    + (
                        "it can be read from an upgraded copy in memory (the file is not changed)."
                        if older
                        else "update supple to read it."
                    ),
                    found=found,
                    supported=SCHEMA_VERSION,
                )
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise HistoryUnavailable(f"can't read the history at {target}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, target, read_only=True)

    @classmethod
    def snapshot(cls, path: Path | str) -> HistoryStore:
        """Read a history of an older schema without changing it.

        Copies the file into memory, upgrades the copy and returns a read-only
        store over it.  A newer schema still raises :class:`SchemaVersionError`.
        """
        target = Path(path)
        if not target.is_file():
            raise HistoryUnavailable(f"there is no history file at {target}")
        uri = target.resolve().as_uri() + "?mode=ro"
        if not Path(f"{target}-wal").exists():
            uri += "&immutable=1"
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            source = sqlite3.connect(uri, uri=True, isolation_level=None)
            try:
                _check_is_history(source, target)
                source.backup(memory)
            finally:
                source.close()
            found = schema_version(memory)
            if found > SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"{target} was written by a newer supple (history schema {found}); "
                    "update supple to read it.",
                    found=found,
                    supported=SCHEMA_VERSION,
                )
            migrate(memory)
        except sqlite3.Error as exc:
            memory.close()
            raise HistoryUnavailable(f"can't read the history at {target}: {exc}") from exc
        except BaseException:
            memory.close()
            raise
        return cls(memory, target, read_only=True)

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

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for queries that read more than once."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
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
    ) -> str:
        """Record that a session started; returns its id (a new UUID unless given)."""
        sid = canonical_session_id(session_id) if session_id else str(uuid.uuid4())
        check_rating("pain_before", pain_before)
        start = _to_db(started_at or utc_now())
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256,"
                " app_version, started_at, preview, pain_before, writer)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sid,
                    routine_title,
                    routine_path,
                    routine_sha256,
                    app_version,
                    start,
                    int(bool(preview)),
                    pain_before,
                    _this_writer(),
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
        at = _to_db(ended_at or utc_now())
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            row = conn.execute(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM segments WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            position = int(row[0])
            conn.execute(
                "INSERT INTO segments (session_id, position, segment_index, step, name, kind,"
                " side, rep, set_number, planned_seconds, actual_seconds, status, hurt,"
                " ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    position,
                    record.index,
                    record.step,
                    record.name,
                    SegmentKind(record.kind).value,
                    record.side,
                    record.rep,
                    record.set,
                    _seconds(record.planned_seconds),
                    _seconds(record.actual_seconds),
                    SegmentStatus(record.status).value,
                    int(bool(record.hurt)),
                    at,
                ),
            )
        return position

    def set_pain_before(self, session_id: str, pain_before: int | None) -> None:
        """Set (or clear) the pain rating given before an unfinished session."""
        check_rating("pain_before", pain_before)
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            conn.execute(
                "UPDATE sessions SET pain_before = ? WHERE id = ?", (pain_before, session_id)
            )

    def finish_session(
        self,
        session_id: str,
        status: SessionStatus | str,
        ended_at: datetime | None = None,
        pain_after: int | None = None,
        effort: int | None = None,
        notes: str | None = None,
    ) -> None:
        """Give an unfinished session its final status and ratings.

        Raises :class:`SessionFinished` if it already has one: a finished
        session is never altered.
        """
        final = SessionStatus(status)
        check_rating("pain_after", pain_after)
        check_rating("effort", effort)
        end = _to_db(ended_at or utc_now())
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, pain_after = ?, effort = ?,"
                " notes = ?, writer = NULL WHERE id = ? AND status IS NULL",
                (final.value, end, pain_after, effort, notes or None, session_id),
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
            if include_live or not _writer_alive(writer):
                found = self.session(sid)
                if found is not None:
                    result.append(found)
        return result

    def resume(self, session_id: str) -> ResumePoint:
        """Take over an unfinished session to continue it in this process."""
        with self._write() as conn:
            self._require_unfinished(conn, session_id)
            conn.execute(
                "UPDATE sessions SET writer = ? WHERE id = ?", (_this_writer(), session_id)
            )
        found = self.session(session_id)
        assert found is not None
        indices = frozenset(s.index for s in found.segments)
        next_index = found.segments[-1].index + 1 if found.segments else 0
        return ResumePoint(session=found, next_index=next_index, recorded_indices=indices)

    def import_sessions(self, sessions: Sequence[Session]) -> ImportResult:
        """Add sessions whose id is not in the store yet, all in one transaction.

        Sessions already present are left exactly as they are.
        """
        return self.import_batch(batch_of(sessions))

    def import_batch(self, batch: ImportBatch) -> ImportResult:
        """:meth:`import_sessions` for sessions already in the stored form (a backup's).

        Sessions whose id is in the store already are left exactly as they are;
        the rest are added in one transaction, or none of them.
        """
        for row, _segments in batch.sessions:
            for name, value in zip(("pain_before", "pain_after", "effort"), row[9:12], strict=True):
                check_rating(name, value)
        try:
            with self._write() as conn:
                existing = {row[0] for row in conn.execute("SELECT id FROM sessions")}
                fresh: dict[str, tuple[SessionRow, tuple[SegmentRow, ...]]] = {}
                for entry in batch.sessions:
                    if entry[0][0] not in existing:
                        fresh.setdefault(entry[0][0], entry)
                # In id order, segments (clustered by session id) are appended
                # rather than inserted all over the table: several times faster.
                ordered = [fresh[sid] for sid in sorted(fresh)]
                # Adding at least as many sessions as there are: building the
                # per-exercise index once, sorted, beats updating it row by row
                # (a few per cent of a ten-year import).  Inside the
                # transaction, so a failed import leaves it as it was.
                rebuild = len(ordered) > _REBUILD_INDEX_AT and len(ordered) >= len(existing)
                if rebuild:
                    conn.execute("DROP INDEX segments_by_exercise")
                conn.executemany(_SESSION_INSERT, [row for row, _segments in ordered])
                conn.executemany(
                    _SEGMENT_INSERT, itertools.chain.from_iterable(segs for _, segs in ordered)
                )
                if rebuild:
                    conn.execute(_EXERCISE_INDEX_SQL)
        except sqlite3.IntegrityError as exc:
            raise HistoryError(f"the sessions could not be imported: {exc}") from exc
        added = len(fresh)
        return ImportResult(added=added, already_present=len(batch) - added)

    @staticmethod
    def _require_unfinished(conn: sqlite3.Connection, session_id: str) -> None:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id} in the history")
        if row[0] is not None:
            raise SessionFinished(
                f"session {session_id} is already {row[0]}; finished sessions are never altered"
            )

    # ----------------------------------------------------------------- reading

    def session(self, session_id: str) -> Session | None:
        """One session with all its segments, or ``None``."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE s.id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return None
            segs = conn.execute(
                f"SELECT {_SEGMENT_COLUMNS} FROM segments g WHERE g.session_id = ?"
                " ORDER BY g.position",
                (session_id,),
            ).fetchall()
        segments = tuple(_segment_from_row(r) for r in segs)
        return _session_from_row(row, segments)

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
    ) -> list[SessionSummary]:
        """Sessions started in ``[since, until)``, newest first, with their tallies.

        ``routine`` keeps sessions whose routine title contains it (any case).
        Preview runs are left out unless ``include_preview``.  ``limit`` and
        ``offset`` page through the list.
        """
        where, params = _where(SessionFilter(since, until, routine, include_preview))
        order = "ASC" if oldest_first else "DESC"
        if limit is None or limit > _BULK_LIST:
            return self._all_sessions(where, params, order, limit, offset)
        sql = (
            f"WITH page AS (SELECT * FROM sessions s {where}"
            f" ORDER BY s.started_at {order}, s.id {order} LIMIT ? OFFSET ?)"
            f" SELECT {_SESSION_COLUMNS}, {_TALLY_SQL}"
            " FROM page s LEFT JOIN segments g ON g.session_id = s.id"
            f" GROUP BY s.id ORDER BY s.started_at {order}, s.id {order}"
        )
        args = (*params, limit, offset, *_TALLY_PARAMS)
        with self._lock:
            rows = self._conn.execute(sql, args).fetchall()
        return [_summary_from_row(r[:13], SegmentTally(*r[13:18])) for r in rows]

    def _all_sessions(
        self, where: str, params: tuple[object, ...], order: str, limit: int | None, offset: int
    ) -> list[SessionSummary]:
        """Long lists: tally every session in two streaming scans instead of a join.

        Unless the list turns out short after all (a date range or a routine
        with no limit): then its sessions' segments are read by key.
        """
        marks = ", ".join("?" * len(_WORK_KINDS))
        with self._read() as conn:
            heads = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions s {where}"
                f" ORDER BY s.started_at {order}, s.id {order} LIMIT ? OFFSET ?",
                (*params, -1 if limit is None else limit, offset),
            ).fetchall()
            if len(heads) <= _BULK_LIST * 4:
                # A few hundred sessions (a date range, a routine): look their
                # segments up by key instead of scanning all of them (70 ms).
                tallies = {
                    r[0]: SegmentTally(*r[1:])
                    for r in conn.execute(
                        f"SELECT g.session_id, {_TALLY_SQL} FROM json_each(?) j"
                        " CROSS JOIN segments g ON g.session_id = j.value"
                        " GROUP BY g.session_id",
                        (*_TALLY_PARAMS, json.dumps([r[0] for r in heads])),
                    )
                }
                empty = SegmentTally()
                return [_summary_from_row(r, tallies.get(r[0], empty)) for r in heads]
            work = {
                r[0]: r[1:]
                for r in conn.execute(
                    "SELECT session_id, SUM(status = 'done'), SUM(status = 'skipped'),"
                    " SUM(status = 'partial'), ROUND(SUM(actual_seconds), 3)"
                    f" FROM segments WHERE kind IN ({marks})"
                    " GROUP BY session_id",
                    _WORK_KINDS,
                )
            }
            hurt = dict(
                conn.execute(
                    "SELECT session_id, COUNT(*) FROM segments WHERE hurt = 1 GROUP BY session_id"
                ).fetchall()
            )
        none = (0, 0, 0, 0.0)
        summaries = []
        for r in heads:
            done, skipped, partial, seconds = work.get(r[0], none)
            tally = SegmentTally(done, skipped, partial, hurt.get(r[0], 0), seconds)
            summaries.append(_summary_from_row(r, tally))
        return summaries

    def sessions_with_segments(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> list[Session]:
        """Every matching session with its segments, oldest first (for exports)."""
        where, params = _where(SessionFilter(since, until, routine, include_preview))
        with self._read() as conn:
            heads = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions s {where} ORDER BY s.started_at, s.id",
                params,
            ).fetchall()
            segs = conn.execute(
                f"SELECT g.session_id, {_SEGMENT_COLUMNS} FROM sessions s"
                f" JOIN segments g ON g.session_id = s.id {where}"
                " ORDER BY g.session_id, g.position",
                params,
            ).fetchall()
        by_session: dict[str, list[LoggedSegment]] = {}
        for r in segs:
            by_session.setdefault(r[0], []).append(_segment_from_row(r[1:]))
        result = []
        for head in heads:
            segments = tuple(by_session.get(head[0], ()))
            result.append(_session_from_row(head, segments))
        return result

    def session_json_lines(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        routine: str | None = None,
        include_preview: bool = False,
    ) -> list[str]:
        """Every matching session as one JSON object text in the backup shape, oldest first.

        The same objects as :func:`tui.core.history.backup.session_to_json` gives for
        :meth:`sessions_with_segments`, built by SQLite itself: a ten-year
        history is exported in a fraction of the time Python objects take.
        """
        where, params = _where(SessionFilter(since, until, routine, include_preview))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_SESSION_JSON_SQL} FROM sessions s {where} ORDER BY s.started_at, s.id",
                params,
            ).fetchall()
        return [str(r[0]) for r in rows]

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
        where, params = _where(SessionFilter(since, until, routine, include_preview))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT s.started_at, s.ended_at, s.status FROM sessions s {where}"
                " ORDER BY s.started_at",
                params,
            ).fetchall()
        days: dict[date, list[float]] = {}
        for started, ended, status in rows:
            start = _from_db(started)
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
                counts[4] += (_from_db(ended) - start).total_seconds() / 60
        return [
            DayCount(day, int(c[0]), int(c[1]), int(c[2]), int(c[3]), round(c[4], 2))
            for day, c in sorted(days.items())
        ]

    def pain_series(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        include_preview: bool = False,
    ) -> list[PainPoint]:
        """Pain before and after each session that has a rating, oldest first."""
        where, params = _where(
            SessionFilter(
                since,
                until,
                None,
                include_preview,
                extra=("(s.pain_before IS NOT NULL OR s.pain_after IS NOT NULL)",),
            )
        )
        with self._lock:
            rows = self._conn.execute(
                "SELECT s.id, s.started_at, s.ended_at, s.routine_title, s.pain_before,"
                f" s.pain_after FROM sessions s {where} ORDER BY s.started_at",
                params,
            ).fetchall()
        return [
            PainPoint(sid, _from_db(start), _from_db_opt(end), title, before, after)
            for sid, start, end, title, before, after in rows
        ]

    def exercise_counts(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        include_preview: bool = False,
    ) -> list[ExerciseCount]:
        """Per exercise (step name): exercise segments done, skipped, partial; hurt marks."""
        flt = SessionFilter(since, until, None, include_preview)
        where, params = _where(flt)
        with self._read() as conn:
            if since is None and until is None:
                selected = -1  # everything but previews: the NOT IN plan below
            else:
                selected = int(
                    conn.execute(f"SELECT COUNT(*) FROM sessions s {where}", params).fetchone()[0]
                )
            if selected == -1 or selected > _BULK_LIST * 4:
                # Walk the covering index in name order, skipping the (few) sessions
                # left out; SQLite then only counts, without sorting 100,000 rows.
                outside, outside_params = _where(flt, negate=True)
                rows = conn.execute(
                    "SELECT name, kind, status, hurt, COUNT(*) FROM segments"
                    f" WHERE session_id NOT IN (SELECT s.id FROM sessions s {outside})"
                    " GROUP BY name, kind, status, hurt",
                    outside_params,
                ).fetchall()
            else:
                # CROSS JOIN keeps the few selected sessions as the outer loop.
                rows = conn.execute(
                    "SELECT g.name, g.kind, g.status, g.hurt, COUNT(*) FROM sessions s"
                    f" CROSS JOIN segments g ON g.session_id = s.id {where}"
                    " GROUP BY g.name, g.kind, g.status, g.hurt",
                    params,
                ).fetchall()
        totals: dict[str, list[int]] = {}
        for name, kind, status, hurt, count in rows:
            counts = totals.setdefault(name, [0, 0, 0, 0])
            if _KIND_BY_VALUE[kind] in _WORK:
                counts[("done", "skipped", "partial").index(status)] += count
            if hurt:
                counts[3] += count
        return [ExerciseCount(name, *counts) for name, counts in sorted(totals.items())]

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


# --------------------------------------------------------------------------- helpers


def tally_of(segments: Sequence[LoggedSegment]) -> SegmentTally:
    """Count done, skipped and partial exercise segments, hurt marks and exercise time."""
    done = skipped = partial = hurt = 0
    seconds = 0.0
    for s in segments:
        if s.hurt:
            hurt += 1
        if s.kind not in _WORK:
            continue
        seconds += s.actual_seconds
        if s.status is SegmentStatus.DONE:
            done += 1
        elif s.status is SegmentStatus.SKIPPED:
            skipped += 1
        else:
            partial += 1
    return SegmentTally(done, skipped, partial, hurt, round(seconds, 3))


def _where(flt: SessionFilter, *, negate: bool = False) -> tuple[str, tuple[object, ...]]:
    """A WHERE clause over ``sessions s`` for ``flt`` (or for every session it leaves out)."""
    clauses: list[str] = list(flt.extra)
    params: list[object] = []
    if flt.since is not None:
        clauses.append("s.started_at >= ?")
        params.append(_to_db(flt.since))
    if flt.until is not None:
        clauses.append("s.started_at < ?")
        params.append(_to_db(flt.until))
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


_SESSION_INSERT = (
    "INSERT INTO sessions (id, routine_title, routine_path, routine_sha256, app_version,"
    " started_at, ended_at, status, preview, pain_before, pain_after, effort, notes)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SEGMENT_INSERT = (
    "INSERT INTO segments (session_id, position, segment_index, step, name, kind, side, rep,"
    " set_number, planned_seconds, actual_seconds, status, hurt, ended_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def batch_of(sessions: Sequence[Session]) -> ImportBatch:
    """The stored form of ``sessions``, for :meth:`HistoryStore.import_batch`."""
    return ImportBatch(
        tuple(
            (
                _session_values(item),
                tuple(
                    (
                        item.id,
                        s.position,
                        s.index,
                        s.step,
                        s.name,
                        # StrEnum members bind as their text (no slow .value).
                        s.kind,
                        s.side,
                        s.rep,
                        s.set,
                        _seconds(s.planned_seconds),
                        _seconds(s.actual_seconds),
                        s.status,
                        int(s.hurt),
                        _to_db(s.ended_at),
                    )
                    for s in item.segments
                ),
            )
            for item in sessions
        )
    )


def _session_values(item: Session) -> SessionRow:
    return (
        item.id,
        item.routine.title,
        item.routine.path,
        item.routine.sha256,
        item.app_version,
        _to_db(item.started_at),
        None if item.ended_at is None else _to_db(item.ended_at),
        None if item.status is None else item.status.value,
        int(item.preview),
        item.pain_before,
        item.pain_after,
        item.effort,
        item.notes,
    )


def _summary_values(row: Sequence[Any], tally: SegmentTally) -> dict[str, Any]:
    (sid, title, rpath, sha, version, started, ended, status, preview) = row[:9]
    pain_before, pain_after, effort, notes = row[9:13]
    return {
        "id": sid,
        "routine": RoutineRef(title, rpath, sha),
        "app_version": version,
        "started_at": _from_db(started),
        "ended_at": _from_db_opt(ended),
        "status": None if status is None else _SESSION_STATUS_BY_VALUE[status],
        "preview": bool(preview),
        "pain_before": pain_before,
        "pain_after": pain_after,
        "effort": effort,
        "notes": notes,
        "tally": tally,
    }


def _summary_from_row(row: Sequence[Any], tally: SegmentTally) -> SessionSummary:
    return SessionSummary(**_summary_values(row, tally))


def _session_from_row(row: Sequence[Any], segments: tuple[LoggedSegment, ...]) -> Session:
    return Session(**_summary_values(row, tally_of(segments)), segments=segments)


_SEGMENT_FIELDS = tuple(f.name for f in fields(LoggedSegment))


def make_segment(values: Sequence[Any]) -> LoggedSegment:
    """A :class:`LoggedSegment` from already-checked values in field order.

    Imports and exports handle 150,000 segments; filling the frozen instance's
    ``__dict__`` at once is twice as fast as the dataclass ``__init__``.
    """
    segment = object.__new__(LoggedSegment)
    segment.__dict__.update(zip(_SEGMENT_FIELDS, values, strict=True))
    return segment


def _segment_from_row(row: Sequence[Any]) -> LoggedSegment:
    return make_segment(
        (
            row[0],
            row[1],
            row[2],
            row[3],
            _KIND_BY_VALUE[row[4]],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9],
            _SEGMENT_STATUS_BY_VALUE[row[10]],
            bool(row[11]),
            datetime.fromisoformat(row[12]),
        )
    )


def _check_is_history(conn: sqlite3.Connection, target: Path) -> None:
    """Refuse a file that is not SQLite, or an SQLite file that is not a supple history."""
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = int(conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise HistoryUnavailable(f"{target} is not a supple history file ({exc})") from exc
    if app_id == APPLICATION_ID or (app_id == 0 and tables == 0):
        return
    raise HistoryUnavailable(f"{target} is an SQLite file but not a supple history")


def _make_private(target: Path) -> None:
    """Keep the database and its WAL side files readable by the user alone."""
    for candidate in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        with contextlib.suppress(OSError):
            if candidate.exists() and candidate.stat().st_mode & 0o777 != 0o600:
                candidate.chmod(0o600)


def private_store_opener(
    path: Path | str | None = None, **kwargs: Any
) -> Callable[[], HistoryStore]:
    """A function that opens the store for writing at ``path`` (for :class:`SessionRecorder`)."""

    def opener() -> HistoryStore:
        return HistoryStore.open(path, **kwargs)

    return opener
