"""The programme format's key tables, the docs and the schema agree."""

from __future__ import annotations

from pathlib import Path

from tests.support import paths
from tui.core.programme.plan_keys import (
    CARD_KEYS,
    CRITERIA_KEYS,
    GATE_KEYS,
    PHASE_KEYS,
    PHASE_ROUTINE_KEYS,
    PROGRAMME_KEYS,
    PROGRESSION_KEYS,
)
from tui.core.programme.plan_schema import programme_schema
from tui.core.programme.state import read_state

ALL_KEYS = (
    PROGRAMME_KEYS,
    GATE_KEYS,
    PHASE_KEYS,
    PHASE_ROUTINE_KEYS,
    CRITERIA_KEYS,
    CARD_KEYS,
    PROGRESSION_KEYS,
)


def test_every_key_is_documented() -> None:
    text = (paths.REPO / "docs" / "programme-format.md").read_text(encoding="utf-8")
    missing = [k.name for table in ALL_KEYS for k in table if f"`{k.name}`" not in text]
    assert not missing, f"document in docs/programme-format.md: {missing}"


def test_the_schema_names_every_table_and_key() -> None:
    schema = programme_schema()["properties"]
    assert set(schema["programme"]["properties"]) == {k.name for k in PROGRAMME_KEYS}
    assert set(schema["phase"]["items"]["properties"]) == {k.name for k in PHASE_KEYS}
    assert set(schema["card"]["items"]["properties"]) == {k.name for k in CARD_KEYS}


def test_a_damaged_state_file_reads_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"programmes": [1, 2], "current": 3}', encoding="utf-8")
    book = read_state(path)
    assert book.programmes == {} and book.current is None
    path.write_text("not json", encoding="utf-8")
    assert read_state(path).programmes == {}
