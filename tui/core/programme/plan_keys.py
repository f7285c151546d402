"""The programme format, stated once: every key, its type, bounds and meaning.

The tables here are the only statement of what a programme file may hold:
:mod:`tui.core.programme.plan_file` checks files against them,
:mod:`tui.core.programme.schema` builds the editors' JSON Schema from them, and
``docs/programme-format.md`` documents them for therapists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tui.core.programme.plan import PROGRAMME_FORMAT_VERSION, CountsFrom
from tui.core.routine.model import PainSite

#: Largest programme file accepted, in bytes.
MAX_FILE_BYTES = 128 * 1024
#: Most phases, cards and progressions in one programme.
MAX_PHASES = 12
MAX_CARDS = 60
MAX_PROGRESSIONS = 20
#: Most routines one phase uses.
MAX_PHASE_ROUTINES = 6
#: The last day a programme may plan (a year), and its last week.
MAX_DAY = 364
MAX_WEEK = 52
#: The longest start gate: a week, in seconds.
MAX_GATE_SECONDS = 7 * 24 * 3600.0
#: ``on_sessions``: at most this many last sessions are looked at.
MAX_LAST_SESSIONS = 28

#: The start a patient sets on first use.
FIRST_USE = "first use"
#: A day or a range of days (weeks): "3", "1-7".
DAY_RANGE = re.compile(r"\s*([0-9]{1,3})\s*(?:-\s*([0-9]{1,3})\s*)?")
#: ``on_sessions``: "5 of last 7".
K_OF_LAST_M = re.compile(r"\s*([0-9]{1,2})\s+of\s+(?:the\s+)?last\s+([0-9]{1,2})\s*")
#: ``adherence_at_least``: "80%".
PERCENT = re.compile(r"\s*([0-9]{1,3})\s*%\s*")

#: The tables a programme file holds at its top level.
TOP_KEYS = ("programme", "gate", "phase", "card", "progression")

ProgrammeValue = Literal[
    "text",
    "paragraph",
    "whole",
    "bool",
    "choice",
    "duration",
    "version",
    "start",  # a TOML date or date-time, or "first use"
    "days",  # a day or "A-B" days
    "weeks",  # a week or "A-B" weeks
    "routines",  # a list of routine names, or tables { use = ..., ... }
    "criteria",  # the move_on table
    "k_of_m",  # "5 of last 7"
    "percent",  # "80%"
    "sites",  # a list of pain sites, each once
]


@dataclass(frozen=True)
class ProgrammeKey:
    """One key of the programme format: its type, bounds and meaning."""

    name: str
    type: ProgrammeValue
    title: str
    description: str
    required: bool = False
    default: object = None
    low: float | None = None
    high: float | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    example: str = ""


PROGRAMME_KEYS: tuple[ProgrammeKey, ...] = (
    ProgrammeKey(
        "version",
        "version",
        "Format version",
        "The programme format version; only 1 exists.",
        default=PROGRAMME_FORMAT_VERSION,
    ),
    ProgrammeKey(
        "title",
        "text",
        "Title",
        "The programme's name as the patient sees it.",
        required=True,
        max_length=120,
        example='title = "Six weeks after your injection"',
    ),
    ProgrammeKey(
        "therapist",
        "text",
        "Therapist",
        "Who prescribed the programme.",
        default="",
        max_length=120,
    ),
    ProgrammeKey(
        "contact",
        "text",
        "Contact",
        "Who to call with questions, e.g. the clinic's phone.",
        default="",
        max_length=300,
    ),
    ProgrammeKey(
        "description",
        "paragraph",
        "Description",
        "What the programme is for.",
        default="",
        max_length=4000,
    ),
    ProgrammeKey(
        "counts_from",
        "choice",
        "Counts from",
        "What day 0 is: the day of the injection, or the day the programme starts.",
        default=CountsFrom.INJECTION.value,
        choices=tuple(c.value for c in CountsFrom),
    ),
    ProgrammeKey(
        "start",
        "start",
        "Start",
        "When day 0 began: a date (2026-12-01) or date and time (2026-12-01T10:30), or "
        f'"{FIRST_USE}" for the patient to set on first use.',
        default=FIRST_USE,
    ),
    ProgrammeKey(
        "pain_sites",
        "sites",
        "Pain sites",
        'Rate pain separately for these sites in every session of the programme, e.g. ["leg", '
        '"back"] (a routine\'s own pain_sites wins); the worse of them is the pain the stop '
        "rules use.",
        default=(),
        choices=tuple(site.value for site in PainSite),
    ),
)

GATE_KEYS: tuple[ProgrammeKey, ...] = (
    ProgrammeKey(
        "not_before",
        "duration",
        "Not before",
        'How long after the injection (or start) sessions may begin, e.g. "24h".',
        default=0.0,
        low=0,
        high=MAX_GATE_SECONDS,
    ),
    ProgrammeKey(
        "meanwhile",
        "paragraph",
        "Meanwhile",
        "What to do until then, as the discharge sheet says.",
        default="",
        max_length=2000,
    ),
)

PHASE_KEYS: tuple[ProgrammeKey, ...] = (
    ProgrammeKey(
        "name",
        "text",
        "Name",
        "The phase's name.",
        required=True,
        max_length=80,
        example='name = "Gentle first week"',
    ),
    ProgrammeKey(
        "days",
        "days",
        "Days",
        f'The phase\'s days: one day ("0") or a range ("1-7"); day 0 is the injection '
        f"(or start). From 0 to {MAX_DAY}. Give days or weeks.",
        example='days = "1-7"',
    ),
    ProgrammeKey(
        "weeks",
        "weeks",
        "Weeks",
        f'The phase\'s weeks: one week ("2") or a range ("2-6"); week 1 is days 1-7. '
        f"From 1 to {MAX_WEEK}. Give days or weeks.",
        example='weeks = "2-6"',
    ),
    ProgrammeKey(
        "description",
        "paragraph",
        "Description",
        "What the phase is for.",
        default="",
        max_length=2000,
    ),
    ProgrammeKey(
        "routines",
        "routines",
        "Routines",
        "The routines the phase uses: bundled names, or paths relative to the programme "
        'file, or tables { use = "walking-intervals", sessions_per_day = 1, '
        "days_per_week = 5 } with their own prescription. Empty for a rest phase.",
        default=(),
        max_length=MAX_PHASE_ROUTINES,
    ),
    ProgrammeKey(
        "sessions_per_day",
        "whole",
        "Sessions per day",
        "Prescription for each routine of the phase: sessions a day.",
        default=1,
        low=1,
        high=10,
    ),
    ProgrammeKey(
        "days_per_week",
        "whole",
        "Days per week",
        "Prescription for each routine of the phase: days a week.",
        default=7,
        low=1,
        high=7,
    ),
    ProgrammeKey(
        "move_on",
        "criteria",
        "Move on when",
        "Criteria that supple checks and then offers the next phase; the patient confirms. "
        "Left out, the next phase begins by date.",
    ),
)

PHASE_ROUTINE_KEYS: tuple[ProgrammeKey, ...] = (
    ProgrammeKey(
        "use",
        "text",
        "Routine",
        "A bundled routine's name, or a path relative to this file.",
        required=True,
        max_length=300,
        example='use = "walking-intervals"',
    ),
    ProgrammeKey(
        "sessions_per_day",
        "whole",
        "Sessions per day",
        "This routine's sessions a day (else the phase's).",
        low=1,
        high=10,
    ),
    ProgrammeKey(
        "days_per_week",
        "whole",
        "Days per week",
        "This routine's days a week (else the phase's).",
        low=1,
        high=7,
    ),
)

CRITERIA_KEYS: tuple[ProgrammeKey, ...] = (
    ProgrammeKey(
        "pain_after_at_most",
        "whole",
        "Pain after at most",
        "Pain after a session (0-10) at most this, on the sessions on_sessions names.",
        low=0,
        high=10,
    ),
    ProgrammeKey(
        "on_sessions",
        "k_of_m",
        "On sessions",
        f'How many of the phase\'s last sessions must meet pain_after_at_most: "5 of last 7" '
        f"(at most the last {MAX_LAST_SESSIONS}).",
    ),
    ProgrammeKey(
        "adherence_at_least",
        "percent",
        "Adherence at least",
        'Sessions done over the phase\'s last 7 days as a share of its prescription: "80%".',
    ),
)

CARD_KEYS: tuple[ProgrammeKey, ...] = (
    ProgrammeKey(
        "title",
        "text",
        "Title",
        "The card's heading.",
        required=True,
        max_length=80,
        example='title = "What is normal after the injection"',
    ),
    ProgrammeKey(
        "text",
        "paragraph",
        "Text",
        "The card itself, a few sentences.",
        required=True,
        max_length=2000,
        example='text = "..."',
    ),
    ProgrammeKey(
        "day", "days", "Day", 'The day ("2") or days ("1-3") it is shown on. Give day or phase.'
    ),
    ProgrammeKey(
        "phase",
        "text",
        "Phase",
        "The phase whose first day it is shown on (its name). Give day or phase.",
        max_length=80,
    ),
    ProgrammeKey(
        "show_before_first_session",
        "bool",
        "Before the first session",
        "true: the patient reads it before the programme's first session.",
        default=False,
    ),
)

PROGRESSION_KEYS: tuple[ProgrammeKey, ...] = (
    ProgrammeKey(
        "routine",
        "text",
        "Routine",
        "The routine, as a phase's routines name it.",
        required=True,
        max_length=300,
        example='routine = "walking-intervals"',
    ),
    ProgrammeKey(
        "step",
        "text",
        "Step",
        "The interval step's name in that routine.",
        required=True,
        max_length=80,
        example='step = "Walk and sit"',
    ),
    ProgrammeKey(
        "block",
        "text",
        "Block",
        "The block's label in that step.",
        required=True,
        max_length=80,
        example='block = "Walk at an easy pace"',
    ),
    ProgrammeKey(
        "from_week",
        "whole",
        "From week",
        "The block keeps its written length up to this week, then grows each week.",
        default=1,
        low=1,
        high=MAX_WEEK,
    ),
    ProgrammeKey(
        "add_per_week",
        "duration",
        "Add per week",
        'Added each week, e.g. "1m".',
        required=True,
        low=1,
        high=30 * 60,
        example='add_per_week = "1m"',
    ),
    ProgrammeKey(
        "up_to",
        "duration",
        "Up to",
        'The longest the block grows to, e.g. "15m".',
        required=True,
        low=1,
        high=3 * 3600,
        example='up_to = "15m"',
    ),
)
