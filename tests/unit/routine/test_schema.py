"""The JSON Schema accepts what the loader accepts, and rejects what the loader rejects."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tui.core.locations import bundled_routines_dir
from tui.core.routine.loader import parse_routine
from tui.core.routine.model import RoutineError
from tui.core.routine.schema import routine_schema
from tui.core.routine.spec import ROUTINE_KEYS, STEP_KEYS
from tui.core.routine.starter import STARTER_ROUTINE

BUNDLED = sorted(bundled_routines_dir().glob("*.toml"))


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(routine_schema())


def schema_accepts(text: str) -> bool:
    return bool(validator().is_valid(tomllib.loads(text)))


def loader_accepts(text: str) -> bool:
    try:
        parse_routine(text)
    except RoutineError:
        return False
    return True


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(routine_schema())


def test_schema_declares_draft_2020_12() -> None:
    assert routine_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_routine_validates(path: Path) -> None:
    validator().validate(tomllib.loads(path.read_text(encoding="utf-8")))


def test_starter_routine_validates() -> None:
    validator().validate(tomllib.loads(STARTER_ROUTINE))


def _properties(schema: dict[str, Any], *where: str) -> dict[str, Any]:
    node: Any = schema
    for key in where:
        node = node[key]
    return dict(node["properties"])


def test_every_key_has_a_title_and_description() -> None:
    schema = routine_schema()
    tables = [
        _properties(schema),
        _properties(schema, "properties", "routine"),
        _properties(schema, "$defs", "step"),
        _properties(schema, "$defs", "block"),
        _properties(schema, "$defs", "cue"),
        _properties(schema["$defs"]["tempo"]["oneOf"][0]),
    ]
    for table in tables:
        for name, prop in table.items():
            assert prop.get("title") and prop.get("description"), name


def test_schema_lists_every_loader_key() -> None:
    schema = routine_schema()
    assert set(_properties(schema, "properties", "routine")) == {k.name for k in ROUTINE_KEYS}
    assert set(_properties(schema, "$defs", "step")) == {k.name for k in STEP_KEYS}


HEAD = '[routine]\ntitle = "T"\n'
HOLD = '[[step]]\nkind = "hold"\nname = "S"\nhold = 30\n'
REPS = '[[step]]\nkind = "reps"\nname = "B"\nreps = 10\n'
INTERVAL = '[[step]]\nkind = "interval"\nname = "W"\nblocks = [{ label = "Walk", duration = 60 }]\n'

INVALID = {
    "missing title": '[routine]\nauthor = "A"\n' + HOLD,
    "missing routine table": HOLD,
    "no steps": HEAD,
    "empty step list": HEAD + "step = []\n",
    "missing kind": HEAD + '[[step]]\nname = "S"\nhold = 30\n',
    "missing name": HEAD + '[[step]]\nkind = "hold"\nhold = 30\n',
    "missing hold": HEAD + '[[step]]\nkind = "hold"\nname = "S"\n',
    "missing reps": HEAD + '[[step]]\nkind = "reps"\nname = "B"\n',
    "missing blocks": HEAD + '[[step]]\nkind = "interval"\nname = "W"\n',
    "missing rest duration": HEAD + '[[step]]\nkind = "rest"\nname = "R"\n',
    "unknown kind": HEAD + HOLD.replace('"hold"\nname', '"hodl"\nname'),
    "unknown sides": HEAD + HOLD + 'sides = "up"\n',
    "unknown step key": HEAD + HOLD + "hodl = 30\n",
    "unknown routine key": HEAD + "colour = 1\n" + HOLD,
    "unknown top-level key": HEAD + "steps = 1\n" + HOLD,
    "key of another kind": HEAD + HOLD + "sets = 3\n",
    "blocks on a reps step": HEAD + REPS + 'blocks = [{ label = "a", duration = 60 }]\n',
    "cues on a rest step": HEAD + '[[step]]\nkind = "rest"\nname = "R"\nduration = 9\ncues = []\n',
    "sets zero": HEAD + REPS + "sets = 0\n",
    "reps too many": HEAD + REPS.replace("reps = 10", "reps = 101"),
    "reps not whole": HEAD + REPS.replace("reps = 10", "reps = 2.5"),
    "boolean as number": HEAD + REPS.replace("reps = 10", "reps = true"),
    "text as number": HEAD + REPS.replace("reps = 10", 'reps = "10"'),
    "hold too long": HEAD + HOLD.replace("hold = 30", "hold = 601"),
    "hold too short": HEAD + HOLD.replace("hold = 30", "hold = 0.5"),
    "bad duration text": HEAD + HOLD.replace("hold = 30", 'hold = "30x"'),
    "duration units out of order": HEAD + HOLD.replace("hold = 30", 'hold = "30s1m"'),
    "boolean duration": HEAD + HOLD.replace("hold = 30", "hold = true"),
    "negative rest": HEAD + HOLD + "rest = -1\n",
    "switch too long": HEAD + HOLD + "switch = 121\n",
    "get_ready too long": '[routine]\ntitle = "T"\nget_ready = 61\n' + HOLD,
    "sessions_per_day too many": '[routine]\ntitle = "T"\nsessions_per_day = 11\n' + HOLD,
    "days_per_week zero": '[routine]\ntitle = "T"\ndays_per_week = 0\n' + HOLD,
    "version 2": '[routine]\ntitle = "T"\nversion = 2\n' + HOLD,
    "ask_pain_before not boolean": '[routine]\ntitle = "T"\nask_pain_before = "yes"\n' + HOLD,
    "safety not a list": '[routine]\ntitle = "T"\nsafety = "Stop."\n' + HOLD,
    "empty title": '[routine]\ntitle = ""\n' + HOLD,
    "title too long": f'[routine]\ntitle = "{"x" * 121}"\n' + HOLD,
    "title on two lines": '[routine]\ntitle = "a\\nb"\n' + HOLD,
    "control character": '[routine]\ntitle = "T\\u0007"\n' + HOLD,
    "empty blocks": HEAD + '[[step]]\nkind = "interval"\nname = "W"\nblocks = []\n',
    "block too short": HEAD + INTERVAL.replace("duration = 60", "duration = 4"),
    "block missing label": HEAD + INTERVAL.replace('label = "Walk", ', ""),
    "unknown block key": HEAD + INTERVAL.replace("duration = 60", "duration = 60, speed = 2"),
    "repeat zero": HEAD + INTERVAL + "repeat = 0\n",
    "cue missing text": HEAD + HOLD + "cues = [{ at = 5 }]\n",
    "tempo unknown phase": HEAD + REPS + "tempo = { up = 2, dwn = 2 }\n",
    "tempo phase too long": HEAD + REPS + "tempo = { up = 31 }\n",
    "tempo text two numbers": HEAD + REPS + 'tempo = "2-2"\n',
    "tempo a number": HEAD + REPS + "tempo = 6\n",
    "picture without words": HEAD + HOLD + 'image = "a.png"\n',
    "words without a picture": HEAD + HOLD + 'image_alt = "A drawing"\n',
    "picture not PNG or JPEG": HEAD + HOLD + 'image = "a.gif"\nimage_alt = "A drawing"\n',
    "picture at an absolute path": HEAD + HOLD + 'image = "/a.png"\nimage_alt = "A drawing"\n',
    "picture on a rest": HEAD
    + '[[step]]\nkind = "rest"\nname = "R"\nduration = 9\nimage = "a.png"\nimage_alt = "A"\n',
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_invalid_sample_is_rejected_by_loader_and_schema(text: str) -> None:
    assert not loader_accepts(text)
    assert not schema_accepts(text)


VALID = {
    "minimal": HEAD + HOLD,
    "duration text": HEAD + HOLD.replace("hold = 30", 'hold = "1m30s"'),
    "duration long units": HEAD + HOLD.replace("hold = 30", 'hold = "2 Minutes"'),
    "tempo text": HEAD + REPS + 'tempo = "2-1-2-1"\n',
    "tempo table": HEAD + REPS + "tempo = { up = 2, down = 2 }\n",
    "interval": HEAD + INTERVAL + "repeat = 3\n",
    "whole float": HEAD + REPS.replace("reps = 10", "reps = 10.0"),
    "multi-line instructions": HEAD + HOLD + 'instructions = """\nLine one.\nLine two.\n"""\n',
    "picture": HEAD + HOLD + 'image = "pictures/a.jpeg"\nimage_alt = "A drawing"\n',
}


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_valid_sample_is_accepted_by_loader_and_schema(text: str) -> None:
    assert loader_accepts(text)
    assert schema_accepts(text)


def test_counts_when_done_is_bounded_50_to_100_in_the_schema() -> None:
    key = routine_schema()["properties"]["routine"]["properties"]["counts_when_done"]
    assert (key["type"], key["minimum"], key["maximum"], key["default"]) == ("integer", 50, 100, 80)
