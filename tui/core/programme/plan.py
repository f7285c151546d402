"""The programme model: weeks of a therapist's plan, as frozen values.

A :class:`Programme` is built only by :func:`tui.core.programme.plan_file.parse_programme`,
which checks every rule in ``docs/programme-format.md`` and reports every problem
at once as a :class:`~tui.core.routine.model.RoutineError` (``FILE:LINE: message``).

Days are counted from day 0, the day of the injection (or of the start): week 1
is days 1-7, week 2 days 8-14, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from tui.core.routine.model import PainSite

#: The programme format version this code reads.
PROGRAMME_FORMAT_VERSION = 1


class CountsFrom(StrEnum):
    """What day 0 of a programme is."""

    INJECTION = "injection"
    START = "start"


def week_of_day(day: int) -> int:
    """The programme week of ``day`` (days 0-7 are week 1, days 8-14 week 2, ...)."""
    return max(1, (day + 6) // 7)


def first_day_of_week(week: int) -> int:
    """The first day of programme week ``week`` (week 1 starts on day 1)."""
    return 7 * (week - 1) + 1


@dataclass(frozen=True)
class StartGate:
    """When sessions may begin, counted from the injection or start, and what to do until then."""

    #: Seconds after the start (the injection) before the first session.
    not_before: float = 0.0
    #: What the discharge sheet says to do meanwhile.
    meanwhile: str = ""


@dataclass(frozen=True)
class PhaseRoutine:
    """One routine a phase uses, with how often (the phase's prescription, or its own)."""

    #: The routine as the programme file names it (a bundled name or a relative path).
    ref: str
    path: Path
    title: str
    sessions_per_day: int
    days_per_week: int


@dataclass(frozen=True)
class Criteria:
    """What moves a patient on from a phase, as the therapist wrote it.

    ``pain_after_at_most`` counts on ``on_sessions`` (at least K of the last M
    sessions of the phase); ``adherence_at_least`` is a percentage of the phase's
    prescription over its last 7 days.  Each given criterion must hold.
    """

    pain_after_at_most: int | None = None
    #: (K, M): at least K of the last M sessions.
    on_sessions: tuple[int, int] | None = None
    adherence_at_least: int | None = None


@dataclass(frozen=True)
class Phase:
    """A stretch of the programme: its days, routines and what moves the patient on."""

    name: str
    #: Planned days, inclusive, counted from day 0.
    first_day: int
    last_day: int
    routines: tuple[PhaseRoutine, ...] = ()
    #: ``None``: the next phase begins by date.  Otherwise supple offers the move.
    move_on: Criteria | None = None
    description: str = ""
    line: int = 0

    @property
    def days(self) -> int:
        """How many days the phase is planned to last."""
        return self.last_day - self.first_day + 1


@dataclass(frozen=True)
class Card:
    """A short education card: shown on its day (or the first day of its phase)."""

    title: str
    text: str
    #: Days it belongs to, inclusive; ``None`` when it belongs to a phase.
    first_day: int | None = None
    last_day: int | None = None
    phase: str | None = None
    #: Read it before the first session of the programme.
    before_first_session: bool = False


@dataclass(frozen=True)
class Progression:
    """A block that grows by the week as prescribed, e.g. +1 min a week up to 15 min."""

    routine: str
    step: str
    block: str
    #: The programme week the block starts growing after (its length as written until then).
    from_week: int
    #: Seconds added each week after ``from_week``.
    add: float
    #: The longest the block may grow to, in seconds.
    up_to: float
    #: The block's length as its routine file writes it, in seconds.
    written: float = 0.0


@dataclass(frozen=True)
class Programme:
    """A whole programme over weeks."""

    title: str
    phases: tuple[Phase, ...]
    therapist: str = ""
    contact: str = ""
    description: str = ""
    counts_from: CountsFrom = CountsFrom.INJECTION
    #: When day 0 began; ``None``: the patient sets it on first use.
    start: datetime | None = None
    gate: StartGate = StartGate()
    cards: tuple[Card, ...] = ()
    progressions: tuple[Progression, ...] = ()
    #: Pain rated by site in every session of the programme (a routine's own list wins).
    pain_sites: tuple[PainSite, ...] = ()
    version: int = PROGRAMME_FORMAT_VERSION
    source: Path | None = field(default=None, compare=False)
    sha256: str = field(default="", compare=False)

    @property
    def last_day(self) -> int:
        """The last planned day of the programme."""
        return self.phases[-1].last_day

    def progressions_for(self, ref: str) -> tuple[Progression, ...]:
        """The progressions of the routine named ``ref`` in the file."""
        return tuple(p for p in self.progressions if p.routine == ref)
