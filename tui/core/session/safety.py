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

from tui.core.routine.model import PAIN_STOP_DEFAULT, Routine
from tui.core.session.ratings import PainTrend, pain_trend

#: Shown wherever a rating is shown back to the patient.
RECORD_DISCLAIMER = "supple records what you report; it does not assess you."

#: Shown when neither the routine nor the patient's settings name a contact.
FALLBACK_CONTACT = "Ask your therapist for a contact number."


def contact_words(routine: Routine) -> str:
    """Who to contact: the routine's contact (the patient's own fills it in when the
    routine names none, see :func:`tui.session_setup.with_patient_contact`), else ask."""
    return routine.contact.strip() or FALLBACK_CONTACT


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


def needs_safety_notice(
    pain_before: int | None,
    pain_after: int | None,
    hurt_marked: bool,
    *,
    stop: int = PAIN_STOP_DEFAULT,
    hurt_ratings: Iterable[int] = (),
) -> bool:
    """True when pain got worse (by :func:`~tui.core.session.ratings.pain_trend`), pain after
    or a "this hurts" rating reached the routine's ``stop`` level, or "this hurts" was marked.

    A skipped rating (``None``) cannot show a rise; the others then decide.
    """
    if hurt_marked:
        return True
    if pain_after is not None and pain_after >= stop:
        return True
    if any(value >= stop for value in hurt_ratings):
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
    hurt_ratings: Iterable[tuple[str, int]] = (),
) -> SafetyNotice:
    """The notice for ``routine``: why it is shown, warning signs, the therapist's rules, contact.

    ``hurt_exercises`` are the names of exercises marked "this hurts" (repeats
    are shown once); ``hurt_ratings`` the (exercise, pain) rated when it was
    pressed.  The reasons repeat what the patient reported and the routine's
    stop level; they never say what it means.
    """
    reasons: list[str] = []
    stop = routine.pain_stop
    if pain_trend(pain_before, pain_after) is PainTrend.WORSE:
        reasons.append(
            f"You rated your pain {pain_after} after the session and {pain_before} before it."
        )
    elif pain_after is not None and pain_after >= stop:
        reasons.append(f"You rated your pain {pain_after} after the session.")
    rated = list(hurt_ratings)
    reasons.extend(
        f'You rated your pain {value} when you pressed "this hurts" during {name}.'
        for name, value in rated
    )
    names = list(dict.fromkeys(hurt_exercises))
    if names:
        reasons.append(f'You marked "this hurts" during: {", ".join(names)}.')
    if (pain_after is not None and pain_after >= stop) or any(v >= stop for _, v in rated):
        reasons.append(_stop_level_line(stop))

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
    contact = contact_words(routine)
    sections.append(NoticeSection(CONTACT_HEADING, (contact,), inline=True))
    return tuple(sections)


def _stop_level_line(stop: int) -> str:
    """The routine's stop level in words (the rule, not a judgement of the patient)."""
    return (
        f"This routine's stop level is {stop} out of 10: at {stop} or more, stop or ease off "
        "the exercise."
    )


# --------------------------------------------------------------------------- pain levels


class PainBand(Enum):
    """Where a pain rating lies on the routine's traffic light (``pain_caution``, ``pain_stop``)."""

    FINE = "fine"
    CAUTION = "caution"  # take it gently
    STOP = "stop"  # stop or modify


def pain_band(routine: Routine, pain: int | None) -> PainBand | None:
    """The band of ``pain`` for ``routine`` (``None`` for a skipped rating)."""
    if pain is None:
        return None
    if pain >= routine.pain_stop:
        return PainBand.STOP
    if pain >= routine.pain_caution:
        return PainBand.CAUTION
    return PainBand.FINE


# --------------------------------------------------------------------------- the stop rules


#: Heading of the stop rules shown before a session and on request during it.
STOP_RULES_TITLE = "Your therapist's stop rules"


@dataclass(frozen=True)
class StopRules:
    """The therapist's stop rules and contact, with a word on the pain rated before the session.

    ``offer_not_today``: pain before reached the stop level, so the patient
    chooses "Not today" or "Start anyway" instead of confirming.
    """

    title: str
    #: What the patient rated before the session, when it matters (caution or stop band).
    notes: tuple[str, ...]
    rules: tuple[str, ...]
    contact: str
    offer_not_today: bool = False

    def lines(self) -> list[str]:
        """The rules as plain lines (no markup), for plain mode."""
        out = [self.title]
        out.extend(self.notes)
        out.extend(f"- {rule}" for rule in self.rules)
        out.append(f"{CONTACT_HEADING} {self.contact}")
        return out


#: Said with the stop rules when this morning's next-day check was "worse"
#: (``tui.core.history.next_day``): the rules and the contact, never a new dose.
NEXT_DAY_WORSE_NOTE = (
    "This morning you said your pain was worse than before your last session. Read your "
    "therapist's stop rules again before you start, and contact them if you are unsure."
)


def stop_rules(
    routine: Routine, pain_before: int | None = None, *, next_day_worse: bool = False
) -> StopRules:
    """The stop rules of ``routine``, noting a ``pain_before`` in the caution or stop band.

    The rules are the routine's ``safety`` lines, then its stop level in
    words; never a change of dose.  ``next_day_worse`` (this morning's
    next-day check said "worse") adds :data:`NEXT_DAY_WORSE_NOTE` first.
    """
    rules = (
        *(rule.strip() for rule in routine.safety if rule.strip()),
        _stop_level_line(routine.pain_stop),
    )
    band = pain_band(routine, pain_before)
    notes: tuple[str, ...] = ()
    if band is PainBand.STOP:
        notes = (
            f"You rated your pain {pain_before} before the session.",
            _stop_level_line(routine.pain_stop),
            'You can leave today\'s session ("Not today" is recorded for your therapist) '
            "or start anyway.",
        )
        rules = rules[:-1]  # said in the notes already
    elif band is PainBand.CAUTION:
        notes = (f"You rated your pain {pain_before} before the session: take it gently today.",)
    if next_day_worse:
        notes = (NEXT_DAY_WORSE_NOTE, *notes)
    contact = contact_words(routine)
    return StopRules(STOP_RULES_TITLE, notes, rules, contact, offer_not_today=band is PainBand.STOP)


# --------------------------------------------------------------------------- "this hurts"


#: What supple asks when "this hurts" is pressed (on the 0-10 pain scale).
HURT_QUESTION = "How bad is it now?"


class HurtChoice(Enum):
    """What the patient chooses after "this hurts" (the value is the choice in their words)."""

    CARRY_ON = "Carry on gently"  # resume the clock
    SKIP_EXERCISE = "Skip this exercise"  # this exercise's parts skipped, the next one starts
    END_SESSION = "End the session"  # the part in progress partial, the session partial
