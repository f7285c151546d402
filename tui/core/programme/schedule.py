"""Where a patient is in a programme: the day, the phase, and whether to offer the next one.

Pure functions of the programme, the patient's :class:`ProgrammeState` (the start
they set, the moves they confirmed), the time and :class:`SessionFact` values
read from the history.  Time is an argument: nothing here reads a clock.

A phase whose ``move_on`` criteria the therapist wrote lasts until the patient
confirms the move (supple offers it once the criteria are met, and never moves
anyone on by itself); the phases after it keep their lengths and follow on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tui.core.programme.plan import Criteria, Phase, PhaseRoutine, Programme


@dataclass(frozen=True)
class ConfirmedMove:
    """The patient confirmed moving on to phase ``to_phase`` (its index) at ``at``."""

    to_phase: int
    at: datetime


@dataclass(frozen=True)
class ProgrammeState:
    """What the patient set for one programme: its start, and the moves they confirmed."""

    start: datetime | None = None
    moves: tuple[ConfirmedMove, ...] = ()


@dataclass(frozen=True)
class SessionFact:
    """What a programme needs of one finished session in the history."""

    started_at: datetime
    routine_title: str
    completed: bool
    pain_after: int | None
    pain_before: int | None = None
    #: Counts toward the plan (completed with enough of it done, as progress counts it);
    #: ``None`` when not known, and then a completed session counts.
    credited: bool | None = None

    @property
    def credits(self) -> bool:
        """The session counts for adherence (the stored credit, else its completion)."""
        return self.completed if self.credited is None else self.credited


@dataclass(frozen=True)
class PlacedPhase:
    """A phase where it falls for this patient: planned days, shifted by confirmed moves."""

    index: int
    phase: Phase
    first_day: int
    #: ``None``: it lasts until the patient confirms the move on.
    last_day: int | None


@dataclass(frozen=True)
class CriterionCheck:
    """One criterion of ``move_on`` against the history: met or not, in words."""

    met: bool
    words: str


def aware(moment: datetime, like: datetime) -> datetime:
    """``moment`` with a time zone: a naive one is taken to be in ``like``'s zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=like.tzinfo)
    return moment.astimezone(like.tzinfo)


def start_of(programme: Programme, state: ProgrammeState) -> datetime | None:
    """When day 0 began: the file's start, else the one the patient set."""
    return programme.start if programme.start is not None else state.start


def day_number(start: datetime, now: datetime) -> int:
    """Days since the start's calendar day (0 on the day itself), in ``now``'s zone."""
    return (now.date() - aware(start, now).date()).days


def placed_phases(
    programme: Programme, start: datetime, moves: Sequence[ConfirmedMove], like: datetime
) -> list[PlacedPhase]:
    """Every phase with its days for this patient, in order (unreached ones too)."""
    confirmed = {move.to_phase: day_number(start, aware(move.at, like)) for move in moves}
    placed: list[PlacedPhase] = []
    first = programme.phases[0].first_day
    for index, phase in enumerate(programme.phases):
        last: int | None
        if phase.move_on is None:
            last = first + phase.days - 1
        elif index + 1 in confirmed:
            # The move takes effect on the day it was confirmed (early or late).
            last = max(first, confirmed[index + 1]) - 1
        else:
            last = None  # lasts until the patient confirms the move on
        placed.append(PlacedPhase(index, phase, first, last))
        if last is None:
            break
        first = last + 1
    return placed


def phase_on(placed: Sequence[PlacedPhase], day: int) -> PlacedPhase | None:
    """The phase ``day`` falls in (``None`` before the first or after the last)."""
    for entry in placed:
        if entry.first_day <= day and (entry.last_day is None or day <= entry.last_day):
            return entry
    return None


def phase_facts(
    facts: Iterable[SessionFact], routines: Sequence[PhaseRoutine], since: date, like: datetime
) -> list[SessionFact]:
    """The sessions of a phase's routines from ``since`` on, oldest first."""
    titles = {routine.title for routine in routines}
    return sorted(
        (
            fact
            for fact in facts
            if fact.routine_title in titles and aware(fact.started_at, like).date() >= since
        ),
        key=lambda fact: fact.started_at,
    )


def done_on(facts: Iterable[SessionFact], routine: PhaseRoutine, day: date, like: datetime) -> int:
    """Completed sessions of ``routine`` on the local calendar ``day``."""
    return sum(
        1
        for fact in facts
        if fact.completed
        and fact.routine_title == routine.title
        and aware(fact.started_at, like).date() == day
    )


def credited_on(
    facts: Iterable[SessionFact], routine: PhaseRoutine, day: date, like: datetime
) -> int:
    """Credited sessions of ``routine`` on the local ``day``, at most its sessions a day.

    The one adherence rule of a programme (progress counts the same way): only
    credited sessions count, and more than prescribed on a day is not extra credit.
    """
    done = sum(
        1
        for fact in facts
        if fact.credits
        and fact.routine_title == routine.title
        and aware(fact.started_at, like).date() == day
    )
    return min(done, routine.sessions_per_day)


def prescribed_sessions(routines: Sequence[PhaseRoutine], days: int) -> float:
    """Sessions the routines prescribe over ``days`` days, pro-rated from their days a week."""
    return sum(r.sessions_per_day * r.days_per_week * days / 7 for r in routines)


def adherence_percent(
    facts: Sequence[SessionFact],
    routines: Sequence[PhaseRoutine],
    since: date,
    today: date,
    like: datetime,
) -> float | None:
    """Credited sessions over the last 7 days of a phase against its prescription, in %.

    Each day counts at most the prescribed sessions of each routine
    (:func:`credited_on`).  ``None`` when the phase prescribes nothing.
    """
    first = max(since, today - timedelta(days=6))
    days = (today - first).days + 1
    prescribed = prescribed_sessions(routines, days)
    if prescribed <= 0:
        return None
    done = 0
    for offset in range(days):
        day = first + timedelta(days=offset)
        done += sum(credited_on(facts, r, day, like) for r in routines)
    return min(100.0, 100.0 * done / prescribed)


def check_criteria(
    criteria: Criteria,
    facts: Sequence[SessionFact],
    routines: Sequence[PhaseRoutine],
    since: date,
    now: datetime,
) -> tuple[CriterionCheck, ...]:
    """Each criterion of ``criteria`` against the phase's sessions (from ``since``) by ``now``."""
    mine = phase_facts(facts, routines, since, now)
    checks: list[CriterionCheck] = []
    if criteria.pain_after_at_most is not None and criteria.on_sessions is not None:
        need, last = criteria.on_sessions
        window = mine[-last:]
        good = sum(
            1
            for fact in window
            if fact.pain_after is not None and fact.pain_after <= criteria.pain_after_at_most
        )
        checks.append(
            CriterionCheck(
                good >= need,
                f"pain after at most {criteria.pain_after_at_most} on {need} of your last "
                f"{last} sessions: {good} so far",
            )
        )
    if criteria.adherence_at_least is not None:
        percent = adherence_percent(mine, routines, since, now.date(), now) or 0.0
        checks.append(
            CriterionCheck(
                percent >= criteria.adherence_at_least,
                f"at least {criteria.adherence_at_least}% of the prescribed sessions over the "
                f"last 7 days: {percent:.0f}%",
            )
        )
    return tuple(checks)
