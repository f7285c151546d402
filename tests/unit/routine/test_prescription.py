"""How often a routine is meant to be done ."""

from __future__ import annotations

import pytest

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


def test_prescription_defaults_are_marked_assumed() -> None:
    p = Prescription.of(None, None)
    assert (p.sessions_per_day, p.days_per_week, p.known) == (1, 7, False)
    assert "assumed" in p.describe()
    assert Prescription.of(2, 5).describe() == "2 sessions a day, 5 days a week"


def test_prescription_words_give_only_what_the_routine_says() -> None:
    assert prescription_words(2, 5) == "2 sessions a day, 5 days a week"
    assert prescription_words(1, 1) == "1 session a day, 1 day a week"
    assert prescription_words(None, 7) == "every day"
    assert prescription_words(3, None) == "3 sessions a day"
    assert prescription_words(None, None) == ""
    assert Prescription.of(None, 1).describe() == "1 session a day, 1 day a week"


def test_prescription_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        Prescription(0, 7)
    with pytest.raises(ValueError):
        Prescription(1, 8)
