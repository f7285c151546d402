"""The history file's schema: its version, its forward migrations, and upgrading a file.

The schema is versioned with ``PRAGMA user_version`` and upgraded in place by
the forward migrations in :data:`MIGRATIONS` when the store is opened for
writing (or, for reading an older file, on a copy in memory).
"""

from __future__ import annotations

import sqlite3

#: The schema version this code reads and writes.
SCHEMA_VERSION = 2
#: Written into the file header so a stranger's SQLite file is never mistaken for a history.
APPLICATION_ID = 0x53555050  # "SUPP"

#: The covering index for per-exercise counts (also rebuilt by large imports).
EXERCISE_INDEX_SQL = (
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
        EXERCISE_INDEX_SQL,
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
