"""A session's cells as both the plain-text table and the CSV show them."""

from __future__ import annotations

from tui.core.history import SessionSummary
from tui.core.session.outcome import whole_percent


def minutes_cell(session: SessionSummary) -> str:
    """Wall-clock minutes to one decimal, blank while unfinished."""
    duration = session.duration
    return "" if duration is None else f"{duration.total_seconds() / 60:.1f}"


def number_cell(value: int | None) -> str:
    """A rating, blank when not given."""
    return "" if value is None else str(value)


def status_cell(session: SessionSummary) -> str:
    """How the session ended, or ``unfinished``."""
    return "unfinished" if session.status is None else session.status.value


def percent_cell(share: float | None) -> str:
    """A share in whole percent (rounded half up), blank when there is none."""
    return "" if share is None else str(whole_percent(share))
