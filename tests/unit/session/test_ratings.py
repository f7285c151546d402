"""Pain (0-10 NRS) and effort (supple's own scale): wording, bands, change, keys, typed answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.session import ratings
from tui.core.session.ratings import (
    PainBand,
    PainTrend,
    RatingInputError,
    effort_label,
    key_for_rating,
    pain_band,
    pain_change,
    pain_label,
    pain_trend,
    parse_rating,
    rating_for_key,
)


def test_question_and_anchors_are_the_domain_wording() -> None:
    assert ratings.PAIN_QUESTION == "What number would you give your pain right now?"
    assert ratings.PAIN_ANCHORS == {0: "no pain", 10: "worst pain imaginable"}
    assert ratings.PAIN_ANCHOR_LINE == "0 = no pain, 10 = worst pain imaginable"


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, None),
        (1, PainBand.MILD),
        (3, PainBand.MILD),
        (4, PainBand.MODERATE),
        (6, PainBand.MODERATE),
        (7, PainBand.SEVERE),
        (10, PainBand.SEVERE),
    ],
)
def test_bands(value: int, band: PainBand | None) -> None:
    assert pain_band(value) == band


def test_labels_show_anchor_or_band() -> None:
    assert pain_label(0) == "0 (no pain)"
    assert pain_label(2) == "2 (mild)"
    assert pain_label(5) == "5 (moderate)"
    assert pain_label(7) == "7 (severe)"
    assert pain_label(10) == "10 (worst pain imaginable)"


@pytest.mark.parametrize("bad", [-1, 11, True])
def test_out_of_range_ratings_are_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        pain_band(bad)


def test_pain_change_needs_both_ratings() -> None:
    assert pain_change(None, 4) is None
    assert pain_change(4, None) is None


@pytest.mark.parametrize(
    ("before", "after", "meaningful"),
    [
        (5, 5, False),
        (5, 6, False),  # 1 point
        (5, 7, True),  # 2 points
        (6, 4, True),  # 2 points better
        (3, 2, False),  # 1 point, though 33 %: the 30 % rule is for weeks, not one session
        (1, 2, False),  # 1 point, though 100 %
        (8, 9, False),  # 1 point
        (8, 10, True),  # 2 points, though 25 %
        (0, 1, False),
        (0, 2, True),
    ],
)
def test_meaningful_change_is_two_points_nothing_else(
    before: int, after: int, meaningful: bool
) -> None:
    change = pain_change(before, after)
    assert change is not None
    assert change.meaningful is meaningful


@given(st.integers(0, 10), st.integers(0, 10))
def test_trend_is_the_two_point_rule_for_every_pair(before: int, after: int) -> None:
    expected = (
        PainTrend.WORSE
        if after - before >= 2
        else PainTrend.IMPROVED
        if before - after >= 2
        else PainTrend.SAME
    )
    assert pain_trend(before, after) is expected


def test_change_is_described_plainly() -> None:
    assert pain_change(3, 5).describe() == "Pain before 3, after 5: 2 points higher (worse)."  # type: ignore[union-attr]
    assert pain_change(5, 2).describe() == "Pain before 5, after 2: 3 points lower (better)."  # type: ignore[union-attr]
    assert (
        pain_change(4, 3).describe()  # type: ignore[union-attr]
        == "Pain before 4, after 3: 1 point lower (about the same)."
    )
    assert pain_change(4, 4).describe() == "Pain before 4, after 4: no change."  # type: ignore[union-attr]


def test_pair_text_marks_the_trend_with_an_arrow() -> None:
    assert ratings.pain_pair_text(2, 10) == "2 -> 10 \u25b2"
    assert ratings.pain_pair_text(5, 3) == "5 -> 3 \u25bc"
    assert ratings.pain_pair_text(8, 9) == "8 -> 9"
    assert ratings.pain_pair_text(None, 4) == "- -> 4"
    assert ratings.pain_pair_text(None, None) == "- -> -"


def test_pair_width_is_the_widest_text_of_any_pair() -> None:
    values = (None, *range(11))
    widest = max(len(ratings.pain_pair_text(b, a)) for b in values for a in values)
    assert ratings.PAIN_PAIR_WIDTH == widest == len("2 -> 10 \u25b2")


def test_effort_is_supples_own_scale() -> None:
    assert ratings.EFFORT_QUESTION == "How hard was that?"
    assert ratings.EFFORT_SCALE_NAME == "supple's effort scale"
    assert ratings.EFFORT_LABELS == {
        0: "no effort at all",
        2: "easy",
        4: "working, but comfortable",
        6: "hard work",
        8: "very hard",
        10: "as hard as I could",
    }
    assert effort_label(6) == "6 (hard work)"
    assert effort_label(5) == "5"  # the numbers between the anchors have none
    assert ratings.effort_scale_lines()[0] == "0 no effort at all"


def test_no_borg_wording_is_shipped() -> None:
    # The Borg CR10 anchors are licensed by their owner (DOMAIN.md, "Licensed scales").
    borg = {"nothing at all", "very weak", "weak", "moderate", "somewhat strong", "strong"}
    borg |= {"very strong", "extremely strong", "maximal", "just noticeable"}
    assert not borg & set(ratings.EFFORT_LABELS.values())
    assert "borg" not in ratings.EFFORT_QUESTION.lower()


def test_keys_digits_and_ten_key() -> None:
    assert [rating_for_key(str(n)) for n in range(10)] == list(range(10))
    assert rating_for_key(ratings.TEN_KEY) == 10
    assert rating_for_key("x") is None
    assert rating_for_key("space") is None
    assert rating_for_key("²") is None  # a digit to str.isdigit, but not a key for a rating
    assert key_for_rating(10) == ratings.TEN_KEY
    assert key_for_rating(7) == "7"
    assert ratings.TEN_KEY not in "0123456789"
    assert ratings.TEN_KEY != ratings.SKIP_KEY


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7", 7),
        (" 10 ", 10),
        ("0", 0),
        ("t", 10),
        ("4/10", 4),
        ("", None),
        ("skip", None),
        ("S", None),
        ("  ", None),
    ],
)
def test_typed_answers(text: str, value: int | None) -> None:
    assert parse_rating(text) == value


@pytest.mark.parametrize("text", ["11", "-1", "7.5", "seven", "1 0", "٣"])
def test_typed_nonsense_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(RatingInputError, match="0 to 10"):
        parse_rating(text)


@given(st.text(max_size=6))
def test_parse_rating_returns_a_rating_none_or_a_rating_error(text: str) -> None:
    try:
        value = parse_rating(text)
    except RatingInputError:
        return
    assert value is None or ratings.is_rating(value)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (5, 3, PainTrend.IMPROVED),
        (5, 4, PainTrend.SAME),
        (5, 5, PainTrend.SAME),
        (3, 5, PainTrend.WORSE),
        (2, 1, PainTrend.SAME),  # half the pain, but 1 point: within the measurement error
        (1, 2, PainTrend.SAME),
        (8, 9, PainTrend.SAME),
        (8, 10, PainTrend.WORSE),
        (None, 5, None),
        (5, None, None),
    ],
)
def test_pain_trend_counts_only_meaningful_changes(
    before: int | None, after: int | None, expected: PainTrend | None
) -> None:
    assert pain_trend(before, after) is expected
