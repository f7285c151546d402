"""The routine library as the home screen lists it: each file loaded, with today's count.

:func:`load_library` does the disk work (routine files and the history) and
runs in a worker thread; the screen only renders what it returns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.progress import CreditCount
    from tui.core.routine.library import RoutineEntry
    from tui.core.routine.model import Routine

# The library, the loader and the history store are imported by the functions
# below, which run in a worker thread: the home screen's first frame needs none.


@dataclass(frozen=True)
class LibraryItem:
    """One routine file: the library's entry, the routine (when it loads) or its problems."""

    entry: RoutineEntry
    routine: Routine | None
    problems: tuple[str, ...] = ()
    #: Today's sessions of this routine that count toward the plan (credited, as in the
    #: progress figures); ``None`` when there is no history yet.
    today: int | None = None
    #: Why today's other finished sessions did not count ("1 with too little done"), or "".
    today_not_counted: str = ""


def sessions_today(db: Path | None, day: date) -> dict[str, CreditCount] | None:
    """Today's finished non-preview sessions per routine title, by whether they count.

    ``None`` when there is no history yet (or it cannot be read).
    """
    from tui.core.history import HistoryError, HistoryStore, SessionSummary, local_day_bounds
    from tui.core.progress import credit_count

    try:
        with HistoryStore.open(db, read_only=True) as store:
            start, end = local_day_bounds(day)
            summaries = store.sessions(since=start, until=end)
            by_title: dict[str, list[SessionSummary]] = {}
            for summary in summaries:
                by_title.setdefault(summary.routine.title, []).append(summary)
            return {title: credit_count(rows) for title, rows in by_title.items()}
    except (HistoryError, OSError, sqlite3.Error):
        return None


def load_item(entry: RoutineEntry, today: dict[str, CreditCount] | None) -> LibraryItem:
    """Load one entry's routine (or collect every problem it has)."""
    from tui.core.routine.loader import load_routine
    from tui.core.routine.model import RoutineError

    try:
        routine = load_routine(entry.path)
    except RoutineError as exc:
        problems = tuple(str(p) for p in exc.problems) or (entry.problem or "cannot be read",)
        return LibraryItem(entry, None, problems)
    except OSError as exc:
        return LibraryItem(entry, None, (f"{entry.path}: {exc.strerror or exc}",))
    if today is None:
        return LibraryItem(entry, routine)
    count = today.get(routine.title)
    if count is None:
        return LibraryItem(entry, routine, (), 0)
    return LibraryItem(entry, routine, (), count.counted, count.reasons())


def load_library(db: Path | None, today: Callable[[], date]) -> list[LibraryItem]:
    """Every bundled and user routine, loaded, with today's session counts."""
    from tui.core.routine.library import list_routines

    counts = sessions_today(db, today())
    return [load_item(entry, counts) for entry in list_routines()]
