"""The session list's table: it says when the cursor or the view nears the last loaded row."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

#: Ask for the next page when the cursor or the scroll position is this close to the end.
LOAD_AHEAD = 30


class SessionTable(DataTable[Text | str]):
    """The session list's table; asks for more rows as it nears its end."""

    # In a list of rows, Home and End mean the first and last row.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "home",
            "scroll_top",
            "First",
            tooltip="The first session in the list",
            id="history.sessions.first",
            show=False,
        ),
        Binding(
            "end",
            "scroll_bottom",
            "Last",
            tooltip="The last session loaded (more load as you go)",
            id="history.sessions.last",
            show=False,
        ),
    ]

    class NearEnd(Message):
        """The cursor or the view may be close to the last loaded row."""

    def needs_more(self) -> bool:
        """True when fewer than :data:`LOAD_AHEAD` loaded rows lie below the cursor or view."""
        below_view = self.row_count - (self.scroll_y + self.scrollable_content_region.height)
        below_cursor = self.row_count - 1 - self.cursor_row
        return min(below_view, below_cursor) < LOAD_AHEAD

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value:
            self.post_message(self.NearEnd())

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row > old.row:
            self.post_message(self.NearEnd())
