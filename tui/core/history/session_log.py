"""A front end's view of one session's history.

:class:`SessionLog` is what a front end needs from the history around one
session: the runner's ``HistoryWriter`` calls plus the ratings asked before
and after it.  :class:`RecorderLog` implements it over the history's
:class:`~tui.core.history.recorder.SessionRecorder`, which never raises
storage errors and keeps the session in memory when the disk fails.  A
session that stopped unexpectedly is continued with :meth:`RecorderLog.resume`
(the same session id goes on receiving segments); finding such sessions is
:mod:`tui.core.history.recovery`.

No Textual here: the plain-text mode and the screens both use these.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui import __version__
from tui.core.locations import make_private_dirs
from tui.core.routine.model import Routine
from tui.core.session.engine import SegmentRecord
from tui.core.session.outcome import credited, outcome_of
from tui.core.session.ratings import NOT_BY_SITE, SitePain
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import compile_timeline

if TYPE_CHECKING:
    from tui.core.history import ResumePoint
    from tui.core.history.recorder import SessionRecorder


class SessionLog(Protocol):
    """The history of one session as a front end sees it.

    Call order: :meth:`begin` (after the question before the session), then
    the runner calls :meth:`segment_ended` and :meth:`session_ended`; then the
    ``set_*`` calls with the answers after the session, then :meth:`finish`
    exactly once (also after Ctrl-C).  Nothing here raises storage errors.
    """

    def begin(self, pain_before: int | None, sites: SitePain | None = None) -> None:
        """The session starts now; ``pain_before`` is the rating given before it (``sites``:
        by site, where the routine asks; ``pain_before`` is then their worse)."""

    def segment_ended(self, record: SegmentRecord) -> None:
        """Save one finished segment (the runner calls this)."""

    def session_ended(self, status: SessionStatus) -> None:
        """The guided part is over (the runner calls this)."""

    def set_pain_after(self, value: int | None, sites: SitePain | None = None) -> None:
        """The pain rating given after the session (``None``: skipped; ``sites``: by site)."""

    def set_effort(self, value: int | None) -> None:
        """The effort rating on supple's own 0-10 scale (``None``: skipped)."""

    def set_note(self, text: str | None) -> None:
        """The patient's note for their therapist (``None``: none)."""

    def finish(self) -> None:
        """Save the final status and the ratings."""

    def not_today(self, pain_before: int | None, sites: SitePain | None = None) -> None:
        """Record a session not started by choice (pain before at the stop level), instead of
        :meth:`begin` ... :meth:`finish`: ``not_today``, its pain before, no parts."""

    @property
    def problem(self) -> str | None:
        """A sentence for the patient when the session could not be saved, else ``None``."""

    def unsaved_copy(self) -> str | None:
        """After :meth:`finish`: the session as a JSON backup when it is in neither the
        history nor a backup file (what to show the patient to copy), else ``None``."""


#: Where a session that could be written nowhere is shown (plain mode and the app say it).
SHOWN_AS_JSON = "printed as JSON in this terminal (below, or as supple closes)"


def routine_path_text(routine: Routine) -> str:
    """The routine's file as recorded in the history (``""`` when it has none)."""
    return str(routine.source) if routine.source is not None else ""


