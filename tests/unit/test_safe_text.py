"""The one sanitiser: what it shows visibly, what it leaves, and where its set is shared."""

from __future__ import annotations

import json

import pytest

from tui.core.routine.spec import forbidden_characters
from tui.core.safe_text import (
    LINE_BREAKS,
    cleaned,
    escape_json_text,
    first_unsafe,
    is_safe,
    shown,
    spreadsheet_cell,
    unsafe_class,
)

HOSTILE = "T\x1b]0;owned\x07\x1b[2J\x9b31m\x7f\u202eevil\u2066\u200b\ufeff"


def test_every_control_direction_and_invisible_character_is_shown_visibly() -> None:
    assert shown(HOSTILE) == (
        "T\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f<U+202E>evil<U+2066><U+200B><U+FEFF>"
    )


@pytest.mark.parametrize(
    "point", [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
def test_nothing_unsafe_survives(point: int) -> None:
    assert is_safe(shown(chr(point)))
    assert shown(chr(point)) != ""  # never dropped silently


@pytest.mark.parametrize("text", ["Cat-camel", "Étirement", "腿部拉伸", "stretch 💪", "a\\x1b"])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert shown(text) == text


def test_a_caller_may_allow_line_breaks_and_tabs() -> None:
    assert shown("one\ntwo\tthree\r", LINE_BREAKS) == "one\ntwo\tthree\\x0d"


def test_first_unsafe_names_the_first_one() -> None:
    assert first_unsafe("ok\u202ebad\x1b") == "<U+202E>"
    assert first_unsafe("ok") is None


def test_the_routine_format_refuses_exactly_this_set() -> None:
    assert forbidden_characters("text") == unsafe_class()
    assert forbidden_characters("paragraph") == unsafe_class(LINE_BREAKS)


def test_json_escapes_keep_the_value_and_leave_no_raw_character() -> None:
    text = json.dumps({"title": HOSTILE, "notes": "a\nb"}, ensure_ascii=False, indent=1)
    escaped = escape_json_text(text)
    assert json.loads(escaped) == {"title": HOSTILE, "notes": "a\nb"}
    assert is_safe(escaped, LINE_BREAKS)


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_read_as_formulas_get_a_quote(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text


def test_other_cells_are_left_alone() -> None:
    assert spreadsheet_cell("Back routine") == "Back routine"


def test_cleaning_takes_the_characters_out_and_counts_them() -> None:
    assert cleaned("knee \x1b[Aok\u200b") == ("knee [Aok", 2)
    assert cleaned("fine") == ("fine", 0)


def test_ascii_json_text_is_escaped_only_where_it_holds_del() -> None:
    assert escape_json_text('{"a":"plain",\n "b":1}') == '{"a":"plain",\n "b":1}'
    assert escape_json_text('{"a":"x\x7fy"}') == '{"a":"x\\u007fy"}'
