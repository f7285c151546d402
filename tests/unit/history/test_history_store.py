"""The history store: writing sessions as they happen, and reading them back."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.support.history_factory import SHA, T0, begin, finished_session, record
from tui.core.history import (
    HistoryError,
    HistoryStore,
    HistoryUnavailable,
    SegmentTally,
    SessionFinished,
    SessionNotFound,
    local_day_bounds,
    queries,
    to_local,
)
from tui.core.locations import history_db
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ----------------------------------------------------------------- files and permissions


def test_default_location_is_the_data_dir_history_file() -> None:
    with HistoryStore.open() as opened:
        assert opened.path == history_db()


def test_default_folder_is_private() -> None:
    HistoryStore.open().close()
    assert mode(history_db().parent) == 0o700


def test_database_and_wal_files_are_private() -> None:
    with HistoryStore.open() as opened:
        begin(opened)
        files = [history_db(), Path(f"{history_db()}-wal"), Path(f"{history_db()}-shm")]
        assert [mode(f) for f in files] == [0o600, 0o600, 0o600]


def test_store_uses_wal_journal(store: HistoryStore) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_path_under_a_regular_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(HistoryUnavailable, match="can't create the history"):
        HistoryStore.open(blocker / "history.sqlite3")


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("this is not a database" * 100)
    with pytest.raises(HistoryUnavailable, match="not a supple history"):
        HistoryStore.open(path)


def test_another_apps_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(HistoryUnavailable, match="not a supple history"):
        HistoryStore.open(path)


# ----------------------------------------------------------------- writing


def test_begin_session_returns_a_uuid(store: HistoryStore) -> None:
    sid = begin(store)
    assert len(sid) == 36 and sid.count("-") == 4


def test_started_session_is_stored_with_its_routine(store: HistoryStore) -> None:
    sid = begin(store, pain_before=6)
    got = store.session(sid)
    assert got is not None
    assert (got.routine.title, got.routine.sha256, got.pain_before, got.status) == (
        "Morning back routine",
        SHA,
        6,
        None,
    )


def test_times_come_back_aware_and_in_utc(store: HistoryStore) -> None:
    tz = timezone(timedelta(hours=-5))
    sid = begin(store, started_at=datetime(2024, 3, 1, 9, 30, tzinfo=tz))
    got = store.session(sid)
    assert got is not None
    assert got.started_at == datetime(2024, 3, 1, 14, 30, tzinfo=UTC)
    assert got.started_at.utcoffset() == timedelta(0)


def test_naive_times_are_refused(store: HistoryStore) -> None:
    with pytest.raises(ValueError, match="time zone"):
        begin(store, started_at=datetime(2024, 3, 1, 9, 30))


def test_segments_are_kept_in_insertion_order(store: HistoryStore) -> None:
    sid = begin(store)
    for index in (0, 1, 2):
        store.add_segment(sid, record(index), ended_at=T0 + timedelta(seconds=index))
    got = store.session(sid)
    assert got is not None
    assert [s.index for s in got.segments] == [0, 1, 2]


def test_a_repeated_segment_keeps_both_outcomes(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(4, status=SegmentStatus.PARTIAL), ended_at=T0)
    store.add_segment(sid, record(4, status=SegmentStatus.DONE), ended_at=T0)
    got = store.session(sid)
    assert got is not None
    assert [(s.position, s.index, s.status) for s in got.segments] == [
        (0, 4, SegmentStatus.PARTIAL),
        (1, 4, SegmentStatus.DONE),
    ]


def test_segment_fields_round_trip(store: HistoryStore) -> None:
    sid = begin(store)
    original = record(
        7, step=2, name="Glute bridge", kind=SegmentKind.SET, side=None, rep=None, set_=3,
        planned=36.0, actual=31.5, status=SegmentStatus.PARTIAL, hurt=True,
    )  # fmt: skip
    store.add_segment(sid, original, ended_at=T0)
    got = store.session(sid)
    assert got is not None
    assert got.segments[0].to_record() == original


def test_segment_for_unknown_session_is_refused(store: HistoryStore) -> None:
    with pytest.raises(SessionNotFound):
        store.add_segment("00000000-0000-4000-8000-000000000000", record())


def test_finish_sets_status_ratings_and_notes(store: HistoryStore) -> None:
    sid = begin(store)
    end = T0 + timedelta(minutes=12)
    store.finish_session(
        sid, SessionStatus.PARTIAL, ended_at=end, pain_after=2, effort=5, notes="knee"
    )
    got = store.session(sid)
    assert got is not None
    assert (got.status, got.ended_at, got.pain_after, got.effort, got.notes) == (
        SessionStatus.PARTIAL,
        end,
        2,
        5,
        "knee",
    )


def test_finish_accepts_the_status_as_text(store: HistoryStore) -> None:
    sid = begin(store)
    store.finish_session(sid, "completed", ended_at=T0)
    got = store.session(sid)
    assert got is not None and got.status is SessionStatus.COMPLETED


def test_a_finished_session_cannot_be_finished_again(store: HistoryStore) -> None:
    sid = finished_session(store)
    with pytest.raises(SessionFinished):
        store.finish_session(sid, SessionStatus.PARTIAL)


def test_a_finished_session_takes_no_more_segments(store: HistoryStore) -> None:
    sid = finished_session(store)
    with pytest.raises(SessionFinished):
        store.add_segment(sid, record(9))


def test_a_finished_session_keeps_its_pain_before(store: HistoryStore) -> None:
    sid = finished_session(store, pain_before=5)
    with pytest.raises(SessionFinished):
        store.set_pain_before(sid, 1)


def test_pain_before_can_be_given_after_the_start(store: HistoryStore) -> None:
    sid = begin(store)
    store.set_pain_before(sid, 4)
    got = store.session(sid)
    assert got is not None and got.pain_before == 4


@pytest.mark.parametrize("bad", [-1, 11, 2.5, True, "3"])
def test_pain_outside_zero_to_ten_is_refused(store: HistoryStore, bad: object) -> None:
    sid = begin(store)
    with pytest.raises(ValueError, match="0 to 10"):
        store.finish_session(sid, SessionStatus.COMPLETED, pain_after=bad)  # type: ignore[arg-type]


def test_effort_outside_0_to_10_is_refused(store: HistoryStore) -> None:
    sid = begin(store)
    with pytest.raises(ValueError, match="effort"):
        store.finish_session(sid, SessionStatus.COMPLETED, effort=11)


def test_read_only_store_refuses_writes(store: HistoryStore) -> None:
    store.close()
    assert store.path is not None
    with (
        HistoryStore.open(store.path, read_only=True) as reader,
        pytest.raises(HistoryError, match="read-only"),
    ):
        begin(reader)


# ----------------------------------------------------------------- crash recovery


def test_unfinished_session_of_a_dead_writer_is_found(store: HistoryStore) -> None:
    sid = begin(store)
    with sqlite3.connect(store.path) as conn:  # as left by a supple on another computer
        conn.execute("UPDATE sessions SET writer = '4242@elsewhere@boot' WHERE id = ?", (sid,))
    assert [s.id for s in store.unfinished_sessions()] == [sid]


def test_a_session_this_process_is_writing_is_not_offered(store: HistoryStore) -> None:
    begin(store)
    assert store.unfinished_sessions() == []


def test_live_sessions_are_listed_when_asked(store: HistoryStore) -> None:
    sid = begin(store)
    assert [s.id for s in store.unfinished_sessions(include_live=True)] == [sid]


def test_abandon_keeps_segments_and_ends_at_the_last_one(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(0), ended_at=T0 + timedelta(seconds=40))
    store.add_segment(sid, record(1), ended_at=T0 + timedelta(seconds=80))
    got = store.abandon(sid)
    assert (got.status, got.ended_at, len(got.segments)) == (
        SessionStatus.ABANDONED,
        T0 + timedelta(seconds=80),
        2,
    )


def test_abandon_without_segments_ends_at_the_start(store: HistoryStore) -> None:
    sid = begin(store)
    assert store.abandon(sid).ended_at == T0


def test_abandon_leaves_a_completed_session_alone(store: HistoryStore) -> None:
    sid = finished_session(store)
    with pytest.raises(SessionFinished):
        store.abandon(sid)


def test_resume_continues_after_the_last_recorded_segment(store: HistoryStore) -> None:
    sid = begin(store)
    for index in (0, 1, 2, 1):
        store.add_segment(sid, record(index), ended_at=T0)
    point = store.resume(sid)
    assert (point.next_index, point.recorded_indices) == (2, frozenset({0, 1, 2}))


def test_resumed_session_takes_more_segments(store: HistoryStore) -> None:
    sid = begin(store)
    point = store.resume(sid)
    store.add_segment(sid, record(point.next_index), ended_at=T0)
    assert store.segment_count(sid) == 1


# ----------------------------------------------------------------- queries


def test_sessions_are_newest_first(store: HistoryStore) -> None:
    first = finished_session(store, started_at=T0)
    second = finished_session(store, started_at=T0 + timedelta(days=1))
    assert [s.id for s in store.sessions()] == [second, first]


def test_sessions_leave_out_previews_by_default(store: HistoryStore) -> None:
    finished_session(store, preview=True)
    assert store.sessions() == []


def test_sessions_include_previews_when_asked(store: HistoryStore) -> None:
    sid = finished_session(store, preview=True)
    assert [s.id for s in store.sessions(include_preview=True)] == [sid]


def test_since_is_inclusive_and_until_exclusive(store: HistoryStore) -> None:
    ids = [finished_session(store, started_at=T0 + timedelta(days=d)) for d in range(4)]
    got = store.sessions(since=T0 + timedelta(days=1), until=T0 + timedelta(days=3))
    assert [s.id for s in got] == [ids[2], ids[1]]


def test_routine_filter_matches_part_of_the_title_in_any_case(store: HistoryStore) -> None:
    wanted = finished_session(store, title="Sciatica evening set")
    finished_session(store, title="Morning back routine")
    assert [s.id for s in store.sessions(routine="EVENING")] == [wanted]


def test_routine_filter_treats_percent_literally(store: HistoryStore) -> None:
    finished_session(store, title="Morning back routine")
    assert store.sessions(routine="%") == []


def test_limit_and_offset_page_the_list(store: HistoryStore) -> None:
    ids = [finished_session(store, started_at=T0 + timedelta(hours=h)) for h in range(5)]
    page = store.sessions(limit=2, offset=2)
    assert [s.id for s in page] == [ids[2], ids[1]]


def test_summaries_tally_exercise_segments_and_hurt_marks(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(0, kind=SegmentKind.GET_READY), ended_at=T0)
    store.add_segment(sid, record(1), ended_at=T0)
    store.add_segment(sid, record(2, status=SegmentStatus.SKIPPED), ended_at=T0)
    store.add_segment(sid, record(3, status=SegmentStatus.PARTIAL, hurt=True), ended_at=T0)
    store.add_segment(sid, record(4, kind=SegmentKind.REST, hurt=True), ended_at=T0)
    (summary,) = store.sessions()
    assert summary.tally == SegmentTally(1, 1, 1, hurt=2, exercise_seconds=90.0)


def test_session_lookup_of_unknown_id_is_none(store: HistoryStore) -> None:
    assert store.session("00000000-0000-4000-8000-000000000000") is None


def test_sessions_per_day_groups_by_local_day(store: HistoryStore) -> None:
    tz = timezone(timedelta(hours=10))
    # 15:00 UTC is already the next day at UTC+10.
    finished_session(store, started_at=datetime(2024, 3, 1, 9, 0, tzinfo=UTC))
    finished_session(store, started_at=datetime(2024, 3, 1, 15, 0, tzinfo=UTC))
    days = store.sessions_per_day(tz=tz)
    assert [(d.day.isoformat(), d.sessions) for d in days] == [
        ("2024-03-01", 1),
        ("2024-03-02", 1),
    ]


def test_sessions_per_day_counts_statuses_and_minutes(store: HistoryStore) -> None:
    finished_session(store, started_at=T0)
    finished_session(store, started_at=T0 + timedelta(hours=2), status=SessionStatus.PARTIAL)
    (day,) = store.sessions_per_day(tz=UTC)
    assert (day.sessions, day.completed, day.partial, day.abandoned, day.minutes) == (
        2,
        1,
        1,
        0,
        20.0,
    )


def test_pain_series_has_before_and_after_per_session(store: HistoryStore) -> None:
    sid = finished_session(store, pain_before=6, pain_after=3)
    (point,) = store.pain_series()
    assert (point.session_id, point.pain_before, point.pain_after, point.started_at) == (
        sid,
        6,
        3,
        T0,
    )


def test_pain_series_skips_sessions_without_ratings(store: HistoryStore) -> None:
    finished_session(store, pain_before=None, pain_after=None)
    assert store.pain_series() == []


def test_exercise_counts_per_name(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(0, name="Bird-dog"), ended_at=T0)
    store.add_segment(sid, record(1, name="Bird-dog", status=SegmentStatus.SKIPPED), ended_at=T0)
    store.add_segment(sid, record(2, name="Cat-camel", hurt=True), ended_at=T0)
    counts = {c.name: (c.done, c.skipped, c.partial, c.hurt) for c in store.exercise_counts()}
    assert counts == {"Bird-dog": (1, 1, 0, 0), "Cat-camel": (1, 0, 0, 1)}


def test_sessions_with_segments_are_oldest_first(store: HistoryStore) -> None:
    later = finished_session(store, started_at=T0 + timedelta(days=1), segments=2)
    earlier = finished_session(store, started_at=T0, segments=3)
    got = store.sessions_with_segments()
    assert [(s.id, len(s.segments)) for s in got] == [(earlier, 3), (later, 2)]


def test_routine_titles_are_distinct_and_sorted(store: HistoryStore) -> None:
    for title in ("Walk", "Back", "Walk"):
        finished_session(store, title=title)
    assert store.routine_titles() == ["Back", "Walk"]


def test_integrity_check_of_a_new_store_is_ok(store: HistoryStore) -> None:
    assert store.integrity_check() == "ok"


# ----------------------------------------------------------------- time helpers


def test_to_local_converts_to_the_given_zone() -> None:
    tz = timezone(timedelta(hours=2))
    assert to_local(T0, tz).hour == 10


def test_local_day_bounds_cover_one_day() -> None:
    tz = timezone(timedelta(hours=-3))
    start, end = local_day_bounds(datetime(2024, 3, 1).date(), tz)
    assert (start.astimezone(UTC), end - start) == (
        datetime(2024, 3, 1, 3, 0, tzinfo=UTC),
        timedelta(days=1),
    )


def test_exercise_counts_within_dates(store: HistoryStore) -> None:
    finished_session(store, name="Bird-dog", started_at=T0)
    finished_session(store, name="Cat-camel", started_at=T0 + timedelta(days=3))
    counts = store.exercise_counts(since=T0 + timedelta(days=1))
    assert [(c.name, c.done) for c in counts] == [("Cat-camel", 3)]


def test_exercise_counts_within_dates_on_a_long_history(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "BULK_LIST", 0)  # take the plan used for large histories
    finished_session(store, name="Bird-dog", started_at=T0)
    finished_session(store, name="Cat-camel", started_at=T0 + timedelta(days=3))
    finished_session(store, name="Walking", started_at=T0 + timedelta(days=3), preview=True)
    counts = store.exercise_counts(since=T0 + timedelta(days=1))
    assert [(c.name, c.done) for c in counts] == [("Cat-camel", 3)]


def test_a_page_and_the_whole_list_tally_alike(store: HistoryStore) -> None:
    sid = begin(store)
    store.add_segment(sid, record(0, status=SegmentStatus.SKIPPED, hurt=True), ended_at=T0)
    store.add_segment(sid, record(1, kind=SegmentKind.REST, hurt=True), ended_at=T0)
    finished_session(store, started_at=T0 - timedelta(days=1))
    assert store.sessions(limit=10) == store.sessions()


def test_sessions_per_day_filters_by_routine(store: HistoryStore) -> None:
    finished_session(store, title="Sciatica evening set", started_at=T0)
    finished_session(store, title="Morning back routine", started_at=T0 + timedelta(days=1))
    finished_session(store, title="Evening stretch", started_at=T0 + timedelta(days=1, hours=2))
    days = store.sessions_per_day(routine="EVENING", tz=UTC)
    assert [(d.day, d.sessions) for d in days] == [
        (T0.date(), 1),
        ((T0 + timedelta(days=1)).date(), 1),
    ]
    assert store.sessions_per_day(routine="%", tz=UTC) == []


@pytest.mark.parametrize("bulk_list", [500, 0], ids=["keyed", "scans"])
def test_a_list_without_limit_has_the_same_tallies_as_a_page(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch, bulk_list: int
) -> None:
    for hour in range(4):
        sid = begin(store, started_at=T0 + timedelta(hours=hour))
        store.add_segment(sid, record(0, kind=SegmentKind.GET_READY, hurt=True), ended_at=T0)
        for index in range(1, hour + 2):
            status = (SegmentStatus.DONE, SegmentStatus.SKIPPED)[index % 2]
            store.add_segment(sid, record(index, status=status), ended_at=T0)
        store.finish_session(sid, SessionStatus.COMPLETED, ended_at=T0 + timedelta(hours=hour))
    begin(store, started_at=T0 + timedelta(hours=9))  # no segments yet
    page = store.sessions(limit=10)
    monkeypatch.setattr(queries, "BULK_LIST", bulk_list)
    assert store.sessions() == page
    assert store.sessions(since=T0 + timedelta(hours=2)) == page[:3]
