"""Backups shaped to crash, hang or balloon the import are refused, each with its place."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.support.history_factory import T0, finished_session
from tui.core.history import HistoryStore, backup_stream
from tui.core.history import backup as backup_module
from tui.core.history.backup import (
    HistoryImportError,
    history_to_json,
    load_history_batch,
    parse_history_batch,
)
from tui.core.history.backup_check import MAX_DIGITS
from tui.core.history.backup_stream import NESTING

HEAD = '{"format":"supple-history","version":1,"sessions":'


@pytest.fixture
def document(tmp_path: Path) -> dict[str, Any]:
    with HistoryStore.open(tmp_path / "source.sqlite3") as store:
        finished_session(store, notes="line one\nline two\tand a tab", segments=3)
        return history_to_json(store.sessions_with_segments())


def refusal(path: Path) -> list[str]:
    with pytest.raises(HistoryImportError) as info:
        load_history_batch(path)
    return list(info.value.problems)


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "backup.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_note_may_keep_its_line_breaks_and_tabs(document: dict[str, Any]) -> None:
    batch = parse_history_batch(document)
    assert "line one\nline two\tand a tab" in batch.sessions[0][0]


def test_control_characters_in_a_title_are_refused_with_the_json_path(
    document: dict[str, Any],
) -> None:
    document["sessions"][0]["routine"]["title"] = "Back\x1b]0;owned\x07"
    with pytest.raises(HistoryImportError) as info:
        parse_history_batch(document)
    [problem] = info.value.problems
    assert problem.startswith("sessions[0].routine.title: holds \\x1b, a control")
    assert "\x1b" not in str(info.value) and "\x07" not in str(info.value)


def test_a_5000_digit_integer_is_refused_with_its_place(tmp_path: Path) -> None:
    path = written(tmp_path, HEAD + '[{"pain_before":' + "9" * 5000 + "}]}")
    problems = refusal(path)
    assert "sessions[0].pain_before: expected a whole number, got a number 5000 digits long" in (
        problems
    )


def test_numbers_up_to_the_digit_limit_are_read_as_numbers(document: dict[str, Any]) -> None:
    document["sessions"][0]["pain_before"] = int("9" * MAX_DIGITS)
    with pytest.raises(HistoryImportError, match="must be from 0 to 10"):
        parse_history_batch(json.loads(json.dumps(document)))


def test_a_year_9999_time_with_a_negative_offset_is_refused(
    document: dict[str, Any], tmp_path: Path
) -> None:
    document["sessions"][0]["started_at"] = "9999-12-31T23:59:59-23:59"
    problems = refusal(written(tmp_path, json.dumps(document)))
    assert problems[0] == (
        "sessions[0].started_at: must be a time in the years 2000 to 2100, "
        "got '9999-12-31T23:59:59-23:59'"
    )


def test_100k_deep_nesting_is_refused_whole(tmp_path: Path) -> None:
    path = written(tmp_path, HEAD + "[" * 100_000 + "]" * 100_000 + "}")
    assert refusal(path) == [
        f"top level: lists and objects nest hundreds deep; a backup's go {NESTING} deep"
    ]


def test_nesting_deeper_than_a_backup_is_refused_where_it_is(document: dict[str, Any]) -> None:
    document["sessions"][0]["segments"][0]["hurt"] = [[[[{"a": [[]]}]]]]
    with pytest.raises(HistoryImportError) as info:
        parse_history_batch(document)
    assert info.value.problems == (
        "sessions[0].segments[0].hurt: expected true or false, got a list",
    )


def test_braces_inside_text_are_no_structure_even_across_reads(
    document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_stream, "CHUNK_BYTES", 7)
    document["sessions"][0]["notes"] = "{" * 50 + ' \\" }], "sessions": ['
    batch = load_history_batch(written(tmp_path, json.dumps(document)))
    assert batch == parse_history_batch(document)


def test_a_million_empty_objects_stop_at_the_problem_limit(tmp_path: Path) -> None:
    path = written(tmp_path, HEAD + "[" + ",".join(["{}"] * 1_000_000) + "]}")
    problems = refusal(path)
    assert len(problems) <= 120
    assert problems[-1].endswith("checking stopped here: too many problems")


def test_more_sessions_than_a_backup_may_hold_are_refused(
    document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_module, "MAX_SESSIONS", 1)
    document["sessions"] *= 2
    assert refusal(written(tmp_path, json.dumps(document))) == [
        "sessions[1]: more sessions than a backup may hold (1)"
    ]


def test_a_session_longer_than_the_limit_is_refused_with_its_place(
    document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_stream, "MAX_SESSION_CHARS", 2000)
    monkeypatch.setattr(backup_stream, "CHUNK_BYTES", 100)
    document["sessions"].append(copy.deepcopy(document["sessions"][0]))
    document["sessions"][1]["notes"] = "x" * 5000
    assert refusal(written(tmp_path, json.dumps(document))) == [
        "sessions[1]: longer than 2,000 characters"
    ]


def test_checking_stops_after_a_hundred_problems(tmp_path: Path) -> None:
    path = written(tmp_path, HEAD + "[" + ",".join(["{}"] * 10_000) + "]}")
    problems = refusal(path)
    assert len(problems) <= 120
    assert problems[-1].endswith("checking stopped here: too many problems")


def test_an_enormous_actual_seconds_is_refused(document: dict[str, Any]) -> None:
    document["sessions"][0]["segments"][0]["actual_seconds"] = 1e308
    with pytest.raises(HistoryImportError) as info:
        parse_history_batch(document)
    assert info.value.problems[0] == (
        "sessions[0].segments[0].actual_seconds: must be a finite number of seconds, "
        "from 0 to 86400, got 1e+308"
    )


def test_parts_longer_than_the_session_are_refused(document: dict[str, Any]) -> None:
    session = document["sessions"][0]
    for segment in session["segments"]:
        segment["actual_seconds"] = 3000.0
    with pytest.raises(HistoryImportError) as info:
        parse_history_batch(document)
    [problem] = info.value.problems
    assert problem.startswith("sessions[0].segments: the parts' actual_seconds add up to 9000 s")


def test_a_preview_may_run_faster_than_the_wall_clock(document: dict[str, Any]) -> None:
    session = document["sessions"][0]
    session["preview"] = True
    for segment in session["segments"]:
        segment["actual_seconds"] = 3000.0
    assert len(parse_history_batch(document).sessions) == 1


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_module, "MAX_BACKUP_BYTES", 100)
    assert refusal(written(tmp_path, json.dumps(document))) == ["the file is larger than 0 MiB"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_without_reading(device: str) -> None:
    assert refusal(Path(device)) == ["it is a device or a pipe, not a file"]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "backup.json"
    os.mkfifo(fifo)
    assert refusal(fifo) == ["it is a device or a pipe, not a file"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path) == ["it is a folder, not a file"]


def test_an_ordinary_backup_still_imports(document: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(document)
    doc["sessions"][0]["started_at"] = T0.isoformat()
    batch = load_history_batch(written(tmp_path, json.dumps(doc)))
    assert len(batch.sessions) == 1


@pytest.mark.parametrize("key", ["actual_seconds", "step"])
def test_an_integer_python_can_read_but_no_part_has_is_named_by_its_length(
    document: dict[str, Any], key: str
) -> None:
    document["sessions"][0]["segments"][0][key] = 10**4000
    with pytest.raises(HistoryImportError) as info:
        parse_history_batch(document)
    [problem] = info.value.problems
    assert problem.startswith(f"sessions[0].segments[0].{key}: must be")
    assert problem.endswith("got a number 4001 digits long")
