"""Buttons for the mouse that leave the keyboard to the screen's bindings."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.message import Message
from textual.widgets import Button, Static


class ClickButton(Button):
    """A button that answers clicks but never takes keyboard focus.

    The session and rating screens are driven by single keys (space, digits,
    enter); a focused button would swallow space and enter, so these buttons
    only answer the mouse.
    """

    can_focus = False


class TextButton(Static):
    """A one-line button drawn as text: answers clicks, never takes focus.

    Looks like a compact :class:`ClickButton` (``primary`` gives the coloured
    one) but is a plain ``Static``: Textual's ``Button`` stylesheet alone takes
    about 5 ms to parse, which the first question of ``supple run`` (its first
    frame) should not wait for.  Posts :class:`ClickButton.Pressed`-like
    :class:`TextButton.Pressed` with the button.
    """

    can_focus = False

    DEFAULT_CSS = """
    TextButton {
        width: auto;
        min-width: 8;
        height: 1;
        padding: 0 1;
        text-align: center;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        pointer: pointer;
    }
    TextButton:hover {
        background: $surface-darken-1;
    }
    TextButton.-primary {
        color: $button-color-foreground;
        background: $primary;
    }
    TextButton.-primary:hover {
        background: $primary-darken-2;
    }
    """

    class Pressed(Message):
        """The button was clicked."""

        ALLOW_SELECTOR_MATCH: ClassVar[set[str]] = {"button"}

        def __init__(self, button: TextButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> TextButton:
            """The button that was clicked."""
            return self.button

    def __init__(self, label: str, *, id: str | None = None, primary: bool = False) -> None:
        super().__init__(label, id=id, markup=False, classes="-primary" if primary else "")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Pressed(self))
