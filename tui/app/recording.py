"""The session's history writes, moved off the UI thread.

The history helper's :class:`~tui.core.history.session_log.RecorderLog` commits each
finished segment to SQLite at once (``synchronous = FULL``, so an fsync per
segment).  That is small but can take tens of milliseconds on a slow disk,
and it happens exactly at a segment boundary, when the next cue is due.  So
the session screen hands every write to one background thread, which runs
them in order; the screen's tick only queues them.  The final save (ratings)
is awaited by the session flow before the summary is shown.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from tui.core.history.session_log import RecorderLog, SessionLog
from tui.core.locations import make_private_dirs
from tui.core.session.engine import SegmentRecord
from tui.core.session.ratings import SitePain
from tui.core.session.status import SessionStatus


class BackgroundLog:
    """A runner ``HistoryWriter`` that writes through a :class:`SessionLog` on a worker thread."""

    def __init__(self, log: SessionLog) -> None:
        self.log = log
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="supple-history")

    def begin(self, pain_before: int | None, sites: SitePain | None = None) -> Future[None]:
        """Start recording the session (queued); ``sites``: the pain by site, where asked."""
        return self._executor.submit(self.log.begin, pain_before, sites)

    def segment_ended(self, record: SegmentRecord) -> None:
        """Queue one finished segment (the runner calls this on the UI thread)."""
        self._executor.submit(self.log.segment_ended, record)

    def session_ended(self, status: SessionStatus) -> None:
        """Queue the end of the guided part."""
        self._executor.submit(self.log.session_ended, status)

    async def finish(
        self,
        *,
        pain_after: int | None,
        effort: int | None,
        note: str | None,
        sites_after: SitePain | None = None,
    ) -> str | None:
        """Save the ratings and the final status; returns the problem, if any."""

        def work() -> str | None:
            self.log.set_pain_after(pain_after, sites_after)
            self.log.set_effort(effort)
            self.log.set_note(note)
            self.log.finish()
            return self.log.problem

        return await asyncio.wrap_future(self._executor.submit(work))

    async def retry(self) -> str | None:
        """Try saving again; returns the problem left, or ``None`` once saved."""

        def work() -> str | None:
            if isinstance(self.log, RecorderLog):
                self.log.recorder.retry()
            return self.log.problem

        return await asyncio.wrap_future(self._executor.submit(work))

    async def export(self, folder: Path) -> Path | None:
        """Save a copy of the session into ``folder``; returns the file, or ``None`` on failure.

        ``supple history import FILE`` adds the copy to the history later.
        """

        def work() -> Path | None:
            if not isinstance(self.log, RecorderLog):
                return None
            try:
                make_private_dirs(folder)
            except OSError:
                return None
            target = folder / f"supple-session-{self.log.session_id or 'unsaved'}.json"
            if not self.log.recorder.export_json(target):
                return None
            self.log.backup_file = target  # the copy to import: nothing left to print at exit
            return target

        return await asyncio.wrap_future(self._executor.submit(work))

    def finish_partial(self) -> None:
        """Queue the final save without ratings (the app closing mid-flow)."""
        self._executor.submit(self.log.finish)

    @property
    def problem(self) -> str | None:
        """Why the session is not saved, or ``None``."""
        return self.log.problem

    def close(self) -> None:
        """Finish the queued writes and stop the thread."""
        self._executor.shutdown(wait=True)
