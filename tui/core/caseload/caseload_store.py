"""The caseload database: many patients' sessions in one ordinary SQLite file (0600).

One row set per clinic patient id: a ``patients`` row and that patient's
``sessions``, each kept in the history's own stored form (the session row
and its segment rows as JSON) beside the few columns the caseload screen
counts.  Importing is idempotent: a session already there with the same
content is left alone, a changed one (an unfinished session now finished)
replaced; a whole import is one transaction.  A patient's sessions come back
as an :class:`~tui.core.history.ImportBatch`, which
:func:`patient_history_file` turns into an ordinary history file for the
history screens and the clinic report.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tui.core.caseload.patient_line import PatientCounts
from tui.core.exports.fhir_transaction import ClinicPatient
from tui.core.history import HistoryError, HistoryStore, utc_now
from tui.core.history.records import ImportBatch, SegmentRow, SessionRow
from tui.core.history.times import from_stored, to_stored
from tui.core.locations import caseload_db, ensure_private_dir

#: "supc" in ASCII: marks the file as a supple caseload.
APPLICATION_ID = 0x73757063
SCHEMA_VERSION = 1

_SCHEMA = (
    """CREATE TABLE patients (
        id TEXT PRIMARY KEY NOT NULL,
        system TEXT NOT NULL,
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE sessions (
        patient TEXT NOT NULL REFERENCES patients (id),
        id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        preview INTEGER NOT NULL,
        status TEXT,
        pain_before INTEGER,
        pain_after INTEGER,
        hurt INTEGER NOT NULL,
        safety INTEGER NOT NULL,
        row TEXT NOT NULL,
        segments TEXT NOT NULL,
        PRIMARY KEY (patient, id)
    ) WITHOUT ROWID""",
    # Covers the caseload screen's counts of the last 30 days: they never read the big rows.
    "CREATE INDEX sessions_by_start ON sessions (started_at, preview, pain_before, hurt, safety)",
    # The files imported, by the SHA-256 of their bytes: the same file again is not read.
    "CREATE TABLE imported_files (sha256 TEXT PRIMARY KEY NOT NULL, path TEXT NOT NULL)",
    "CREATE INDEX sessions_by_patient ON sessions (patient, preview, started_at)",
)


class CaseloadError(HistoryError):
    """The caseload file cannot be opened or written (worded for the therapist)."""


@dataclass(frozen=True)
class PatientSessions:
    """One patient's sessions to import: rows in the history's stored form, and hurt counts."""

    patient: ClinicPatient
    source: Path
    #: (session row, its segment rows, parts marked "this hurts", safety notice due) each.
    sessions: tuple[tuple[SessionRow, tuple[SegmentRow, ...], int, bool], ...]
    #: The SHA-256 of the file's bytes: a file imported before is not read again.
    digest: str = ""


@dataclass(frozen=True)
class PatientRows:
    """One patient's sessions as the caseload's ``sessions`` rows, ready to insert.

    Made where the file was read (a worker process): a few texts per session
    cross between processes far faster than every segment's row would.
    """

    patient: ClinicPatient
    source: Path
    #: One :func:`session_values` row per session.
    rows: tuple[tuple[Any, ...], ...]
    digest: str = ""


def patient_rows(item: PatientSessions) -> PatientRows:
    """``item``'s sessions as caseload rows."""
    pid = item.patient.id
    rows = tuple(session_values(pid, *session) for session in item.sessions)
    return PatientRows(item.patient, item.source, rows, item.digest)


@dataclass(frozen=True)
class CaseloadImport:
    """What an import did, over all its files."""

    patients: int
    added: int
    changed: int
    unchanged: int
    #: Files skipped because exactly these bytes were imported before.
    files_seen: int = 0


class CaseloadStore:
    """The caseload file: open it, import into it, count from it."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> CaseloadStore:
        """Open (or create, private) the caseload at ``path`` (default :func:`caseload_db`)."""
        target = path or caseload_db()
        try:
            if path is None:
                ensure_private_dir(target.parent)
            if not target.exists():  # private before SQLite writes a byte of health data
                os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
            _prepare(conn, target)
        except (OSError, sqlite3.Error) as exc:
            raise CaseloadError(f"the caseload {target} cannot be opened ({exc})") from exc
        return cls(conn, target)

    def close(self) -> None:
        """Close the file."""
        self._conn.close()

    def __enter__(self) -> CaseloadStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def importing(self) -> Iterator[CaseloadImporter]:
        """One import transaction: committed when the block ends, rolled back if it raises."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise CaseloadError(f"nothing was imported: {exc}") from exc
        importer = CaseloadImporter(conn)
        try:
            yield importer
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise CaseloadError(f"nothing was imported: {exc}") from exc
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def import_patients(self, imports: Sequence[PatientSessions]) -> CaseloadImport:
        """Add or update every patient's sessions in one transaction (all of them or none)."""
        with self.importing() as importer:
            for item in imports:
                importer.add(item)
        return importer.result()

    def patients(self) -> list[ClinicPatient]:
        """Every patient, by id."""
        rows = self._conn.execute("SELECT id, system FROM patients ORDER BY id")
        return [ClinicPatient(pid, system) for pid, system in rows]

    def counts(self, now: datetime | None = None) -> list[PatientCounts]:
        """Each patient's counts for the caseload screen, as of ``now`` (UTC days)."""
        now = now or utc_now()
        d7, d14, d30 = (to_stored(now - timedelta(days=n)) for n in (7, 14, 30))
        # One index seek per patient (sessions_by_patient), not a scan of every session.
        last = dict(
            self._conn.execute(
                "SELECT id, (SELECT MAX(started_at) FROM sessions"
                " WHERE patient = p.id AND preview = 0) FROM patients p"
            )
        )
        recent: dict[str, tuple[Any, ...]] = {
            row[0]: row[1:]
            for row in self._conn.execute(_RECENT_SQL, {"d7": d7, "d14": d14, "d30": d30})
        }
        result = []
        for (pid,) in self._conn.execute("SELECT id FROM patients ORDER BY id"):
            s7, s30, pain7, pain_before7, hurt7, safety7 = recent.get(pid, (0, 0, None, None, 0, 0))
            started = last.get(pid)
            result.append(
                PatientCounts(
                    pid,
                    None if started is None else from_stored(started),
                    s7,
                    s30,
                    None if pain7 is None else round(pain7, 1),
                    None if pain_before7 is None else round(pain_before7, 1),
                    hurt7,
                    safety7,
                )
            )
        return result

    def patient_batch(self, patient: str) -> ImportBatch:
        """One patient's sessions in the history's stored form (previews included)."""
        rows = self._conn.execute(
            "SELECT row, segments FROM sessions WHERE patient = ? ORDER BY started_at", (patient,)
        )
        sessions = []
        for row_text, segments_text in rows:
            row = tuple(json.loads(row_text))
            segments = tuple((row[0], *segment) for segment in json.loads(segments_text))
            sessions.append((row, segments))
        return ImportBatch(tuple(sessions))

    def weekly_rows(self) -> list[tuple[Any, ...]]:
        """One row per patient and week (Monday, UTC): the figures of ``clinic export``."""
        return list(self._conn.execute(_WEEKLY_SQL))


_RECENT_SQL = """
SELECT patient,
       SUM(started_at >= :d7),
       COUNT(*),
       AVG(CASE WHEN started_at >= :d7 THEN pain_before END),
       AVG(CASE WHEN started_at >= :d14 AND started_at < :d7 THEN pain_before END),
       SUM(CASE WHEN started_at >= :d7 THEN hurt ELSE 0 END),
       SUM(CASE WHEN started_at >= :d7 THEN safety ELSE 0 END)
FROM sessions INDEXED BY sessions_by_start
WHERE started_at >= :d30 AND preview = 0
GROUP BY patient
"""

#: Column names of :meth:`CaseloadStore.weekly_rows`, for the CSV's header.
WEEKLY_COLUMNS = (
    "patient",
    "week",
    "sessions",
    "completed",
    "days_active",
    "pain_before_mean",
    "pain_after_mean",
    "hurt_marks",
    "safety_notices",
)
_WEEKLY_SQL = """
SELECT patient,
       date(substr(started_at, 1, 10), '-6 days', 'weekday 1') AS week,
       COUNT(*),
       SUM(status = 'completed'),
       COUNT(DISTINCT substr(started_at, 1, 10)),
       ROUND(AVG(pain_before), 1),
       ROUND(AVG(pain_after), 1),
       SUM(hurt),
       SUM(safety)
FROM sessions
WHERE preview = 0
GROUP BY patient, week
ORDER BY patient, week
"""


def _prepare(conn: sqlite3.Connection, target: Path) -> None:
    """Create the schema in a new file; refuse a file that is not a caseload."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    if app_id == 0 and tables == 0:
        conn.execute("BEGIN IMMEDIATE")
        for statement in _SCHEMA:
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    elif app_id != APPLICATION_ID:
        raise sqlite3.DatabaseError(f"{target} is not a supple caseload file")
    elif conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"{target} was made by a newer supple")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def session_values(
    patient: str, row: SessionRow, segments: tuple[SegmentRow, ...], hurt: int, safety: bool
) -> tuple[Any, ...]:
    """A caseload ``sessions`` row: the counted columns, then the stored form as JSON."""
    row_text = json.dumps(list(row), separators=(",", ":"))
    # The session id is the row's; each segment keeps the rest of its stored form.
    segments_text = json.dumps([list(s[1:]) for s in segments], separators=(",", ":"))
    return (patient, row[0], row[5], row[8], row[7], row[9], row[10], hurt, int(safety),
            row_text, segments_text)  # fmt: skip


class CaseloadImporter:
    """Adds patients' sessions inside :meth:`CaseloadStore.importing`'s transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._now = to_stored(utc_now())
        self._patients: set[str] = set()
        self._added = self._changed = self._unchanged = self._files_seen = 0

    def known_files(self) -> frozenset[str]:
        """The SHA-256 of every file imported before."""
        return frozenset(d for (d,) in self._conn.execute("SELECT sha256 FROM imported_files"))

    def skip_file(self) -> None:
        """Count a file left alone because its bytes were imported before."""
        self._files_seen += 1

    def add(self, item: PatientSessions) -> None:
        """Add the patient's new sessions, replace changed ones, leave the same ones alone."""
        self.add_rows(patient_rows(item))

    def add_rows(self, item: PatientRows) -> None:
        """:meth:`add` of sessions already made into rows (:func:`patient_rows`)."""
        conn = self._conn
        patient = item.patient.id
        self._patients.add(patient)
        conn.execute(
            "INSERT OR REPLACE INTO patients VALUES (?, ?, ?, ?)",
            (patient, item.patient.system, str(item.source), self._now),
        )
        existing = dict(
            conn.execute("SELECT id, row || segments FROM sessions WHERE patient = ?", (patient,))
        )
        fresh = []
        for values in item.rows:
            before = existing.get(values[1])
            if before == values[-2] + values[-1]:
                self._unchanged += 1
                continue
            if before is None:
                self._added += 1
            else:
                self._changed += 1
            fresh.append(values)
        conn.executemany(
            "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fresh
        )
        if item.digest:
            conn.execute(
                "INSERT OR REPLACE INTO imported_files VALUES (?, ?)",
                (item.digest, str(item.source)),
            )

    def result(self) -> CaseloadImport:
        """What was imported so far."""
        return CaseloadImport(
            len(self._patients), self._added, self._changed, self._unchanged, self._files_seen
        )


@contextmanager
def patient_history_file(store: CaseloadStore, patient: str) -> Iterator[Path]:
    """One patient's sessions as an ordinary history file, private, removed after the block."""
    batch = store.patient_batch(patient)
    with tempfile.TemporaryDirectory(prefix="supple-patient-") as folder:
        path = Path(folder) / "history.sqlite3"
        with HistoryStore.open(path) as history:
            history.import_batch(batch)
        yield path
