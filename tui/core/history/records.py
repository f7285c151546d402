"""The history's stored values and errors: what a query returns, what a write refuses.

Plain frozen values; no SQLite here.  :class:`LoggedSegment` *is* the
engine's :class:`~tui.core.session.engine.SegmentRecord` (its twelve fields
are written once, there) plus where and when the history stored it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from tui.core.session.engine import SegmentRecord
from tui.core.session.outcome import outcome_of
from tui.core.session.ratings import NextDay, SitePain
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

#: The exercise kinds (holds, sets, intervals): what tallies count.
WORK_KINDS = frozenset(kind for kind in SegmentKind if kind.is_work)


# --------------------------------------------------------------------------- errors


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
    """A session's count (:func:`tally_of`): its parts by their latest outcome.

    ``done``, ``skipped`` and ``partial`` count exercise parts (holds, sets,
    intervals) by their latest outcome, a part gone back to counting once;
    ``hurt`` counts every part marked "this hurts" in any outcome, whatever its
    kind, once.
    """

    done: int = 0
    skipped: int = 0
    partial: int = 0
    hurt: int = 0
    #: Seconds actually spent in exercise segments (to the millisecond).
    exercise_seconds: float = 0.0


@dataclass(frozen=True, kw_only=True)
class LoggedSegment(SegmentRecord):
    """One segment outcome as stored: the engine's record, its place and its time.

    ``position`` is the order in which outcomes were recorded within the
    session (0, 1, 2, ...).  ``index`` is the segment's place in the routine's
    timeline; it repeats when the patient went back and did a segment again.
    ``ended_at`` is when the outcome was recorded.
    """

    position: int
    ended_at: datetime

    @property
    def is_work(self) -> bool:
        """True for holds, sets and intervals (not get-ready, rest or switch)."""
        return self.kind in WORK_KINDS

    def to_record(self) -> SegmentRecord:
        """The engine's record alone, without where and when it was stored."""
        return SegmentRecord(**{name: self.__dict__[name] for name in _RECORD_FIELDS})


_RECORD_FIELDS = tuple(f.name for f in fields(SegmentRecord))
#: :class:`LoggedSegment`'s fields in order: the record's, then ``position``, ``ended_at``.
SEGMENT_FIELDS = tuple(f.name for f in fields(LoggedSegment))


def logged(record: SegmentRecord, position: int, ended_at: datetime) -> LoggedSegment:
    """``record`` as the history keeps it: at ``position``, recorded at ``ended_at``."""
    return make_segment((*(record.__dict__[name] for name in _RECORD_FIELDS), position, ended_at))


def make_segment(values: Sequence[Any]) -> LoggedSegment:
    """A :class:`LoggedSegment` from already-checked values in :data:`SEGMENT_FIELDS` order.

    Imports and exports handle 150,000 segments; filling the frozen instance's
    ``__dict__`` at once is twice as fast as the dataclass ``__init__``.
    """
    segment = object.__new__(LoggedSegment)
    segment.__dict__.update(zip(SEGMENT_FIELDS, values, strict=True))
    return segment


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
    #: Share of the planned exercise time done, 0.0 to 1.0 (``tui.core.session.outcome``);
    #: ``None`` while unfinished, or when no exercise was planned.
    done_share: float | None = None
    #: Counts toward the plan (completed, done share at the routine's threshold);
    #: ``None`` while unfinished.
    credited: bool | None = None
    #: Pain by site, where the routine asked (``pain_sites``); ``pain_before`` and
    #: ``pain_after`` then hold the worse of the two (:attr:`SitePain.worse`).
    pain_leg_before: int | None = None
    pain_back_before: int | None = None
    pain_leg_after: int | None = None
    pain_back_after: int | None = None
    #: The next-day check: the answer, and when it was asked (``None``: not yet asked).
    next_day: NextDay | None = None
    next_day_at: datetime | None = None

    @property
    def sites_before(self) -> SitePain:
        """Pain by site before the session."""
        return SitePain(self.pain_leg_before, self.pain_back_before)

    @property
    def sites_after(self) -> SitePain:
        """Pain by site after the session."""
        return SitePain(self.pain_leg_after, self.pain_back_after)

    @property
    def rated_by_site(self) -> bool:
        """True when any site was rated, before or after."""
        return any(
            v is not None
            for v in (
                self.pain_leg_before,
                self.pain_back_before,
                self.pain_leg_after,
                self.pain_back_after,
            )
        )

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
class SessionPain:
    """The pain ratings of one session (at least one of them is given)."""

    session_id: str
    started_at: datetime
    ended_at: datetime | None
    routine_title: str
    pain_before: int | None
    pain_after: int | None
    #: Pain by site before the session, where the routine asked (``pain_sites``).
    leg_before: int | None = None
    back_before: int | None = None


@dataclass(frozen=True)
class HurtRating:
    """The pain (0-10) rated when "this hurts" was pressed during an exercise."""

    exercise: str
    pain: int


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
    #: Sessions the history held unfinished that the backup completed (``merge``).
    completed: int = 0


#: A session in its stored form: the 21 columns of ``rows.SESSION_INSERT``, in order.
SessionRow = tuple[Any, ...]
#: A segment in its stored form: the 15 columns of ``rows.SEGMENT_INSERT``, session id first.
SegmentRow = tuple[Any, ...]
#: A session in its stored form with its segments: what a backup's checks give.
StoredSession = tuple[SessionRow, tuple[SegmentRow, ...]]


@dataclass(frozen=True)
class ImportBatch:
    """Checked sessions in the stored form, ready for ``HistoryStore.import_batch``.

    Each entry is a session row and its segment rows in position order.  Times
    are UTC text in the stored form (``2024-05-01T08:00:00.000000+00:00``),
    seconds rounded to the millisecond.  ``rows.batch_of`` makes one from
    :class:`Session` objects; ``backup.load_history_batch`` from a backup file
    without building them.
    """

    sessions: tuple[StoredSession, ...]

    def __len__(self) -> int:
        return len(self.sessions)


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions a query or an export covers.  ``since`` is inclusive, ``until`` exclusive.

    ``routine`` keeps sessions whose routine title contains it (any case);
    preview runs are left out unless ``include_preview``.
    """

    since: datetime | None = None
    until: datetime | None = None
    routine: str | None = None
    include_preview: bool = False
    #: Further SQL conditions over ``sessions s`` (the store's own queries only).
    extra: tuple[str, ...] = field(default=(), repr=False)


# --------------------------------------------------------------------------- rules


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


def tally_of(segments: Iterable[SegmentRecord]) -> SegmentTally:
    """The session count of ``segments`` (in recorded order): :func:`outcome_of`'s rule.

    The latest outcome of each part counts, a part marked "this hurts" in any
    of its outcomes counts as hurt once, and every exercise second counts.
    """
    counted = outcome_of(segments)
    return SegmentTally(
        len(counted.done),
        len(counted.skipped),
        len(counted.partial),
        len(counted.hurt),
        round(counted.exercise_seconds, 3),
    )
