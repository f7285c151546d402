"""The safety notice: when it is shown and what it says (guidance, never a diagnosis)."""

from __future__ import annotations

import pytest

from tui.core.routine.model import Routine, Step, StepKind
from tui.core.session.safety import (
    CLINICIAN_WARNING_SIGNS,
    EMERGENCY_WARNING_SIGNS,
    FALLBACK_CONTACT,
    RECORD_DISCLAIMER,
    needs_safety_notice,
    safety_notice,
)


def routine(**fields: object) -> Routine:
    step = Step(StepKind.HOLD, "Stretch", hold=30.0)
    return Routine(title="R", steps=(step,), **fields)  # type: ignore[arg-type]


def test_disclaimer_wording() -> None:
    assert RECORD_DISCLAIMER == "supple records what you report; it does not assess you."


@pytest.mark.parametrize(
    ("before", "after", "hurt", "needed"),
    [
        (3, 5, False, True),  # two points up
        (3, 4, False, False),
        (3, 9, False, True),
        (5, 3, False, False),  # better
        (None, 9, False, False),  # no rating before: no rise to see
        (3, None, False, False),
        (None, None, True, True),  # any hurt mark
        (5, 2, True, True),
    ],
)
def test_when_the_notice_is_needed(
    before: int | None, after: int | None, hurt: bool, needed: bool
) -> None:
    assert needs_safety_notice(before, after, hurt) is needed


def test_bladder_bowel_and_saddle_numbness_are_emergencies() -> None:
    emergency = " ".join(EMERGENCY_WARNING_SIGNS)
    assert "bladder or bowel" in emergency
    assert "saddle" in emergency
    clinician = " ".join(CLINICIAN_WARNING_SIGNS)
    assert "bladder" not in clinician
    for sign in ("fever or chills", "injection site", "numbness or weakness in the legs"):
        assert sign in clinician
    assert "headache" in clinician and "neck stiffness" in clinician


def test_notice_order_therapist_rules_contact_then_signs() -> None:
    notice = safety_notice(
        routine(safety=("Stop if pain spreads down your leg.",), contact="Clinic 555-0100"),
        pain_before=2,
        pain_after=5,
        hurt_exercises=["Bridge", "Bridge", "Cat-camel"],
    )
    headings = [s.heading for s in notice.sections]
    assert headings[0].startswith("Your therapist")
    assert notice.sections[0].lines == ("Stop if pain spreads down your leg.",)
    assert notice.sections[1].lines == ("Clinic 555-0100",)
    assert notice.sections[2].lines == CLINICIAN_WARNING_SIGNS
    assert notice.sections[3].lines == EMERGENCY_WARNING_SIGNS and notice.sections[3].urgent
    assert notice.reasons == (
        "You rated your pain 5 after the session and 2 before it.",
        'You marked "this hurts" during: Bridge, Cat-camel.',
    )
    lines = notice.lines()
    assert lines[-1] == RECORD_DISCLAIMER
    assert "- Clinic 555-0100" in lines


def test_neutral_contact_when_the_routine_has_none() -> None:
    notice = safety_notice(routine(contact="  "), hurt_exercises=["Stretch"])
    assert next(s.lines for s in notice.sections) == (FALLBACK_CONTACT,)
    assert FALLBACK_CONTACT == "Contact your clinician or therapist."
    assert not any(s.heading.startswith("Your therapist") for s in notice.sections)


def test_wording_is_guidance_not_diagnosis() -> None:
    text = "\n".join(safety_notice(routine(), pain_before=1, pain_after=8).lines()).lower()
    for word in ("diagnos", "you have", "injury", "damage", "infection", "normal"):
        assert word not in text
