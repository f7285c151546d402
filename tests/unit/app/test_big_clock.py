"""The floor-readable clock: as large as its space allows, never cut off."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region, Size

from tui.app.widgets.big_clock import (
    GLYPH_ROWS,
    MAX_SCALE,
    BigClock,
    block_lines,
    changed_box,
    drawable,
    fitting_scale,
    pixel_rows,
)


def test_every_figure_of_a_clock_is_in_the_font() -> None:
    assert drawable("0123456789:+-/. ")
    assert drawable("hold up down rest switch")
    assert not drawable("é")


def test_glyphs_are_all_seven_rows_and_rectangular() -> None:
    rows = pixel_rows("12:45 HOLD")
    assert len(rows) == GLYPH_ROWS
    assert len({len(row) for row in rows}) == 1


@pytest.mark.parametrize("scale", [1, 2, 3, 5])
def test_block_lines_are_scaled_half_rows(scale: int) -> None:
    lines = block_lines("8:08", scale)
    assert len(lines) == -(-GLYPH_ROWS * scale // 2)  # ceil: two pixel rows per text row
    assert {len(line) for line in lines} == {len(pixel_rows("8:08")[0]) * scale}


def test_the_scale_is_the_largest_that_fits_both_ways() -> None:
    width = len(pixel_rows("12:45")[0])  # 26 pixels
    assert fitting_scale("12:45", Size(80, 24)) == 3  # 78 columns
    assert fitting_scale("12:45", Size(width * 9, 7)) == 2  # 7 rows hold 14 pixel rows
    assert fitting_scale("12:45", Size(1000, 1000)) == MAX_SCALE
    assert fitting_scale("12:45", Size(20, 10)) == 0
    assert fitting_scale("", Size(80, 24)) == 0


class _ClockApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield BigClock(self.text, id="clock")


def _drawn(app: _ClockApp) -> list[str]:
    clock = app.query_one(BigClock)
    return [clock.render_line(y).text for y in range(clock.size.height)]


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 11), ((200, 50), 25)])
async def test_the_clock_fills_the_terminal_centred(size: tuple[int, int], rows: int) -> None:
    app = _ClockApp("12:45")
    async with app.run_test(size=size):
        lines = _drawn(app)
        inked = [n for n, line in enumerate(lines) if line.strip()]
        assert len(inked) == rows
        top, bottom = inked[0], len(lines) - 1 - inked[-1]
        assert abs(top - bottom) <= 1
        assert all(len(line) == size[0] for line in lines)


async def test_too_small_a_space_shows_the_text_plainly() -> None:
    app = _ClockApp("12:45")
    async with app.run_test(size=(12, 3)):
        assert [line.strip() for line in _drawn(app) if line.strip()] == ["12:45"]


async def test_update_redraws_with_the_new_text() -> None:
    app = _ClockApp("0:10")
    async with app.run_test(size=(80, 24)) as pilot:
        before = _drawn(app)
        app.query_one(BigClock).update("0:09")
        await pilot.pause()
        assert _drawn(app) != before
        assert app.query_one(BigClock).scale == fitting_scale("0:09", Size(80, 24)) == 4


def test_changed_box_holds_every_changed_character_and_no_more() -> None:
    old = ["  12:45  ", "  ab     ", "         "]
    new = ["  12:46  ", "  ac     ", "         "]
    assert changed_box(old, new) == Region(3, 0, 4, 2)
    assert changed_box(old, old) is None
    assert changed_box(old, [*new, "x"]) == Region(0, 0, 9, 4)


async def test_a_new_figure_repaints_its_own_columns_and_the_screen_shows_it() -> None:
    app = _ClockApp("0:10")
    async with app.run_test(size=(80, 24)) as pilot:
        clock = app.query_one(BigClock)
        old = list(clock._texts)
        clock.update("0:11")
        box = changed_box(old, clock._texts)
        assert box is not None and 0 < box.width < clock.size.width
        await pilot.pause()
        # What the widget hands the compositor (cached lines and repainted ones
        # together) is the new text drawn afresh.
        shown = [strip.text for strip in clock.render_lines(clock.size.region)]
        assert shown == _drawn_afresh(clock)


def _drawn_afresh(clock: BigClock) -> list[str]:
    return clock._draw(clock.size.width, clock.size.height)
