"""The JSON backup: its exact shape, a lossless round trip, and a safe import."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.history_factory import T0, begin, finished_session, record
from tui.core.history import HistoryError, HistoryStore, ImportBatch, backup_keys
from tui.core.history import merge as history
from tui.core.history.backup import (
    HistoryImportError,
    history_to_json,
    load_history_batch,
    load_history_json,
    parse_history_batch,
    parse_history_json,
    write_json,
    write_store_json,
)
from tui.core.history.backup_check import BackupProblems, FastRows, fast_path_source
from tui.core.history.rows import SEGMENT_ROW_COLUMNS, SESSION_ROW_COLUMNS, batch_of
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus

SESSION_KEYS = {
    "id",
    "routine",
    "started_at",
    "ended_at",
    "status",
    "preview",
    "pain_before",
    "pain_after",
    "effort",
    "notes",
    "segments",
}
SEGMENT_KEYS = {
    "step",
    "name",
    "kind",
    "side",
    "rep",
    "set",
    "planned_seconds",
    "actual_seconds",
    "status",
    "hurt",
}
EXTRA_SESSION_KEYS = {
    "app_version",
    "done_share",
    "credited",
    # schema 7: pain by site and the next-day check
    "pain_leg_before",
    "pain_back_before",
    "pain_leg_after",
    "pain_back_after",
    "next_day",
    "next_day_at",
}
EXTRA_SEGMENT_KEYS = {"index", "ended_at", "pain_now", "label", "reps_done"}


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "source.sqlite3") as opened:
        yield opened


@pytest.fixture
def document(store: HistoryStore) -> dict[str, Any]:
    finished_session(store, notes="tight left hamstring", segments=3)
    sid = begin(store, started_at=T0.replace(day=2), pain_before=7)
    hurt = record(0, status=SegmentStatus.SKIPPED, hurt=True, pain_now=7)
    store.add_segment(sid, hurt, ended_at=T0)
    store.add_segment(sid, record(0), ended_at=T0.replace(day=2, minute=5))
    store.finish_session(sid, SessionStatus.PARTIAL, ended_at=T0.replace(day=2, minute=6))
    return history_to_json(store.sessions_with_segments(include_preview=True))


def test_top_level_shape(document: dict[str, Any]) -> None:
    assert (list(document), document["format"], document["version"]) == (
        ["format", "version", "sessions"],
        "supple-history",
        1,
    )


def test_session_has_every_listed_key(document: dict[str, Any]) -> None:
    assert set(document["sessions"][0]) == SESSION_KEYS | EXTRA_SESSION_KEYS


def test_routine_has_title_path_and_sha256(document: dict[str, Any]) -> None:
    assert set(document["sessions"][0]["routine"]) == {"title", "path", "sha256"}


def test_segment_has_every_listed_key(document: dict[str, Any]) -> None:
    assert set(document["sessions"][0]["segments"][0]) == SEGMENT_KEYS | EXTRA_SEGMENT_KEYS


def test_times_are_rfc3339_with_a_utc_offset(document: dict[str, Any]) -> None:
    started = document["sessions"][0]["started_at"]
    assert started == "2024-03-01T08:00:00+00:00"
    assert datetime.fromisoformat(started).utcoffset() is not None


def test_write_json_is_valid_json(store: HistoryStore, document: dict[str, Any]) -> None:
    out = io.StringIO()
    write_json(store.sessions_with_segments(), out)
    assert json.loads(out.getvalue()) == document


def test_round_trip_is_lossless(store: HistoryStore, document: dict[str, Any]) -> None:
    assert history_to_json(parse_history_json(document)) == document


def test_import_into_an_empty_store_reproduces_every_session(
    store: HistoryStore, document: dict[str, Any], tmp_path: Path
) -> None:
    with HistoryStore.open(tmp_path / "new.sqlite3") as target:
        target.import_sessions(parse_history_json(document))
        assert target.sessions_with_segments() == store.sessions_with_segments()


def test_import_counts_added_sessions(document: dict[str, Any], tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "new.sqlite3") as target:
        result = target.import_sessions(parse_history_json(document))
    assert (result.added, result.already_present) == (2, 0)


def test_importing_twice_adds_nothing(document: dict[str, Any], tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "new.sqlite3") as target:
        target.import_sessions(parse_history_json(document))
        result = target.import_sessions(parse_history_json(document))
        assert (result.added, result.already_present, target.count_sessions()) == (0, 2, 2)


def test_import_never_changes_a_session_already_present(
    store: HistoryStore, document: dict[str, Any]
) -> None:
    before = store.sessions_with_segments()
    changed = copy.deepcopy(document)
    changed["sessions"][0]["notes"] = "rewritten"
    store.import_sessions(parse_history_json(changed))
    assert store.sessions_with_segments() == before


def test_a_file_with_only_the_listed_keys_imports(document: dict[str, Any]) -> None:
    minimal = copy.deepcopy(document)
    for session in minimal["sessions"]:
        del session["app_version"]
        for segment in session["segments"]:
            del segment["index"], segment["ended_at"]
    assert len(parse_history_json(minimal)) == 2


def test_unfinished_sessions_round_trip(store: HistoryStore) -> None:
    begin(store)
    document = history_to_json(store.sessions_with_segments())
    (session,) = parse_history_json(document)
    assert (session.status, session.ended_at) == (None, None)


# ----------------------------------------------------------------- malformed files


def problems(document: object) -> list[str]:
    with pytest.raises(HistoryImportError) as info:
        parse_history_json(document)
    return list(info.value.problems)


def test_wrong_format_name_is_named(document: dict[str, Any]) -> None:
    document["format"] = "something-else"
    assert problems(document) == [
        "format: expected \"supple-history\", got the text 'something-else'"
    ]


def test_a_newer_version_is_refused(document: dict[str, Any]) -> None:
    document["version"] = 2
    assert problems(document)[0].startswith("version: this supple reads version 1")


def test_a_bad_segment_status_names_its_place(document: dict[str, Any]) -> None:
    document["sessions"][1]["segments"][0]["status"] = "finished"
    assert problems(document) == [
        "sessions[1].segments[0].status: must be one of done, skipped, partial, got 'finished'"
    ]


def test_pain_out_of_range_is_named(document: dict[str, Any]) -> None:
    document["sessions"][0]["pain_after"] = 12
    assert problems(document) == ["sessions[0].pain_after: must be from 0 to 10, got 12"]


def test_time_without_offset_is_refused(document: dict[str, Any]) -> None:
    document["sessions"][0]["started_at"] = "2024-03-01T08:00:00"
    assert problems(document) == [
        "sessions[0].started_at: time has no UTC offset: '2024-03-01T08:00:00'"
    ]


def test_missing_key_is_named(document: dict[str, Any]) -> None:
    del document["sessions"][0]["preview"]
    assert 'sessions[0]: missing "preview"' in problems(document)


def test_unknown_key_is_named(document: dict[str, Any]) -> None:
    document["sessions"][0]["mood"] = "good"
    assert problems(document) == ['sessions[0]: unknown key "mood"']


def test_id_that_is_not_a_uuid_is_named(document: dict[str, Any]) -> None:
    document["sessions"][0]["id"] = "42"
    assert problems(document) == ["sessions[0].id: not a UUID: '42'"]


def test_duplicate_ids_are_named(document: dict[str, Any]) -> None:
    document["sessions"][1]["id"] = document["sessions"][0]["id"]
    assert problems(document) == ["sessions[1].id: the same id as sessions[0]"]


def test_every_problem_is_reported_at_once(document: dict[str, Any]) -> None:
    document["sessions"][0]["effort"] = "hard"
    document["sessions"][1]["segments"][1]["hurt"] = "yes"
    assert len(problems(document)) == 2


def test_not_json_at_all_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "supple-history",\n  "version": 1,,}')
    with pytest.raises(HistoryImportError, match="not valid JSON \\(line 2, column"):
        load_history_json(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HistoryImportError, match="does not exist"):
        load_history_json(tmp_path / "absent.json")


def test_a_bad_session_in_a_file_imports_nothing(document: dict[str, Any], tmp_path: Path) -> None:
    document["sessions"][1]["pain_before"] = -1
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    with HistoryStore.open(tmp_path / "target.sqlite3") as target:
        with pytest.raises(HistoryImportError):
            target.import_sessions(load_history_json(path))
        assert target.count_sessions() == 0
        indexes = target._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert "segments_by_exercise" in {row[0] for row in indexes}


def test_import_is_one_transaction(document: dict[str, Any], tmp_path: Path) -> None:
    good, bad = parse_history_json(document)
    broken = dataclasses.replace(bad, pain_after=11)
    with HistoryStore.open(tmp_path / "target.sqlite3") as target:
        with pytest.raises(ValueError):
            target.import_sessions([good, broken])
        assert target.count_sessions() == 0
        indexes = target._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert "segments_by_exercise" in {row[0] for row in indexes}


def test_store_json_equals_the_object_json(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "rich.sqlite3") as store:
        finished_session(store, notes='Ünïcode "quotes", commas\nand lines', pain_after=None)
        sid = begin(store, started_at=T0.replace(microsecond=123456), preview=True)
        store.add_segment(sid, record(0, planned=None, actual=12.3456789), ended_at=T0)
        store.add_segment(sid, record(1, side=None, rep=None, set_=2, hurt=True), ended_at=T0)
        by_objects, by_sqlite = io.StringIO(), io.StringIO()
        write_json(store.sessions_with_segments(include_preview=True), by_objects)
        write_store_json(store, by_sqlite, include_preview=True)
    assert json.loads(by_sqlite.getvalue()) == json.loads(by_objects.getvalue())


def test_store_json_honours_the_filters(store: HistoryStore) -> None:
    finished_session(store, title="Walk")
    finished_session(store, title="Back")
    out = io.StringIO()
    write_store_json(store, out, routine="walk")
    assert [s["routine"]["title"] for s in json.loads(out.getvalue())["sessions"]] == ["Walk"]


def _broken_variants(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Documents each wrong in one way the short import path must notice."""
    edits = [
        ("id", "not-a-uuid"),
        ("started_at", "2024-02-30T08:00:00+00:00"),
        ("started_at", "2024-03-01T08:00:00"),
        ("ended_at", "2024-02-01T08:00:00+00:00"),
        ("ended_at", None),
        ("status", "done"),
        ("preview", 0),
        ("pain_after", 11),
        ("effort", True),
        ("notes", 3),
        ("app_version", None),
        ("routine", {"title": "t", "path": "p"}),
        ("segments", {}),
        ("seg.kind", "nap"),
        ("seg.status", "Done"),
        ("seg.hurt", 1),
        ("seg.step", -1),
        ("seg.rep", 1.0),
        ("seg.index", 1_000_001),
        ("seg.planned_seconds", float("nan")),
        ("seg.actual_seconds", -0.5),
        ("seg.ended_at", "2024-03-01 08:00:00"),
        ("seg.ended_at", "yesterday"),
        ("seg.extra", 1),
        # Hostile values (issue 12): text a terminal would act on, and numbers and
        # times out of any plausible range.
        ("notes", "fine\x1b]52;c;cGF3bmVk\x07"),
        ("routine", {"title": "t\u202e", "path": "p", "sha256": "0" * 64}),
        ("seg.name", "zero\u200bwidth"),
        ("seg.side", "left\x9b2J"),
        ("seg.actual_seconds", 1e308),
        ("seg.actual_seconds", 80_000.0),  # within a day, but far more than the session lasted
        ("seg.planned_seconds", 86_401.0),
        ("started_at", "9999-12-31T23:59:59-23:59"),
        ("seg.ended_at", "1999-12-31T23:59:59+00:00"),
        ("notes", "x" * 10_001),
    ]
    variants = []
    for key, value in edits:
        changed = copy.deepcopy(document)
        if key.startswith("seg."):
            changed["sessions"][0]["segments"][1][key[4:]] = value
        else:
            changed["sessions"][1][key] = value
        variants.append(changed)
    return variants


