"""Today in a programme, as one value: what ``supple today`` prints and the home screen shows.

:func:`today_view` is a pure function of the programme, the patient's state,
the time and the history's facts (tests give a fake date).  It says the day
since the injection (or start), the phase, what is due today and how much is
done, the next session, today's cards, and whether supple may offer the next
phase; before the start gate it says when the programme may start instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.core.programme.plan import Card, Phase, PhaseRoutine, Programme, week_of_day
from tui.core.programme.schedule import (
    CriterionCheck,
    PlacedPhase,
    ProgrammeState,
    SessionFact,
    aware,
    check_criteria,
    day_number,
    done_on,
    phase_on,
    placed_phases,
    start_of,
)


@dataclass(frozen=True)
class RoutineToday:
    """One routine of today's phase: how many sessions are due today and how many are done."""

    routine: PhaseRoutine
    due: int
    done: int
    #: Days this programme week with at least one completed session of it.
    days_this_week: int


@dataclass(frozen=True)
class MoveOffer:
    """The therapist's criteria for moving on are met: supple offers the next phase."""

    from_phase: int
    to_phase: int
    to_name: str
    checks: tuple[CriterionCheck, ...]


@dataclass(frozen=True)
class TodayView:
    """Everything the patient sees for today in one programme."""

    programme: Programme
    now: datetime
    #: The start is not known yet: the patient sets it (``supple today --start``).
    needs_start: bool = False
    #: Days since the start's day (0 on the day itself); ``None`` without a start.
    day: int | None = None
    #: Sessions may not begin before this (the start gate); ``None`` when they may.
    gate_opens_at: datetime | None = None
    placed: PlacedPhase | None = None
    #: Past the last planned day of the last phase.
    finished: bool = False
    routines: tuple[RoutineToday, ...] = ()
    cards: tuple[Card, ...] = ()
    offer: MoveOffer | None = None
    #: The phase's criteria as they stand (when it has some).
    checks: tuple[CriterionCheck, ...] = ()

    @property
    def phase(self) -> Phase | None:
        """Today's phase, if any."""
        return self.placed.phase if self.placed is not None else None

    @property
    def week(self) -> int | None:
        """The programme week of today (week 1 holds days 0-7)."""
        return None if self.day is None else week_of_day(self.day)

    @property
    def may_start_sessions(self) -> bool:
        """True when a session of the programme may begin now."""
        return not self.needs_start and self.gate_opens_at is None and self.placed is not None

    @property
    def next_session(self) -> PhaseRoutine | None:
        """The first routine of today's phase with a session still due."""
        if not self.may_start_sessions:
            return None
        for entry in self.routines:
            if entry.done < entry.due:
                return entry.routine
        return None


def today_view(
    programme: Programme, state: ProgrammeState, now: datetime, facts: Sequence[SessionFact]
) -> TodayView:
    """Today in ``programme`` at ``now`` (aware), given the patient's state and history."""
    start = start_of(programme, state)
    if start is None:
        return TodayView(programme, now, needs_start=True, cards=_cards_for(programme, None, None))
    start = aware(start, now)
    day = day_number(start, now)
    gate = start + timedelta(seconds=programme.gate.not_before)
    opens_at = gate if now < gate else None
    placed = placed_phases(programme, start, state.moves, now)
    current = phase_on(placed, day)
    finished = current is None and day > (placed[-1].last_day or day)
    done_before = any(
        f.routine_title in _titles(programme) and aware(f.started_at, now) >= start for f in facts
    )
    cards = _cards_for(programme, day, current, first_session_done=done_before)
    if current is None or opens_at is not None:
        return TodayView(
            programme,
            now,
            day=day,
            gate_opens_at=opens_at,
            placed=current,
            finished=finished,
            cards=cards,
        )
    routines = tuple(_routine_today(r, facts, start, day, now) for r in current.phase.routines)
    checks: tuple[CriterionCheck, ...] = ()
    offer = None
    if current.phase.move_on is not None:
        since = (start + timedelta(days=current.first_day)).date()
        checks = check_criteria(current.phase.move_on, facts, current.phase.routines, since, now)
        if checks and all(check.met for check in checks):
            nxt = programme.phases[current.index + 1]
            offer = MoveOffer(current.index, current.index + 1, nxt.name, checks)
    return TodayView(
        programme,
        now,
        day=day,
        placed=current,
        routines=routines,
        cards=cards,
        offer=offer,
        checks=checks,
    )


def _titles(programme: Programme) -> set[str]:
    return {r.title for phase in programme.phases for r in phase.routines}


def _routine_today(
    routine: PhaseRoutine, facts: Sequence[SessionFact], start: datetime, day: int, now: datetime
) -> RoutineToday:
    """Due and done today; nothing more is due once this week's prescribed days are done."""
    week = week_of_day(day)
    first = max(0, 7 * (week - 1) + 1) if week > 1 else 0
    days = 0
    for number in range(first, day + 1):
        if done_on(facts, routine, (start + timedelta(days=number)).date(), now):
            days += 1
    done = done_on(facts, routine, now.date(), now)
    due = routine.sessions_per_day
    if done == 0 and days >= routine.days_per_week:
        due = 0  # this week's days are done: today is a day off for this routine
    return RoutineToday(routine, due, done, days)


def _cards_for(
    programme: Programme,
    day: int | None,
    placed: PlacedPhase | None,
    *,
    first_session_done: bool = False,
) -> tuple[Card, ...]:
    """Cards of ``day`` (and of the phase starting today), with the read-first ones until then."""
    shown: list[Card] = []
    for card in programme.cards:
        if card.before_first_session and not first_session_done:
            shown.append(card)
        elif day is None:
            continue
        elif card.first_day is not None and card.last_day is not None:
            if card.first_day <= day <= card.last_day:
                shown.append(card)
        elif placed is not None and card.phase == placed.phase.name and day == placed.first_day:
            shown.append(card)
    return tuple(shown)
