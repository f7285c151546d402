"""The history's sessions as a programme needs them (:class:`SessionFact`), read-only.

Reads through the history's public face (:func:`~tui.core.history.open_for_reading`);
a missing history is no sessions yet.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tui.core.history import HistoryError, HistoryStore, SessionSummary, open_for_reading
from tui.core.programme.schedule import SessionFact
from tui.core.session.status import SessionStatus


def fact_of(summary: SessionSummary) -> SessionFact:
    """One stored session as a :class:`SessionFact`."""
    return SessionFact(
        started_at=summary.started_at,
        routine_title=summary.routine.title,
        completed=summary.status is SessionStatus.COMPLETED,
        pain_after=summary.pain_after,
        pain_before=summary.pain_before,
        credited=bool(summary.credited),
    )


def session_facts(since: datetime, db: Path | None = None) -> list[SessionFact]:
    """Finished sessions (no previews) started at or after ``since``, oldest first."""
    try:
        store = open_for_reading(db)
    except HistoryError:
        return []  # no history yet (or none readable): nothing done
    with store:
        return store_facts(store, since)


def store_facts(store: HistoryStore, since: datetime) -> list[SessionFact]:
    """Finished sessions (no previews) of an open ``store`` started at or after ``since``."""
    summaries = store.sessions(since=since, oldest_first=True)
    return [fact_of(s) for s in summaries if s.finished]
