"""The routine library: listing bundled and user routines, and resolving a name or path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core import locations
from tui.core.routine.library import (
    RoutineNotFoundError,
    list_routines,
    resolve_routine,
    routine_names,
)
from tui.core.routine.loader import load_routine

GOOD = '[routine]\ntitle = "Mine"\n[[step]]\nkind = "rest"\nname = "R"\nduration = 10\n'
REQUIRED = {
    "first-week-after-injection",
    "lumbar-stretches",
    "core-strength",
    "walking-intervals",
}


def user_file(name: str, text: str = GOOD) -> Path:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_required_bundled_routines_are_listed() -> None:
    bundled = {e.name for e in list_routines() if e.origin == "bundled"}
    assert bundled >= REQUIRED


def test_bundled_routine_names_are_kebab_case() -> None:
    for entry in list_routines():
        assert entry.name == entry.name.lower()
        assert " " not in entry.name and "_" not in entry.name


@pytest.mark.parametrize("path", sorted(locations.bundled_routines_dir().glob("*.toml")))
def test_bundled_routine_loads(path: Path) -> None:
    load_routine(path)


@pytest.mark.parametrize("path", sorted(locations.bundled_routines_dir().glob("*.toml")))
def test_bundled_routine_says_it_is_an_example_and_has_safety_and_no_made_up_contact(
    path: Path,
) -> None:
    routine = load_routine(path)
    assert "example" in routine.description.lower()
    assert "therapist" in routine.description.lower()
    assert routine.safety
    # No placeholder a patient would read as a number: the patient's own, or "ask".
    assert routine.contact == ""


@pytest.mark.parametrize("path", sorted(locations.bundled_routines_dir().glob("*.toml")))
def test_only_the_injection_routine_is_after_an_injection(path: Path) -> None:
    after = load_routine(path).after_injection
    assert after is (path.stem == "first-week-after-injection")


def test_bundled_entry_has_title_path_and_origin() -> None:
    entry = next(e for e in list_routines() if e.name == "lumbar-stretches")
    assert (entry.title, entry.origin, entry.ok) == ("Lumbar stretches", "bundled", True)
    assert entry.path.name == "lumbar-stretches.toml"


def test_no_user_routines_when_the_folder_is_missing() -> None:
    assert [e for e in list_routines() if e.origin == "yours"] == []


def test_user_routine_is_listed_as_yours() -> None:
    user_file("mine.toml")
    entry = next(e for e in list_routines() if e.origin == "yours")
    assert (entry.name, entry.title, entry.ok) == ("mine", "Mine", True)


def test_broken_user_routine_is_listed_with_its_problem() -> None:
    user_file("broken.toml", "[routine]\n")
    entry = next(e for e in list_routines() if e.origin == "yours")
    assert entry.title == "broken.toml"
    assert entry.problem is not None and entry.problem.startswith("line 1: ")


def test_non_toml_files_are_not_listed() -> None:
    user_file("notes.txt", "hello")
    assert [e for e in list_routines() if e.origin == "yours"] == []


def test_resolve_an_existing_path(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert resolve_routine(str(path)) == path


def test_resolve_a_bundled_name() -> None:
    assert resolve_routine("core-strength") == (
        locations.bundled_routines_dir() / "core-strength.toml"
    )


def test_resolve_a_name_with_suffix() -> None:
    assert resolve_routine("core-strength.toml").name == "core-strength.toml"


def test_user_routine_comes_before_a_bundled_one_of_the_same_name() -> None:
    path = user_file("core-strength.toml")
    assert resolve_routine("core-strength") == path


def test_unknown_name_lists_what_exists() -> None:
    with pytest.raises(RoutineNotFoundError, match="Available routines: core-strength"):
        resolve_routine("nothing-like-it")


def test_near_miss_gets_a_did_you_mean() -> None:
    with pytest.raises(RoutineNotFoundError, match="did you mean 'core-strength'"):
        resolve_routine("core-strenght")


def test_part_of_a_name_gets_a_did_you_mean() -> None:
    with pytest.raises(RoutineNotFoundError, match="did you mean 'walking-intervals'"):
        resolve_routine("walking")


def test_folder_is_not_a_routine(tmp_path: Path) -> None:
    with pytest.raises(RoutineNotFoundError, match="is a folder"):
        resolve_routine(tmp_path)


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(RoutineNotFoundError, match="no routine file or routine named"):
        resolve_routine(tmp_path / "gone.toml")


def test_routine_names_merges_both_folders() -> None:
    user_file("mine.toml")
    names = routine_names()
    assert "mine" in names and "lumbar-stretches" in names
