"""Syntax mistakes said in a therapist's words, and the rest of the file still checked."""

from __future__ import annotations

import pytest

from tests.support.routine_texts import HEADER, HOLD, only_problem, problems
from tui.core.routine.toml_reading import MAX_SYNTAX_MISTAKES, read_document

STEP = '[[step]]\nkind = "hold"\nname = "Bird dog"\n'


def test_the_five_common_mistakes_are_all_listed_with_their_lines() -> None:
    text = (
        '[routine]\ntitle = "Test"\n'  # 1-2
        + STEP  # 3-5
        + "hold = 30 sec\n"  # 6: unquoted duration
        + '[routine]\ntitle = "Again"\n'  # 7-8: table twice
        + STEP  # 9-11
        + 'hold = "10s"\nreps = 3\nreps = 4\n'  # 12-14: key twice
        + STEP  # 15-17
        + 'hold = "500 min"\nreps = 0\n'  # 18-19: two value problems
    )
    assert problems(text) == [
        'r.toml:6:11: durations need quotes: hold = "30 sec"',
        "r.toml:7:9: [routine] is written twice (first on line 1): "
        "write each table once and put all its keys there",
        "r.toml:14:9: 'reps' is set twice in step 2 (first on line 13)",
        "r.toml:18: step 3 \"Bird dog\": 'hold' must be a duration from 1 s to 10 min, "
        'got "500 min"',
        "r.toml:19: step 3 \"Bird dog\": 'reps' must be a whole number from 1 to 100, got 0",
    ]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("hold = 30s", 'r.toml:6:10: durations need quotes: hold = "30s"'),
        ("hold = 1 min 30 s", 'durations need quotes: hold = "1 min 30 s"'),
        ("sides = both", 'text needs quotes: sides = "both"'),
        ("reps = 10x", "'reps' takes a plain number: reps = 10"),
        ("hold =", "'hold' has no value after '='"),
        ("hold", "'hold' needs '=' before its value"),
    ],
)
def test_a_mistaken_value_is_named_as_written(line: str, said: str) -> None:
    text = HEADER + STEP + ("hold = 5\n" if not line.startswith("hold") else "") + line + "\n"
    found = problems(text)
    assert any(said in problem for problem in found), found


def test_a_mended_duration_is_still_checked() -> None:
    found = problems(HEADER + STEP + "hold = 30 parsecs\n")
    assert found[0] == 'r.toml:6:11: durations need quotes: hold = "30 parsecs"'
    assert "'hold' must be a duration" in found[1]


def test_a_key_set_aside_is_not_also_called_missing() -> None:
    assert only_problem(HEADER + STEP + "hold =\n") == "r.toml:6:7: 'hold' has no value after '='"


def test_missing_brackets_and_quotes_are_named() -> None:
    assert problems(HEADER + '[[step]\nkind = "hold"\nname = "X"\nhold = 5\n') == [
        "r.toml:3:7: a closing bracket is missing: write [[step]]"
    ]
    assert problems('[routine\ntitle = "T"\n' + HOLD) == [
        "r.toml:1:9: a closing bracket is missing: write [routine]"
    ]
    assert problems(HEADER + 'author = "Dr Who\n' + HOLD) == [
        'r.toml:3:17: a closing quote is missing: author = "Dr Who"'
    ]


def test_an_unclosed_list_is_said_where_it_starts() -> None:
    text = HEADER + 'safety = ["Stop if it hurts",\n  "Breathe"\n\n' + HOLD
    assert only_problem(text) == "r.toml:3: the list in 'safety' is missing its closing \"]\""


def test_unclosed_multiline_text_is_said_at_the_end() -> None:
    assert only_problem(HEADER + 'x = """never closed') == (
        "r.toml:3: a text is missing its closing quotes"
    )


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    assert "not valid TOML" in only_problem(HEADER + "x = " + "[" * 50_000 + "]" * 50_000)


def test_reading_gives_up_after_many_mistakes() -> None:
    text = HEADER + "".join(f"k{n} = \n" for n in range(MAX_SYNTAX_MISTAKES + 5))
    read = read_document(text, "r.toml")
    assert read.document is None
    assert len(read.problems) == MAX_SYNTAX_MISTAKES + 1
    assert read.problems[-1].message == "... more mistakes after this were not read"


def test_mended_text_keeps_every_line_number() -> None:
    text = HEADER + STEP + "hold = 30 sec\nreps = 3\nreps = 4\n"
    read = read_document(text, "r.toml")
    assert read.text.count("\n") == text.count("\n")
    assert read.document is not None
    assert read.document["step"][0]["hold"] == "30 sec"
