"""Safety wording: when to show it, and what it says.

supple coaches and records; it never diagnoses or changes a dose.  After a
session in which pain rose by at least 2 points, or in which the patient
marked "this hurts", the screens and the plain-text mode show a
:class:`SafetyNotice`: the therapist's own stop rules and contact from the
routine, then the fixed warning signs of ``../shared/DOMAIN.md``, worded as
guidance.  Pure values only: both front ends render the same sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.routine.model import Routine

#: Shown wherever a rating is shown back to the patient.
RECORD_DISCLAIMER = "supple records what you report; it does not assess you."

#: Shown when the routine has no contact text of its own.
FALLBACK_CONTACT = "Contact your clinician or therapist."

#: Warning signs that mean: stop the exercises and contact your clinician.
CLINICIAN_WARNING_SIGNS: tuple[str, ...] = (
    "fever or chills",
    "redness, swelling, warmth or drainage at the injection site",
    "new numbness or weakness in the legs",
    "a severe headache that is worse sitting or standing and better lying down",
    "neck stiffness",
)

#: Warning signs that mean: seek emergency care now.
EMERGENCY_WARNING_SIGNS: tuple[str, ...] = (
    "new problems controlling your bladder or bowel",
    "numbness in the groin or saddle area",
)

CLINICIAN_HEADING = "Stop the exercises and contact your clinician if you notice:"
EMERGENCY_HEADING = "Seek emergency care straight away if you notice:"
THERAPIST_HEADING = "Your therapist's advice for this routine:"
CONTACT_HEADING = "Who to contact:"

#: Pain after at least this many points above pain before calls for the notice.
PAIN_RISE_POINTS = 2


def needs_safety_notice(pain_before: int | None, pain_after: int | None, hurt_marked: bool) -> bool:
    """True when pain after is at least 2 points above before, or "this hurts" was marked.

    A skipped rating (``None``) cannot show a rise; the mark alone then decides.
    """
    if hurt_marked:
        return True
    if pain_before is None or pain_after is None:
        return False
    return pain_after - pain_before >= PAIN_RISE_POINTS


@dataclass(frozen=True)
class NoticeSection:
    """One part of the notice: a heading and its lines (shown as a list)."""

    heading: str
    lines: tuple[str, ...]
    #: True for the emergency signs, which a screen may show more prominently.
    urgent: bool = False


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
    """The notice for ``routine``: why it is shown, the therapist's rules, contact, warning signs.

    ``hurt_exercises`` are the names of exercises marked "this hurts" (repeats
    are shown once).  The reasons repeat what the patient reported; they never
    say what it means.
    """
    reasons: list[str] = []
    if (
        pain_before is not None
        and pain_after is not None
        and pain_after - pain_before >= PAIN_RISE_POINTS
    ):
        reasons.append(
            f"You rated your pain {pain_after} after the session and {pain_before} before it."
        )
    names = list(dict.fromkeys(hurt_exercises))
    if names:
        reasons.append(f'You marked "this hurts" during: {", ".join(names)}.')

    sections: list[NoticeSection] = []
    rules = tuple(rule.strip() for rule in routine.safety if rule.strip())
    if rules:
        sections.append(NoticeSection(THERAPIST_HEADING, rules))
    contact = routine.contact.strip() or FALLBACK_CONTACT
    sections.append(NoticeSection(CONTACT_HEADING, (contact,)))
    sections.append(NoticeSection(CLINICIAN_HEADING, CLINICIAN_WARNING_SIGNS))
    sections.append(NoticeSection(EMERGENCY_HEADING, EMERGENCY_WARNING_SIGNS, urgent=True))
    return SafetyNotice(
        title="Please read this before you carry on with your exercises.",
        reasons=tuple(reasons),
        sections=tuple(sections),
    )
