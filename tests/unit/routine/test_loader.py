"""The routine loader: what it builds, and the problems it reports (one behaviour per test)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.support.routine_texts import HEADER, HOLD, only_problem, problems
from tui.core.routine.loader import MAX_PROBLEMS, load_routine, parse_routine
from tui.core.routine.model import Block, Problem, Sides, StepKind, Tempo, TextCue
from tui.core.routine.spec import MAX_STEPS

# --------------------------------------------------------------------------- what it builds


def test_minimal_routine_loads_with_defaults() -> None:
    routine = parse_routine(HEADER + HOLD)
    assert routine.title == "Test"
    assert routine.get_ready == 5.0
    assert routine.ask_pain_before is True
    assert routine.voice is None
    step = routine.steps[0]
    assert (step.kind, step.sides, step.reps, step.rest, step.switch) == (
        StepKind.HOLD,
        Sides.NONE,
        1,
        0.0,
        5.0,
    )


def test_routine_keys_are_read() -> None:
    text = (
        "[routine]\n"
        'title = "T"\nauthor = "Clinic"\ndescription = "D"\nversion = 1\n'
        'sessions_per_day = 2\ndays_per_week = 5\nget_ready = "10s"\n'
        'ask_pain_before = false\nvoice = true\nsafety = ["Stop."]\ncontact = "555-0100"\n'
    ) + HOLD
    routine = parse_routine(text)
    assert (routine.author, routine.description, routine.sessions_per_day) == ("Clinic", "D", 2)
    assert (routine.days_per_week, routine.get_ready, routine.ask_pain_before) == (5, 10.0, False)
    assert (routine.voice, routine.safety, routine.contact) == (True, ("Stop.",), "555-0100")


def test_hold_step_keys_are_read() -> None:
    step_text = (
        '[[step]]\nkind = "hold"\nname = "H"\ninstructions = "Do it."\nsides = "both"\n'
        'hold = "30s"\nreps = 3\nrest = "10s"\nswitch = "4s"\n'
        'cues = [{ at = "15s", text = "Breathe" }]\n'
    )
    step = parse_routine(HEADER + step_text).steps[0]
    assert (step.hold, step.reps, step.rest, step.switch, step.sides) == (
        30.0,
        3,
        10.0,
        4.0,
        Sides.BOTH,
    )
    assert step.instructions == "Do it."
    assert step.cues == (TextCue(15.0, "Breathe"),)


def test_reps_step_with_tempo_table() -> None:
    text = HEADER + (
        '[[step]]\nkind = "reps"\nname = "Bridge"\nreps = 10\nsets = 3\nrest = 60\n'
        "tempo = { up = 2, hold = 2, down = 2 }\n"
    )
    step = parse_routine(text).steps[0]
    assert (step.reps, step.sets, step.rest) == (10, 3, 60.0)
    assert step.tempo == Tempo(up=2, hold=2, down=2)


def test_tempo_as_text() -> None:
    text = HEADER + '[[step]]\nkind = "reps"\nname = "B"\nreps = 5\ntempo = "3-1-2-1"\n'
    assert parse_routine(text).steps[0].tempo == Tempo(up=3, hold=1, down=2, pause=1)


def test_tempo_as_sub_table() -> None:
    text = (
        HEADER + '[[step]]\nkind = "reps"\nname = "B"\nreps = 5\n[step.tempo]\nup = 2\ndown = 2\n'
    )
    assert parse_routine(text).steps[0].tempo == Tempo(up=2, down=2)


def test_reps_step_without_tempo_is_self_paced() -> None:
    text = HEADER + '[[step]]\nkind = "reps"\nname = "B"\nreps = 5\n'
    assert parse_routine(text).steps[0].tempo is None


def test_interval_step_blocks_as_array_of_tables() -> None:
    text = HEADER + (
        '[[step]]\nkind = "interval"\nname = "Walk"\nrepeat = 2\n'
        '[[step.blocks]]\nlabel = "Walk"\nduration = "5m"\n'
        '[[step.blocks]]\nlabel = "Sit"\nduration = "2m"\n'
    )
    step = parse_routine(text).steps[0]
    assert step.blocks == (Block("Walk", 300.0), Block("Sit", 120.0))
    assert step.repeat == 2


def test_rest_step() -> None:
    text = HEADER + '[[step]]\nkind = "rest"\nname = "Rest"\nduration = "1m"\n'
    assert parse_routine(text).steps[0].duration == 60.0


def test_cues_are_sorted_by_offset() -> None:
    text = HEADER + HOLD + 'cues = [{ at = 20, text = "b" }, { at = 5, text = "a" }]\n'
    assert [c.text for c in parse_routine(text).steps[0].cues] == ["a", "b"]


def test_whole_float_counts_as_whole_number() -> None:
    assert parse_routine(HEADER + HOLD + "reps = 3.0\n").steps[0].reps == 3


def test_parse_sets_sha256_of_bytes() -> None:
    data = (HEADER + HOLD).encode()
    assert parse_routine(data).sha256 == hashlib.sha256(data).hexdigest()


def test_load_routine_sets_source_and_sha256(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(HEADER + HOLD, encoding="utf-8")
    routine = load_routine(path)
    assert routine.source == path
    assert routine.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the message format


def test_problem_names_file_line_step_number_and_name() -> None:
    text = (
        "[routine]\n"  # 1
        'title = "Week 1"\n'  # 2
        "\n"  # 3
        "[[step]]\n"  # 4
        'kind = "hold"\nname = "Hamstring"\nhold = 30\n'  # 5-7
        "\n"  # 8
        "[[step]]\n"  # 9
        'kind = "rest"\nname = "Rest"\nduration = 30\n'  # 10-12
        "[[step]]\n"  # 13
        'kind = "reps"\n'  # 14
        'name = "Glute bridge"\n'  # 15
        "reps = 10\n"  # 16
        "sets = 0\n"  # 17
    )
    assert only_problem(text.replace('"r.toml"', "")) == (
        "r.toml:17: step 3 \"Glute bridge\": 'sets' must be a whole number from 1 to 20, got 0"
    )


def test_every_problem_is_reported_at_once() -> None:
    text = HEADER + HOLD + "reps = 0\nrest = -1\n" + HOLD + 'sides = "up"\n'
    assert len(problems(text)) == 3


def test_problems_are_sorted_by_line() -> None:
    text = HEADER + HOLD + "reps = 0\n" + "oops = 1\n[routine.extra]\nx = 1\n"
    lines = [int(p.split(":")[1]) for p in problems(text)]
    assert lines == sorted(lines)


def test_step_without_a_usable_name_is_named_by_number() -> None:
    text = HEADER + '[[step]]\nkind = "hold"\nhold = 30\n'
    assert (
        only_problem(text)
        == "r.toml:3: step 1: missing 'name' (e.g. name = \"Lying hamstring stretch\")"
    )


def test_problem_without_a_line_prints_the_file_only() -> None:
    assert str(Problem("a.toml", 0, "no such file")) == "a.toml: no such file"


def test_too_many_problems_are_counted_not_listed() -> None:
    text = HEADER + "".join(HOLD + "reps = 0\n" for _ in range(MAX_PROBLEMS + 5))
    found = problems(text)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].endswith("... and 5 more problems not listed")


# --------------------------------------------------------------------------- structure


def test_title_is_required() -> None:
    assert only_problem('[routine]\nauthor = "A"\n' + HOLD) == (
        "r.toml:1: the [routine] table: missing 'title' (e.g. title = \"Gentle stretches, week 1\")"
    )


def test_routine_table_is_required() -> None:
    assert (
        only_problem(HOLD) == 'r.toml:1: missing the [routine] table (with at least: title = "...")'
    )


def test_at_least_one_step_is_required() -> None:
    assert only_problem(HEADER) == "r.toml:1: no steps: add at least one [[step]] table"


def test_single_bracket_step_table_is_explained() -> None:
    assert only_problem(HEADER + '[step]\nkind = "hold"\n') == (
        "r.toml:3: write each step as [[step]] (with double brackets)"
    )


def test_step_count_is_limited() -> None:
    text = HEADER + HOLD * (MAX_STEPS + 1)
    assert "too many steps: 501 (a routine may have at most 500)" in only_problem(text)


def test_routine_key_at_top_level_is_explained() -> None:
    text = 'title = "T"\n' + HEADER + HOLD
    assert only_problem(text) == "r.toml:1: 'title' belongs in the [routine] table"


def test_unknown_top_level_key_gets_a_suggestion() -> None:
    text = HEADER + HOLD.replace("[[step]]", "[[steps]]")
    assert "r.toml:3: unknown key 'steps' (did you mean 'step'?)" in problems(text)


# --------------------------------------------------------------------------- keys


def test_unknown_key_suggests_a_near_miss() -> None:
    assert only_problem(HEADER + HOLD + "rset = 5\n") == (
        "r.toml:7: step 1 \"Stretch\": unknown key 'rset' (did you mean 'rest'?)"
    )


def test_unknown_key_without_near_miss_has_no_suggestion() -> None:
    assert only_problem(HEADER + HOLD + "colour = 5\n").endswith("unknown key 'colour'")


def test_unknown_routine_key_suggests_a_near_miss() -> None:
    text = '[routine]\ntitle = "T"\nsessions_per_week = 2\n' + HOLD
    assert "(did you mean 'sessions_per_day'?)" in only_problem(text)


def test_key_of_another_kind_names_the_kind() -> None:
    text = HEADER + HOLD + 'blocks = [{ label = "Walk", duration = 60 }]\n'
    assert only_problem(text) == (
        "r.toml:7: step 1 \"Stretch\": 'blocks' does not apply to a hold step "
        "(it is for interval steps)"
    )


def test_missing_key_points_at_the_step_header() -> None:
    text = HEADER + '\n[[step]]\nkind = "hold"\nname = "H"\n'
    assert only_problem(text) == 'r.toml:4: step 1 "H": missing \'hold\' (e.g. hold = "30s")'


def test_kind_is_required() -> None:
    assert "missing 'kind'" in only_problem(HEADER + '[[step]]\nname = "H"\n')


def test_unknown_kind_suggests_a_near_miss() -> None:
    text = HEADER + '[[step]]\nkind = "hodl"\nname = "H"\nhold = 30\n'
    assert only_problem(text).endswith(
        '\'kind\' must be one of "hold", "reps", "interval", "rest", got "hodl" '
        '(did you mean "hold"?)'
    )


def test_reps_is_required_for_a_reps_step() -> None:
    assert "missing 'reps'" in only_problem(HEADER + '[[step]]\nkind = "reps"\nname = "B"\n')


def test_blocks_are_required_for_an_interval_step() -> None:
    assert "missing 'blocks'" in only_problem(HEADER + '[[step]]\nkind = "interval"\nname = "W"\n')


def test_duration_is_required_for_a_rest_step() -> None:
    assert "missing 'duration'" in only_problem(HEADER + '[[step]]\nkind = "rest"\nname = "R"\n')


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reps = true", "'reps' must be a whole number from 1 to 100, got true"),
        ("reps = 2.5", "'reps' must be a whole number from 1 to 100, got 2.5"),
        ('reps = "3"', "'reps' must be a whole number from 1 to 100, got \"3\""),
        ("reps = 101", "'reps' must be a whole number from 1 to 100, got 101"),
        ("hold = true", "'hold' must be a duration from 1 s to 10 min, got true"),
        ("rest = 601", "'rest' must be a duration from 0 s to 10 min, got 601 (10 min 1 s)"),
        ("switch = -1", "'switch' must be a duration from 0 s to 2 min, got -1"),
        ('name = ""', "'name' must not be empty"),
        ("name = 5", "'name' must be text in quotes, got 5"),
        ('sides = "Both"', '\'sides\' must be one of "none", "left", "right", "both", '),
        ("cues = 5", "'cues' must be a list of tables like"),
    ],
)
def test_bad_step_values_say_what_was_expected(line: str, expected: str) -> None:
    text = HEADER + HOLD.replace("hold = 30\n", "") + (line + "\n")
    if not line.startswith("hold"):
        text += "hold = 30\n"
    text = text.replace('name = "Stretch"\n', "") if line.startswith("name") else text
    assert expected in "\n".join(problems(text))


def test_sessions_per_day_bounds() -> None:
    text = '[routine]\ntitle = "T"\nsessions_per_day = 11\n' + HOLD
    assert only_problem(text).endswith(
        "'sessions_per_day' must be a whole number from 1 to 10, got 11"
    )


def test_days_per_week_bounds() -> None:
    text = '[routine]\ntitle = "T"\ndays_per_week = 0\n' + HOLD
    assert only_problem(text).endswith("'days_per_week' must be a whole number from 1 to 7, got 0")


def test_get_ready_bounds() -> None:
    text = '[routine]\ntitle = "T"\nget_ready = "2m"\n' + HOLD
    assert only_problem(text).endswith(
        "'get_ready' must be a duration from 0 s to 1 min, got \"2m\""
    )


def test_ask_pain_before_must_be_boolean() -> None:
    text = '[routine]\ntitle = "T"\nask_pain_before = 1\n' + HOLD
    assert only_problem(text).endswith("'ask_pain_before' must be true or false, got 1")


def test_safety_must_be_a_list_of_lines() -> None:
    text = '[routine]\ntitle = "T"\nsafety = "Stop."\n' + HOLD
    assert "'safety' must be a list of text lines" in only_problem(text)


def test_title_length_is_limited() -> None:
    text = f'[routine]\ntitle = "{"x" * 121}"\n' + HOLD
    assert only_problem(text).endswith("'title' must be at most 120 characters long, got 121")


def test_title_must_be_one_line() -> None:
    text = '[routine]\ntitle = "a\\nb"\n' + HOLD
    assert only_problem(text).endswith("'title' must be a single line of text")


def test_control_characters_are_rejected() -> None:
    text = '[routine]\ntitle = "T"\nauthor = "\\u001b[31mred"\n' + HOLD
    assert only_problem(text).endswith("'author' must not contain control characters")


def test_future_format_version_is_rejected_clearly() -> None:
    text = '[routine]\ntitle = "T"\nversion = 2\nnew_key = 1\n' + HOLD
    assert only_problem(text) == (
        "r.toml:3: this routine is written in format version 2, but this supple reads "
        "version 1 only: update supple, or ask for a version 1 file"
    )


def test_version_must_be_one() -> None:
    text = '[routine]\ntitle = "T"\nversion = "1"\n' + HOLD
    assert only_problem(text).endswith("'version' must be 1, got \"1\"")


def test_tempo_text_must_have_three_or_four_numbers() -> None:
    text = HEADER + '[[step]]\nkind = "reps"\nname = "B"\nreps = 5\ntempo = "2-2"\n'
    assert "'tempo' text must be up-hold-down seconds" in only_problem(text)


def test_tempo_rep_length_is_bounded() -> None:
    text = HEADER + '[[step]]\nkind = "reps"\nname = "B"\nreps = 5\ntempo = { up = 0 }\n'
    assert "one rep at this tempo takes 0 s; it must take from 1 s to 60 s" in only_problem(text)


def test_interval_needs_at_least_one_block() -> None:
    text = HEADER + '[[step]]\nkind = "interval"\nname = "W"\nblocks = []\n'
    assert only_problem(text).endswith("'blocks' needs at least one block")


def test_block_needs_a_label() -> None:
    text = HEADER + '[[step]]\nkind = "interval"\nname = "W"\nblocks = [{ duration = 60 }]\n'
    assert "block 1: missing 'label'" in only_problem(text)


def test_cue_must_fall_inside_the_hold() -> None:
    text = HEADER + HOLD + 'cues = [{ at = "30s", text = "Too late" }]\n'
    assert only_problem(text) == (
        "r.toml:7: step 1 \"Stretch\": cue 1: 'at' (30 s) must fall inside the 30 s hold"
    )


def test_cue_must_fall_inside_a_paced_set() -> None:
    text = HEADER + (
        '[[step]]\nkind = "reps"\nname = "B"\nreps = 2\ntempo = "1-1-1"\n'
        'cues = [{ at = 6, text = "x" }]\n'
    )
    assert "must fall inside the 6 s set" in only_problem(text)


def test_cue_in_a_self_paced_set_is_not_bounded_by_the_set() -> None:
    text = (
        HEADER
        + '[[step]]\nkind = "reps"\nname = "B"\nreps = 2\ncues = [{ at = 600, text = "x" }]\n'
    )
    assert parse_routine(text).steps[0].cues[0].at == 600


def test_cue_must_fall_inside_the_longest_block() -> None:
    text = HEADER + (
        '[[step]]\nkind = "interval"\nname = "W"\nblocks = [{ label = "a", duration = 60 }]\n'
        'cues = [{ at = 60, text = "x" }]\n'
    )
    assert "must fall inside the longest block (1 min)" in only_problem(text)


def test_rest_step_takes_no_cues() -> None:
    text = HEADER + '[[step]]\nkind = "rest"\nname = "R"\nduration = 60\ncues = []\n'
    assert "'cues' does not apply to a rest step" in only_problem(text)


# --------------------------------------------------------------------------- warning-sign keys


def test_after_injection_and_warning_signs_are_read() -> None:
    text = (
        '[routine]\ntitle = "T"\nafter_injection = true\n'
        'warning_signs = ["pain that wakes you at night"]\n' + HOLD
    )
    routine = parse_routine(text)
    assert routine.after_injection is True
    assert routine.warning_signs == ("pain that wakes you at night",)


def test_after_injection_and_warning_signs_default_to_off_and_none() -> None:
    routine = parse_routine(HEADER + HOLD)
    assert (routine.after_injection, routine.warning_signs) == (False, ())


def test_after_injection_must_be_boolean_at_its_line() -> None:
    text = '[routine]\ntitle = "T"\nafter_injection = "yes"\n' + HOLD
    assert only_problem(text) == "r.toml:3: 'after_injection' must be true or false, got \"yes\""


def test_warning_signs_must_be_a_list_at_its_line() -> None:
    text = '[routine]\ntitle = "T"\n\nwarning_signs = "Fever."\n' + HOLD
    problem = only_problem(text)
    assert problem.startswith("r.toml:4: ")
    assert "'warning_signs' must be a list of text lines" in problem


def test_warning_signs_count_is_limited() -> None:
    signs = ", ".join(f'"sign {n}"' for n in range(11))
    text = f'[routine]\ntitle = "T"\nwarning_signs = [{signs}]\n' + HOLD
    assert only_problem(text) == "r.toml:3: 'warning_signs' may have at most 10 lines, got 11"


def test_warning_sign_length_is_limited() -> None:
    text = f'[routine]\ntitle = "T"\nwarning_signs = ["{"x" * 301}"]\n' + HOLD
    problem = only_problem(text)
    assert problem.startswith("r.toml:3")
    assert problem.endswith("must be at most 300 characters long, got 301")


def test_warning_sign_control_characters_are_rejected() -> None:
    text = '[routine]\ntitle = "T"\nwarning_signs = [\n  "ok",\n  "\\u001b[31mred",\n]\n' + HOLD
    problem = only_problem(text)
    assert problem.startswith("r.toml:5")
    assert problem.endswith("must not contain control characters")


# --------------------------------------------------------------------------- counts_when_done


def test_counts_when_done_defaults_to_80_percent() -> None:
    assert parse_routine(HEADER + HOLD).counts_when_done == 80


def test_counts_when_done_is_read() -> None:
    text = '[routine]\ntitle = "T"\ncounts_when_done = 60\n' + HOLD
    assert parse_routine(text).counts_when_done == 60


@pytest.mark.parametrize("value", ["49", "101", "0.8", '"80%"'])
def test_counts_when_done_is_a_whole_percent_from_50_to_100(value: str) -> None:
    text = f'[routine]\ntitle = "T"\ncounts_when_done = {value}\n' + HOLD
    assert only_problem(text).startswith("r.toml:3: 'counts_when_done' must be a whole number")


def test_pain_levels_and_safety_confirm_default_to_the_traffic_light_and_every_session() -> None:
    routine = parse_routine(HEADER + HOLD)
    assert (routine.pain_caution, routine.pain_stop, routine.safety_confirm) == (
        4,
        6,
        "every session",
    )


def test_pain_levels_and_safety_confirm_are_read() -> None:
    text = (
        '[routine]\ntitle = "T"\npain_caution = 3\npain_stop = 5\n'
        'safety_confirm = "once a day"\n' + HOLD
    )
    routine = parse_routine(text)
    assert (routine.pain_caution, routine.pain_stop, routine.safety_confirm) == (
        3,
        5,
        "once a day",
    )


@pytest.mark.parametrize(
    ("keys", "line", "message"),
    [
        (
            "pain_caution = 6\npain_stop = 6\n",
            3,
            "'pain_caution' (6) must be lower than 'pain_stop' (6)",
        ),
        ("pain_stop = 3\n", 3, "'pain_caution' (4) must be lower than 'pain_stop' (3)"),
        ("pain_caution = 7\n", 3, "'pain_caution' (7) must be lower than 'pain_stop' (6)"),
        ("pain_stop = 11\n", 3, "'pain_stop' must be a whole number from 1 to 10, got 11"),
    ],
)
def test_pain_caution_must_lie_below_pain_stop(keys: str, line: int, message: str) -> None:
    assert only_problem('[routine]\ntitle = "T"\n' + keys + HOLD) == f"r.toml:{line}: {message}"


def test_safety_confirm_is_one_of_its_choices() -> None:
    problem = only_problem('[routine]\ntitle = "T"\nsafety_confirm = "weekly"\n' + HOLD)
    assert problem.startswith("r.toml:3: 'safety_confirm' must be one of \"every session\"")
