"""Pain and effort ratings: the questions, their anchors, keys, typed answers and pain change.

Pure values and functions shared by the Textual rating screens and the
plain-text mode, so both ask the same question with the same anchors every
time (see ``../shared/DOMAIN.md``, "Measuring pain and effort").  The effort
question is supple's own (:data:`EFFORT_SCALE_NAME`), not a licensed scale.

Pain change
-----------
:func:`pain_trend` is the one rule for "better" or "worse": a change of
:data:`MEANINGFUL_POINTS` (2) points or more, nothing else.  Every place that
shows or counts a change (the history list and detail, the summaries, the
report) goes through it, with a word (:data:`TREND_WORDS`) or an arrow
(:data:`TREND_ARROWS`) so the marker never relies on colour alone.

Pain by site
------------
A routine (or programme) may ask pain separately for the leg and the back
(``pain_sites``).  :class:`SitePain` holds those ratings; its
:attr:`SitePain.worse` is the session's one pain number, the one the stop
rules, the traffic light and :func:`pain_trend` use.

The next-day check
------------------
:data:`NEXT_DAY_QUESTION` is asked once the day after a session
(``tui.core.history.next_day``); :class:`NextDay` is its answer.

Keys
----
Both scales run 0-10.  The digit keys ``0`` to ``9`` give their own number and
:data:`TEN_KEY` (``t``, for "ten") gives 10.  :data:`SKIP_KEY` (``s``) skips the
question.  In plain mode a typed line may also be ``10``; an empty line or
``skip`` skips it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui.core.routine.model import PainSite

# --------------------------------------------------------------------- scales

#: Lowest and highest value of both scales.
SCALE_MIN = 0
SCALE_MAX = 10

#: The key that gives 10 (the digit keys give 0-9).
TEN_KEY = "t"
#: The key that skips a rating question.
SKIP_KEY = "s"
#: The help for a typed answer (plain mode).
TYPED_HINT = "Type a number from 0 to 10 and press Enter; press Enter alone to skip."

#: Typed answers (case-insensitive) that skip a question.
SKIP_WORDS = frozenset({"", "skip", "s", "-", "none", "n/a", "na", "pass"})

# ----------------------------------------------------------------------- pain

#: The pain question, worded the same every time.
PAIN_QUESTION = "What number would you give your pain right now?"
PAIN_QUESTION_BEFORE = PAIN_QUESTION
PAIN_QUESTION_AFTER = PAIN_QUESTION
#: The scale's anchors, shown with every pain question.
PAIN_ANCHORS: dict[int, str] = {0: "no pain", 10: "worst pain imaginable"}
#: One line with both anchors.
PAIN_ANCHOR_LINE = "0 = no pain, 10 = worst pain imaginable"

#: A change of at least this many points counts as better or worse; anything smaller is
#: within the 0-10 scale's measurement error (smallest detectable change about 2 points,
#: Childs et al., Spine 2005).  The "about 30 %" figure is for change over weeks of
#: treatment, not across one session, so it is not used here.
MEANINGFUL_POINTS = 2


class PainBand(StrEnum):
    """The usual bands of the 0-10 pain scale (0 is "no pain", in no band)."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


def pain_band(value: int) -> PainBand | None:
    """The band of a pain rating: 1-3 mild, 4-6 moderate, 7-10 severe; ``None`` for 0."""
    _check(value)
    if value == 0:
        return None
    if value <= 3:
        return PainBand.MILD
    if value <= 6:
        return PainBand.MODERATE
    return PainBand.SEVERE


def pain_label(value: int) -> str:
    """A rating as shown back to the patient, e.g. ``"7 (severe)"`` or ``"0 (no pain)"``."""
    band = pain_band(value)
    if value in PAIN_ANCHORS:
        return f"{value} ({PAIN_ANCHORS[value]})"
    return f"{value} ({band})" if band is not None else str(value)


class PainTrend(StrEnum):
    """Which way pain moved over a session, counting only changes that matter."""

    IMPROVED = "improved"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True)
class PainChange:
    """Pain before and after a session, and how they differ.

    ``points`` is after minus before (positive: more pain after).
    """

    before: int
    after: int

    @property
    def points(self) -> int:
        """After minus before."""
        return self.after - self.before

    @property
    def meaningful(self) -> bool:
        """True for a change of :data:`MEANINGFUL_POINTS` (2) points or more, either way."""
        return abs(self.points) >= MEANINGFUL_POINTS

    @property
    def worse(self) -> bool:
        """More pain after than before."""
        return self.points > 0

    @property
    def better(self) -> bool:
        """Less pain after than before."""
        return self.points < 0

    @property
    def trend(self) -> PainTrend:
        """Improved or worse when the change is :attr:`meaningful`, else the same."""
        if not self.meaningful:
            return PainTrend.SAME
        return PainTrend.WORSE if self.worse else PainTrend.IMPROVED

    def difference(self) -> str:
        """The change in points: ``"2 points higher"``, ``"1 point lower"`` or ``"no change"``."""
        n = abs(self.points)
        if n == 0:
            return "no change"
        unit = "point" if n == 1 else "points"
        return f"{n} {unit} {'higher' if self.worse else 'lower'}"

    def describe(self) -> str:
        """A sentence for the summaries: ``"Pain before 3, after 5: 2 points higher (worse)."``.

        The word in brackets is :data:`TREND_WORDS` of :attr:`trend`, so a 1-point
        change reads "(about the same)" and the sentence never relies on colour.
        """
        head = f"Pain before {self.before}, after {self.after}"
        if self.points == 0:
            return f"{head}: no change."
        return f"{head}: {self.difference()} ({TREND_WORDS[self.trend]})."


