"""``pain_sites``: a routine may ask pain separately for the leg and the back."""

from __future__ import annotations

import tomllib

import jsonschema
import pytest

from tui.core.routine.loader import parse_routine
from tui.core.routine.model import PainSite, RoutineError
from tui.core.routine.schema import routine_schema

STEP = '\n[[step]]\nkind = "hold"\nname = "Knee to chest"\nhold = "20s"\n'


def routine_text(sites: str) -> str:
    return f'[routine]\ntitle = "Sciatica"\n{sites}\n{STEP}'


def test_leg_and_back_are_asked_in_the_order_written() -> None:
    routine = parse_routine(routine_text('pain_sites = ["back", "leg"]'))
    assert routine.pain_sites == (PainSite.BACK, PainSite.LEG)


def test_without_pain_sites_one_pain_number_is_asked() -> None:
    assert parse_routine(routine_text("")).pain_sites == ()


@pytest.mark.parametrize(
    ("sites", "message"),
    [
        ('pain_sites = ["leg", "leg"]', """sciatica.toml:3: 'pain_sites' lists "leg" twice"""),
        (
            'pain_sites = ["knee"]',
            """sciatica.toml:3: each of 'pain_sites' must be one of "leg", "back", got 'knee'""",
        ),
        ('pain_sites = "leg"', "sciatica.toml:3: 'pain_sites' must be a list"),
    ],
)
def test_a_bad_site_is_reported_at_its_line(sites: str, message: str) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(routine_text(sites), "sciatica.toml")
    assert str(caught.value).startswith(message)


def test_the_schema_accepts_the_sites_and_refuses_others() -> None:
    validator = jsonschema.Draft202012Validator(routine_schema())
    good = tomllib.loads(routine_text('pain_sites = ["leg", "back"]'))
    assert validator.is_valid(good)
    for bad in ('["leg", "leg"]', '["knee"]'):
        assert not validator.is_valid(tomllib.loads(routine_text(f"pain_sites = {bad}")))
