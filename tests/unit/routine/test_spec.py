"""The format's key tables: every step kind is fully described, and the shared rules hold."""

from __future__ import annotations

import re
from typing import Literal

import pytest

from tests.support.routine_texts import HEADER
from tui.core.routine.loader import parse_routine
from tui.core.routine.model import Block, StepKind, Tempo
from tui.core.routine.spec import (
    BLOCK_KEYS,
    CUE_KEYS,
    ROUTINE_KEYS,
    STEP_KEYS,
    TEMPO_KEYS,
    TEMPO_TEXT,
    KeySpec,
    cue_unit,
    forbidden_characters,
)

KIND_KEY = next(spec for spec in STEP_KEYS if spec.name == "kind")
CUES_KEY = next(spec for spec in STEP_KEYS if spec.name == "cues")


def minimal_step(kind: StepKind) -> str:
    """A [[step]] of ``kind`` holding only the keys it requires, from the tables' examples."""
    lines = [f'kind = "{kind.value}"', 'name = "X"']
    lines += [spec.example for spec in STEP_KEYS if kind in spec.required_for]
    return "[[step]]\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize("table", [ROUTINE_KEYS, STEP_KEYS, TEMPO_KEYS, BLOCK_KEYS, CUE_KEYS])
def test_every_table_names_each_key_once(table: tuple[KeySpec, ...]) -> None:
    names = [spec.name for spec in table]
    assert len(names) == len(set(names))


def test_kind_choices_are_the_model_kinds() -> None:
    assert KIND_KEY.choices == tuple(kind.value for kind in StepKind)


@pytest.mark.parametrize("kind", list(StepKind))
def test_every_kind_is_described_in_words(kind: StepKind) -> None:
    assert f"{kind.value}: " in KIND_KEY.description


@pytest.mark.parametrize("kind", list(StepKind))
def test_every_key_a_kind_requires_has_an_example(kind: StepKind) -> None:
    for spec in STEP_KEYS:
        if kind in spec.required_for:
            assert spec.example.startswith(f"{spec.name} = "), spec.name
            assert kind in spec.kinds, spec.name


@pytest.mark.parametrize("kind", list(StepKind))
def test_a_step_of_every_kind_loads_from_the_examples(kind: StepKind) -> None:
    routine = parse_routine(HEADER + minimal_step(kind))
    assert routine.steps[0].kind is kind


@pytest.mark.parametrize("kind", sorted(CUES_KEY.kinds))
def test_every_kind_that_takes_cues_accepts_a_cue_at_the_start(kind: StepKind) -> None:
    text = HEADER + minimal_step(kind) + 'cues = [{ at = 0, text = "Breathe" }]\n'
    assert parse_routine(text).steps[0].cues[0].text == "Breathe"


@pytest.mark.parametrize("kind", list(StepKind))
def test_cue_unit_is_none_while_the_unit_length_is_unknown(kind: StepKind) -> None:
    assert cue_unit(kind, {}) is None


def test_cue_unit_of_each_kind() -> None:
    assert cue_unit(StepKind.HOLD, {"hold": 30.0}) == (30.0, "the {} hold")
    paced = {"reps": 5, "tempo": Tempo(up=2.0, down=2.0)}
    assert cue_unit(StepKind.REPS, paced) == (20.0, "the {} set")
    assert cue_unit(StepKind.REPS, {"reps": 5}) is None  # self-paced: no fixed end
    blocks = (Block("Walk", 300.0), Block("Sit", 60.0))
    assert cue_unit(StepKind.INTERVAL, {"blocks": blocks}) == (300.0, "the longest block ({})")
    assert cue_unit(StepKind.REST, {"duration": 60.0}) is None


def _forbidden(kind: Literal["text", "paragraph"]) -> set[int]:
    pattern = re.compile(f"[{forbidden_characters(kind)}]")
    return {point for point in range(0x100) if pattern.match(chr(point))}


def test_text_forbids_every_control_character() -> None:
    assert _forbidden("text") == set(range(0x20)) | set(range(0x7F, 0xA0))


def test_paragraph_allows_tab_and_newline_only() -> None:
    assert _forbidden("paragraph") == _forbidden("text") - {0x09, 0x0A}


@pytest.mark.parametrize("text", ["2-1-2", "2-1-2-1", " 2 - 1.5 - 2 ", "0-0-1"])
def test_tempo_text_accepts_three_or_four_numbers(text: str) -> None:
    assert re.fullmatch(TEMPO_TEXT, text)


@pytest.mark.parametrize("text", ["2-1", "2-1-2-1-1", "2--1-2", "a-b-c", "-2-1-2"])
def test_tempo_text_rejects_anything_else(text: str) -> None:
    assert re.fullmatch(TEMPO_TEXT, text) is None
