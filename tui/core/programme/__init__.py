"""Programmes over weeks: phases of routines, a start gate, cards, criteria, growing blocks.

The face of the room: the model and the pure functions a front end needs.
The loader (``plan_file``), the state file (``state``), the history reading
(``history_facts``) and the words are imported from their modules.
"""

from tui.core.programme.plan import (
    Card,
    CountsFrom,
    Criteria,
    Phase,
    PhaseRoutine,
    Programme,
    Progression,
    StartGate,
    week_of_day,
)
from tui.core.programme.progression import routine_for_week
from tui.core.programme.schedule import ConfirmedMove, ProgrammeState, SessionFact
from tui.core.programme.today import MoveOffer, RoutineToday, TodayView, today_view

__all__ = [
    "Card",
    "ConfirmedMove",
    "CountsFrom",
    "Criteria",
    "MoveOffer",
    "Phase",
    "PhaseRoutine",
    "Programme",
    "ProgrammeState",
    "Progression",
    "RoutineToday",
    "SessionFact",
    "StartGate",
    "TodayView",
    "routine_for_week",
    "today_view",
    "week_of_day",
]
