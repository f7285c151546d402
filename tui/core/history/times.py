"""Times in the history: stored UTC text <-> aware datetimes, local days, RFC 3339.

Times are stored as UTC text in one fixed-width RFC 3339 form
(``2024-05-01T08:00:00.000000+00:00``), so they sort and compare as strings;
the API takes and returns aware datetimes, and :func:`to_local` turns them
into the user's local time for display.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def to_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` in ``tz`` (default: the computer's local time zone), for display."""
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def local_day_bounds(day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The aware start of ``day`` and of the next day in ``tz`` (default: local time)."""
    start = datetime.combine(day, time())
    end = datetime.combine(day + timedelta(days=1), time())
    if tz is None:
        return start.astimezone(), end.astimezone()
    return start.replace(tzinfo=tz), end.replace(tzinfo=tz)


def to_stored(moment: datetime) -> str:
    """``moment`` as stored: fixed-width UTC text.  A naive time is a ``ValueError``."""
    if moment.tzinfo is UTC:
        return moment.isoformat(timespec="microseconds")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"times must carry a time zone, got {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_stored(text: str) -> datetime:
    """A stored time as an aware UTC datetime."""
    return datetime.fromisoformat(text)


def from_stored_opt(text: str | None) -> datetime | None:
    """:func:`from_stored`, keeping ``None`` (a session not yet ended)."""
    return None if text is None else datetime.fromisoformat(text)


# Exactly the text ``to_stored`` makes of a UTC time, less any zero microseconds.
_STORED_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?\+00:00"
)


#: The years a stored time may fall in: a backup's time outside them is a mistake, and
#: converting a year-9999 time with a negative offset to UTC would overflow.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def stored_time(text: str) -> str | None:
    """RFC 3339 ``text`` in the stored form, or ``None`` if it is no time with an offset.

    A time outside the years :data:`EARLIEST_YEAR` to :data:`LATEST_YEAR` is
    ``None`` too.

    A UTC time already written the way exports write it (the usual case for a
    backup) only gains its zero microseconds: it is the text :func:`to_stored`
    would give for the parsed time, without the round trip through a datetime.
    """
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None or not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        return None
    if _STORED_SHAPE.fullmatch(text) is not None:
        return text if len(text) == 32 else f"{text[:19]}.000000+00:00"
    return to_stored(parsed)


def rfc3339(moment: datetime) -> str:
    """``moment`` as RFC 3339 in UTC with seconds (and microseconds when present)."""
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    return utc.isoformat()  # microseconds only when there are some


def rfc3339_sql(column: str) -> str:
    """SQL giving a stored time as :func:`rfc3339` would (no zero microseconds)."""
    return (
        f"CASE WHEN substr({column}, 21, 6) = '000000'"
        f" THEN substr({column}, 1, 19) || substr({column}, 27) ELSE {column} END"
    )
