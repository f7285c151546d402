"""Durations: how therapists write them and how patients read them."""

from __future__ import annotations

import pytest

from tui.core.routine.durations import DurationError, format_duration, parse_duration


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (30, 30.0),
        (7.5, 7.5),
        (0, 0.0),
        ("90", 90.0),
        ("30s", 30.0),
        ("2m", 120.0),
        ("1m30s", 90.0),
        ("1m 30s", 90.0),
        ("1h5min", 3900.0),
        ("1.5m", 90.0),
        ("30 seconds", 30.0),
        ("2 Minutes", 120.0),
        (" 45 S ", 45.0),
        (".5s", 0.5),
    ],
)
def test_parse_duration_reads(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        None,
        [30],
        {"s": 30},
        -1,
        float("inf"),
        float("nan"),
        "",
        "s",
        "30x",
        "1s2m",
        "2m2m",
        "1m-30s",
        "thirty",
        "٣٠s",
        "1" * 50,
    ],
)
def test_parse_duration_rejects(value: object) -> None:
    with pytest.raises(DurationError):
        parse_duration(value)


def test_unknown_unit_is_named() -> None:
    with pytest.raises(DurationError, match="unknown unit 'x'"):
        parse_duration("5x")


def test_units_out_of_order_are_explained() -> None:
    with pytest.raises(DurationError, match="largest first"):
        parse_duration("30s1m")


def test_huge_integer_is_not_finite() -> None:
    with pytest.raises(DurationError):
        parse_duration(10**400)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (2.5, "2.5 s"),
        (60, "1 min"),
        (750, "12 min 30 s"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
        (3661, "1 h 1 min 1 s"),
        (89.6, "1 min 30 s"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
