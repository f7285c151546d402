"""A session's cells as both the plain-text table and the CSV show them."""

from __future__ import annotations

from collections.abc import Iterable

from tui.core.history import HurtRating, SessionSummary
from tui.core.session.outcome import whole_percent
from tui.core.session.status import SessionStatus

#: How a status reads in a table (its stored value elsewhere: "not_today" in CSV and JSON).
_STATUS_WORDS = {SessionStatus.NOT_TODAY: "Not today"}


def minutes_cell(session: SessionSummary) -> str:
    """Wall-clock minutes to one decimal, blank while unfinished."""
    duration = session.duration
    return "" if duration is None else f"{duration.total_seconds() / 60:.1f}"


def number_cell(value: int | None) -> str:
    """A rating, blank when not given."""
    return "" if value is None else str(value)


def next_day_cell(session: SessionSummary) -> str:
    """The next-day check: ``better``, ``same`` or ``worse``, ``skipped``, or blank (not asked)."""
    if session.next_day is not None:
        return session.next_day.value
    return "" if session.next_day_at is None else "skipped"


def status_cell(session: SessionSummary) -> str:
    """How the session ended (its stored value), or ``unfinished``."""
    return "unfinished" if session.status is None else session.status.value


def status_words(session: SessionSummary) -> str:
    """How the session ended as a person reads it ("Not today"), or ``unfinished``."""
    if session.status is None:
        return "unfinished"
    return _STATUS_WORDS.get(session.status, session.status.value)


def hurt_cell(ratings: Iterable[HurtRating]) -> str:
    """The pain rated on "this hurts", e.g. ``Bird-dog 7; Bridge 5`` (blank without any)."""
    return "; ".join(f"{r.exercise} {r.pain}" for r in ratings)


def percent_cell(share: float | None) -> str:
    """A share in whole percent (rounded half up), blank when there is none."""
    return "" if share is None else str(whole_percent(share))
