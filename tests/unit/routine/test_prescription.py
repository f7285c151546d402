"""How often a routine is meant to be done (more in tests/unit/test_progress.py)."""

from __future__ import annotations

from tui.core.routine.prescription import Prescription, prescription_words


def test_one_given_part_makes_the_prescription_known() -> None:
    p = Prescription.of(2, None)
    assert (p.sessions_per_day, p.days_per_week, p.known) == (2, 7, True)
    assert "assumed" not in p.describe()


def test_sessions_for_spreads_the_week_over_the_days() -> None:
    assert Prescription(2, 5).sessions_for(7) == 10
    assert Prescription(1, 7).sessions_for(3) == 3
    assert Prescription(1, 3).sessions_for(14) == 6


def test_days_alone_are_worded_alone() -> None:
    assert prescription_words(None, 2) == "2 days a week"
