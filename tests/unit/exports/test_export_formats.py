"""The registry of export formats: every format's writer, and a registry cheap to import."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.history_factory import T0, finished_session
from tui.core.exports import FHIR_BUNDLES, FORMATS
from tui.core.exports.csv_export import csv_text
from tui.core.exports.table import format_table
from tui.core.history import HistoryStore, SessionFilter
from tui.core.history.backup import write_store_json


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        finished_session(opened, title="Walk", started_at=T0 + timedelta(days=1))
        finished_session(opened, title="Back", started_at=T0)
        finished_session(opened, title="Walk", started_at=T0 + timedelta(days=2), preview=True)
        yield opened


def written(store: HistoryStore, name: str, filters: SessionFilter) -> str:
    out = io.StringIO()
    FORMATS[name].write(store, filters, out)
    return out.getvalue()


def test_the_four_formats_table_first() -> None:
    assert list(FORMATS) == ["table", "csv", "json", "fhir"]
    assert all(fmt.description for fmt in FORMATS.values())


def test_table_is_the_table_of_the_matching_sessions_oldest_first(store: HistoryStore) -> None:
    filters = SessionFilter(routine="walk")
    expected = format_table(store.sessions(routine="walk", oldest_first=True))
    assert written(store, "table", filters) == expected


def test_table_says_when_no_session_matches(store: HistoryStore) -> None:
    assert written(store, "table", SessionFilter(routine="swim")) == "No sessions match.\n"


def test_csv_is_the_csv_of_the_matching_sessions(store: HistoryStore) -> None:
    filters = SessionFilter(include_preview=True)
    expected = csv_text(store.sessions(include_preview=True, oldest_first=True))
    assert written(store, "csv", filters) == expected


def test_json_is_the_backup(store: HistoryStore) -> None:
    out = io.StringIO()
    write_store_json(store, out, since=T0 + timedelta(hours=1))
    assert written(store, "json", SessionFilter(since=T0 + timedelta(hours=1))) == out.getvalue()


def test_fhir_collection_is_a_bundle_of_the_matching_sessions(store: HistoryStore) -> None:
    out = io.StringIO()
    FHIR_BUNDLES["collection"].write(store, SessionFilter(until=T0 + timedelta(hours=1)), out)
    bundle = json.loads(out.getvalue())
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    # One session (Back): its pain before, exercise time and pain after.
    assert len(bundle["entry"]) == 3


def test_the_registry_imports_no_format_and_no_store() -> None:
    probe = (
        "import sys, tui.core.exports\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tui.core.history', 'sqlite3',"
        " 'csv', 'json', 'dataclasses', 'tui.core.exports.'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=paths.REPO, check=True
    )
    assert result.stdout.strip() == "[]"
