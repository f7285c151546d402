"""After "this hurts" (the clock paused, the pain asked): the stop rules and three choices.

The session screen asks "How bad is it now?" first (the rating dialog,
:meth:`~tui.app.screens.rating.RatingDialog.hurt`), then shows this dialog:
the therapist's stop rules and contact, and what to do: carry on gently
(``c``, Enter or Escape: the clock runs again), skip this exercise (``s``) or
end the session (``q``, saved as partial).  It dismisses with the
:class:`~tui.core.session.safety.HurtChoice`; the screen carries it out.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.keymap import key_name
from tui.app.widgets.buttons import TextButton
from tui.core.session import ratings
from tui.core.session.safety import CONTACT_HEADING, HurtChoice, StopRules


class HurtDialog(ModalScreen[HurtChoice]):
    """The stop rules after "this hurts", and the choice of what to do next."""

    CSS_PATH = "hurt_dialog.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c,enter,escape",
            "choose('CARRY_ON')",
            "Carry on",
            id="hurt.carry_on",
            tooltip="Carry on gently: the clock runs again",
            key_display="c",
        ),
        Binding(
            "s",
            "choose('SKIP_EXERCISE')",
            "Skip exercise",
            id="hurt.skip",
            tooltip="Leave this exercise and go on with the next one",
        ),
        Binding(
            "q",
            "choose('END_SESSION')",
            "End session",
            id="hurt.end",
            tooltip="Stop here; what you did is saved as a partial session",
        ),
    ]

    def __init__(self, exercise: str, pain_now: int | None, rules: StopRules) -> None:
        super().__init__()
        self.exercise = exercise
        self.pain_now = pain_now
        self.rules = rules

    def compose(self) -> ComposeResult:
        rules = self.rules
        with Vertical(id="hurt-box"):
            yield Static(f'"This hurts": {self.exercise}', id="hurt-title", markup=False)
            rated = (
                f"You rated it {ratings.pain_label(self.pain_now)}. The clock is paused."
                if self.pain_now is not None
                else "The clock is paused."
            )
            yield Static(rated, id="hurt-rated", markup=False)
            with VerticalScroll(id="hurt-rules"):
                yield Static(rules.title, id="hurt-rules-title", markup=False)
                for rule in rules.rules:
                    yield Static(f"- {rule}", classes="hurt-rule", markup=False)
                with Horizontal(id="hurt-contact"):
                    yield Static(CONTACT_HEADING, id="hurt-contact-heading", markup=False)
                    yield Static(rules.contact, id="hurt-contact-text", markup=False)
            with Horizontal(id="hurt-actions"):
                for choice, binding_id, button_id in _BUTTONS:
                    key = key_name(self, binding_id)
                    yield TextButton(
                        f"{choice.value} ({key})",
                        id=button_id,
                        primary=choice is HurtChoice.CARRY_ON,
                    )

    def action_choose(self, name: str) -> None:
        """Answer with the choice named ``name`` (a :class:`HurtChoice` member)."""
        self.dismiss(HurtChoice[name])

    def on_text_button_pressed(self, event: TextButton.Pressed) -> None:
        event.stop()
        for choice, _, button_id in _BUTTONS:
            if event.button.id == button_id:
                self.dismiss(choice)


#: Each choice's binding and button, in the order shown.
_BUTTONS = (
    (HurtChoice.CARRY_ON, "hurt.carry_on", "hurt-carry-on"),
    (HurtChoice.SKIP_EXERCISE, "hurt.skip", "hurt-skip"),
    (HurtChoice.END_SESSION, "hurt.end", "hurt-end"),
)
