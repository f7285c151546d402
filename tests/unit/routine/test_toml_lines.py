"""Where problems are: decoding, file size and the line of every key, step and item."""

from __future__ import annotations

from tests.support.routine_texts import HEADER, HOLD, only_problem
from tui.core.routine.loader import parse_routine
from tui.core.routine.spec import MAX_FILE_BYTES
from tui.core.routine.toml_lines import (
    LineMap,
    decode_text,
    routine_bytes,
    step_header_lines,
)

# --------------------------------------------------------------------------- the line map


def test_line_map_finds_tables_keys_and_array_items() -> None:
    text = (
        "[routine]\n"  # 1
        'title = "T"\n'  # 2
        "[[step]]\n"  # 3
        "hold = 30\n"  # 4
        "[[step]]\n"  # 5
        "blocks = [\n"  # 6
        '  { label = "Walk" },\n'  # 7
        '  { label = "Sit" },\n'  # 8
        "]\n"
    )
    lines = LineMap(text)
    assert lines.line(("routine", "title")) == 2
    assert lines.line(("step", 0)) == 3
    assert lines.line(("step", 0, "hold")) == 4
    assert lines.line(("step", 1, "blocks", 1)) == 8
    assert lines.line(("step", 1, "blocks", 1, "label")) == 8


def test_line_map_falls_back_to_the_nearest_ancestor() -> None:
    lines = LineMap('[routine]\ntitle = "T"\n\n[[step]]\nkind = "hold"\n')
    assert lines.line(("step", 0, "hold")) == 4  # no hold key: the step's header
    assert lines.line(("nowhere",)) == 1


def test_line_map_reads_quoted_and_dotted_keys() -> None:
    lines = LineMap('[[step]]\nname = "x"\n"tempo".up = 2\ntempo."down" = 1\n')
    assert lines.line(("step", 0, "tempo", "up")) == 3
    assert lines.line(("step", 0, "tempo", "down")) == 4


def test_step_header_lines_skip_headers_inside_strings_and_comments() -> None:
    text = (
        "[[step]]\n"  # 1
        "# [[step]]\n"  # 2
        'notes = """\n[[step]]\n"""\n'  # 3-5
        "  [[ step ]]\n"  # 6
    )
    assert step_header_lines(text) == [1, 6]


def test_step_header_lines_miss_an_inline_step_array() -> None:
    assert step_header_lines('step = [{ kind = "rest" }]\n') == []


# --------------------------------------------------------------------------- reading text


def test_routine_bytes_encodes_text_and_keeps_bytes() -> None:
    assert routine_bytes("a = 1\n", "r.toml") == b"a = 1\n"
    assert routine_bytes(b"a = 1\n", "r.toml") == b"a = 1\n"


def test_decode_text_drops_a_byte_order_mark() -> None:
    assert decode_text(b"\xef\xbb\xbfa = 1\n", "r.toml") == "a = 1\n"


def test_step_remembers_its_header_line() -> None:
    text = HEADER + HOLD + "\n" + HOLD
    assert [s.line for s in parse_routine(text).steps] == [3, 8]


def test_byte_order_mark_is_accepted() -> None:
    assert parse_routine(b"\xef\xbb\xbf" + (HEADER + HOLD).encode()).title == "Test"


def test_non_utf8_bytes_are_a_problem_with_a_line() -> None:
    message = only_problem(HEADER.encode() + b'author = "\xff"\n' + HOLD.encode())
    assert message.startswith("r.toml:3:11: the file is not UTF-8 text")


def test_lone_surrogate_in_text_is_a_problem() -> None:
    assert "not valid Unicode" in only_problem(HEADER + 'author = "\ud800"\n')


def test_file_size_is_limited_before_parsing() -> None:
    text = HEADER + HOLD + "# " + "x" * MAX_FILE_BYTES + "\n"
    assert (
        only_problem(text) == "r.toml: the file is too large: a routine file may be at most 256 KiB"
    )


def test_deeply_nested_arrays_are_a_problem_not_a_crash() -> None:
    assert "not valid TOML" in only_problem(HEADER + "x = " + "[" * 50_000 + "]" * 50_000)


def test_quoted_and_dotted_keys_are_located() -> None:
    text = HEADER + '[[step]]\nkind = "reps"\nname = "B"\nreps = 5\n"tempo".up = 2\ntempo.upp = 1\n'
    assert only_problem(text).startswith("r.toml:8: step 1 \"B\": tempo: unknown key 'upp'")


def test_multiline_string_holding_a_header_does_not_confuse_lines() -> None:
    text = HEADER + HOLD + 'instructions = """\n[[step]]\nname = "x"\n"""\nreps = 0\n'
    assert only_problem(text).startswith("r.toml:11:")


def test_block_problem_points_at_the_block_line() -> None:
    text = HEADER + (
        '[[step]]\nkind = "interval"\nname = "W"\nblocks = [\n'
        '  { label = "Walk", duration = "5m" },\n'
        '  { label = "Sit", duration = "1s" },\n'
        "]\n"
    )
    assert only_problem(text) == (
        'r.toml:8: step 1 "W": block 2: \'duration\' must be a duration from 5 s to 2 h, got "1s"'
    )


def test_step_line_ignores_a_header_inside_a_multiline_string() -> None:
    text = HEADER + HOLD + "instructions = '''\n[[step]]\n'''\n" + HOLD
    assert [s.line for s in parse_routine(text).steps] == [3, 10]


def test_step_line_of_an_inline_step_array() -> None:
    text = 'step = [\n  { kind = "rest", name = "R", duration = 5 },\n]\n' + HEADER
    assert parse_routine(text).steps[0].line == 2
