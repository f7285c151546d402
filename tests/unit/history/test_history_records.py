"""The stored values: one segment record from engine to store, one session status."""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.fake_clock import FakeClock
from tests.support.history_factory import T0, begin, record
from tui.core.history import HistoryStore, LoggedSegment, private_store_opener
from tui.core.history.recorder import SessionRecorder
from tui.core.history.records import canonical_session_id, logged
from tui.core.routine.model import Routine, Step, StepKind
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def test_a_stored_segment_is_the_engines_record_with_its_place_and_time() -> None:
    names = [f.name for f in fields(LoggedSegment)]
    assert names == [f.name for f in fields(SegmentRecord)] + ["position", "ended_at"]


def test_logged_keeps_every_field_of_the_record() -> None:
    original = record(3, status=SegmentStatus.SKIPPED, hurt=True)
    segment = logged(original, 5, T0)
    assert (segment.to_record(), segment.position, segment.ended_at) == (original, 5, T0)


def test_a_stored_segment_can_be_stored_again(store: HistoryStore) -> None:
    first, second = begin(store), begin(store)
    store.add_segment(first, record(2, hurt=True), ended_at=T0)
    got = store.session(first)
    assert got is not None
    store.add_segment(second, got.segments[0], ended_at=got.segments[0].ended_at)
    copied = store.session(second)
    assert copied is not None and copied.segments == got.segments


def test_an_unknown_kind_is_refused_before_anything_is_written(store: HistoryStore) -> None:
    sid = begin(store)
    bad = SegmentRecord(0, 0, "X", "nap", None, None, None, 1.0, 1.0, SegmentStatus.DONE)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="nap"):
        store.add_segment(sid, bad)
    assert store.segment_count(sid) == 0


def test_a_session_the_runner_ends_is_stored_with_the_runners_status(tmp_path: Path) -> None:
    routine = Routine(title="Quit early", steps=(Step(StepKind.HOLD, "Stretch", hold=30.0),))
    recorder = SessionRecorder(private_store_opener(tmp_path / "history.sqlite3"))
    sid = recorder.start("Quit early", "/r.toml", "0" * 64, "0", preview=False)
    runner = SessionRunner(routine, clock=FakeClock(), history=recorder)
    runner.start()
    runner.quit()
    assert recorder.finish()
    with HistoryStore.open(tmp_path / "history.sqlite3", read_only=True) as store:
        stored = store.session(sid)
    assert stored is not None and stored.status is runner.status is SessionStatus.PARTIAL


def test_session_status_is_defined_once() -> None:
    defined = []
    for path in sorted((paths.REPO / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name == "SessionStatus":
                defined.append(path.relative_to(paths.REPO).as_posix())
    assert defined == ["tui/core/session/status.py"]


def test_a_session_id_is_kept_in_its_canonical_form_and_put_into_it_otherwise() -> None:
    canonical = "94797a74-22b4-474f-aa65-8f13b1e5d924"
    assert canonical_session_id(canonical) == canonical
    for other in (canonical.upper(), "{" + canonical + "}", canonical.replace("-", "")):
        assert canonical_session_id(other) == canonical
    for wrong in ("94797a74-22b4-474f-aa65-8f13b1e5d92", canonical + "\n", "42"):
        with pytest.raises(ValueError):
            canonical_session_id(wrong)
