"""How a session ended: the one vocabulary of the runner, the front ends and the history."""

from __future__ import annotations

from enum import StrEnum


class SessionStatus(StrEnum):
    """How a session ended.  A session still running (or being written) has none (``None``).

    The runner ends a session ``completed`` or ``partial``; ``abandoned`` is
    given by the history to a session a crash left open and that was then
    closed, keeping what was done.
    """

    COMPLETED = "completed"
    PARTIAL = "partial"  # the patient quit or the app stopped early
    ABANDONED = "abandoned"  # closed after a crash, keeping what was done
