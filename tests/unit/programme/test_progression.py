"""Blocks that grow by the week as prescribed."""

from __future__ import annotations

from pathlib import Path

from tui.core.programme import routine_for_week
from tui.core.programme.plan_file import load_programme
from tui.core.programme.plan_words import plan_lines
from tui.core.routine.loader import load_routine


def test_the_walking_block_has_the_prescribed_length_each_week(programme_dir: Path) -> None:
    programme = load_programme(programme_dir / "programme.toml")
    walk = load_routine(programme_dir / "walk.toml")
    entries = programme.progressions_for("walk.toml")
    lengths = [
        routine_for_week(walk, entries, week).steps[0].blocks[0].seconds for week in range(1, 8)
    ]
    assert lengths == [600, 600, 660, 720, 780, 840, 900]
    sit = {
        routine_for_week(walk, entries, week).steps[0].blocks[1].seconds for week in range(1, 30)
    }
    assert sit == {120}  # only the named block grows
    assert routine_for_week(walk, entries, 40).steps[0].blocks[0].seconds == 900  # up to 15 min
    assert walk.steps[0].blocks[0].seconds == 600  # the routine itself is unchanged


def test_show_lists_the_block_length_for_each_week(programme_dir: Path) -> None:
    lines = plan_lines(load_programme(programme_dir / "programme.toml"))
    assert "  week 2: 10 min" in lines
    assert "  week 3: 11 min" in lines
    assert "  week 6: 14 min" in lines
    assert any("Moves on when: pain after at most 3 on 3 of the last 4" in line for line in lines)
