"""The tempo bar of a paced set: one block per phase, the current one lit."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
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

    def show(self, phases: tuple[tuple[str, float], ...], current: int) -> None:
        """Show ``phases`` (name, seconds) with ``current`` (an index, -1 for none) lit."""
        if phases == self._phases and current == self._current:
            return
        self._phases = phases
        self._current = current
        self.refresh()

    def render(self) -> Text:
        """The phases as blocks, widths in proportion to their seconds."""
        text = Text(no_wrap=True, overflow="crop")
        if not self._phases:
            return text
        width = max(self.size.width, len(self._phases) * 6)
        total = sum(secs for _, secs in self._phases) or 1.0
        for index, (name, secs) in enumerate(self._phases):
            cells = max(len(name) + 2, round(width * secs / total))
            if index == len(self._phases) - 1:
                cells = max(len(name) + 2, width - text.cell_len)
            if index == self._current:
                style = self.get_component_rich_style("phase-bar--current")
            elif index < self._current:
                style = self.get_component_rich_style("phase-bar--done")
            else:
                style = self.get_component_rich_style("phase-bar--todo")
            text.append(name.upper().center(cells), style)
        return text
