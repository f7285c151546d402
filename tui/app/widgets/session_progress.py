"""The whole session's progress: a bar and the time left ("12:34 left"), on one line.

The bar is what Textual's ``ProgressBar`` draws (the same characters and
component classes) without its machinery: Textual's bar is three widgets with
reactive percentage, time estimate and a timer waking every second, and a
running session should cost less CPU than a plain countdown.  The time left
is drawn by the same widget, right-aligned in :data:`LEFT_CELLS` cells, so
the second's change is one widget's repaint, not two.  The screen calls
:meth:`SessionProgress.update` every second; the line repaints only when what
it shows changes (a half cell more of the bar, or the time left).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

#: The bar's characters, as Textual's bar draws them.
BAR = "━"
HALF_BAR_LEFT = "╺"
HALF_BAR_RIGHT = "╸"
#: Cells at the right end for the time left, right-aligned ("999:59 left" fits).
LEFT_CELLS = 14


def bar_segments(width: int, filled: float, done: Style, rest: Style) -> list[Segment]:
    """A bar ``width`` cells wide with ``filled`` cells (rounded to a half) in ``done``."""
    end = min(max(round(filled * 2) / 2, 0.0), float(width))
    if end == 0:
        return [Segment(BAR * width, rest)]
    half_end = end != int(end)
    segments = [Segment(BAR * int(end) + (HALF_BAR_RIGHT if half_end else ""), done)]
    tail = ""
    if not half_end and end != width:
        tail = HALF_BAR_LEFT
    tail += BAR * max(0, width - int(end) - 1)
    if tail:
        segments.append(Segment(tail, rest))
    return segments


class SessionProgress(Widget):
    """The session's progress: ``progress`` of ``total`` seconds as a bar, then the time left."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"bar--bar", "bar--complete"}

    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        &> .bar--bar {
            color: $primary;
            background: $surface;
        }
        &> .bar--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 1.0
        self.progress = 0.0
        #: The time left as shown at the right end, e.g. "1:58 left".
        self.left = ""
        self._drawn: tuple[object, ...] | None = None
        self._strip = Strip([])

    @property
    def percentage(self) -> float:
        """The part done, 0 to 1."""
        return min(max(self.progress / self.total, 0.0), 1.0) if self.total > 0 else 1.0

    def update(
        self, *, total: float | None = None, progress: float | None = None, left: str | None = None
    ) -> None:
        """Set the total, the progress and the time left; repaint only if the line changes."""
        if total is not None:
            self.total = float(total)
        if progress is not None:
            self.progress = float(progress)
        if left is not None:
            self.left = left
        if (self._halves(), self.left) != (self._drawn or (None, None))[:2]:
            self.refresh()

    @property
    def bar_width(self) -> int:
        """Cells of the bar: the widget's width less the time left's."""
        return max(0, self.size.width - LEFT_CELLS)

    def _halves(self) -> int:
        """Half cells of the bar filled (what the bar's drawing depends on)."""
        return round(self.bar_width * self.percentage * 2)

    def render_line(self, y: int) -> Strip:
        if y != 0:
            return Strip.blank(self.size.width, self.rich_style)
        complete = self.percentage >= 1
        style = self.get_component_rich_style("bar--complete" if complete else "bar--bar")
        key = (self._halves(), self.left, self.size.width, style, self.rich_style)
        if key != self._drawn:
            self._drawn = key
            done, rest = Style.from_color(style.color), Style.from_color(style.bgcolor)
            width = self.bar_width
            segments = bar_segments(width, width * self.percentage, done, rest)
            segments.append(Segment(self.left[-LEFT_CELLS:].rjust(LEFT_CELLS)))
            self._strip = Strip(segments, self.size.width).apply_style(self.rich_style)
        return self._strip
