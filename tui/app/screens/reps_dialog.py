"""How many reps of a self-paced set were done (``ModalScreen[int | None]``).

Asked when the patient presses "done" on a set they pace themselves, with the
clock stopped; the number is kept with the set for the therapist.  Enter alone
or Escape skips it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.app.keymap import key_name
from tui.core.session.engine import MAX_REPS_DONE

REPS_QUESTION = "How many did you do?"


class RepsDialog(ModalScreen[int | None]):
    """Asks how many reps were done; Enter saves the number (empty: none), Escape skips."""

    CSS_PATH = "note.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="reps.skip", tooltip="Leave it unsaid"),
    ]

    def __init__(self, planned: int | None) -> None:
        super().__init__()
        self.planned = planned

    def compose(self) -> ComposeResult:
        aim = f" (the plan: {self.planned})" if self.planned else ""
        with Vertical(id="note-box"):
            yield Static(f"{REPS_QUESTION}{aim}", id="note-title", markup=False)
            yield Static(
                f"Type the number and press Enter; Enter alone or {key_name(self, 'reps.skip')} "
                "skips. The clock is stopped.",
                id="note-help",
                markup=False,
            )
            yield Input(placeholder="Reps done", type="integer", max_length=4, id="reps")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        value = int(text)
        if 0 <= value <= MAX_REPS_DONE:
            self.dismiss(value)
        else:
            self.notify(f"A number from 0 to {MAX_REPS_DONE}, please.", severity="warning")

    def action_skip(self) -> None:
        """Leave the number unsaid."""
        self.dismiss(None)
