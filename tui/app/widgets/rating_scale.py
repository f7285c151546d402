"""The 0-10 scale of the rating dialogs: one widget, one line, a number per cell.

It replaces eleven buttons: the pain question is the first thing ``supple
run`` shows, and eleven buttons (each a widget with its own styles) made that
first frame noticeably slower.  The scale draws every number in a cell of its
own (wider cells when there is room), highlights the chosen number and the one
under the mouse, and posts :class:`RatingScale.Picked` when a number is clicked.
Keys stay with the dialog (0-9, ``t`` for 10).
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Offset, Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

#: (cell width, gap) from the roomiest to the tightest; the first that fits is used.
LAYOUTS = ((5, 1), (4, 1), (3, 1), (3, 0), (2, 0))


class RatingScale(Widget):
    """The numbers ``low`` to ``high`` in a row; click one to pick it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rating-scale--number",
        "rating-scale--hover",
        "rating-scale--chosen",
    }

    DEFAULT_CSS = """
    RatingScale {
        height: 1;
        width: 1fr;
    }
    RatingScale > .rating-scale--number {
        text-style: bold;
    }
    RatingScale > .rating-scale--hover {
        background: $primary 40%;
        text-style: bold;
    }
    RatingScale > .rating-scale--chosen {
        background: $accent;
        color: auto 90%;
        text-style: bold;
    }
    """

    chosen: reactive[int | None] = reactive(None)
    hover: reactive[int | None] = reactive(None)

    class Picked(Message):
        """A number was clicked."""

        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def __init__(self, low: int = 0, high: int = 10, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.low = low
        self.high = high

    @property
    def count(self) -> int:
        """How many numbers the scale shows."""
        return self.high - self.low + 1

    def layout_for(self, width: int) -> tuple[int, int]:
        """The (cell width, gap) used at ``width`` columns."""
        for cell, gap in LAYOUTS:
            if self.count * cell + (self.count - 1) * gap <= width:
                return cell, gap
        return LAYOUTS[-1]

    def value_at(self, x: int) -> int | None:
        """The number drawn at column ``x`` of the content (``None`` between cells)."""
        cell, gap = self.layout_for(self.content_size.width)
        index, within = divmod(x, cell + gap)
        if x < 0 or index >= self.count or within >= cell:
            return None
        return self.low + index

    def offset_of(self, value: int) -> Offset:
        """Where ``value`` is drawn, relative to the widget (for clicks in tests)."""
        cell, gap = self.layout_for(self.content_size.width)
        return Offset((value - self.low) * (cell + gap) + cell // 2, 0)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        cell, gap = LAYOUTS[0]
        return self.count * cell + (self.count - 1) * gap

    def render(self) -> Text:
        cell, gap = self.layout_for(self.content_size.width)
        styles: dict[str, Style] = {
            name: self.get_component_rich_style(f"rating-scale--{name}")
            for name in ("number", "hover", "chosen")
        }
        line = Text(no_wrap=True, overflow="crop", end="")
        for value in range(self.low, self.high + 1):
            if value > self.low and gap:
                line.append(" " * gap)
            kind = (
                "chosen" if value == self.chosen else "hover" if value == self.hover else "number"
            )
            line.append(str(value).center(cell), styles[kind])
        return line

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        self.hover = None if offset is None else self.value_at(offset.x)

    def on_leave(self) -> None:
        self.hover = None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        value = None if offset is None else self.value_at(offset.x)
        if value is not None:
            event.stop()
            self.post_message(self.Picked(value))
