"""Buttons for the mouse that leave the keyboard to the screen's bindings."""

from __future__ import annotations

from textual.widgets import Button


class ClickButton(Button):
    """A button that answers clicks but never takes keyboard focus.

    The session and rating screens are driven by single keys (space, digits,
    enter); a focused button would swallow space and enter, so these buttons
    only answer the mouse.
    """

    can_focus = False
