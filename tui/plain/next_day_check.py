"""The next-day check in plain mode: asked once, before ``supple run`` or ``supple today``.

On the day after a session, the first plain run (or ``supple today`` at a
terminal) asks :data:`~tui.core.session.ratings.NEXT_DAY_QUESTION` about that
day's last session, keeps the answer (or the skip) with it, and asks nothing
again for that session.  A "worse" is said back with what follows from it: the
therapist's stop rules and contact before the next session.  No dose changes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from tui.core.history.next_day import due_at, keep_answer
from tui.core.history.times import utc_now
from tui.core.session.ratings import NextDay
from tui.core.session.safety import RECORD_DISCLAIMER
from tui.plain.lines import LineSource
from tui.plain.questions import OutputClosed, Questions

#: Said after a "worse": what supple does with it (the stop rules come before the session).
WORSE_FOLLOW_UP = (
    "Noted for your therapist. Their stop rules and contact are shown before your next session."
)


def ask_next_day(lines: LineSource, out: TextIO, db: Path | None, today: date) -> None:
    """Ask the next-day check when one is due ``today``, and keep the answer."""
    due = due_at(db, today)
    if due is None:
        return
    ask = Questions(lines, out, lambda: False)
    try:
        answered, answer = ask.next_day()
        if not answered:
            return  # no one answered (input ended): asked again next time
        if not keep_answer(db, due.id, answer, utc_now()):
            ask.say("The answer could not be saved to your history; supple asks again next time.")
        elif answer is NextDay.WORSE:
            ask.say(WORSE_FOLLOW_UP)
        if answer is not None:
            ask.say(RECORD_DISCLAIMER)
        ask.say("")
    except OutputClosed:
        return
