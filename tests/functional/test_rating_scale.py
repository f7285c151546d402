"""The 0-10 scale of the rating dialogs: its layout at every width, clicks and hover."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from tui.app.widgets.rating_scale import LAYOUTS, RatingScale


class ScaleApp(App[None]):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width
        self.picked: list[int] = []

    def compose(self) -> ComposeResult:
        scale = RatingScale(0, 10)
        scale.styles.width = self.width
        yield scale

    def on_rating_scale_picked(self, event: RatingScale.Picked) -> None:
        self.picked.append(event.value)


@pytest.mark.parametrize(
    ("width", "layout"), [(66, (5, 1)), (65, (5, 1)), (64, (4, 1)), (40, (3, 0)), (24, (2, 0))]
)
def test_the_roomiest_layout_that_fits_is_used(width: int, layout: tuple[int, int]) -> None:
    assert RatingScale(0, 10).layout_for(width) == layout
    assert layout in LAYOUTS


@pytest.mark.parametrize("width", [66, 50, 30])
async def test_every_number_is_drawn_where_a_click_picks_it(width: int) -> None:
    app = ScaleApp(width)
    async with app.run_test(size=(80, 5)) as pilot:
        scale = app.query_one(RatingScale)
        text = scale.render().plain
        assert len(text) <= width
        for value in range(11):
            offset = scale.offset_of(value)
            assert scale.value_at(offset.x) == value
            assert str(value) in text[offset.x - 1 : offset.x + 2]
            await pilot.click(scale, offset=offset)
        assert app.picked == list(range(11))


async def test_a_click_between_numbers_picks_nothing() -> None:
    app = ScaleApp(66)
    async with app.run_test(size=(80, 5)) as pilot:
        scale = app.query_one(RatingScale)
        assert scale.value_at(5) is None  # the gap after 0
        await pilot.click(scale, offset=(5, 0))
        assert app.picked == []


async def test_hover_and_chosen_are_drawn_in_their_own_styles() -> None:
    app = ScaleApp(66)
    async with app.run_test(size=(80, 5)) as pilot:
        scale = app.query_one(RatingScale)
        scale.chosen = 7
        await pilot.hover(scale, offset=scale.offset_of(3))
        assert scale.hover == 3
        spans = {
            scale.render().plain[s.start : s.end].strip(): s.style for s in scale.render().spans
        }
        assert spans["7"] == scale.get_component_rich_style("rating-scale--chosen")
        assert spans["3"] == scale.get_component_rich_style("rating-scale--hover")
        assert spans["5"] == scale.get_component_rich_style("rating-scale--number")
        assert spans["7"] != spans["5"] != spans["3"]