class RecorderLog:
    """A :class:`SessionLog` over a :class:`~tui.core.history.recorder.SessionRecorder`.

    ``backup_dirs`` are tried in order for a JSON copy of the session when it
    still cannot be saved at :meth:`finish` (``supple history import`` reads it).
    """

    def __init__(
        self,
        recorder: SessionRecorder,
        routine: Routine,
        *,
        preview: bool,
        backup_dirs: tuple[Path, ...] = (),
    ) -> None:
        self.recorder = recorder
        self.routine = routine
        self.preview = preview
        self.backup_dirs = backup_dirs
        self.pain_after: int | None = None
        self.sites_after = SitePain()
        self.effort: int | None = None
        self.note: str | None = None
        self.backup_file: Path | None = None
        self.status: SessionStatus | None = None
        self._begun = False
        self._finished = False

    @property
    def session_id(self) -> str | None:
        """The id of the session in the history (once begun)."""
        return self.recorder.session_id

    def begin(self, pain_before: int | None, sites: SitePain | None = None) -> None:
        """Start recording the session."""
        if self._begun:
            self.recorder.set_pain_before(pain_before, sites or NOT_BY_SITE)
            return
        self._begun = True
        self.recorder.start(
            self.routine.title,
            routine_path_text(self.routine),
            self.routine.sha256,
            __version__,
            self.preview,
            pain_before=pain_before,
            sites_before=sites or NOT_BY_SITE,
        )

    def resume(self, session_id: str) -> ResumePoint | None:
        """Continue the unfinished session ``session_id`` instead of beginning a new one.

        Returns where to continue (``None`` when the history could not be read:
        :attr:`problem` says why, and :meth:`begin` still starts a new session).
        """
        if self._begun:
            raise ValueError("this log already holds a session")
        point = self.recorder.resume(session_id)
        self._begun = point is not None
        return point

    def segment_ended(self, record: SegmentRecord) -> None:
        """Record a finished segment."""
        if self._begun:
            self.recorder.segment_ended(record)

    def session_ended(self, status: SessionStatus) -> None:
        """Note the status; it is written with the ratings by :meth:`finish`."""
        self.status = status
        if self._begun:
            self.recorder.session_ended(status.value)

    def set_pain_after(self, value: int | None, sites: SitePain | None = None) -> None:
        """Keep the pain rating (and by site) after the session for :meth:`finish`."""
        self.pain_after = value
        self.sites_after = sites or NOT_BY_SITE

    def set_effort(self, value: int | None) -> None:
        """Keep the effort rating for :meth:`finish`."""
        self.effort = value

    def set_note(self, text: str | None) -> None:
        """Keep the note for :meth:`finish`."""
        self.note = text.strip() if text and text.strip() else None

    def finish(self) -> None:
        """Write the final status and ratings; on failure retry once, then write a backup file."""
        if self._finished or not self._begun:
            return
        self._finished = True
        saved = self.recorder.finish(
            pain_after=self.pain_after,
            effort=self.effort,
            notes=self.note,
            credit=self.credit(),
            sites_after=self.sites_after,
        )
        if not saved:
            saved = self.recorder.retry()
        if not saved:
            self._write_backup()
        self.recorder.close()

    def not_today(self, pain_before: int | None, sites: SitePain | None = None) -> None:
        """Record the session as ``not_today`` with ``pain_before`` and no parts, and close."""
        if self._begun:
            raise ValueError("this log already holds a session")
        self.begin(pain_before, sites)
        self.session_ended(SessionStatus.NOT_TODAY)
        self.finish()

    def credit(self) -> tuple[float | None, bool]:
        """The session's done share over its whole plan, and whether it counts toward it.

        A session stopped without the runner saying how (Ctrl-C) is partial.
        """
        session = self.recorder.session
        records = session.segments if session is not None else ()
        share = outcome_of(records, compile_timeline(self.routine)).done_share
        status = self.status or SessionStatus.PARTIAL
        return share, credited(status, share, self.routine.counts_when_done)

    @property
    def problem(self) -> str | None:
        """Why the session is not saved (and where its backup went), or ``None``.

        Never says "saved" when it was not: after :meth:`finish` it says where
        the session is (a backup file, or only on the screen as JSON).
        """
        problem = self.recorder.problem
        if problem is None:
            return None
        if not self._finished:
            return problem  # still recording: kept in memory, tried again
        reason = self.recorder.problem_reason or problem
        if self.backup_file is not None:
            return (
                f"{reason} The session is not in your history yet: a copy was saved to "
                f"{self.backup_file}; add it later with: supple history import {self.backup_file}"
            )
        tried = ", ".join(str(folder) for folder in self.backup_dirs) or "no folder"
        return (
            f"{reason} The session could not be saved: no copy could be written either "
            f"(tried {tried}). It is {SHOWN_AS_JSON}: copy it into a file and add it later "
            "with: supple history import FILE"
        )

    def unsaved_copy(self) -> str | None:
        """The session as a JSON backup when, after :meth:`finish`, it is saved nowhere."""
        if not self._finished or self.backup_file is not None or self.recorder.saved:
            return None
        return self.recorder.backup_text()

    def _write_backup(self) -> None:
        sid = self.recorder.session_id or "session"
        for folder in self.backup_dirs:
            with contextlib.suppress(OSError):
                make_private_dirs(folder)
            target = folder / f"supple-unsaved-{sid}.json"
            if self.recorder.export_json(target):
                self.backup_file = target
                return


def open_recorder_log(
    routine: Routine,
    *,
    preview: bool,
    db: Path | None = None,
    on_problem: Callable[[str | None], None] | None = None,
) -> RecorderLog:
    """A :class:`RecorderLog` writing to the history at ``db`` (default: the user's)."""
    from tui.core import locations
    from tui.core.history.recorder import SessionRecorder
    from tui.core.history.store_opening import private_store_opener

    recorder = SessionRecorder(private_store_opener(db), on_problem=on_problem)
    backups = (locations.data_dir() / "unsaved", Path.home(), Path.cwd())
    return RecorderLog(recorder, routine, preview=preview, backup_dirs=backups)
