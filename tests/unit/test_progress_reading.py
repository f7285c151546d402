"""Reading progress from the history store (tui.core.progress_reading)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.planned_history import NOW, STRETCHES, Planned, build_history
from tui.core.history import HistoryStore
from tui.core.locations import bundled_routines_dir
from tui.core.progress import ChartPainPoint, adherence_windows
from tui.core.progress_reading import (
    find_routine,
    read_exercise_tallies,
    read_pain_points,
    routine_progress,
    routines_in_history,
)
from tui.core.session.status import SessionStatus

# --------------------------------------------------------------------------- routines


def test_find_routine_falls_back_to_the_bundled_routine_then_assumes() -> None:
    bundled = find_routine("Walking intervals", "/nowhere/walking.toml")
    assert bundled.routine is not None
    assert (bundled.prescription.sessions_per_day, bundled.prescription.days_per_week) == (1, 5)
    assert bundled.found_at is not None and bundled.found_at.endswith("walking-intervals.toml")
    unknown = find_routine("My own routine", "/nowhere/mine.toml")
    assert unknown.routine is None
    assert not unknown.prescription.known


def test_find_routine_reads_the_file_the_session_ran(tmp_path: Path) -> None:
    text = (bundled_routines_dir() / "core-strength.toml").read_text(encoding="utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text(
        text.replace('title = "Core strength"', 'title = "My core"').replace(
            "days_per_week = 3", "days_per_week = 4"
        ),
        encoding="utf-8",
    )
    info = find_routine("My core", str(mine))
    assert info.found_at == str(mine)
    assert info.prescription.days_per_week == 4


# --------------------------------------------------------------------------- the store


def _days_ago(days: int, hour: int = 9) -> datetime:
    return NOW.replace(hour=hour) - timedelta(days=days)


def test_pain_points_and_tallies_leave_previews_out(tmp_path: Path) -> None:
    db = build_history(
        tmp_path / "h.sqlite3",
        [
            Planned(STRETCHES, _days_ago(2), 6, 4, skipped=1),
            Planned(STRETCHES, _days_ago(1), 5, None, hurt=1),
            Planned(STRETCHES, _days_ago(1, 12), 9, 9, preview=True),
        ],
    )
    with HistoryStore.open(db, read_only=True) as store:
        points = read_pain_points(store)
        tallies = read_exercise_tallies(store)
        since = read_pain_points(store, _days_ago(1, 0))
    assert points == [ChartPainPoint(_days_ago(2), 6, 4), ChartPainPoint(_days_ago(1), 5, None)]
    assert since == points[1:]
    # The hurt mark is on the last exercise; it comes first.
    assert [t.name for t in tallies] == ["Piriformis stretch", "Hamstring stretch", "Knee-to-chest"]
    assert (tallies[1].planned, tallies[1].done, tallies[1].skipped) == (4, 3, 1)


def test_routine_progress_counts_completed_sessions_from_the_first(tmp_path: Path) -> None:
    db = build_history(
        tmp_path / "h.sqlite3",
        [
            Planned(STRETCHES, _days_ago(2, 8), 5, 4),
            Planned(STRETCHES, _days_ago(2, 17), 5, 4),
            Planned(STRETCHES, _days_ago(1, 8), 5, 4),
            Planned(STRETCHES, _days_ago(1, 17), 5, 4, status=SessionStatus.PARTIAL),
            Planned(STRETCHES, _days_ago(0, 8), 5, 4),
            Planned(STRETCHES, _days_ago(0, 9), 5, 4),
        ],
    )
    with HistoryStore.open(db, read_only=True) as store:
        (info,) = routines_in_history(store)
        progress = routine_progress(store, info, today=NOW.date(), tz=UTC)
    assert info.title == STRETCHES and info.prescription.sessions_per_day == 2
    assert progress.start == _days_ago(2).date()
    # 5 of the 6 prescribed sessions of three days were completed; yesterday was not full.
    assert (progress.last7.credit, progress.last7.measured_days) == (5, 3)
    assert progress.streak.days == 1
    assert not progress.streak_capped


def test_a_session_with_too_little_done_is_not_credited_and_is_named(tmp_path: Path) -> None:
    db = build_history(
        tmp_path / "h.sqlite3",
        [
            Planned(STRETCHES, _days_ago(1, 8), 5, 4),
            Planned(STRETCHES, _days_ago(1, 17), 5, 4, skipped=6),  # every part skipped
            Planned(STRETCHES, _days_ago(0, 8), 5, 4, skipped=1),  # 5 of 6: 83 %, counts
            Planned(STRETCHES, _days_ago(0, 17), 5, 4, status=SessionStatus.PARTIAL),
        ],
    )
    with HistoryStore.open(db, read_only=True) as store:
        (info,) = routines_in_history(store)
        progress = routine_progress(store, info, today=NOW.date(), tz=UTC)
    assert progress.counts == {_days_ago(1).date(): 1, _days_ago(0).date(): 1}
    assert progress.last30_count.describe() == (
        "2 of 4 sessions counted (1 with too little done, 1 stopped early)"
    )


def test_a_routine_started_this_week_is_measured_since_it_started(tmp_path: Path) -> None:
    db = build_history(
        tmp_path / "h.sqlite3",
        [Planned(STRETCHES, _days_ago(2, 8), 5, 4), Planned(STRETCHES, _days_ago(0, 8), 5, 4)],
    )
    with HistoryStore.open(db, read_only=True) as store:
        (info,) = routines_in_history(store)
        progress = routine_progress(store, info, today=NOW.date(), tz=UTC)
    assert progress.days_since_start == 3
    # Twice a day: 2 of 6 sessions in the 3 days since the start, 33 %, said once.
    assert adherence_windows(progress.last7, progress.last30) == [
        ("Since you started (3 days)", 33)
    ]
