"""The safety notice: the therapist's stop rules and contact, and the warning signs.

Shown after a session in which pain rose by 2 points or more, or in which the
patient marked "this hurts" (:func:`tui.core.safety.needs_safety_notice`).
The wording comes from :mod:`tui.core.safety`; it is guidance, never a
diagnosis.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.widgets.buttons import ClickButton
from tui.core.safety import SafetyNotice


class SafetyScreen(Screen[None]):
    """Shows a :class:`SafetyNotice`; Enter (or the button) carries on to the summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "carry_on", "I have read this", id="safety.continue"),
        Binding("up", "scroll_up", "Up", show=False, id="safety.up"),
        Binding("down", "scroll_down", "Down", show=False, id="safety.down"),
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

    def action_scroll_up(self) -> None:
        """Scroll the notice up."""
        self.query_one("#safety-body", VerticalScroll).scroll_up()

    def action_scroll_down(self) -> None:
        """Scroll the notice down."""
        self.query_one("#safety-body", VerticalScroll).scroll_down()
