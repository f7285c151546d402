"""How a session ended: the one vocabulary of the runner, the front ends and the history."""

from __future__ import annotations

from enum import StrEnum


class SessionStatus(StrEnum):
    """How a session ended.  A session still running (or being written) has none (``None``).

    The runner ends a session ``completed`` or ``partial``; ``abandoned`` is
    given by the history to a session a crash left open and that was then
    closed, keeping what was done.  ``not_today`` is a session the patient
    chose not to start: pain before was at the routine's ``pain_stop`` level
    (the rating is kept; there are no parts and nothing is credited).
    """

    COMPLETED = "completed"
    PARTIAL = "partial"  # the patient quit or the app stopped early
    ABANDONED = "abandoned"  # closed after a crash, keeping what was done
    NOT_TODAY = "not_today"  # pain before at the stop level: not started, by choice
