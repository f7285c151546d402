"""Reading a backup a session at a time: the same sessions, the same refusals, all or nothing."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.support.history_factory import T0, finished_session
from tui.core.history import HistoryStore, backup_stream
from tui.core.history import merge as history_merge
from tui.core.history.backup import (
    HistoryImportError,
    history_to_json,
    load_history_batch,
    parse_history_batch,
    read_history_entries,
)


@pytest.fixture
def document(tmp_path: Path) -> dict[str, Any]:
    from datetime import timedelta

    with HistoryStore.open(tmp_path / "source.sqlite3") as store:
        for day in range(5):
            finished_session(store, started_at=T0 + timedelta(days=day), notes="a {note}")
        return history_to_json(store.sessions_with_segments())


@pytest.fixture
def tiny_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the file 5 bytes at a time, so that every value straddles reads."""
    monkeypatch.setattr(backup_stream, "CHUNK_BYTES", 5)


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "backup.json"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> list[str]:
    with pytest.raises(HistoryImportError) as info:
        load_history_batch(path)
    return list(info.value.problems)


@pytest.mark.parametrize("indent", [None, 2], ids=["compact", "indented"])
@pytest.mark.usefixtures("tiny_reads")
def test_read_in_small_pieces_it_gives_what_the_whole_document_gives(
    document: dict[str, Any], tmp_path: Path, indent: int | None
) -> None:
    path = written(tmp_path, json.dumps(document, indent=indent))
    assert load_history_batch(path) == parse_history_batch(document)


def test_the_top_level_keys_may_come_in_any_order(document: dict[str, Any], tmp_path: Path) -> None:
    reordered = {"sessions": document["sessions"], "version": 1, "format": "supple-history"}
    assert load_history_batch(written(tmp_path, json.dumps(reordered))) == parse_history_batch(
        document
    )


def test_a_wrong_format_after_the_sessions_is_still_named_first(
    document: dict[str, Any], tmp_path: Path
) -> None:
    document["sessions"][1]["pain_after"] = 12
    reordered = {"sessions": document["sessions"], "version": 1, "format": "other"}
    assert refusal(written(tmp_path, json.dumps(reordered))) == [
        "format: expected \"supple-history\", got the text 'other'",
        "sessions[1].pain_after: must be from 0 to 10, got 12",
    ]


def test_sessions_given_twice_are_refused(document: dict[str, Any], tmp_path: Path) -> None:
    text = json.dumps(document)[:-1] + ', "sessions": []}'
    assert refusal(written(tmp_path, text)) == ['top level: "sessions" is given twice']


def test_a_top_level_list_is_no_backup(tmp_path: Path) -> None:
    assert refusal(written(tmp_path, "[1, 2]")) == ["top level: expected an object, got a list"]


def test_a_byte_order_mark_is_named(document: dict[str, Any], tmp_path: Path) -> None:
    problems = refusal(written(tmp_path, "\ufeff" + json.dumps(document)))
    assert problems == [
        "not valid JSON (line 1, column 1: Unexpected UTF-8 BOM (decode using utf-8-sig))"
    ]


def test_bytes_that_are_not_utf8_late_in_the_file_are_refused(
    document: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "backup.json"
    path.write_bytes(json.dumps(document).encode()[:-2] + b"\xff]}")
    assert refusal(path) == ["the file is not UTF-8 text"]


@pytest.mark.usefixtures("tiny_reads")
def test_broken_json_is_placed_where_python_places_it(
    document: dict[str, Any], tmp_path: Path
) -> None:
    text = json.dumps(document, indent=1)
    rng = random.Random(7)
    for _ in range(60):
        at = rng.randrange(len(text))
        broken = text[:at] + rng.choice(["", ",", "}", '"', "x", "\n]"]) + text[at + 1 :]
        try:
            json.loads(broken)
        except json.JSONDecodeError as exc:
            expected = f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        else:
            continue
        assert refusal(written(tmp_path, broken)) == [expected], broken[at - 20 : at + 20]


def test_a_problem_late_in_the_file_imports_nothing(
    document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_merge, "CHUNK", 1)  # earlier sessions are written first
    document["sessions"][4]["segments"][0]["status"] = "finished"
    path = written(tmp_path, json.dumps(document))
    with HistoryStore.open(tmp_path / "target.sqlite3") as target:
        with pytest.raises(HistoryImportError, match=r"sessions\[4\]\.segments\[0\]\.status"):
            target.import_entries(read_history_entries(path))
        assert target.count_sessions() == 0
        indexes = target._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert "segments_by_exercise" in {row[0] for row in indexes}


@pytest.mark.parametrize("rebuild_at", [1000, 0], ids=["small", "rebuilds-index"])
def test_an_import_in_chunks_stores_what_one_batch_stores(
    document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rebuild_at: int
) -> None:
    monkeypatch.setattr(history_merge, "_REBUILD_INDEX_AT", rebuild_at)
    batch = parse_history_batch(document)
    path = written(tmp_path, json.dumps(document))
    with (
        HistoryStore.open(tmp_path / "a.sqlite3") as whole,
        HistoryStore.open(tmp_path / "b.sqlite3") as chunked,
    ):
        whole.import_batch(batch)
        monkeypatch.setattr(history_merge, "CHUNK", 2)
        result = chunked.import_entries(read_history_entries(path))
        assert (result.added, result.already_present) == (5, 0)
        assert chunked.sessions_with_segments() == whole.sessions_with_segments()
        again = chunked.import_entries(read_history_entries(path))
        assert (again.added, again.already_present) == (0, 5)
        indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        assert chunked._conn.execute(indexes).fetchall() == whole._conn.execute(indexes).fetchall()


def test_a_missing_file_is_refused_before_anything_is_opened(tmp_path: Path) -> None:
    with pytest.raises(HistoryImportError, match="does not exist"):
        read_history_entries(tmp_path / "absent.json")
