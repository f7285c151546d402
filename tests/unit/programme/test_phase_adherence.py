"""Adherence and pain by phase and programme week, with a fake date, and its table and CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.core.programme import ConfirmedMove, ProgrammeState, SessionFact
from tui.core.programme.adherence_words import (
    ADHERENCE_CSV_COLUMNS,
    adherence_csv,
    adherence_lines,
)
from tui.core.programme.phase_adherence import AdherenceStretch, programme_adherence
from tui.core.programme.plan import Programme
from tui.core.programme.plan_file import load_programme
from tui.core.programme.schedule import adherence_percent

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _programme(folder: Path) -> Programme:
    return load_programme(folder / "programme.toml")


def _at(day: int, hour: int = 12) -> datetime:
    return START.replace(hour=hour) + timedelta(days=day)


def _stretch(
    day: int,
    hour: int = 11,
    *,
    before: int | None = 4,
    after: int | None = 2,
    credited: bool = True,
) -> SessionFact:
    return SessionFact(_at(day, hour), "Stretch", True, after, before, credited)


def _rows(
    programme: Programme,
    now: datetime,
    facts: list[SessionFact],
    state: ProgrammeState | None = None,
) -> dict[tuple[str, int | None], AdherenceStretch]:
    state = state or ProgrammeState()
    report = programme_adherence(programme, state, now, facts)
    assert report is not None
    return {(s.phase_name, s.week): s for p in report.phases for s in (*p.weeks, p.whole)}


def test_each_week_is_measured_against_its_phases_own_prescription(programme_dir: Path) -> None:
    # The first week prescribes Stretch twice a day: 14 sessions in days 1-7.
    facts = [_stretch(day) for day in range(1, 8)] + [_stretch(3, 15), _stretch(3, 16)]
    rows = _rows(_programme(programme_dir), _at(10), facts)
    week1 = rows[("First week", 1)]
    assert (week1.first_day, week1.last_day) == (1, 7)
    assert week1.prescribed == pytest.approx(14)
    assert week1.credited == 8  # a third session on day 3 is not extra credit
    assert week1.percent == 57 and not week1.in_progress
    assert ("Rest", 1) not in rows  # a rest phase prescribes nothing


def test_only_credited_sessions_count_but_every_rating_is_in_the_pain(
    programme_dir: Path,
) -> None:
    facts = [
        _stretch(1, before=2, after=1),
        _stretch(2, before=4, after=3, credited=False),  # completed, too little done
        _stretch(3, before=6, after=8),
        _stretch(4, before=None, after=None),
    ]
    week1 = _rows(_programme(programme_dir), _at(10), facts)[("First week", 1)]
    assert week1.credited == 3 and week1.sessions == 4
    assert week1.pain_before == 4 and week1.pain_after == 3  # medians, not means


def test_the_week_in_progress_is_pro_rated_to_the_days_so_far(programme_dir: Path) -> None:
    # Day 10 is the third day of week 2, in Building: Stretch daily, Walk 5 days a week.
    facts = [SessionFact(_at(day, 9), "Walk", True, 2, 3, True) for day in (8, 9)]
    week2 = _rows(_programme(programme_dir), _at(10), facts)[("Building", 2)]
    assert (week2.first_day, week2.last_day) == (8, 10) and week2.in_progress
    assert week2.prescribed == pytest.approx(3 + 3 * 5 / 7)
    assert week2.credited == 2 and week2.percent == 39


def test_a_confirmed_move_cuts_a_week_in_two_and_each_part_is_pro_rated(
    programme_dir: Path,
) -> None:
    state = ProgrammeState(moves=(ConfirmedMove(3, _at(17, 9)),))
    rows = _rows(_programme(programme_dir), _at(20), [], state=state)
    building3, keeping3 = rows[("Building", 3)], rows[("Keeping on", 3)]
    assert (building3.first_day, building3.last_day) == (15, 16)
    assert building3.prescribed == pytest.approx(2 * (1 + 5 / 7))
    assert (keeping3.first_day, keeping3.last_day) == (17, 20)
    assert keeping3.prescribed == pytest.approx(4) and keeping3.in_progress
    whole = rows[("Building", None)]
    assert (whole.first_day, whole.last_day) == (8, 16) and whole.percent == 0


def test_days_wholly_before_the_start_gate_are_not_measured(programme_dir: Path) -> None:
    path = programme_dir / "programme.toml"
    path.write_text(path.read_text().replace('not_before = "24h"', 'not_before = "48h"'))
    week1 = _rows(_programme(programme_dir), _at(5), [])[("First week", 1)]
    assert (week1.first_day, week1.last_day) == (2, 5)
    assert week1.prescribed == pytest.approx(8)


def test_without_a_start_there_is_nothing_to_measure(programme_dir: Path) -> None:
    path = programme_dir / "programme.toml"
    path.write_text(path.read_text().replace("start = 2026-12-01T10:00:00", 'start = "first use"'))
    assert programme_adherence(_programme(programme_dir), ProgrammeState(), _at(5), []) is None


def test_before_day_1_no_phase_with_sessions_is_reached(programme_dir: Path) -> None:
    report = programme_adherence(_programme(programme_dir), ProgrammeState(), _at(0), [])
    assert report is not None and report.phases == ()
    assert adherence_lines(report)[-1] == "No sessions were due yet."


def test_the_table_in_words_and_as_csv(programme_dir: Path) -> None:
    facts = [_stretch(day) for day in range(1, 12)]
    report = programme_adherence(_programme(programme_dir), ProgrammeState(), _at(10), facts)
    assert report is not None
    lines = adherence_lines(report)
    assert lines[1].split("  ")[0] == "Phase" and lines[1].endswith("Pain before  Pain after")
    assert "2. First week  1     1-7   7 of 14   50%" in lines[2]
    assert "3 of 5.1" in lines[3] and "58% so far" in lines[3]
    rows = list(csv.DictReader(io.StringIO(adherence_csv(report))))
    assert tuple(rows[0]) == ADHERENCE_CSV_COLUMNS
    assert [(r["phase"], r["week"]) for r in rows] == [
        ("First week", "1"),
        ("First week", ""),
        ("Building", "2"),
        ("Building", ""),
    ]
    assert rows[0]["first_date"] == "2026-12-02" and rows[0]["adherence_percent"] == "50"
    assert rows[2]["in_progress"] == "yes" and rows[2]["pain_after_median"] == "2"


def test_a_stretch_with_nothing_prescribed_has_no_percent() -> None:
    empty = AdherenceStretch(0, "Rest", 1, 0, 0, 0.0, 0, 0, None, None, False)
    assert empty.percent is None and empty.days == 1


def test_the_move_on_criterion_counts_credited_sessions_only(programme_dir: Path) -> None:
    routines = _programme(programme_dir).phases[1].routines
    since, today = _at(1).date(), _at(7).date()
    credited = [_stretch(day, hour) for day in range(1, 8) for hour in (9, 15)]
    assert adherence_percent(credited, routines, since, today, _at(7)) == 100.0
    short = [_stretch(day, hour, credited=False) for day in range(1, 8) for hour in (9, 15)]
    assert adherence_percent(short, routines, since, today, _at(7)) == 0.0
