"""Today, with a fake date: the start gate, phases by date, criteria offered and confirmed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.core.programme import ConfirmedMove, ProgrammeState, SessionFact, today_view
from tui.core.programme.plan import Programme
from tui.core.programme.plan_file import load_programme
from tui.core.programme.state import read_state, with_move, with_start, write_state
from tui.core.programme.today_words import today_lines

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _programme(folder: Path) -> Programme:
    return load_programme(folder / "programme.toml")


def _at(day: int, hour: int = 12) -> datetime:
    return START.replace(hour=hour) + timedelta(days=day)


def test_before_the_start_gate_no_session_may_start_and_it_says_when(programme_dir: Path) -> None:
    view = today_view(_programme(programme_dir), ProgrammeState(), _at(1, 9), [])
    assert not view.may_start_sessions
    assert view.next_session is None
    assert view.gate_opens_at == START + timedelta(hours=24)
    lines = today_lines(view)
    assert "Your sessions may start today at 10:00." in lines
    assert "Until then: Rest." in lines


def test_after_the_gate_the_first_week_is_due(programme_dir: Path) -> None:
    view = today_view(_programme(programme_dir), ProgrammeState(), _at(1, 11), [])
    assert view.may_start_sessions
    assert view.phase is not None and view.phase.name == "First week"
    assert view.next_session is not None and view.next_session.title == "Stretch"
    assert view.routines[0].due == 2


def test_on_day_9_it_is_in_phase_3_by_date_in_week_2(programme_dir: Path) -> None:
    view = today_view(_programme(programme_dir), ProgrammeState(), _at(9), [])
    assert view.day == 9 and view.week == 2
    assert view.placed is not None and view.placed.index == 2
    assert "Day 9 after your injection (week 2)." in today_lines(view)
    assert "Phase 3 of 4: Building." in today_lines(view)


def test_done_today_counts_completed_sessions_of_the_phase(programme_dir: Path) -> None:
    facts = [
        SessionFact(_at(2, 9), "Stretch", True, 2),
        SessionFact(_at(2, 10), "Stretch", False, 2),
    ]
    view = today_view(_programme(programme_dir), ProgrammeState(), _at(2), facts)
    assert view.routines[0].done == 1
    assert "  Stretch: 1 of 2 sessions done" in today_lines(view)


def _good_week(days: range) -> list[SessionFact]:
    facts = []
    for day in days:
        facts.append(SessionFact(_at(day, 9), "Stretch", True, 2))
        facts.append(SessionFact(_at(day, 10), "Walk", True, 3))
    return facts


def test_criteria_met_offer_the_move_and_a_confirmation_records_it(
    programme_dir: Path, tmp_path: Path
) -> None:
    programme = _programme(programme_dir)
    facts = _good_week(range(8, 14))
    view = today_view(programme, ProgrammeState(), _at(13, 18), facts)
    assert view.offer is not None and view.offer.to_name == "Keeping on"
    assert any("you can move to phase 4" in line for line in today_lines(view))
    assert view.phase is not None and view.phase.name == "Building"  # not moved on by itself

    state_path = tmp_path / "state" / "state.json"
    book = with_move(read_state(state_path), programme.title, ConfirmedMove(3, _at(13, 18)))
    write_state(book, state_path)
    assert state_path.stat().st_mode & 0o777 == 0o600
    assert state_path.parent.stat().st_mode & 0o777 == 0o700
    moved = today_view(programme, read_state(state_path).of(programme.title), _at(14), facts)
    assert moved.phase is not None and moved.phase.name == "Keeping on"
    assert moved.offer is None


def test_criteria_not_met_keep_the_phase_past_its_dates(programme_dir: Path) -> None:
    programme = _programme(programme_dir)
    bad = [SessionFact(_at(day, 9), "Stretch", True, 6) for day in range(8, 22)]
    view = today_view(programme, ProgrammeState(), _at(25), bad)
    assert view.phase is not None and view.phase.name == "Building"
    assert view.offer is None
    assert any(line.startswith("  not yet: pain after at most 3") for line in today_lines(view))


def test_a_start_left_to_the_patient_is_asked_for_then_kept(
    programme_dir: Path, tmp_path: Path
) -> None:
    path = programme_dir / "programme.toml"
    path.write_text(
        path.read_text().replace("start = 2026-12-01T10:00:00", 'start = "first use"'),
        encoding="utf-8",
    )
    programme = _programme(programme_dir)
    assert today_view(programme, ProgrammeState(), _at(3), []).needs_start
    state_path = tmp_path / "state.json"
    write_state(with_start(read_state(state_path), programme.title, START), state_path)
    view = today_view(programme, read_state(state_path).of(programme.title), _at(3), [])
    assert view.day == 3


def test_cards_show_on_their_day_and_phase(programme_dir: Path) -> None:
    programme = _programme(programme_dir)
    first = today_view(programme, ProgrammeState(), _at(0), [])
    assert [c.title for c in first.cards] == ["Warning signs", "Normal after"]
    done = [SessionFact(_at(1, 11), "Stretch", True, 1)]
    day8 = today_view(programme, ProgrammeState(), _at(8), done)
    assert [c.title for c in day8.cards] == ["Why walk"]
    assert today_view(programme, ProgrammeState(), _at(9), done).cards == ()
