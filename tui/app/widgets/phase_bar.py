"""The tempo bar of a paced set: one block per phase, the current one lit."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget


class PhaseBar(Widget):
    """Shows a rep's phases ("UP", "HOLD", "DOWN") in proportion, highlighting the current one.

    The screen calls :meth:`show` only when the phase changes.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "phase-bar--current",
        "phase-bar--done",
        "phase-bar--todo",
    }

    DEFAULT_CSS = """
    PhaseBar {
        height: 1;
        width: 1fr;
    }
    PhaseBar > .phase-bar--current {
        background: $accent;
        color: $background;
        text-style: bold;
    }
    PhaseBar > .phase-bar--done {
        background: $accent-muted;
        color: $foreground;
    }
    PhaseBar > .phase-bar--todo {
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._phases: tuple[tuple[str, float], ...] = ()
        self._current = -1
        #: Drawn lines by (phases, current, width): a set repeats the same few every rep.
        self._drawn: dict[tuple[object, ...], Strip] = {}

    def show(self, phases: tuple[tuple[str, float], ...], current: int) -> None:
        """Show ``phases`` (name, seconds) with ``current`` (an index, -1 for none) lit."""
        if phases == self._phases and current == self._current:
            return
        self._phases = phases
        self._current = current
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()  # the theme changed: every block's colours with it

    def render_line(self, y: int) -> Strip:
        """The bar as one line, drawn once per phase of a rep and then reused."""
        width = self.size.width
        key = (self._phases, self._current, width)
        strip = self._drawn.get(key)
        if strip is None:
            if len(self._drawn) > 64:
                self._drawn.clear()
            segments = [Segment(block, style) for block, style in self._blocks()]
            strip = Strip(segments).crop_extend(0, width, self.rich_style)
            strip = strip.apply_style(self.rich_style)
            self._drawn[key] = strip
        return strip if y == 0 else Strip.blank(width, self.rich_style)

    def _blocks(self) -> list[tuple[str, Style]]:
        """Each phase's block of text, its width in proportion to its seconds, and its style."""
        if not self._phases:
            return []
        width = max(self.size.width, len(self._phases) * 6)
        total = sum(secs for _, secs in self._phases) or 1.0
        blocks: list[tuple[str, Style]] = []
        used = 0
        for index, (name, secs) in enumerate(self._phases):
            cells = max(len(name) + 2, round(width * secs / total))
            if index == len(self._phases) - 1:
                cells = max(len(name) + 2, width - used)
            if index == self._current:
                style = self.get_component_rich_style("phase-bar--current")
            elif index < self._current:
                style = self.get_component_rich_style("phase-bar--done")
            else:
                style = self.get_component_rich_style("phase-bar--todo")
            block = name.upper().center(cells)
            used += len(block)
            blocks.append((block, style))
        return blocks
