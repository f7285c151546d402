"""The therapist's stop rules and contact: before a session, and on request during one.

Before a session (``before=True``) the patient confirms them with Enter, or
leaves (Escape: nothing is saved).  When pain before reached the routine's
``pain_stop`` (:attr:`~tui.core.session.safety.StopRules.offer_not_today`) the
choice is "Not today" (Enter or ``n``: recorded for the therapist) or "Start
anyway" (``s``).  During a session the same rules are only read: Enter or
Escape closes them (the session screen paused its clock meanwhile).  The
words come from :func:`tui.core.session.safety.stop_rules`.
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
from tui.core.session.safety import CONTACT_HEADING, StopRules
from tui.session_setup import RulesAnswer


class StopRulesScreen(ModalScreen[RulesAnswer | None]):
    """Shows :class:`StopRules`; dismisses with the patient's answer (``None`` when only read)."""

    CSS_PATH = "stop_rules.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "enter",
            "OK",
            id="rules.confirm",
            tooltip="Before a session: start (at the stop level: not today); during it: close",
        ),
        Binding("n", "answer('not_today')", "Not today", id="rules.not_today", show=False),
        Binding("s", "answer('start')", "Start anyway", id="rules.start_anyway", show=False),
        Binding(
            "escape", "leave", "Back", id="rules.back", tooltip="Leave without starting (or close)"
        ),
    ]

    def __init__(
        self, rules: StopRules, *, before: bool, session_keys: tuple[str, str] = ("h", "r")
    ) -> None:
        super().__init__()
        self.rules = rules
        #: The session's keys for "this hurts" and for these rules (the opener knows them).
        self.session_keys = session_keys
        #: True before a session (an answer is needed), False when read during one.
        self.before = before
        self.add_class("-stop" if self.offers_not_today else "-rules")

    @property
    def offers_not_today(self) -> bool:
        """True when the choice is "Not today" or "Start anyway"."""
        return self.before and self.rules.offer_not_today

    def compose(self) -> ComposeResult:
        rules = self.rules
        with Vertical(id="rules-box"):
            yield Static(rules.title, id="rules-title", markup=False)
            with VerticalScroll(id="rules-body"):
                for number, note in enumerate(rules.notes, 1):
                    last = " -last" if number == len(rules.notes) else ""
                    yield Static(note, classes=f"rules-note{last}", markup=False)
                for rule in rules.rules:
                    yield Static(f"- {rule}", classes="rules-line", markup=False)
                with Horizontal(id="rules-contact"):
                    yield Static(CONTACT_HEADING, id="rules-contact-heading", markup=False)
                    yield Static(rules.contact, id="rules-contact-text", markup=False)
                yield Static(self._during_hint(), id="rules-hint", markup=False)
            with Horizontal(id="rules-actions"):
                yield from self._buttons()

    def _during_hint(self) -> str:
        """What the patient can press during the session (the keys they have now)."""
        hurt, again = self.session_keys
        return f'During the session: {hurt} for "this hurts", {again} shows these rules again.'

    def _buttons(self) -> ComposeResult:
        enter = key_name(self, "rules.confirm")
        back = key_name(self, "rules.back")
        if not self.before:
            yield TextButton(f"Close ({enter})", id="rules-close", primary=True)
        elif self.offers_not_today:
            yield TextButton(f"Back ({back})", id="rules-back")
            yield TextButton(
                f"Start anyway ({key_name(self, 'rules.start_anyway')})", id="rules-start"
            )
            yield TextButton(f"Not today ({enter})", id="rules-not-today", primary=True)
        else:
            yield TextButton(f"Back ({back})", id="rules-back")
            yield TextButton(f"Start ({enter})", id="rules-start", primary=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Not today" and "Start anyway" only when they are offered."""
        if action == "answer":
            return self.offers_not_today
        return True

    def action_enter(self) -> None:
        """Start; at the stop level "Not today"; during a session close."""
        if not self.before:
            self.dismiss(None)
        else:
            self.dismiss(RulesAnswer.NOT_TODAY if self.offers_not_today else RulesAnswer.START)

    def action_answer(self, answer: str) -> None:
        """ "Not today" or "Start anyway" (offered at the stop level)."""
        self.dismiss(RulesAnswer(answer))

    def action_leave(self) -> None:
        """Before a session: leave without starting (nothing saved); during it: close."""
        self.dismiss(RulesAnswer.STOP if self.before else None)

    def on_text_button_pressed(self, event: TextButton.Pressed) -> None:
        event.stop()
        answers = {
            "rules-start": RulesAnswer.START,
            "rules-not-today": RulesAnswer.NOT_TODAY,
            "rules-back": RulesAnswer.STOP,
        }
        self.dismiss(answers.get(event.button.id or ""))