def test_the_batch_parser_refuses_what_the_session_parser_refuses(
    document: dict[str, Any],
) -> None:
    for broken in _broken_variants(document):
        with pytest.raises(HistoryImportError) as expected:
            parse_history_json(broken)
        with pytest.raises(HistoryImportError) as got:
            parse_history_batch(broken)
        assert got.value.problems == expected.value.problems


def test_the_batch_is_what_import_sessions_would_store(document: dict[str, Any]) -> None:
    variant = copy.deepcopy(document)
    # Valid but not in the exported form: another offset, a "Z", milliseconds.
    variant["sessions"][0]["started_at"] = "2024-03-01T10:00:00+02:00"
    variant["sessions"][0]["segments"][0]["ended_at"] = "2024-03-01T08:10:00.5Z"
    del variant["sessions"][0]["segments"][1]["ended_at"]
    variant["sessions"][1]["segments"][0]["actual_seconds"] = 12.34567
    for doc in (document, variant):
        assert parse_history_batch(doc) == batch_of(parse_history_json(doc))


@pytest.mark.parametrize("rebuild_at", [1000, 0], ids=["small", "rebuilds-index"])
def test_batch_import_equals_session_import(
    document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rebuild_at: int
) -> None:
    monkeypatch.setattr(history, "_REBUILD_INDEX_AT", rebuild_at)
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with (
        HistoryStore.open(tmp_path / "a.sqlite3") as a,
        HistoryStore.open(tmp_path / "b.sqlite3") as b,
    ):
        a.import_sessions(load_history_json(path))
        result = b.import_batch(load_history_batch(path))
        assert (result.added, result.already_present) == (2, 0)
        again = b.import_batch(load_history_batch(path))
        assert (again.added, again.already_present) == (0, 2)
        assert b.sessions_with_segments(include_preview=True) == a.sessions_with_segments(
            include_preview=True
        )
        assert b.exercise_counts() == a.exercise_counts()
        assert b.integrity_check() == "ok"
        indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        assert b._conn.execute(indexes).fetchall() == a._conn.execute(indexes).fetchall()


