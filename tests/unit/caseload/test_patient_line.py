"""The flags of a patient's line and the order they give the caseload."""

from __future__ import annotations

from tui.core.caseload.patient_line import Flag, PatientCounts, patient_line, sorted_lines


def counts(
    patient: str = "A",
    *,
    s7: int = 7,
    pain7: float | None = 3.0,
    pain_before: float | None = 3.0,
    safety: int = 0,
) -> PatientCounts:
    return PatientCounts(patient, None, s7, s7 * 4, pain7, pain_before, 0, safety)


def test_a_patient_doing_well_has_no_flag() -> None:
    assert patient_line(counts()).flags == ()


def test_pain_rising_by_two_points_is_flagged_and_by_less_is_not() -> None:
    assert patient_line(counts(pain7=5.0, pain_before=3.0)).flags == (Flag.PAIN_RISING,)
    assert patient_line(counts(pain7=4.9, pain_before=3.0)).flags == ()
    assert patient_line(counts(pain7=5.0, pain_before=None)).flags == ()


def test_fewer_than_half_the_sessions_is_flagged() -> None:
    assert patient_line(counts(s7=3)).flags == (Flag.LOW_ADHERENCE,)
    assert patient_line(counts(s7=4)).flags == ()


def test_a_safety_notice_in_the_week_is_flagged() -> None:
    assert patient_line(counts(safety=1)).flags == (Flag.SAFETY,)


def test_the_most_flags_first_then_the_most_urgent_then_by_id() -> None:
    lines = sorted_lines(
        [
            counts("A"),
            counts("B", s7=1),
            counts("C", safety=2),
            counts("D", s7=0, pain7=6.0, pain_before=2.0),
            counts("E", safety=1, s7=1),
        ]
    )
    assert [line.counts.patient for line in lines] == ["E", "D", "C", "B", "A"]


def test_the_pain_change_is_rounded() -> None:
    assert patient_line(counts(pain7=5.25, pain_before=3.0)).pain_change == 2.2
