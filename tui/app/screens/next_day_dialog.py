"""The next-day check (``ModalScreen``): better, the same or worse than before yesterday's session.

Asked once, at the first opening on the day after a session
(:mod:`tui.core.history.next_day`).  ``b``, ``m`` and ``w`` answer, ``s`` or
``escape`` skips (the skip is kept too: the question is not asked again for
that session).  Dismisses with the answer, or ``None`` for a skip.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.app.keymap import key_name
from tui.core.history.next_day import due_at, keep_answer
from tui.core.history.times import utc_now
from tui.core.session import ratings
from tui.core.session.ratings import NextDay
from tui.core.session.safety import RECORD_DISCLAIMER

#: Said under the question: what becomes of a "worse" (never a change of dose).
WORSE_MEANS = (
    "If it is worse, your therapist's stop rules and contact come before your next session."
)


class NextDayDialog(ModalScreen[NextDay | None]):
    """Asks :data:`~tui.core.session.ratings.NEXT_DAY_QUESTION`; ``None`` when skipped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "answer('better')", "Better", id="nextday.better", tooltip="Pain is better"),
        Binding("m", "answer('same')", "Same", id="nextday.same", tooltip="About the same"),
        Binding("w", "answer('worse')", "Worse", id="nextday.worse", tooltip="Pain is worse"),
        Binding(
            "s,escape", "skip", "Skip", id="nextday.skip", tooltip="Leave the question unanswered"
        ),
    ]

    DEFAULT_CSS = """
    NextDayDialog {
        align: center middle;
    }
    NextDayDialog > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    NextDayDialog #next-day-question {
        text-style: bold;
        margin-bottom: 1;
    }
    NextDayDialog #next-day-buttons {
        height: auto;
        margin-top: 1;
    }
    NextDayDialog Button {
        margin-right: 1;
    }
    """

    def __init__(self, session_title: str) -> None:
        super().__init__(id="next-day")
        self.session_title = session_title

    def compose(self) -> ComposeResult:
        ids = {NextDay.BETTER: "better", NextDay.SAME: "same", NextDay.WORSE: "worse"}
        with Vertical():
            yield Static(ratings.NEXT_DAY_QUESTION, id="next-day-question", markup=False)
            yield Static(f"Yesterday: {self.session_title}.", id="next-day-session", markup=False)
            yield Static(WORSE_MEANS, id="next-day-worse", markup=False)
            yield Static(RECORD_DISCLAIMER, id="next-day-disclaimer", markup=False)
            with Horizontal(id="next-day-buttons"):
                for _key, answer, words in ratings.NEXT_DAY_CHOICES:
                    key = key_name(self, f"nextday.{ids[answer]}")
                    yield Button(f"{words} ({key})", id=f"next-day-{answer.value}")
                yield Button(f"Skip ({key_name(self, 'nextday.skip')})", id="next-day-skip")

    def action_answer(self, value: str) -> None:
        """Answer with a key."""
        self.dismiss(NextDay(value))

    def action_skip(self) -> None:
        """Leave the question unanswered (it is not asked again for this session)."""
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        answer = (event.button.id or "").removeprefix("next-day-")
        self.dismiss(None if answer == "skip" else NextDay(answer))


async def ask_next_day(app: App[Any], db: Path | None, today: date) -> None:
    """Ask the next-day check when one is due ``today`` (over whatever is showing) and keep it.

    Run by the app's start-up check, before a session may begin, so that a
    "worse" is known to the stop rules of the session that follows.
    """
    due = await asyncio.to_thread(due_at, db, today)
    if due is None:
        return
    answer = await app.push_screen_wait(NextDayDialog(due.routine.title))
    if not await asyncio.to_thread(keep_answer, db, due.id, answer, utc_now()):
        app.notify(
            "The answer could not be saved to your history; supple asks again next time.",
            severity="warning",
        )
