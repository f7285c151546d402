"""A JSON Schema (draft 2020-12) of the routine format, for editors.

Taplo / Even Better TOML read it through a ``#:schema`` comment at the top of
a routine file and then complete keys, show each key's description and flag
wrong types, unknown keys and out-of-range values while the therapist types.
It is built from the key tables of :mod:`tui.core.routine.spec` (and the duration
words of :mod:`tui.core.routine.durations`), so it cannot drift from the loader; the
loader remains the authority (a few rules, such as a cue falling inside its
hold, and the bounds of durations written as text, are the loader's alone).

The schema keeps to keywords that older validators understand too
(``properties``, ``additionalProperties``, ``if``/``then``, ``$ref``) so that
editors which only partly support 2020-12 still use it.
"""

from __future__ import annotations

from typing import Any

from tui.core.routine.durations import (
    DURATION_NUMBER,
    MAX_TEXT_LENGTH,
    UNIT_SECONDS,
    format_duration,
)
from tui.core.routine.model import ROUTINE_FORMAT_VERSION, StepKind
from tui.core.routine.spec import (
    BLOCK_KEYS,
    CUE_KEYS,
    MAX_LINE_LENGTH,
    MAX_STEPS,
    PICTURE_PATH,
    ROUTINE_KEYS,
    STEP_KEYS,
    TEMPO_KEYS,
    TEMPO_PHASE_HIGH,
    TEMPO_REP_HIGH,
    TEMPO_REP_LOW,
    TEMPO_TEXT,
    KeySpec,
    forbidden_characters,
)

SCHEMA_ID = "https://supple.invalid/schemas/routine-v1.json"


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


def _unit_pattern(seconds: int) -> str:
    """The unit words worth ``seconds`` (durations' own table), in any case, longest first."""
    words = [word for word, length in UNIT_SECONDS.items() if length == seconds]
    return "(?:" + "|".join(_any_case(w) for w in sorted(words, key=len, reverse=True)) + ")"


_NUM = rf"(?:{DURATION_NUMBER})\s*"
_H = _NUM + _unit_pattern(3600) + r"\s*"
_M = _NUM + _unit_pattern(60) + r"\s*"
_S = _NUM + _unit_pattern(1) + r"\s*"
#: Duration text as the loader reads it (see :mod:`tui.core.routine.durations`): a bare
#: number, or number-unit parts with each unit at most once, largest first.
DURATION_PATTERN = rf"^\s*(?:{_NUM}|{_H}(?:{_M})?(?:{_S})?|{_M}(?:{_S})?|{_S})$"
#: One line of text without control characters.
LINE_PATTERN = f"^[^{forbidden_characters('text')}]*$"
#: Text that may span lines (newline and tab allowed).
PARAGRAPH_PATTERN = f"^[^{forbidden_characters('paragraph')}]*$"
TEMPO_TEXT_PATTERN = f"^{TEMPO_TEXT}$"


