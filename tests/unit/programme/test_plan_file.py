"""The programme loader: a good file, and every problem of a broken one at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core import locations
from tui.core.programme.plan_file import is_programme_text, load_programme
from tui.core.routine.model import RoutineError
from tui.core.routine.toml_reading import read_document


def test_a_good_programme_loads(programme_dir: Path) -> None:
    programme = load_programme(programme_dir / "programme.toml")
    assert [(p.name, p.first_day, p.last_day) for p in programme.phases] == [
        ("Rest", 0, 0),
        ("First week", 1, 7),
        ("Building", 8, 21),
        ("Keeping on", 22, 42),
    ]
    building = programme.phases[2]
    assert [(r.title, r.sessions_per_day, r.days_per_week) for r in building.routines] == [
        ("Stretch", 1, 7),
        ("Walk", 1, 5),
    ]
    assert building.move_on is not None
    assert building.move_on.on_sessions == (3, 4)
    assert building.move_on.adherence_at_least == 50
    assert programme.gate.not_before == 24 * 3600
    assert programme.progressions[0].written == 600


def test_a_programme_is_told_from_a_routine() -> None:
    assert is_programme_text("# x\n[programme]\ntitle = 'x'\n")
    assert not is_programme_text("[routine]\ntitle = 'x'\n")


BROKEN = """
[programme]
title = "Broken"
start = "2026-13-01"

[[phase]]
name = "One"
days = "0-7"
routines = ["no-such-routine-here"]

[[phase]]
name = "Two"
days = "5-10"
routines = ["walk.toml"]
move_on = { pain_after_at_most = 11, on_sessions = "9 of last 3" }

[[phase]]
name = "Three"
days = "14-20"
routines = ["walk.toml"]

[[card]]
title = "Card"
text = "Text"
phase = "Fuor"
"""


def test_check_reports_every_problem_of_a_broken_programme_at_once(
    programme_dir: Path,
) -> None:
    path = programme_dir / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_programme(path)
    text = str(caught.value)
    lines = text.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines), text
    assert "'start' must be a date" in text and ":4:" in text  # a bad date, with its line
    assert "routine 'no-such-routine-here' not found" in text  # a missing routine
    assert "'pain_after_at_most' must be a whole number from 0 to 10" in text  # a bad criterion
    assert "'on_sessions' must be like" in text
    assert "overlap phase 1" in text  # phases that overlap
    assert "days 11-13 belong to no phase" in text  # and a gap
    assert "no phase named 'Fuor'" in text
    assert len(lines) >= 7


def test_check_reports_a_missing_picture_of_a_routine_with_the_programmes_own_problems(
    programme_dir: Path,
) -> None:
    walk = programme_dir / "walk.toml"
    walk.write_text(
        walk.read_text() + 'image = "pictures/walk.png"\nimage_alt = "Walking upright"\n',
        encoding="utf-8",
    )
    path = programme_dir / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    load_programme(programme_dir / "programme.toml")  # running one opens no picture
    with pytest.raises(RoutineError) as caught:
        load_programme(path, open_pictures=True)  # supple check opens them all
    lines = str(caught.value).splitlines()
    assert "routine 'no-such-routine-here' not found" in lines[0] + lines[1]
    assert any("overlap phase 1" in line for line in lines)
    assert any("'pain_after_at_most' must be a whole number" in line for line in lines)
    # The programme's problems first, by line, then the routine's picture at its own line.
    assert all(line.startswith(f"{path}:") for line in lines[:-1])
    assert lines[-1].startswith(f"{walk}:8: step 1 \"Walk\": the picture 'pictures/walk.png'")
    with pytest.raises(RoutineError, match=r"pictures/walk\.png"):
        load_programme(programme_dir / "programme.toml", open_pictures=True)


def test_a_syntax_mistake_is_worded_by_the_routine_rooms_reader(programme_dir: Path) -> None:
    path = programme_dir / "bad.toml"
    path.write_text('[programme]\ntitle = "x"\n[gate]\nnot_before = 24h\n', encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_programme(path)
    assert any(p.line == 4 and "quotes" in p.message for p in caught.value.problems)
    assert read_document('x = "1"', "f").document == {"x": "1"}


def test_a_progression_naming_a_missing_block_is_reported(programme_dir: Path) -> None:
    path = programme_dir / "programme.toml"
    path.write_text(path.read_text().replace('block = "Walk"', 'block = "Wlak"'), encoding="utf-8")
    with pytest.raises(RoutineError, match="step 'Walk' has no block 'Wlak'"):
        load_programme(path)


def test_the_bundled_programme_loads() -> None:
    path = locations.bundled_programmes_dir() / "six-weeks-after-injection" / "programme.toml"
    programme = load_programme(path)
    assert programme.title == "Six weeks after a lumbar epidural injection"
    assert programme.last_day == 42
    assert programme.start is None  # the patient sets it
    names = {s.name for p in programme.phases for r in p.routines for s in _steps(r.path)}
    assert {"Sciatic nerve glide", "Calf stretch"} <= names
    assert "Lying hamstring stretch" not in names


def _steps(path: Path) -> tuple:  # type: ignore[type-arg]
    from tui.core.routine.loader import load_routine

    return load_routine(path).steps


def test_the_bundled_programme_passes_its_json_schema() -> None:
    import tomllib

    import jsonschema

    from tui.core.programme.plan_schema import programme_schema

    path = locations.bundled_programmes_dir() / "six-weeks-after-injection" / "programme.toml"
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, programme_schema())
    bad = {**document, "phase": [{**document["phase"][0], "dayz": "0"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, programme_schema())
