"""A clock readable from the floor: block figures that grow with the space they are given.

Textual's ``Digits`` is three rows tall at every size; a patient lying on a mat
two metres away needs the figures as large as the terminal allows, as a phone
timer or termdown shows them.  :class:`BigClock` draws its text in a 5x7 pixel
font with half-block characters (one cell is two square-ish pixels, one above
the other) at the largest whole scale that fits its own size, centred.  When
even scale 1 does not fit it shows the text plainly, so nothing is ever cut off.

The lines are computed once per (text, size) and reused: the clock changes once
a second, and a repaint between changes costs a dictionary lookup.
"""

from __future__ import annotations

import functools

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

#: The font: each glyph is 7 rows of 5 pixels ("#" on).  Narrow glyphs have narrower rows.
_FONT: dict[str, tuple[str, ...]] = {
    # No slash through the zero: from two metres a slashed zero blurs into an 8.
    "0": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": ("#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": ("  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "),
    ":": ("  ", "##", "##", "  ", "##", "##", "  "),
    ".": ("  ", "  ", "  ", "  ", "  ", "##", "##"),
    "+": ("     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
    "/": ("    #", "    #", "   # ", "  #  ", " #   ", "#    ", "#    "),
    " ": ("   ",) * 7,
    "A": (" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "C": (" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "),
    "D": ("#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"),
    "G": (" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"),
    "H": ("#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "I": ("###", " # ", " # ", " # ", " # ", " # ", "###"),
    "L": ("#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"),
    "M": ("#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"),
    "N": ("#   #", "##  #", "# # #", "#  ##", "#   #", "#   #", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "P": ("#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "),
    "R": ("#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"),
    "S": (" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "W": ("#   #", "#   #", "#   #", "# # #", "# # #", "## ##", "#   #"),
    "Y": ("#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "),
}
#: Pixel rows of every glyph.
GLYPH_ROWS = 7
#: Blank pixel columns between glyphs.
_GAP = 1
#: The biggest scale drawn: beyond it the figures get no easier to read.
MAX_SCALE = 12

#: Half-block characters by (top pixel on, bottom pixel on).
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def drawable(text: str) -> bool:
    """True when every character of ``text`` is in the font."""
    return all(char in _FONT for char in text.upper())


def pixel_rows(text: str) -> list[str]:
    """``text`` at scale 1 as rows of "#" and " " (an unknown character is a space)."""
    glyphs = [_FONT.get(char, _FONT[" "]) for char in text.upper()]
    gap = " " * _GAP
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(GLYPH_ROWS)]


def fitting_scale(text: str, size: Size) -> int:
    """The largest whole scale at which ``text`` fits ``size`` (0: not even at scale 1)."""
    if not text or not drawable(text):
        return 0
    width = len(pixel_rows(text)[0])
    by_width = size.width // width
    by_height = (size.height * 2) // GLYPH_ROWS
    return max(0, min(by_width, by_height, MAX_SCALE))


def block_lines(text: str, scale: int) -> list[str]:
    """``text`` drawn with half blocks at ``scale``: each pixel ``scale`` cells wide and
    ``scale`` half-rows tall."""
    glyphs = [_glyph_block(char, scale) for char in text.upper()]
    gap = " " * (_GAP * scale)
    rows = (GLYPH_ROWS * scale + 1) // 2
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(rows)]


@functools.lru_cache(maxsize=512)
def _glyph_block(char: str, scale: int) -> tuple[str, ...]:
    """One glyph in half blocks at ``scale`` (an unknown character is a space).

    Glyphs share their rows, so a text's lines are its glyphs' lines joined:
    each glyph is drawn once per scale, not once a second.
    """
    rows = _FONT.get(char, _FONT[" "])
    pixels = ["".join(pixel * scale for pixel in row) for row in rows for _ in range(scale)]
    if len(pixels) % 2:
        pixels.append(" " * len(pixels[0]))
    return tuple(
        "".join(
            _HALVES[(top == "#", bottom == "#")]
            for top, bottom in zip(pixels[pair], pixels[pair + 1], strict=True)
        )
        for pair in range(0, len(pixels), 2)
    )


class BigClock(Widget):
    """The session's clock (or any short figure) as large as the widget's size allows."""

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        min-height: 1;
    }
    """

    text: reactive[str] = reactive("", layout=False)

    def __init__(
        self,
        text: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(BigClock.text, text)
        self._cache_key: tuple[str, int, int, Style] | None = None
        self._lines: list[Strip] = []
        #: The lines of ``_lines`` as text, to find what a new text changes.
        self._texts: list[str] = []
        self._style: Style | None = None

    def update(self, text: str) -> None:
        """Show ``text`` (the same call as Textual's ``Digits.update``)."""
        self.text = text

    @property
    def scale(self) -> int:
        """The scale the text is drawn at now (0: shown as plain text)."""
        return fitting_scale(self.text, self.size)

    def watch_text(self) -> None:
        # Repaint only the box of cells whose characters changed (a clock's last
        # figure, mostly): Textual then renders and writes those lines and
        # columns alone, not the whole widget, once a second.
        old = self._texts
        if not self.is_mounted or not old or self._cache_key is None:
            self.refresh()
            return
        self._strips(self._cache_key[3])
        box = changed_box(old, self._texts)
        if box is not None:
            self.refresh(box)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The style is looked up once per repaint rather than once per line: it
        # walks every ancestor's styles, and the clock is most of the screen.
        self._style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        lines = self._strips(self._style or self.rich_style)
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width, self.rich_style)

    def _strips(self, style: Style) -> list[Strip]:
        width, height = self.size
        key = (self.text, width, height, style)
        if key != self._cache_key:
            self._cache_key = key
            self._texts = self._draw(width, height)
            self._lines = [Strip([Segment(text, style)], width) for text in self._texts]
        return self._lines

    def _draw(self, width: int, height: int) -> list[str]:
        """The widget's lines as text, ``width`` characters each."""
        scale = fitting_scale(self.text, Size(width, height))
        drawn = block_lines(self.text, scale) if scale else [self.text[:width]]
        top = max(0, (height - len(drawn)) // 2)
        lines = [" " * width] * height
        for row, line in enumerate(drawn[:height]):
            left = max(0, (width - len(line)) // 2)
            lines[top + row] = (" " * left + line).ljust(width)[:width]
        return lines


def changed_box(old: list[str], new: list[str]) -> Region | None:
    """The smallest region holding every character that differs (``None``: none does).

    Lines of different counts or widths count as wholly changed.
    """
    if len(old) != len(new) or {len(line) for line in old} != {len(line) for line in new}:
        width = max((len(line) for line in new), default=0)
        return Region(0, 0, width, len(new))
    rows = [y for y, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if not rows:
        return None
    left = min(_same_start(old[y], new[y]) for y in rows)
    right = max(len(new[y]) - _same_start(old[y][::-1], new[y][::-1]) for y in rows)
    return Region(left, rows[0], right - left, rows[-1] - rows[0] + 1)


def _same_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` (of one length) share at their start.

    A binary search of slice comparisons: a handful of C-speed compares for a
    line of the clock, rather than a Python loop over its characters.
    """
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