def routine_schema() -> dict[str, Any]:
    """The JSON Schema of a routine file (format version 1)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "supple routine",
        "description": (
            "A physical-therapy home routine for supple (format version "
            f"{ROUTINE_FORMAT_VERSION}). See docs/routine-format.md; check a file with "
            "`supple check`."
        ),
        "type": "object",
        "properties": {
            "routine": _routine_schema(),
            "step": {
                "title": "Steps",
                "description": "The exercises in order, each written as a [[step]] table.",
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_STEPS,
                "items": {"$ref": "#/$defs/step"},
            },
        },
        "required": ["routine", "step"],
        "additionalProperties": False,
        "$defs": {
            "step": _step_schema(),
            "tempo": _tempo_schema(),
            "block": _table_schema("Block", "One timed block of an interval step.", BLOCK_KEYS),
            "cue": _table_schema("Cue", "Text shown at an offset into each unit.", CUE_KEYS),
        },
    }


def _routine_schema() -> dict[str, Any]:
    return _table_schema(
        "Routine",
        "The routine's title, prescription, safety rules and contact.",
        ROUTINE_KEYS,
    )


def _table_schema(title: str, description: str, specs: tuple[KeySpec, ...]) -> dict[str, Any]:
    return {
        "title": title,
        "description": description,
        "type": "object",
        "properties": {spec.name: _key_schema(spec) for spec in specs},
        "required": [spec.name for spec in specs if spec.required],
        "additionalProperties": False,
    }


def _step_schema() -> dict[str, Any]:
    table = _table_schema(
        "Step",
        "One exercise or rest. Which keys apply depends on 'kind'.",
        STEP_KEYS,
    )
    rules: list[dict[str, Any]] = []
    for kind in StepKind:
        then: dict[str, Any] = {
            "properties": {spec.name: False for spec in STEP_KEYS if kind not in spec.kinds},
        }
        needed = [spec.name for spec in STEP_KEYS if kind in spec.required_for]
        if needed:
            then["required"] = needed
        rules.append(
            {
                "if": {"properties": {"kind": {"const": kind.value}}, "required": ["kind"]},
                "then": then,
            }
        )
    table["allOf"] = rules
    # A picture and its words go together (the loader words the same rule).
    table["dependentRequired"] = {"image": ["image_alt"], "image_alt": ["image"]}
    return table


def _tempo_schema() -> dict[str, Any]:
    table = _table_schema(
        "Tempo",
        "Seconds per phase of one paced rep.",
        TEMPO_KEYS,
    )
    return {
        "title": "Tempo",
        "description": (
            "Seconds per phase of each rep, as a table { up = 2, hold = 1, down = 2 } or as "
            'text "up-hold-down" such as "2-1-2" (a fourth number is a pause). One rep must '
            f"take from {TEMPO_REP_LOW:g} s to {TEMPO_REP_HIGH:g} s. Without a tempo the "
            "patient ends each set."
        ),
        "oneOf": [
            table,
            {
                "type": "string",
                "pattern": TEMPO_TEXT_PATTERN,
                "description": f'Up-hold-down seconds like "2-1-2"; each at most '
                f"{TEMPO_PHASE_HIGH:g}.",
            },
        ],
    }


def _key_schema(spec: KeySpec) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": spec.title, "description": _key_description(spec)}
    if spec.default is not None and not isinstance(spec.default, tuple):
        schema["default"] = spec.default
    match spec.type:
        case "text" | "paragraph":
            schema["type"] = "string"
            schema["pattern"] = LINE_PATTERN if spec.type == "text" else PARAGRAPH_PATTERN
            if spec.required:
                schema["minLength"] = 1
            if spec.max_length is not None:
                schema["maxLength"] = spec.max_length
        case "whole":
            schema["type"] = "integer"
            schema["minimum"] = spec.low
            schema["maximum"] = spec.high
        case "duration":
            schema.update(_duration_schema(spec))
        case "bool":
            schema["type"] = "boolean"
        case "choice":
            schema["type"] = "string"
            schema["enum"] = list(spec.choices)
        case "version":
            schema["type"] = "integer"
            schema["const"] = ROUTINE_FORMAT_VERSION
        case "lines":
            schema["type"] = "array"
            schema["maxItems"] = spec.max_length
            schema["items"] = {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_LINE_LENGTH,
                "pattern": LINE_PATTERN,
            }
            if spec.choices:
                schema["items"] = {"type": "string", "enum": list(spec.choices)}
                schema["uniqueItems"] = True
        case "tempo":
            schema["$ref"] = "#/$defs/tempo"
        case "blocks":
            schema["type"] = "array"
            schema["minItems"] = 1
            schema["maxItems"] = spec.max_length
            schema["items"] = {"$ref": "#/$defs/block"}
        case "cues":
            schema["type"] = "array"
            schema["maxItems"] = spec.max_length
            schema["items"] = {"$ref": "#/$defs/cue"}
        case "picture":
            # The loader also refuses ".." and empty folder names, and `supple check`
            # opens the file; a pattern can say only the shape.
            schema["type"] = "string"
            schema["pattern"] = f"^{PICTURE_PATH}$"
            schema["maxLength"] = spec.max_length
    return schema


def _duration_schema(spec: KeySpec) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "number", "minimum": spec.low, "maximum": spec.high},
            {"type": "string", "pattern": DURATION_PATTERN, "maxLength": MAX_TEXT_LENGTH},
        ]
    }


def _key_description(spec: KeySpec) -> str:
    parts = [spec.description]
    if spec.type == "duration" and spec.low is not None and spec.high is not None:
        parts.append(
            f"From {format_duration(spec.low)} to {format_duration(spec.high)}: a number of "
            'seconds or text like "30s", "2m", "1m30s".'
        )
    elif spec.type == "whole" and spec.low is not None and spec.high is not None:
        parts.append(f"A whole number from {spec.low:g} to {spec.high:g}.")
    elif spec.max_length is not None and spec.type in ("text", "paragraph", "picture"):
        parts.append(f"At most {spec.max_length} characters.")
    elif spec.max_length is not None:
        parts.append(f"At most {spec.max_length} items.")
    if spec.required:
        parts.append("Required.")
    elif len(spec.required_for) > 0:
        kinds = ", ".join(k.value for k in StepKind if k in spec.required_for)
        parts.append(f"Required for {kinds} steps.")
    if spec.kinds != frozenset(StepKind) and spec in STEP_KEYS:
        kinds = ", ".join(k.value for k in StepKind if k in spec.kinds)
        parts.append(f"Applies to: {kinds}.")
    if spec.default is not None and not isinstance(spec.default, tuple) and spec.default != "":
        shown = str(spec.default).lower() if isinstance(spec.default, bool) else spec.default
        parts.append(f"Default: {shown}.")
    return " ".join(parts)
