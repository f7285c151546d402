"""Writing a running session into the history without ever failing the session.

:class:`SessionRecorder` is what the session screens use.  It keeps the whole
session in memory as well as writing it, so when the disk is full, the data
folder is read-only or the database stays locked, nothing is lost: it says
what is wrong in :attr:`SessionRecorder.problem` (and through ``on_problem``),
tries again on every later write, and at the end the session can be saved
with :meth:`SessionRecorder.retry` or to a backup file with
:meth:`SessionRecorder.export_json` (``supple history import`` reads it).

It implements the runner's ``HistoryWriter`` protocol (``segment_ended``,
``session_ended``); the ratings asked after the session are saved by
:meth:`SessionRecorder.finish`.  Storage problems never raise out of it;
only invalid arguments (a pain rating of 11) raise ``ValueError``.
Calls are serialised, so the app may call it from a worker thread.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from tui.core.history.records import (
    HistoryError,
    HistoryUnavailable,
    LoggedSegment,
    ResumePoint,
    RoutineRef,
    SegmentTally,
    Session,
    check_rating,
    logged,
    tally_of,
)
from tui.core.history.room import make_reserve, release_reserve
from tui.core.history.storage_words import StorageTrouble, storage_trouble, storage_words
from tui.core.history.store import HistoryStore
from tui.core.history.times import utc_now
from tui.core.locations import replaced_privately
from tui.core.session.engine import SegmentRecord
from tui.core.session.ratings import NOT_BY_SITE, SitePain
from tui.core.session.status import SessionStatus

KEPT_IN_MEMORY = (
    "This session is kept in memory: supple will keep trying to save it, and you can "
    "save it to a file at the end."
)


def _disk_full(exc: BaseException) -> bool:
    return storage_trouble(exc) is StorageTrouble.FULL


def describe_storage_problem(exc: BaseException) -> str:
    """A plain sentence saying why the history could not be written."""
    trouble = storage_trouble(exc)
    if trouble is StorageTrouble.FULL:
        reason = "The disk is full, so your history can't be saved right now."
    elif trouble is StorageTrouble.READ_ONLY:
        reason = "The history folder is read-only, so your history can't be saved right now."
    elif trouble is StorageTrouble.LOCKED:
        reason = "The history is busy in another supple window, so it can't be saved right now."
    elif isinstance(exc, HistoryError):
        reason = f"Your history can't be saved right now: {exc}."
    else:
        reason = f"Your history can't be saved right now: {storage_words(exc)}."
    return f"{reason} {KEPT_IN_MEMORY}"


@dataclass
class _Final:
    status: SessionStatus
    ended_at: datetime
    pain_after: int | None = None
    effort: int | None = None
    notes: str | None = None
    complete: bool = False  # ratings given (or declined): ready to write
    #: The done share and credit, as the session worked them out (``None``: from the segments).
    credit: tuple[float | None, bool] | None = None
    sites_after: SitePain = NOT_BY_SITE


def _before(session: Session) -> tuple[int | None, SitePain]:
    """What is asked before a session: the pain and the pain by site."""
    return session.pain_before, session.sites_before


class SessionRecorder:
    """Records one session as it happens; never raises storage errors into the UI."""

    def __init__(
        self,
        open_store: Callable[[], HistoryStore] | None = None,
        *,
        on_problem: Callable[[str | None], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """``open_store`` opens the store for writing (default: the user's history).

        ``on_problem`` is called with a message when saving starts failing and
        with ``None`` once everything is saved again.
        """
        self._open_store = open_store or HistoryStore.open
        self._on_problem = on_problem
        self._clock = clock
        self._lock = threading.RLock()
        self._store: HistoryStore | None = None
        self._problem: str | None = None
        self._needs_resync = False
        # The session as it stands in memory.
        self._session: Session | None = None
        self._segments: list[LoggedSegment] = []
        self._final: _Final | None = None
        # How much of it the database has.
        self._header_written = False
        self._pain_written: tuple[int | None, SitePain] = (None, SitePain())
        self._segments_written = 0
        self._final_written = False
        self._reserved = False
        # Once the disk was full, the write-ahead log is emptied after every write.
        self._tight = False

    # ----------------------------------------------------------------- state

    @property
    def problem(self) -> str | None:
        """Why the session is not fully saved, or ``None`` when it is."""
        return self._problem

    @property
    def problem_reason(self) -> str | None:
        """What is wrong, without the promise to keep trying (for the end of a session)."""
        if self._problem is None:
            return None
        return self._problem.removesuffix(KEPT_IN_MEMORY).strip()

    @property
    def session_id(self) -> str | None:
        """The id of the session being recorded."""
        return None if self._session is None else self._session.id

    @property
    def saved(self) -> bool:
        """True when everything recorded so far is in the database."""
        with self._lock:
            return self._session is not None and not self._pending()

    @property
    def session(self) -> Session | None:
        """The session as recorded so far (whether or not it is saved)."""
        with self._lock:
            if self._session is None:
                return None
            frozen = tuple(self._segments)
            final = self._final
            if final is None or not final.complete:
                return replace(self._session, segments=frozen, tally=tally_of(frozen))
            return replace(
                self._session,
                segments=frozen,
                tally=tally_of(frozen),
                status=final.status,
                ended_at=final.ended_at,
                pain_after=final.pain_after,
                pain_leg_after=final.sites_after.leg,
                pain_back_after=final.sites_after.back,
                effort=final.effort,
                notes=final.notes,
                done_share=None if final.credit is None else final.credit[0],
                credited=None if final.credit is None else final.credit[1],
            )

    # ----------------------------------------------------------------- recording

    def start(
        self,
        routine_title: str,
        routine_path: str,
        routine_sha256: str,
        app_version: str,
        preview: bool,
        started_at: datetime | None = None,
        pain_before: int | None = None,
        sites_before: SitePain = NOT_BY_SITE,
    ) -> str:
        """Begin recording a new session; returns its id (even if it can't be saved yet)."""
        check_rating("pain_before", pain_before)
        with self._lock:
            if self._session is not None:
                raise ValueError("this recorder already holds a session")
            self._session = Session(
                id=str(uuid.uuid4()),
                routine=RoutineRef(routine_title, routine_path, routine_sha256),
                app_version=app_version,
                started_at=started_at or self._clock(),
                ended_at=None,
                status=None,
                preview=preview,
                pain_before=pain_before,
                pain_after=None,
                effort=None,
                notes=None,
                tally=SegmentTally(),
                pain_leg_before=sites_before.leg,
                pain_back_before=sites_before.back,
            )
            self._flush()
            return self._session.id

    def resume(self, session_id: str) -> ResumePoint | None:
        """Continue an unfinished session from the history; ``None`` if that fails."""
        with self._lock:
            if self._session is not None:
                raise ValueError("this recorder already holds a session")
            try:
                point = self._store_or_open().resume(session_id)
            except (sqlite3.Error, OSError, HistoryError) as exc:
                self._failed(exc)
                return None
            self._session = point.session
            self._segments = list(point.session.segments)
            self._header_written = True
            self._pain_written = _before(point.session)
            self._segments_written = len(self._segments)
            return point

    def set_pain_before(self, pain_before: int | None, sites: SitePain = NOT_BY_SITE) -> bool:
        """Set the rating (and by site) given before the session; True when saved."""
        check_rating("pain_before", pain_before)
        with self._lock:
            session = self._require_session()
            self._session = replace(
                session,
                pain_before=pain_before,
                pain_leg_before=sites.leg,
                pain_back_before=sites.back,
            )
            return self._flush()

    def segment_ended(self, record: SegmentRecord) -> None:
        """Record one finished segment (the runner's ``HistoryWriter`` call)."""
        self.record_segment(record)

    def record_segment(self, record: SegmentRecord, ended_at: datetime | None = None) -> bool:
        """Record one finished segment; True when saved."""
        with self._lock:
            self._require_session()
            self._segments.append(logged(record, len(self._segments), ended_at or self._clock()))
            return self._flush()

    def session_ended(self, status: SessionStatus | str) -> None:
        """Note how and when the session ended (the runner's ``HistoryWriter`` call).

        Nothing final is written until :meth:`finish` brings the ratings.
        """
        with self._lock:
            self._require_session()
            if self._final is None:
                self._final = _Final(SessionStatus(status), self._clock())

    def finish(
        self,
        status: SessionStatus | str | None = None,
        ended_at: datetime | None = None,
        pain_after: int | None = None,
        effort: int | None = None,
        notes: str | None = None,
        *,
        credit: tuple[float | None, bool] | None = None,
        sites_after: SitePain = NOT_BY_SITE,
    ) -> bool:
        """Save the final status and the ratings given after the session; True when saved.

        ``status`` and ``ended_at`` default to what :meth:`session_ended` noted;
        ``credit`` is the done share and credit (``HistoryStore.finish_session``);
        ``sites_after`` the pain by site after it.
        """
        check_rating("pain_after", pain_after)
        check_rating("effort", effort)
        with self._lock:
            self._require_session()
            noted = self._final
            if noted is not None and noted.complete:
                return self._flush()  # already finished: never altered
            final_status = SessionStatus(
                status if status is not None else (noted.status if noted else "partial")
            )
            end = ended_at or (noted.ended_at if noted else self._clock())
            self._final = _Final(
                final_status, end, pain_after, effort, notes or None, True, credit, sites_after
            )
            return self._flush()

    def retry(self) -> bool:
        """Try again to save whatever is not saved yet; True when all is saved."""
        with self._lock:
            if self._session is None:
                return True
            return self._flush()

    def export_json(self, path: Path | str) -> bool:
        """Save the session to a backup file (``supple history import`` reads it)."""
        from tui.core.history.backup import write_json

        with self._lock:
            session = self.session
            if session is None:
                return False
            try:
                with replaced_privately(Path(path)) as out:
                    write_json([session], out)
            except OSError as exc:
                if self._problem is None:  # else keep why the history itself failed
                    words = storage_words(exc)
                    self._set_problem(f"The session could not be written to {path}: {words}.")
                return False
            return True

    def backup_text(self) -> str | None:
        """The session as a backup document (``supple history import`` reads it), or ``None``."""
        from tui.core.history.backup import write_json

        with self._lock:
            session = self.session
            if session is None:
                return None
            out = io.StringIO()
            write_json([session], out)
            return out.getvalue()

    def close(self) -> None:
        """Try a last save and close the store.  The session stays in memory."""
        with self._lock:
            if self._session is not None and self._pending():
                self._flush()
            if self._store is not None:
                saved = self._session is None or not self._pending()
                if self._store.path is not None and saved:
                    release_reserve(self._store.path)  # saved: nothing left behind
                with contextlib.suppress(sqlite3.Error):
                    self._store.close()
                self._store = None

    # ----------------------------------------------------------------- internals

    def _require_session(self) -> Session:
        if self._session is None:
            raise ValueError("no session: call start() first")
        return self._session

    def _pending(self) -> bool:
        assert self._session is not None
        final = self._final
        return (
            not self._header_written
            or (self._pain_written != _before(self._session) and not self._final_written)
            or self._segments_written < len(self._segments)
            or (final is not None and final.complete and not self._final_written)
        )

    def _store_or_open(self) -> HistoryStore:
        if self._store is None:
            self._store = self._open_store()
            if self._store.path is not None and not self._reserved:
                self._reserved = make_reserve(self._store.path)
        return self._store

    def _flush(self) -> bool:
        session = self._session
        assert session is not None
        if not self._pending():
            return True
        try:
            store = self._store_or_open()
            if self._needs_resync:
                store.release_room()
                self._resync(store, session.id)
            if not self._header_written:
                store.begin_session(
                    session.routine.title,
                    session.routine.path,
                    session.routine.sha256,
                    session.app_version,
                    session.preview,
                    started_at=session.started_at,
                    pain_before=session.pain_before,
                    session_id=session.id,
                    sites_before=session.sites_before,
                )
                self._header_written = True
                self._pain_written = _before(session)
            if self._pain_written != _before(session) and not self._final_written:
                store.set_pain_before(session.id, session.pain_before, session.sites_before)
                self._pain_written = _before(session)
            if self._segments_written < len(self._segments):
                # Catching up after a failure: every missing part in one transaction,
                # which needs a fraction of the room one transaction each would.
                missing = self._segments[self._segments_written :]
                store.add_segments(session.id, [(s, s.ended_at) for s in missing])
                self._segments_written = len(self._segments)
            final = self._final
            if final is not None and final.complete and not self._final_written:
                store.finish_session(
                    session.id,
                    final.status,
                    ended_at=final.ended_at,
                    pain_after=final.pain_after,
                    effort=final.effort,
                    notes=final.notes,
                    credit=final.credit,
                    sites_after=final.sites_after,
                )
                self._final_written = True
            if self._tight:
                # Each write appends to the log until a checkpoint: on a full disk
                # that growth, not the session, is what eats the room.
                store.release_room()
        except (sqlite3.Error, OSError, HistoryError) as exc:
            self._failed(exc)
            return False
        self._set_problem(None)
        return True

    def _resync(self, store: HistoryStore, session_id: str) -> None:
        """After a failure, learn what actually reached the database."""
        stored = store.session(session_id)
        if stored is None:
            self._header_written = False
            self._segments_written = 0
        else:
            self._header_written = True
            self._pain_written = _before(stored)
            self._segments_written = len(stored.segments)
            self._final_written = stored.status is not None
        self._needs_resync = False

    def _failed(self, exc: BaseException) -> None:
        self._needs_resync = True
        if _disk_full(exc):
            self._tight = True
            if self._store is not None and self._store.path is not None:
                release_reserve(self._store.path)  # the room kept for exactly this
        if self._store is not None and not isinstance(exc, HistoryUnavailable):
            with contextlib.suppress(sqlite3.Error):
                self._store.close()
        self._store = None
        self._set_problem(describe_storage_problem(exc))

    def _set_problem(self, problem: str | None) -> None:
        if problem == self._problem:
            return
        self._problem = problem
        if self._on_problem is not None:
            with contextlib.suppress(Exception):
                self._on_problem(problem)
