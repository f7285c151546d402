"""The routine model: what a therapist prescribes, as frozen values.

A :class:`Routine` is built only by :func:`tui.core.routine.loader.parse_routine`,
which checks every rule in ``docs/routine-format.md`` and reports every
problem at once as a :class:`RoutineError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from tui.core.safe_text import shown

#: The routine format version this code reads and writes.
ROUTINE_FORMAT_VERSION = 1

#: ``safety_confirm``: the stop rules are confirmed before every session, or once a day.
SAFETY_CONFIRM_EVERY, SAFETY_CONFIRM_DAILY = "every session", "once a day"
#: The traffic-light rule's defaults (DOMAIN.md): 0-3 fine, 4-5 caution, 6-10 stop or modify.
PAIN_CAUTION_DEFAULT, PAIN_STOP_DEFAULT = 4, 6


class StepKind(StrEnum):
    """What kind of exercise a step is."""

    HOLD = "hold"
    REPS = "reps"
    INTERVAL = "interval"
    REST = "rest"


class PainSite(StrEnum):
    """Where the therapist asks the patient to rate pain separately (``pain_sites``)."""

    LEG = "leg"
    BACK = "back"


class Sides(StrEnum):
    """Which side(s) of the body a step works, and in what order."""

    NONE = "none"
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    ALTERNATE = "alternate"


@dataclass(frozen=True)
class Tempo:
    """Seconds per phase of one paced rep."""

    up: float
    hold: float = 0.0
    down: float = 0.0
    pause: float = 0.0

    @property
    def seconds(self) -> float:
        """Length of one rep."""
        return self.up + self.hold + self.down + self.pause

    def phases(self) -> tuple[tuple[str, float], ...]:
        """The non-empty phases of one rep, in order, as ``(name, seconds)``."""
        named = (("up", self.up), ("hold", self.hold), ("down", self.down), ("pause", self.pause))
        return tuple((name, secs) for name, secs in named if secs > 0)


@dataclass(frozen=True)
class Block:
    """One block of an interval step, e.g. three minutes of easy walking."""

    label: str
    seconds: float


@dataclass(frozen=True)
class TextCue:
    """A line of text shown (and spoken where voice is on) ``at`` seconds into each unit."""

    at: float
    text: str


@dataclass(frozen=True)
class Step:
    """One exercise (or rest) in a routine."""

    kind: StepKind
    name: str
    instructions: str = ""
    sides: Sides = Sides.NONE
    #: kind hold: length of one hold in seconds.
    hold: float | None = None
    #: kind hold: holds per side; kind reps: reps per set.
    reps: int = 1
    #: between holds (hold) or between sets (reps).
    rest: float = 0.0
    #: to change sides (both, alternate).
    switch: float = 5.0
    #: kind reps: number of sets.
    sets: int = 1
    #: kind reps: pace of each rep; ``None`` means the patient ends each set.
    tempo: Tempo | None = None
    #: kind interval: blocks played in order ``repeat`` times.
    blocks: tuple[Block, ...] = ()
    repeat: int = 1
    #: kind rest: length of the rest.
    duration: float | None = None
    cues: tuple[TextCue, ...] = ()
    #: A picture of the exercise: its path relative to the routine's folder ("/" between
    #: folders), and what it shows in words (always given with a picture).
    image: str | None = None
    image_alt: str = ""
    #: Line of the step's ``[[step]]`` header in its file (0 when not from a file).
    line: int = 0


#: The share of the planned exercise time, in percent, a session needs to count toward
#: the plan when the routine does not set ``counts_when_done``.
DEFAULT_COUNTS_WHEN_DONE = 80


@dataclass(frozen=True)
class Routine:
    """A whole prescribed routine."""

    title: str
    steps: tuple[Step, ...]
    author: str = ""
    description: str = ""
    sessions_per_day: int | None = None
    days_per_week: int | None = None
    get_ready: float = 5.0
    ask_pain_before: bool = True
    #: Sites rated separately before and after the session (``()``: one pain number).
    pain_sites: tuple[PainSite, ...] = ()
    safety: tuple[str, ...] = ()
    contact: str = ""
    #: The programme follows an injection: the notice adds the injection warning signs.
    after_injection: bool = False
    #: The routine's own warning signs (contact-your-clinic tier), one line each.
    warning_signs: tuple[str, ...] = ()
    #: "every session" or "once a day": when the stop rules are confirmed before a session.
    safety_confirm: str = SAFETY_CONFIRM_EVERY
    #: Pain (0-10) from which the patient is reminded to take it gently.
    pain_caution: int = PAIN_CAUTION_DEFAULT
    #: Pain (0-10) from which the stop rules and the safety notice are shown.
    pain_stop: int = PAIN_STOP_DEFAULT
    #: Percent of the planned exercise time a session needs to count toward the plan.
    counts_when_done: int = DEFAULT_COUNTS_WHEN_DONE
    #: Spoken cues requested by the routine (``None``: follow the user's setting).
    voice: bool | None = None
    version: int = ROUTINE_FORMAT_VERSION
    #: Where the routine was loaded from, if anywhere.
    source: Path | None = field(default=None, compare=False)
    #: SHA-256 (hex) of the routine file's bytes, if loaded from text.
    sha256: str = field(default="", compare=False)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file."""

    file: str
    #: 1-based line; 0 when the problem concerns the whole file.
    line: int
    message: str
    column: int | None = None

    def __str__(self) -> str:
        # line 0 means the whole file (unreadable, too large): no line to point at.
        # A file's name is the user's to choose: it may hold escape sequences.
        where = f"{shown(self.file)}:{self.line}" if self.line > 0 else shown(self.file)
        if self.column is not None and self.line > 0:
            where += f":{self.column}"
        return f"{where}: {shown(self.message)}"


class RoutineError(Exception):
    """A routine file could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
