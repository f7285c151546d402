"""Safety wording: when to show it, and what it says.

supple coaches and records; it never diagnoses or changes a dose.  After a
session in which pain rose by at least 2 points, or in which the patient
marked "this hurts", the screens and the plain-text mode show a
:class:`SafetyNotice`: the therapist's own stop rules and contact from the
routine, with the warning signs of :data:`WARNING_SIGNS` first (emergency tier,
then contact-your-clinic tier; the injection signs only for a routine with
``after_injection = true``; then the routine's own ``warning_signs``), worded
as guidance.  Pure values only: both front ends render the same sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from tui.core.routine.model import Routine
from tui.core.session.ratings import PainTrend, pain_trend

#: Shown wherever a rating is shown back to the patient.
RECORD_DISCLAIMER = "supple records what you report; it does not assess you."

#: Shown when the routine has no contact text of its own.
FALLBACK_CONTACT = "Contact your clinician or therapist."


class SignTier(Enum):
    """How urgent a warning sign is; the notice shows the emergency tier first."""

    EMERGENCY = "emergency"  # seek care at once
    CONTACT = "contact"  # stop the exercises and contact your clinic


@dataclass(frozen=True)
class WarningSign:
    """One warning sign: its wording, tier, scope and where the wording comes from."""

    wording: str
    tier: SignTier
    #: True for signs that only apply after an injection (``after_injection`` routines).
    injection_only: bool
    #: Where the sign and its tier come from (see ``docs/warning-signs.md``).
    source: str


_REVIEW = "DOMAIN.md, clinical review 2026-12"

#: Every fixed warning sign, in the order shown within its tier.  The only statement
#: of their wording and tier: the notice, the tests and docs/warning-signs.md follow it.
WARNING_SIGNS: tuple[WarningSign, ...] = (
    WarningSign(
        "new problems controlling your bladder or bowel",
        SignTier.EMERGENCY,
        False,
        f"{_REVIEW}, emergency tier: new bladder or bowel problems",
    ),
    WarningSign(
        "numbness in the groin or saddle area",
        SignTier.EMERGENCY,
        False,
        f"{_REVIEW}, emergency tier: numbness in the groin or saddle area",
    ),
    WarningSign(
        "numbness, weakness or pain in both legs",
        SignTier.EMERGENCY,
        False,
        f"{_REVIEW}, emergency tier: symptoms in both legs",
    ),
    WarningSign(
        "leg weakness that is getting worse, such as tripping or a foot that drops",
        SignTier.EMERGENCY,
        False,
        f"{_REVIEW}, emergency tier: leg weakness that is getting worse",
    ),
    WarningSign(
        "fever together with a stiff neck, a severe headache or new severe back pain",
        SignTier.EMERGENCY,
        True,
        f"{_REVIEW}, emergency tier after an injection",
    ),
    WarningSign(
        "new numbness or weakness in one leg",
        SignTier.CONTACT,
        False,
        f"{_REVIEW}, contact tier: new numbness or weakness in one leg",
    ),
    WarningSign(
        "fever or chills",
        SignTier.CONTACT,
        True,
        f"{_REVIEW}, contact tier: fever or chills alone",
    ),
    WarningSign(
        "redness, swelling, warmth or drainage at the injection site",
        SignTier.CONTACT,
        True,
        f"{_REVIEW}, contact tier: injection-site signs",
    ),
    WarningSign(
        "bleeding from the injection site that does not stop",
        SignTier.CONTACT,
        True,
        f"{_REVIEW}, contact tier: bleeding that does not stop",
    ),
    WarningSign(
        "a headache that is worse sitting or standing and better lying down",
        SignTier.CONTACT,
        True,
        f"{_REVIEW}, contact tier: headache worse upright, better lying down",
    ),
)


def warning_signs(tier: SignTier, *, after_injection: bool) -> tuple[str, ...]:
    """The wording of the fixed signs of ``tier``; injection signs only ``after_injection``."""
    return tuple(
        sign.wording
        for sign in WARNING_SIGNS
        if sign.tier is tier and (after_injection or not sign.injection_only)
    )


EMERGENCY_HEADING = "Seek emergency care at once if you notice any of these:"
CLINIC_HEADING = "Stop the exercises and contact your clinic if you notice:"
ROUTINE_SIGNS_HEADING = "Your therapist also asks you to contact the clinic if you notice:"
THERAPIST_HEADING = "Your therapist's advice for this routine:"
CONTACT_HEADING = "Who to contact:"


def needs_safety_notice(pain_before: int | None, pain_after: int | None, hurt_marked: bool) -> bool:
    """True when pain got worse (by :func:`~tui.core.session.ratings.pain_trend`) or "this hurts"
    was marked.

    A skipped rating (``None``) cannot show a rise; the mark alone then decides.
    """
    if hurt_marked:
        return True
    return pain_trend(pain_before, pain_after) is PainTrend.WORSE


@dataclass(frozen=True)
class NoticeSection:
    """One part of the notice: a heading and its lines (shown as a list)."""

    heading: str
    lines: tuple[str, ...]
    #: True for the emergency signs, which a screen may show more prominently.
    urgent: bool = False
    #: True for a one-line section (the contact) a screen may put beside its heading.
    inline: bool = False


@dataclass(frozen=True)
class SafetyNotice:
    """What to show after a session that needs it, as sections in order."""

    title: str
    reasons: tuple[str, ...]
    sections: tuple[NoticeSection, ...]
    disclaimer: str = RECORD_DISCLAIMER

    def lines(self) -> list[str]:
        """The whole notice as plain lines (no markup), for plain mode and logs."""
        out = [self.title]
        out.extend(self.reasons)
        for section in self.sections:
            out.append("")
            out.append(section.heading)
            out.extend(f"- {line}" for line in section.lines)
        out.append("")
        out.append(self.disclaimer)
        return out


def safety_notice(
    routine: Routine,
    *,
    pain_before: int | None = None,
    pain_after: int | None = None,
    hurt_exercises: Iterable[str] = (),
) -> SafetyNotice:
    """The notice for ``routine``: why it is shown, warning signs, the therapist's rules, contact.

    ``hurt_exercises`` are the names of exercises marked "this hurts" (repeats
    are shown once).  The reasons repeat what the patient reported; they never
    say what it means.
    """
    reasons: list[str] = []
    if pain_trend(pain_before, pain_after) is PainTrend.WORSE:
        reasons.append(
            f"You rated your pain {pain_after} after the session and {pain_before} before it."
        )
    names = list(dict.fromkeys(hurt_exercises))
    if names:
        reasons.append(f'You marked "this hurts" during: {", ".join(names)}.')

    return SafetyNotice(
        title="Please read this before you carry on with your exercises.",
        reasons=tuple(reasons),
        sections=_sections(routine),
    )


def _sections(routine: Routine) -> tuple[NoticeSection, ...]:
    """Emergency signs, contact-your-clinic signs, the routine's own, its rules, its contact."""
    injection = routine.after_injection
    sections = [
        NoticeSection(
            EMERGENCY_HEADING,
            warning_signs(SignTier.EMERGENCY, after_injection=injection),
            urgent=True,
        ),
        NoticeSection(CLINIC_HEADING, warning_signs(SignTier.CONTACT, after_injection=injection)),
    ]
    own = tuple(sign.strip() for sign in routine.warning_signs if sign.strip())
    if own:
        sections.append(NoticeSection(ROUTINE_SIGNS_HEADING, own))
    rules = tuple(rule.strip() for rule in routine.safety if rule.strip())
    if rules:
        sections.append(NoticeSection(THERAPIST_HEADING, rules))
    contact = routine.contact.strip() or FALLBACK_CONTACT
    sections.append(NoticeSection(CONTACT_HEADING, (contact,), inline=True))
    return tuple(sections)
