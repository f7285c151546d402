"""A session's cells as both the plain-text table and the CSV show them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from tui.core.history import HurtRating, SessionSummary
from tui.core.session.outcome import whole_percent
from tui.core.session.status import SessionStatus

#: How a status reads in a table (its stored value elsewhere: "not_today" in CSV and JSON).
_STATUS_WORDS = {SessionStatus.NOT_TODAY: "Not today"}


def minutes_cell(session: SessionSummary) -> str:
    """Wall-clock minutes to one decimal, blank while unfinished."""
    duration = session.duration
    return minutes_text(None if duration is None else duration // timedelta(microseconds=1))


def minutes_text(microseconds: int | None) -> str:
    """:func:`minutes_cell` of a duration in whole microseconds (``None``: unfinished)."""
    # The very division timedelta.total_seconds() does, so both give the same text.
    return "" if microseconds is None else f"{microseconds / 10**6 / 60:.1f}"


def number_cell(value: int | None) -> str:
    """A rating, blank when not given."""
    return "" if value is None else str(value)


def next_day_text(stored: str | None, asked: bool) -> str:
    """The next-day check: ``better``, ``same`` or ``worse``, ``skipped``, or blank (not asked).

    ``stored`` is the stored answer (``None``: none), ``asked`` whether it was asked.
    """
    if stored is not None:
        return stored
    return "skipped" if asked else ""


def status_text(stored: str | None) -> str:
    """How the session ended (its stored status value), or ``unfinished`` (``None``)."""
    return "unfinished" if stored is None else stored


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
