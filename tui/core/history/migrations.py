"""The history file's schema: its version, its forward migrations, and upgrading a file.

The schema is versioned with ``PRAGMA user_version`` and upgraded in place by
the forward migrations in :data:`MIGRATIONS` when the store is opened for
writing (or, for reading an older file, on a copy in memory).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3

from tui.core.routine.model import DEFAULT_COUNTS_WHEN_DONE
from tui.core.session.outcome import SELF_PACED_SECONDS
from tui.core.session.timeline import SegmentKind

#: The schema version this code reads and writes.
SCHEMA_VERSION = 7
#: Written into the file header so a stranger's SQLite file is never mistaken for a history.
APPLICATION_ID = 0x53555050  # "SUPP"

#: The covering index for per-exercise counts (also rebuilt by large imports).
EXERCISE_INDEX_SQL = (
    "CREATE INDEX segments_by_exercise ON segments (name, kind, status, superseded, session_id)"
)

#: The hurt marks by part, for counting each hurt part once.
HURT_INDEX_SQL = (
    "CREATE INDEX segments_hurt ON segments (session_id, segment_index, name) WHERE hurt = 1"
)


def _superseded_update(scope: str) -> str:
    """The one SQL form of the session count's rule (``tui.core.session.outcome``).

    The latest outcome of each part (a timeline ``segment_index`` within a
    session) is the one with the highest ``position``; every earlier outcome of
    that part is marked ``superseded``, so tallies count ``superseded = 0``
    rows.  ``scope`` is a condition on ``segments`` naming the sessions to mark.
    """
    return (
        "UPDATE segments SET superseded = 1 FROM ("
        " SELECT session_id AS sid, position AS pos,"
        " position < MAX(position) OVER (PARTITION BY session_id, segment_index) AS earlier"
        f" FROM segments WHERE {scope}"
        ") AS w WHERE w.earlier AND segments.session_id = w.sid AND segments.position = w.pos"
        " AND segments.superseded = 0"
    )


#: The columns of the tables at version 4, which the version 5 rebuild copies.
_V4_SESSION_COLUMNS = (
    "id, routine_title, routine_path, routine_sha256, app_version, started_at, ended_at,"
    " status, preview, pain_before, pain_after, effort, notes, writer, done_share, credited"
)
_V4_SEGMENT_COLUMNS = (
    "session_id, position, segment_index, step, name, kind, side, rep, set_number,"
    " planned_seconds, actual_seconds, status, hurt, ended_at, superseded"
)

#: Mark the earlier outcomes of the sessions whose ids are the JSON array parameter.
MARK_SUPERSEDED_SQL = _superseded_update("session_id IN (SELECT value FROM json_each(?))")


def _done_share_updates(scope: str) -> tuple[str, str]:
    """The SQL form of the done share and credit rules (``tui.core.session.outcome``).

    For the sessions ``scope`` (a condition on ``sessions``) names: the done
    share over the parts recorded (latest outcomes, ``superseded = 0``; a
    part done counts its planned seconds, one cut short its actual seconds
    at most its plan, a skipped one 0; a self-paced set counts as
    ``SELF_PACED_SECONDS``), rounded to 4 places as ``Outcome.done_share`` is;
    then the credit, at the default threshold (the routine's own is not known
    here): completed and the share at least ``DEFAULT_COUNTS_WHEN_DONE`` percent.
    """
    work = ", ".join(f"'{kind.value}'" for kind in SegmentKind if kind.is_work)
    plan = f"COALESCE(g.planned_seconds, {SELF_PACED_SECONDS!r})"
    share = (
        "UPDATE sessions SET done_share = (SELECT CASE WHEN SUM(p) > 0"
        " THEN ROUND(MIN(1.0, SUM(d) / SUM(p)), 4) END FROM ("
        f" SELECT {plan} AS p, CASE g.status WHEN 'done' THEN {plan}"
        f" WHEN 'partial' THEN MAX(0.0, MIN(g.actual_seconds, {plan})) ELSE 0.0 END AS d"
        " FROM segments g WHERE g.session_id = sessions.id AND g.superseded = 0"
        f" AND g.kind IN ({work})))"
        f" WHERE {scope}"
    )
    credit = (
        "UPDATE sessions SET credited = (status = 'completed' AND (done_share IS NULL"
        f" OR done_share * 100 >= {DEFAULT_COUNTS_WHEN_DONE} - 1e-6)) WHERE {scope}"
    )
    return share, credit


#: Fill the done share and credit of the finished sessions whose ids are the JSON array
#: parameter (run once for each statement), where a backup or a caller gave none.
FILL_DONE_SHARE_SQL = _done_share_updates(
    "status IS NOT NULL AND credited IS NULL AND id IN (SELECT value FROM json_each(?))"
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
        "CREATE INDEX segments_by_exercise ON segments (name, kind, status, hurt, session_id)",
    ),
    # v2: remember which process is writing a session, so recovery at start-up
    # never offers to abandon a session another running supple is still writing.
    ("ALTER TABLE sessions ADD COLUMN writer TEXT",),
    # v3: tallies count the latest outcome of each part (a part skipped, then
    # gone back to and done, is one part done): earlier outcomes are marked
    # superseded, the per-exercise index covers the mark, and the (few) hurt
    # marks have their own index, since a part hurt twice counts once.
    (
        "ALTER TABLE segments ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0"
        " CHECK (superseded IN (0, 1))",
        _superseded_update("1"),
        "DROP INDEX segments_by_exercise",
        EXERCISE_INDEX_SQL,
        HURT_INDEX_SQL,
    ),
    # v4: how much of its planned exercise a session did (done_share, 0 to 1; NULL when
    # none was planned or it is unfinished) and whether it counts toward the plan
    # (credited; NULL while unfinished), filled for earlier sessions from their segments.
    (
        "ALTER TABLE sessions ADD COLUMN done_share REAL CHECK (done_share BETWEEN 0 AND 1)",
        "ALTER TABLE sessions ADD COLUMN credited INTEGER CHECK (credited IN (0, 1))",
        *_done_share_updates("status IS NOT NULL"),
    ),
    # v5: a session can end "not_today" (pain before at the routine's stop level,
    # the patient chose not to start), and a part keeps the pain rated when
    # "this hurts" was pressed (pain_now).  SQLite cannot alter a CHECK, so both
    # tables are rebuilt: the new segments table first refers to sessions_new,
    # so that with foreign keys on neither DROP orphans a row, and the RENAME of
    # sessions_new re-points it at sessions.  Rows, indexes and the file's
    # application_id and user_version (its header, not a table) are kept.
    (
        """
        CREATE TABLE sessions_new (
            id TEXT PRIMARY KEY NOT NULL,
            routine_title TEXT NOT NULL,
            routine_path TEXT NOT NULL,
            routine_sha256 TEXT NOT NULL,
            app_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT CHECK (status IN ('completed', 'partial', 'abandoned', 'not_today')),
            preview INTEGER NOT NULL CHECK (preview IN (0, 1)),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            effort INTEGER CHECK (effort BETWEEN 0 AND 10),
            notes TEXT,
            writer TEXT,
            done_share REAL CHECK (done_share BETWEEN 0 AND 1),
            credited INTEGER CHECK (credited IN (0, 1)),
            CHECK ((status IS NULL) = (ended_at IS NULL))
        )
        """,
        f"INSERT INTO sessions_new ({_V4_SESSION_COLUMNS})"
        f" SELECT {_V4_SESSION_COLUMNS} FROM sessions",
        """
        CREATE TABLE segments_new (
            session_id TEXT NOT NULL REFERENCES sessions_new (id),
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
            superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)),
            pain_now INTEGER CHECK (pain_now BETWEEN 0 AND 10),
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID
        """,
        f"INSERT INTO segments_new ({_V4_SEGMENT_COLUMNS})"
        f" SELECT {_V4_SEGMENT_COLUMNS} FROM segments",
        "DROP TABLE segments",
        "DROP TABLE sessions",
        "ALTER TABLE sessions_new RENAME TO sessions",
        "ALTER TABLE segments_new RENAME TO segments",
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
        "CREATE INDEX sessions_unfinished ON sessions (started_at) WHERE status IS NULL",
        EXERCISE_INDEX_SQL,
        HURT_INDEX_SQL,
    ),
    # v6: an interval round keeps its block's label ("Walk", "Sit and rest"), and a
    # self-paced set the reps the patient said they did.
    (
        "ALTER TABLE segments ADD COLUMN label TEXT",
        "ALTER TABLE segments ADD COLUMN reps_done INTEGER CHECK (reps_done BETWEEN 0 AND 1000)",
    ),
    # v7: pain by site where the routine asks (leg and back, before and after; NULL
    # where not asked or skipped), and the next-day check: next_day_at is when it was
    # asked about this session (set once, answered or skipped), next_day the answer.
    (
        *(
            f"ALTER TABLE sessions ADD COLUMN {name} INTEGER CHECK ({name} BETWEEN 0 AND 10)"
            for name in ("pain_leg_before", "pain_back_before", "pain_leg_after", "pain_back_after")
        ),
        "ALTER TABLE sessions ADD COLUMN next_day TEXT"
        " CHECK (next_day IN ('better', 'same', 'worse'))",
        "ALTER TABLE sessions ADD COLUMN next_day_at TEXT",
    ),
)
assert len(MIGRATIONS) == SCHEMA_VERSION


def fill_credit(conn: sqlite3.Connection, session_ids: list[str]) -> None:
    """Work out the done share and credit of finished sessions that have none yet."""
    if session_ids:
        ids = json.dumps(session_ids)
        for statement in FILL_DONE_SHARE_SQL:
            conn.execute(statement, (ids,))


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
            # A full disk rolls the transaction back by itself: ROLLBACK would then
            # fail and hide why ("cannot rollback - no transaction is active").
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