#: How each trend is said in words (summaries, the session detail, the report).
TREND_WORDS: dict[PainTrend, str] = {
    PainTrend.WORSE: "worse",
    PainTrend.IMPROVED: "better",
    PainTrend.SAME: "about the same",
}
#: The arrow that marks a trend next to the pain after (lists, the report); none for the same.
TREND_ARROWS: dict[PainTrend, str] = {
    PainTrend.WORSE: "\u25b2",  # ▲
    PainTrend.IMPROVED: "\u25bc",  # ▼
    PainTrend.SAME: "",
}


def pain_change(before: int | None, after: int | None) -> PainChange | None:
    """The change between two ratings, or ``None`` when either was skipped."""
    if before is None or after is None:
        return None
    _check(before)
    _check(after)
    return PainChange(before, after)


def pain_trend(before: int | None, after: int | None) -> PainTrend | None:
    """How pain moved from ``before`` to ``after``, or ``None`` when either was skipped."""
    change = pain_change(before, after)
    return None if change is None else change.trend


def pain_arrow(before: int | None, after: int | None) -> str:
    """The arrow of :func:`pain_trend` (``"▲"`` worse, ``"▼"`` better), ``""`` otherwise."""
    trend = pain_trend(before, after)
    return "" if trend is None else TREND_ARROWS[trend]


def pain_pair_text(before: int | None, after: int | None) -> str:
    """Pain before and after as a list cell shows it, e.g. ``"2 -> 10 ▲"`` or ``"- -> 4"``."""
    left = "-" if before is None else str(before)
    right = "-" if after is None else str(after)
    arrow = pain_arrow(before, after)
    return f"{left} -> {right} {arrow}" if arrow else f"{left} -> {right}"


# ----------------------------------------------------------------- pain sites

#: How each site is named in questions, summaries, exports' labels and charts.
PAIN_SITE_WORDS: dict[PainSite, str] = {PainSite.LEG: "leg pain", PainSite.BACK: "back pain"}


def site_question(site: PainSite) -> str:
    """The pain question for one site, with the same words as :data:`PAIN_QUESTION`."""
    return f"What number would you give your {PAIN_SITE_WORDS[site]} right now?"


@dataclass(frozen=True)
class SitePain:
    """Pain rated by site (a routine's ``pain_sites``); ``None`` where skipped or not asked."""

    leg: int | None = None
    back: int | None = None

    def __post_init__(self) -> None:
        for value in (self.leg, self.back):
            if value is not None:
                _check(value)

    def of(self, site: PainSite) -> int | None:
        """The rating of ``site``."""
        return self.leg if site is PainSite.LEG else self.back

    @property
    def worse(self) -> int | None:
        """The higher of the ratings given (``None`` when both were skipped).

        The one pain number of a session that asks by site: what the stop
        rules, the traffic light and the pain change use.  The worse site is
        the honest choice: a leg at 7 is not eased by a back at 2.
        """
        given = [value for value in (self.leg, self.back) if value is not None]
        return max(given) if given else None


#: No pain by site: a routine that asks one pain number (the default everywhere).
NOT_BY_SITE = SitePain()


def site_pain(ratings: dict[PainSite, int | None]) -> SitePain:
    """The :class:`SitePain` of answers by site (a site left out is ``None``)."""
    return SitePain(leg=ratings.get(PainSite.LEG), back=ratings.get(PainSite.BACK))


# ------------------------------------------------------------- next-day check

#: Asked once, at the first opening on the day after a session (about that day's last one).
NEXT_DAY_QUESTION = (
    "Compared with before yesterday's session, is your pain this morning better, the same or worse?"
)


