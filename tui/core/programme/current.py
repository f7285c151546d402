"""The programme in use: found by name (or the one used last), its Today and its adherence.

One place for what ``supple today`` and the home screen both need: which
programme is current (the state book remembers the one named last), the
programme itself, and today's view of it from the history's last weeks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from tui.core.history import HistoryStore
from tui.core.programme.history_facts import session_facts, store_facts
from tui.core.programme.phase_adherence import ProgrammeAdherence, programme_adherence
from tui.core.programme.plan import Programme, week_of_day
from tui.core.programme.plan_file import load_programme
from tui.core.programme.plan_library import resolve_programme
from tui.core.programme.progression import routine_for_week
from tui.core.programme.schedule import aware, day_number, start_of
from tui.core.programme.state import StateBook, read_state, with_current
from tui.core.programme.today import TodayView, today_view
from tui.core.routine.model import Routine, RoutineError


class NoProgrammeChosen(LookupError):
    """No programme was named and none was used before."""


def open_programme(name: str | None, book: StateBook) -> tuple[Programme, StateBook]:
    """The programme named (or the one used last), and ``book`` with it as current.

    Raises :class:`NoProgrammeChosen`, :class:`LookupError` (no such programme)
    or :class:`~tui.core.routine.model.RoutineError` (the file has problems).
    """
    chosen = name or book.current
    if chosen is None:
        raise NoProgrammeChosen("no programme named and none used before")
    path = resolve_programme(chosen)
    programme = load_programme(path)
    # A name stays a name (found again wherever supple is installed); a file is kept by its path.
    current = str(path.resolve()) if Path(chosen).exists() else chosen
    return programme, with_current(book, current)


def view_of(
    programme: Programme, book: StateBook, now: datetime, db: Path | None = None
) -> TodayView:
    """Today's view of ``programme``, reading the history's last weeks."""
    state = book.of(programme.title)
    since = now - timedelta(days=programme.last_day + 60)
    return today_view(programme, state, now, session_facts(since, db))


def current_programme() -> tuple[Programme, StateBook] | None:
    """The programme used last and the state book, or ``None`` (none, or it cannot be read)."""
    book = read_state()
    if book.current is None:
        return None
    try:
        return open_programme(None, book)
    except (LookupError, RoutineError, OSError):
        return None


def current_today(now: datetime, db: Path | None = None) -> TodayView | None:
    """Today in the programme used last, or ``None`` when there is none (or it cannot be read)."""
    found = current_programme()
    return None if found is None else view_of(*found, now, db)


def adherence_of(
    programme: Programme,
    book: StateBook,
    now: datetime,
    db: Path | None = None,
    *,
    store: HistoryStore | None = None,
) -> ProgrammeAdherence | None:
    """Adherence by phase and week of ``programme``, reading the history since its start.

    The history is ``store`` when one is open, else the file ``db`` (the user's).
    """
    state = book.of(programme.title)
    start = start_of(programme, state)
    if start is None:
        return None
    # A day early: the history is in UTC and day 0 is a local calendar day.
    since = aware(start, now) - timedelta(days=1)
    facts = store_facts(store, since) if store is not None else session_facts(since, db)
    return programme_adherence(programme, state, now, facts)


def current_adherence(now: datetime, store: HistoryStore) -> ProgrammeAdherence | None:
    """Adherence in the programme used last (``None``: none, no start, or it cannot be read)."""
    found = current_programme()
    return None if found is None else adherence_of(*found, now, store=store)


def week_routine(routine: Routine, at: datetime) -> Routine:
    """``routine`` as the programme in use prescribes it in the programme week of ``at``.

    A session resumed after a crash goes on with the timeline it was recorded
    with: a walking block that grows by the week has that week's length, not
    the length its file writes.  Unchanged when ``routine`` (read from its file)
    is no routine of the programme in use, or the programme has no start.
    """
    found = current_programme()
    if found is None or routine.source is None:
        return routine
    programme, book = found
    start = start_of(programme, book.of(programme.title))
    if start is None:
        return routine
    source = routine.source.resolve()
    for phase in programme.phases:
        for entry in phase.routines:
            if entry.path.resolve() == source:
                local = at.astimezone()  # the patient's calendar day, as Today counts it
                week = week_of_day(day_number(start, local))
                return routine_for_week(routine, programme.progressions_for(entry.ref), week)
    return routine
