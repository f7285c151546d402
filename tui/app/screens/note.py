"""An optional note after the session (``ModalScreen[str | None]``)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.app.keymap import key_name
from tui.core.safe_text import CLEANED_NOTE, cleaned

#: Longest note kept.
MAX_NOTE = 500


class NoteDialog(ModalScreen[str | None]):
    """Asks for a short note; Enter saves it (empty: none), Escape skips."""

    CSS_PATH = "note.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="note.skip", tooltip="No note this time"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static("A note for your therapist (optional)", id="note-title")
            yield Static(
                "For example what felt easier or harder. Enter saves; "
                f"{key_name(self, 'note.skip')} skips.",
                id="note-help",
                markup=False,
            )
            yield Input(placeholder="Type a note, or just press Enter", max_length=MAX_NOTE)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text, removed = cleaned(event.value)
        if removed:
            self.app.notify(CLEANED_NOTE, title="Note")
        self.dismiss(text.strip() or None)

    def action_skip(self) -> None:
        """No note."""
        self.dismiss(None)