@pytest.mark.parametrize("rebuild_at", [1000, 0], ids=["small", "rebuilds-index"])
def test_a_failed_batch_import_changes_nothing(
    document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rebuild_at: int
) -> None:
    monkeypatch.setattr(history, "_REBUILD_INDEX_AT", rebuild_at)
    batch = parse_history_batch(document)
    first, second = batch.sessions
    # Two sessions with the same segment key: the second insert fails.
    clash = (second[0], tuple((first[0][0], *row[1:]) for row in second[1]))
    with HistoryStore.open(tmp_path / "t.sqlite3") as target:
        with pytest.raises(HistoryError):
            target.import_batch(ImportBatch((first, clash)))
        assert target.count_sessions() == 0
        indexes = target._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert "segments_by_exercise" in {row[0] for row in indexes}


# ----------------------------------------------------------------- one key table, two paths


def _valid_variant(document: dict[str, Any]) -> dict[str, Any]:
    """The document written otherwise than supple writes it, still valid."""
    variant = copy.deepcopy(document)
    variant["sessions"][0]["started_at"] = "2024-03-01T10:00:00+02:00"
    variant["sessions"][0]["notes"] = ""
    del variant["sessions"][0]["app_version"]
    del variant["sessions"][1]["segments"][0]["ended_at"]
    del variant["sessions"][1]["segments"][1]["index"]
    variant["sessions"][1]["segments"][0]["actual_seconds"] = 12.34567
    return variant


