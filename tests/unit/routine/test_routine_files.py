"""Listing routine files, and the quick title the home screen's first frame shows."""

from __future__ import annotations

from pathlib import Path

from tests.support import paths
from tui.core import locations
from tui.core.routine.loader import load_routine
from tui.core.routine.routine_files import quick_title, routine_files


def test_routine_files_are_the_toml_files_sorted_by_name(tmp_path: Path) -> None:
    for name in ("b.toml", "a.toml", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "folder.toml").mkdir()
    assert [p.name for p in routine_files(tmp_path)] == ["a.toml", "b.toml"]
    assert routine_files(tmp_path / "missing") == []


def test_the_quick_title_is_the_loaded_title_for_every_library_routine() -> None:
    for folder in (paths.FIXTURES / "library", locations.bundled_routines_dir()):
        for path in routine_files(folder):
            assert quick_title(path) == load_routine(path).title


def test_a_title_that_cannot_be_read_quickly_gives_none(tmp_path: Path) -> None:
    cases = {
        "escaped.toml": '[routine]\ntitle = "Say \\"hi\\""\n',
        "in-a-step.toml": '[routine]\nversion = 1\n[[steps]]\ntitle = "Not the routine"\n',
        "no-table.toml": 'title = "Not in the routine table"\n',
        "missing.toml": "[routine]\nversion = 1\n",
        "empty-title.toml": '[routine]\ntitle = ""\n',
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert quick_title(tmp_path / name) is None, name
    assert quick_title(tmp_path / "absent.toml") is None


def test_a_plain_title_with_a_comment_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        '# my routine\n[routine]\nversion = 1\ntitle = "Knee  " # for now\n', encoding="utf-8"
    )
    assert quick_title(path) == "Knee"
