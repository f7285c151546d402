"""The safety notice: when it is shown and what it says (guidance, never a diagnosis)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.routine.model import Routine, Step, StepKind
from tui.core.session.safety import (
    CLINIC_HEADING,
    CONTACT_HEADING,
    EMERGENCY_HEADING,
    FALLBACK_CONTACT,
    RECORD_DISCLAIMER,
    ROUTINE_SIGNS_HEADING,
    THERAPIST_HEADING,
    WARNING_SIGNS,
    PainBand,
    SafetyNotice,
    SignTier,
    needs_safety_notice,
    pain_band,
    safety_notice,
    stop_rules,
    warning_signs,
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
        (None, 5, False, False),  # no rating before: no rise to see
        (None, 9, False, True),  # ... but 9 after is at the stop level (issue 10)
        (7, 7, False, True),  # no rise, but at the stop level
        (8, 9, False, True),
        (3, 8, False, True),
        (4, 5, False, False),
        (3, None, False, False),
        (None, None, True, True),  # any hurt mark
        (5, 2, True, True),
    ],
)
def test_when_the_notice_is_needed(
    before: int | None, after: int | None, hurt: bool, needed: bool
) -> None:
    assert needs_safety_notice(before, after, hurt) is needed


def section(notice: SafetyNotice, heading: str) -> tuple[str, ...]:
    return next(s.lines for s in notice.sections if s.heading == heading)


GENERAL_EMERGENCY = (
    "new problems controlling your bladder or bowel",
    "numbness in the groin or saddle area",
    "numbness, weakness or pain in both legs",
    "leg weakness that is getting worse, such as tripping or a foot that drops",
)
INJECTION_EMERGENCY = (
    "fever together with a stiff neck, a severe headache or new severe back pain",
)
GENERAL_CONTACT = ("new numbness or weakness in one leg",)
INJECTION_CONTACT = (
    "fever or chills",
    "redness, swelling, warmth or drainage at the injection site",
    "bleeding from the injection site that does not stop",
    "a headache that is worse sitting or standing and better lying down",
)


def test_the_tiers_follow_the_clinical_review() -> None:
    assert warning_signs(SignTier.EMERGENCY, after_injection=False) == GENERAL_EMERGENCY
    assert warning_signs(SignTier.CONTACT, after_injection=False) == GENERAL_CONTACT
    assert (
        warning_signs(SignTier.EMERGENCY, after_injection=True)
        == GENERAL_EMERGENCY + INJECTION_EMERGENCY
    )
    assert (
        warning_signs(SignTier.CONTACT, after_injection=True) == GENERAL_CONTACT + INJECTION_CONTACT
    )


def test_every_sign_names_its_source_once() -> None:
    assert all(sign.source.startswith("DOMAIN.md") for sign in WARNING_SIGNS)
    wordings = [sign.wording for sign in WARNING_SIGNS]
    assert len(wordings) == len(set(wordings))


def test_injection_signs_absent_without_the_key() -> None:
    text = "\n".join(safety_notice(routine(), hurt_exercises=["Stretch"]).lines())
    for sign in INJECTION_EMERGENCY + INJECTION_CONTACT:
        assert sign not in text
    for word in ("injection", "fever", "headache", "neck"):
        assert word not in text.lower()
    for sign in GENERAL_EMERGENCY + GENERAL_CONTACT:
        assert f"- {sign}" in text


def test_injection_signs_present_with_the_key() -> None:
    notice = safety_notice(routine(after_injection=True), hurt_exercises=["Stretch"])
    assert section(notice, EMERGENCY_HEADING) == GENERAL_EMERGENCY + INJECTION_EMERGENCY
    assert section(notice, CLINIC_HEADING) == GENERAL_CONTACT + INJECTION_CONTACT


def test_emergency_tier_first_then_contact_then_the_routines_own() -> None:
    notice = safety_notice(
        routine(
            after_injection=True,
            warning_signs=("pain that wakes you at night", "  "),
            safety=("Stop if pain spreads down your leg.",),
            contact="Clinic 555-0100",
        ),
        hurt_exercises=["Bridge"],
    )
    assert [s.heading for s in notice.sections] == [
        EMERGENCY_HEADING,
        CLINIC_HEADING,
        ROUTINE_SIGNS_HEADING,
        THERAPIST_HEADING,
        CONTACT_HEADING,
    ]
    assert [s.urgent for s in notice.sections] == [True, False, False, False, False]
    assert section(notice, ROUTINE_SIGNS_HEADING) == ("pain that wakes you at night",)
    assert "emergency" in EMERGENCY_HEADING and "at once" in EMERGENCY_HEADING
    assert "contact your clinic" in CLINIC_HEADING
    lines = notice.lines()
    assert lines.index(EMERGENCY_HEADING) < lines.index(CLINIC_HEADING)
    assert lines.index(CLINIC_HEADING) < lines.index(ROUTINE_SIGNS_HEADING)
    assert "- pain that wakes you at night" in lines


def test_no_section_for_the_routines_own_signs_when_it_has_none() -> None:
    notice = safety_notice(routine(), hurt_exercises=["Stretch"])
    assert ROUTINE_SIGNS_HEADING not in [s.heading for s in notice.sections]


def test_notice_reasons_rules_and_contact() -> None:
    notice = safety_notice(
        routine(safety=("Stop if pain spreads down your leg.",), contact="Clinic 555-0100"),
        pain_before=2,
        pain_after=5,
        hurt_exercises=["Bridge", "Bridge", "Cat-camel"],
    )
    assert section(notice, THERAPIST_HEADING) == ("Stop if pain spreads down your leg.",)
    assert section(notice, CONTACT_HEADING) == ("Clinic 555-0100",)
    assert notice.reasons == (
        "You rated your pain 5 after the session and 2 before it.",
        'You marked "this hurts" during: Bridge, Cat-camel.',
    )
    lines = notice.lines()
    assert lines[-1] == RECORD_DISCLAIMER
    assert "- Clinic 555-0100" in lines


def test_neutral_contact_when_the_routine_has_none() -> None:
    notice = safety_notice(routine(contact="  "), hurt_exercises=["Stretch"])
    assert section(notice, CONTACT_HEADING) == (FALLBACK_CONTACT,)
    assert FALLBACK_CONTACT == "Contact your clinician or therapist."
    assert not any(s.heading.startswith("Your therapist") for s in notice.sections)


def test_wording_is_guidance_not_diagnosis() -> None:
    text = "\n".join(safety_notice(routine(), pain_before=1, pain_after=8).lines()).lower()
    for word in ("diagnos", "you have", "injury", "damage", "infection", "normal"):
        assert word not in text


def test_the_sources_note_lists_every_sign() -> None:
    note = (Path(__file__).parents[3] / "docs" / "warning-signs.md").read_text(encoding="utf-8")
    for sign in WARNING_SIGNS:
        tier = sign.tier.value
        scope = "after an injection" if sign.injection_only else "any back programme"
        assert f"| {sign.wording} | {tier} | {scope} |" in note, sign.wording


def test_pain_bands_follow_the_routines_levels() -> None:
    r = routine()
    assert [pain_band(r, p) for p in (None, 0, 3, 4, 5, 6, 10)] == [
        None,
        PainBand.FINE,
        PainBand.FINE,
        PainBand.CAUTION,
        PainBand.CAUTION,
        PainBand.STOP,
        PainBand.STOP,
    ]
    strict = routine(pain_caution=2, pain_stop=3)
    assert [pain_band(strict, p) for p in (1, 2, 3)] == [
        PainBand.FINE,
        PainBand.CAUTION,
        PainBand.STOP,
    ]


def test_stop_rules_are_the_routines_rules_its_stop_level_and_contact() -> None:
    r = routine(safety=("Stop if pain spreads down your leg.", "  "), contact="Clinic, 555-0100")
    rules = stop_rules(r)
    assert rules.rules == (
        "Stop if pain spreads down your leg.",
        "This routine's stop level is 6 out of 10: at 6 or more, stop or ease off the exercise.",
    )
    assert (rules.contact, rules.notes, rules.offer_not_today) == ("Clinic, 555-0100", (), False)
    assert stop_rules(routine()).contact == FALLBACK_CONTACT
    assert rules.lines()[-1] == f"{CONTACT_HEADING} Clinic, 555-0100"


def test_stop_rules_say_take_it_gently_in_the_caution_band_and_offer_not_today_at_stop() -> None:
    r = routine()
    assert stop_rules(r, 3).notes == ()
    assert stop_rules(r, 5).notes == (
        "You rated your pain 5 before the session: take it gently today.",
    )
    at_stop = stop_rules(r, 6)
    assert at_stop.offer_not_today
    assert at_stop.notes[0] == "You rated your pain 6 before the session."
    assert not any("diagnos" in line or "injur" in line for line in at_stop.lines())


def test_the_notice_repeats_a_this_hurts_rating_and_the_stop_level() -> None:
    notice = safety_notice(
        routine(),
        pain_before=2,
        pain_after=3,
        hurt_exercises=["Bridge"],
        hurt_ratings=[("Bridge", 8)],
    )
    assert notice.reasons == (
        'You rated your pain 8 when you pressed "this hurts" during Bridge.',
        'You marked "this hurts" during: Bridge.',
        "This routine's stop level is 6 out of 10: at 6 or more, stop or ease off the exercise.",
    )
    assert notice.disclaimer == RECORD_DISCLAIMER


def test_the_notice_at_the_stop_level_without_a_rise() -> None:
    notice = safety_notice(routine(), pain_before=8, pain_after=9)
    assert notice.reasons[0] == "You rated your pain 9 after the session."
    assert needs_safety_notice(2, 3, False, hurt_ratings=[6])
    assert not needs_safety_notice(2, 3, False, hurt_ratings=[5])
    assert needs_safety_notice(2, 7, False, stop=8)  # below the stop level, but 5 points up
    assert needs_safety_notice(None, 7, False, stop=7)
    assert not needs_safety_notice(None, 7, False, stop=8)
