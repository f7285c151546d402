"""Sessions a crash left unfinished: find them, close one as abandoned, or continue one.

This is the one recovery of every front end (the app's start-up dialog and
plain mode's question before its first one), words included, so both say and
do the same:

* :func:`find_unfinished` lists the sessions without a final status that no
  running supple is writing (another window's session in progress is never
  offered).  A **preview** (a therapist's faster dry run) that recorded no
  exercise part is closed as abandoned on the spot and never offered: there is
  nothing in it to resume or to keep.
* :func:`abandon` closes one as ``abandoned``, keeping every recorded part.
* Resuming is the recorder's: :meth:`~tui.core.history.session_log.RecorderLog.resume`
  takes the session over, the runner continues at
  :attr:`~tui.core.history.ResumePoint.next_index` (the part after the
  last recorded one) and later parts go on into the same session.

:class:`RecoveryChoice` names the three answers; :meth:`Unfinished.headline`
and :func:`typed_choices` are the words both front ends show.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from tui.core.history import (
    HistoryError,
    HistoryStore,
    RoutineRef,
    Session,
    SessionFinished,
    to_local,
)
from tui.core.locations import history_db
from tui.core.safe_text import shown
from tui.core.session.outcome import outcome_of


class RecoveryChoice(Enum):
    """What to do with an unfinished session: its key, button label and typed phrase."""

    RESUME = ("r", "Resume", "r to resume")
    ABANDON = ("a", "Close as abandoned", "a to close it as abandoned")
    LATER = ("", "Later", "Enter to leave it")

    def __init__(self, key: str, label: str, phrase: str) -> None:
        #: What plain mode's patient types for it (``""``: Enter alone).
        self.key = key
        #: The app dialog's button.
        self.label = label
        #: Plain mode's words for it, in the question line.
        self.phrase = phrase


@dataclass(frozen=True)
class Unfinished:
    """One unfinished session, as the question about it needs it."""

    session_id: str
    routine: RoutineRef
    #: When it started (aware, UTC).
    started_at: datetime
    preview: bool
    #: Exercise parts whose latest outcome is done (:func:`~tui.core.session.outcome.outcome_of`).
    parts_done: int

    @property
    def started_words(self) -> str:
        """When it started, in local time, in words ("Monday 03 March at 09:30")."""
        return to_local(self.started_at).strftime("%A %d %B at %H:%M")

    def headline(self) -> str:
        """The sentence both front ends start the question with."""
        unit = "exercise part" if self.parts_done == 1 else "exercise parts"
        return (
            f"An unfinished session of {shown(self.routine.title)} from {self.started_words} "
            f"({self.parts_done} {unit} done)"
        )


def typed_choices(choices: tuple[RecoveryChoice, ...]) -> str:
    """Plain mode's answers in words: "type r to resume, a to close it as abandoned, ..."."""
    return "type " + ", ".join(choice.phrase for choice in choices)


def question_line(found: Unfinished, choices: tuple[RecoveryChoice, ...]) -> str:
    """Plain mode's question about ``found``, offering ``choices``."""
    return f"{found.headline()}: {typed_choices(choices)}."


def unfinished_of(session: Session) -> Unfinished:
    """The question's view of a stored unfinished session."""
    outcome = outcome_of(session.segments)
    return Unfinished(
        session.id, session.routine, session.started_at, session.preview, len(outcome.done)
    )


def find_unfinished(db: Path | None = None) -> tuple[list[Unfinished], str | None]:
    """Unfinished sessions to offer, oldest first, and a problem sentence when the check failed.

    A history that does not exist yet has none (and is not created).  A
    preview with no exercise part recorded is closed as abandoned, silently.
    """
    path = db if db is not None else history_db()
    if not path.exists():
        return [], None
    offered: list[Unfinished] = []
    try:
        with HistoryStore.open(path) as store:
            for session in store.unfinished_sessions():
                if session.preview and not any(s.is_work for s in session.segments):
                    # Another supple starting at the same moment may have closed it first.
                    with contextlib.suppress(SessionFinished):
                        store.abandon(session.id)
                    continue
                offered.append(unfinished_of(session))
    except (HistoryError, OSError, sqlite3.Error) as exc:
        return offered, f"The history could not be checked for unfinished sessions: {exc}"
    return offered, None


def abandon(db: Path | None, session_id: str) -> str | None:
    """Close one unfinished session as abandoned, keeping its parts; a problem sentence or None."""
    try:
        with HistoryStore.open(db) as store:
            store.abandon(session_id)
    except (HistoryError, OSError, sqlite3.Error) as exc:
        return f"The unfinished session could not be closed: {exc}"
    return None
