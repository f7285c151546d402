"""The tempo bar: one block per phase in proportion, the current one lit, each drawn once."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.app.widgets.phase_bar import PhaseBar

PHASES = (("up", 2.0), ("hold", 1.0), ("down", 2.0))


class _BarApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PhaseBar(id="bar")


async def test_blocks_fill_the_width_in_proportion_and_repeat_from_the_cache() -> None:
    app = _BarApp()
    async with app.run_test(size=(50, 5)) as pilot:
        bar = app.query_one(PhaseBar)
        bar.show(PHASES, 0)
        await pilot.pause()
        line = bar.render_line(0)
        assert line.text == "UP".center(20) + "HOLD".center(10) + "DOWN".center(20)
        assert line.cell_length == 50
        bar.show(PHASES, 1)
        await pilot.pause()
        assert bar.render_line(0).text == line.text  # same blocks, another one lit
        assert bar.render_line(0) is not line
        bar.show(PHASES, 0)  # the next rep: the first phase's line is reused
        assert bar.render_line(0) is line
