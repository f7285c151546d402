"""A JSON Schema (draft 2020-12) of the programme format, for editors.

Printed by ``supple schema --programme``; built from the key tables of
:mod:`tui.core.programme.plan_keys`.  The loader remains the authority (phases
that overlap, a routine that exists, a progression's block).
"""

from __future__ import annotations

from typing import Any

from tui.core.programme.plan import PROGRAMME_FORMAT_VERSION
from tui.core.programme.plan_keys import (
    CARD_KEYS,
    CRITERIA_KEYS,
    GATE_KEYS,
    MAX_CARDS,
    MAX_PHASES,
    MAX_PROGRESSIONS,
    PHASE_KEYS,
    PHASE_ROUTINE_KEYS,
    PROGRAMME_KEYS,
    PROGRESSION_KEYS,
    ProgrammeKey,
)
from tui.core.routine.schema import DURATION_PATTERN, LINE_PATTERN, PARAGRAPH_PATTERN

SCHEMA_ID = "https://supple.invalid/schemas/programme-v1.json"

_RANGE = r"^\s*[0-9]{1,3}\s*(-\s*[0-9]{1,3}\s*)?$"


def programme_schema() -> dict[str, Any]:
    """The JSON Schema of a programme file (format version 1)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "supple programme",
        "description": (
            f"A home programme over weeks (format version {PROGRAMME_FORMAT_VERSION}). See "
            "docs/programme-format.md; check a file with `supple check`."
        ),
        "type": "object",
        "properties": {
            "programme": _table("Programme", PROGRAMME_KEYS),
            "gate": _table("Start gate", GATE_KEYS),
            "phase": _array(_table("Phase", PHASE_KEYS), MAX_PHASES, 1),
            "card": _array(_table("Card", CARD_KEYS), MAX_CARDS, 0),
            "progression": _array(_table("Progression", PROGRESSION_KEYS), MAX_PROGRESSIONS, 0),
        },
        "required": ["programme", "phase"],
        "additionalProperties": False,
    }


def _array(items: dict[str, Any], most: int, least: int) -> dict[str, Any]:
    return {"type": "array", "minItems": least, "maxItems": most, "items": items}


def _table(title: str, keys: tuple[ProgrammeKey, ...]) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "properties": {key.name: _programme_key_schema(key) for key in keys},
        "required": [key.name for key in keys if key.required],
        "additionalProperties": False,
    }


def _programme_key_schema(key: ProgrammeKey) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": key.title, "description": key.description}
    match key.type:
        case "text" | "paragraph":
            schema["type"] = "string"
            schema["pattern"] = LINE_PATTERN if key.type == "text" else PARAGRAPH_PATTERN
            if key.max_length is not None:
                schema["maxLength"] = key.max_length
        case "whole":
            schema.update(type="integer", minimum=key.low, maximum=key.high)
        case "bool":
            schema["type"] = "boolean"
        case "choice":
            schema.update(type="string", enum=list(key.choices))
        case "duration":
            schema["anyOf"] = [
                {"type": "number", "minimum": key.low, "maximum": key.high},
                {"type": "string", "pattern": DURATION_PATTERN},
            ]
        case "version":
            schema.update(type="integer", const=PROGRAMME_FORMAT_VERSION)
        case "start":
            schema["type"] = "string"  # TOML dates reach editors as date strings
        case "days" | "weeks":
            schema["anyOf"] = [{"type": "integer"}, {"type": "string", "pattern": _RANGE}]
        case "k_of_m":
            schema.update(
                type="string", pattern=r"^\s*[0-9]{1,2}\s+of\s+(the\s+)?last\s+[0-9]{1,2}\s*$"
            )
        case "percent":
            schema.update(type="string", pattern=r"^\s*[0-9]{1,3}\s*%\s*$")
        case "sites":
            schema.update(
                type="array", uniqueItems=True, items={"type": "string", "enum": list(key.choices)}
            )
        case "routines":
            entry = _table("Routine with its own prescription", PHASE_ROUTINE_KEYS)
            schema.update(
                type="array", maxItems=key.max_length, items={"anyOf": [{"type": "string"}, entry]}
            )
        case "criteria":
            schema.update(_table("Move on when", CRITERIA_KEYS), minProperties=1)
    return schema
