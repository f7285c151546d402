"""The safety notice: the warning signs (emergency first), the therapist's rules and contact.

Shown after a session in which pain rose by 2 points or more, or in which the
patient marked "this hurts" (:func:`tui.core.session.safety.needs_safety_notice`).
The wording comes from :mod:`tui.core.session.safety`; it is guidance, never a
diagnosis.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.widgets.buttons import ClickButton
from tui.core.session.safety import SafetyNotice


class SafetyScreen(Screen[None]):
    """Shows a :class:`SafetyNotice`; Enter (or the button) carries on to the summary.

    The notice scrolls with the arrow keys where the terminal is too small for it.
    """

    CSS_PATH = "safety_screen.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "carry_on",
            "I have read this",
            id="safety.continue",
            tooltip="Go on to the summary",
        ),
    ]

    def __init__(self, notice: SafetyNotice) -> None:
        super().__init__()
        self.notice = notice

    def compose(self) -> ComposeResult:
        notice = self.notice
        with VerticalScroll(id="safety-body"):
            yield Static(notice.title, id="safety-title", markup=False)
            for reason in notice.reasons:
                yield Static(reason, classes="safety-reason", markup=False)
            for section in notice.sections:
                classes = "safety-section -urgent" if section.urgent else "safety-section"
                with Vertical(classes=classes):
                    if section.inline and len(section.lines) == 1:
                        # The contact: on the heading's own line, to save room.
                        with Horizontal(classes="safety-inline"):
                            yield Static(section.heading, classes="safety-heading", markup=False)
                            yield Static(section.lines[0], classes="safety-line", markup=False)
                        continue
                    yield Static(section.heading, classes="safety-heading", markup=False)
                    for line in section.lines:
                        yield Static(f"- {line}", classes="safety-line", markup=False)
            yield Static(notice.disclaimer, id="safety-disclaimer", markup=False)
        yield ClickButton("I have read this", id="safety-continue", variant="primary", compact=True)
        yield Footer()

    def on_button_pressed(self, event: ClickButton.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_carry_on(self) -> None:
        """Go on to the summary."""
        self.dismiss(None)
