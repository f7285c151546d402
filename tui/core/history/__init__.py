"""The history: every session a patient runs, kept in one SQLite file.

The face of the package: the store, what it returns and the errors it
raises.  Each name lives in one module (``records``, ``times``, ``store``);
import from here.  The backup format (``backup``), recording a running
session (``recorder``) and the migrations are imported from their modules,
so that importing this face stays cheap.
"""

from tui.core.history.records import (
    DayCount,
    ExerciseCount,
    HistoryError,
    HistoryUnavailable,
    HurtRating,
    ImportBatch,
    ImportResult,
    LoggedSegment,
    ResumePoint,
    RoutineRef,
    SchemaVersionError,
    SegmentTally,
    Session,
    SessionFilter,
    SessionFinished,
    SessionNotFound,
    SessionPain,
    SessionSummary,
    check_rating,
    tally_of,
)
from tui.core.history.store import HistoryStore
from tui.core.history.store_opening import open_for_reading, private_store_opener
from tui.core.history.times import local_day_bounds, to_local, utc_now

__all__ = [
    "DayCount",
    "ExerciseCount",
    "HistoryError",
    "HistoryStore",
    "HistoryUnavailable",
    "HurtRating",
    "ImportBatch",
    "ImportResult",
    "LoggedSegment",
    "ResumePoint",
    "RoutineRef",
    "SchemaVersionError",
    "SegmentTally",
    "Session",
    "SessionFilter",
    "SessionFinished",
    "SessionNotFound",
    "SessionPain",
    "SessionSummary",
    "check_rating",
    "local_day_bounds",
    "open_for_reading",
    "private_store_opener",
    "tally_of",
    "to_local",
    "utc_now",
]