def test_the_fast_path_gives_the_rows_the_explaining_path_gives(
    document: dict[str, Any],
) -> None:
    for doc in (document, _valid_variant(document)):
        for number, raw in enumerate(doc["sessions"]):
            problems = BackupProblems()
            explained = problems.session(raw, f"sessions[{number}]")
            assert (FastRows().session(raw), problems.problems) == (explained, [])


def test_the_fast_path_takes_none_of_what_the_explaining_path_refuses(
    document: dict[str, Any],
) -> None:
    infinite = copy.deepcopy(document)
    infinite["sessions"][0]["segments"][1]["actual_seconds"] = float("inf")
    for changed in [*_broken_variants(document), infinite]:
        refused = 0
        for number, raw in enumerate(changed["sessions"]):
            problems = BackupProblems()
            explained = problems.session(raw, f"sessions[{number}]")
            assert FastRows().session(raw) == explained
            assert (explained is None) == bool(problems.problems)
            refused += explained is None
        assert refused == 1


def test_every_export_writes_the_keys_in_the_tables_order(store: HistoryStore) -> None:
    finished_session(store)
    out = io.StringIO()
    write_store_json(store, out)
    by_sqlite = json.loads(out.getvalue())["sessions"][0]
    by_objects = history_to_json(store.sessions_with_segments())["sessions"][0]
    for written in (by_sqlite, by_objects):
        assert list(written) == [k.name for k in backup_keys.SESSION_KEYS]
        assert list(written["routine"]) == [k.name for k in backup_keys.ROUTINE_KEYS]
        assert list(written["segments"][0]) == [k.name for k in backup_keys.SEGMENT_KEYS]


