"""A programme's ``pain_sites``: checked, and asked in each of its routines that names none."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from tui.core.programme.plan_file import load_programme
from tui.core.programme.plan_schema import programme_schema
from tui.core.programme.progression import routine_for_week
from tui.core.routine.loader import load_routine
from tui.core.routine.model import PainSite, RoutineError


def with_sites(programme_dir: Path, line: str) -> Path:
    path = programme_dir / "programme.toml"
    text = path.read_text()
    path.write_text(text.replace("[programme]\n", f"[programme]\n{line}\n", 1))
    return path


def test_the_programmes_sites_are_read(programme_dir: Path) -> None:
    programme = load_programme(with_sites(programme_dir, 'pain_sites = ["leg", "back"]'))
    assert programme.pain_sites == (PainSite.LEG, PainSite.BACK)


def test_without_sites_a_programme_asks_one_number(programme_dir: Path) -> None:
    assert load_programme(programme_dir / "programme.toml").pain_sites == ()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('pain_sites = ["leg", "leg"]', "'pain_sites' lists a site twice"),
        ('pain_sites = ["hip"]', """each of 'pain_sites' must be one of "leg", "back\""""),
    ],
)
def test_a_bad_site_list_is_reported_at_its_line(
    programme_dir: Path, line: str, message: str
) -> None:
    with pytest.raises(RoutineError) as caught:
        load_programme(with_sites(programme_dir, line))
    assert f"programme.toml:3: [programme]: {message}" in str(caught.value)


def test_the_schema_knows_the_sites() -> None:
    sites = programme_schema()["properties"]["programme"]["properties"]["pain_sites"]
    jsonschema.validate(["leg", "back"], sites)
    for bad in (["back", "back"], ["hip"]):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, sites)


def test_a_routine_without_sites_takes_the_programmes(programme_dir: Path) -> None:
    routine = load_routine(programme_dir / "stretch.toml")
    asked = routine_for_week(routine, (), 1, pain_sites=(PainSite.LEG, PainSite.BACK))
    assert asked.pain_sites == (PainSite.LEG, PainSite.BACK)
    own = routine_for_week(asked, (), 1, pain_sites=(PainSite.BACK,))
    assert own.pain_sites == (PainSite.LEG, PainSite.BACK)