class NextDay(StrEnum):
    """The answer to :data:`NEXT_DAY_QUESTION` (the value is how it is stored and exported)."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


#: The answers as the patient chooses them, with their keys (``s`` skips, as for ratings).
NEXT_DAY_CHOICES: tuple[tuple[str, NextDay, str], ...] = (
    ("b", NextDay.BETTER, "Better"),
    ("m", NextDay.SAME, "About the same"),
    ("w", NextDay.WORSE, "Worse"),
)


def parse_next_day(text: str) -> NextDay | None:
    """Read a typed answer: ``better``, ``same`` or ``worse`` (or its key); a skip is ``None``.

    Raises :class:`RatingInputError` for anything else.
    """
    answer = text.strip().lower()
    if answer in SKIP_WORDS:
        return None
    for key, value, words in NEXT_DAY_CHOICES:
        if answer in (key, value.value, words.lower()):
            return value
    raise RatingInputError(
        "Please type better, same or worse (or b, m or w), or press Enter to skip."
    )


# --------------------------------------------------------------------- effort

#: The scale's name in docs and exports.  supple's own wording: the Borg scales are
#: licensed by their owner, so supple ships none of their anchors (DOMAIN.md, "Licensed scales").
EFFORT_SCALE_NAME = "supple's effort scale"
#: The effort question, asked after the session.
EFFORT_QUESTION = "How hard was that?"
#: supple's own anchors; the numbers between them have none.  Stored values (0-10) keep
#: their meaning: only the words shown next to them are supple's.
EFFORT_LABELS: dict[int, str] = {
    0: "no effort at all",
    2: "easy",
    4: "working, but comfortable",
    6: "hard work",
    8: "very hard",
    10: "as hard as I could",
}


def effort_label(value: int) -> str:
    """An effort value with its anchor where it has one, e.g. ``"6 (hard work)"`` or ``"5"``."""
    _check(value)
    label = EFFORT_LABELS.get(value)
    return f"{value} ({label})" if label else str(value)


def effort_scale_lines() -> list[str]:
    """The anchored points of supple's effort scale, one per line, e.g. ``"6 hard work"``."""
    return [f"{value} {label}" for value, label in EFFORT_LABELS.items()]


# ---------------------------------------------------------------- key / typed


def rating_for_key(key: str) -> int | None:
    """The rating a key gives (``"0"``-``"9"``, :data:`TEN_KEY` for 10), else ``None``."""
    if len(key) == 1 and key.isdigit() and key.isascii():
        return int(key)
    if key == TEN_KEY:
        return SCALE_MAX
    return None


def key_for_rating(value: int) -> str:
    """The key that gives ``value``."""
    _check(value)
    return TEN_KEY if value == SCALE_MAX else str(value)


class RatingInputError(ValueError):
    """A typed answer that is neither a rating from 0 to 10 nor a skip."""


def parse_rating(text: str) -> int | None:
    """Read a typed answer: ``"7"`` and ``"10"`` are ratings; ``""`` and ``"skip"`` skip.

    :data:`TEN_KEY` also means 10, and ``"7/10"`` means 7.  Raises
    :class:`RatingInputError` with a short explanation for anything else.
    """
    answer = text.strip().lower()
    if answer in SKIP_WORDS:
        return None
    if answer.endswith("/10"):
        answer = answer[:-3].strip()
    if answer == TEN_KEY:
        return SCALE_MAX
    if answer.isascii() and answer.isdigit():
        value = int(answer)
        if SCALE_MIN <= value <= SCALE_MAX:
            return value
    raise RatingInputError(
        f"Please type a whole number from {SCALE_MIN} to {SCALE_MAX}, or press Enter to skip."
    )


def is_rating(value: object) -> bool:
    """True for an int from 0 to 10 (not a bool)."""
    return (
        isinstance(value, int) and not isinstance(value, bool) and SCALE_MIN <= value <= SCALE_MAX
    )


def _check(value: int) -> None:
    if not is_rating(value):
        raise ValueError(f"a rating runs from {SCALE_MIN} to {SCALE_MAX}, not {value!r}")


def sites_text(before: SitePain, after: SitePain) -> str:
    """Pain by site before and after, e.g. ``"leg 6 -> 2 ▼, back 3 -> 4"`` (``-``: skipped)."""
    return ", ".join(
        f"{site.value} {pain_pair_text(before.of(site), after.of(site))}" for site in PainSite
    )


#: The next-day answer as a sentence's end ("Next day: worse than before the session").
NEXT_DAY_WORDS: dict[NextDay, str] = {
    NextDay.BETTER: "better than before the session",
    NextDay.SAME: "about the same as before the session",
    NextDay.WORSE: "worse than before the session",
}


def next_day_words(answer: NextDay | None, asked: bool) -> str:
    """The next-day check as the history and the report show it ("" when not asked)."""
    if answer is not None:
        return NEXT_DAY_WORDS[answer]
    return "skipped" if asked else ""


#: The widest :func:`pain_pair_text` over every pair (either skipped, or 0-10): a column this
#: wide never cuts the marker off.
PAIN_PAIR_WIDTH = max(
    len(pain_pair_text(before, after))
    for before in (None, *range(SCALE_MIN, SCALE_MAX + 1))
    for after in (None, *range(SCALE_MIN, SCALE_MAX + 1))
)