def test_the_tables_columns_are_the_stored_rows_columns() -> None:
    assert tuple(backup_keys.row_columns(backup_keys.SESSION_KEYS)) == SESSION_ROW_COLUMNS
    assert ("position", *backup_keys.row_columns(backup_keys.SEGMENT_KEYS)) == SEGMENT_ROW_COLUMNS


def test_the_fast_paths_code_reads_every_key_of_the_tables() -> None:
    source = fast_path_source()
    compile(source, "fast_path", "exec")
    for key in (*backup_keys.SESSION_KEYS, *backup_keys.ROUTINE_KEYS, *backup_keys.SEGMENT_KEYS):
        if key.name != "segments":  # the list is walked by FastRows itself
            assert repr(key.name) in source, key.name


def test_pain_now_and_not_today_survive_both_imports(store: HistoryStore, tmp_path: Path) -> None:
    sid = begin(store, started_at=T0.replace(day=3), pain_before=8)
    store.finish_session(sid, SessionStatus.NOT_TODAY, ended_at=T0.replace(day=3))
    hurt = record(0, status=SegmentStatus.SKIPPED, hurt=True, pain_now=7)
    other = begin(store, started_at=T0.replace(day=4))
    store.add_segment(other, hurt, ended_at=T0.replace(day=4))
    store.finish_session(other, SessionStatus.PARTIAL, ended_at=T0.replace(day=4, minute=1))
    text = json.dumps(history_to_json(store.sessions_with_segments()))
    assert '"pain_now": 7' in text and '"not_today"' in text
    fast = parse_history_batch(json.loads(text))
    explained = parse_history_json(json.loads(text))
    for name, load in (("fast", fast), ("explained", explained)):
        with HistoryStore.open(tmp_path / f"{name}.sqlite3") as target:
            if isinstance(load, ImportBatch):
                target.import_batch(load)
            else:
                target.import_sessions(load)
            assert target.sessions_with_segments() == store.sessions_with_segments()
    # An older backup without pain_now still reads (the key is optional).
    old = json.loads(text)
    for session in old["sessions"]:
        for segment in session["segments"]:
            del segment["pain_now"]
    [_, partial] = parse_history_json(old)
    assert partial.segments[0].pain_now is None
