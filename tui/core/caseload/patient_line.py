"""One patient's line on the caseload screen, and the flags that sort the list.

Pure figures from what the caseload store counts (:class:`PatientCounts`).
The rules (docs/clinic.md, ../shared/DOMAIN.md):

* **pain rising**: the mean pain before sessions over the last 7 days is at
  least 2 points (the smallest change that matters) above the 7 days before;
* **adherence under 50 %**: fewer sessions in the last 7 days than half the
  prescription (supple cannot read the patient's routine file here, so the
  caseload assumes :data:`DEFAULT_PER_WEEK` sessions a week);
* **safety notice**: a session of the last 7 days in which pain got worse or
  "this hurts" was marked, the rule that shows the patient a safety notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

#: Sessions a week the caseload counts adherence against: one a day.
DEFAULT_PER_WEEK = 7
#: A rise in mean pain that matters (DOMAIN: about 2 points on the 0-10 scale).
PAIN_RISE = 2.0


class Flag(Enum):
    """Why a patient needs a look, most urgent first (the list sorts by these)."""

    SAFETY = "safety notice"
    PAIN_RISING = "pain rising"
    LOW_ADHERENCE = "adherence < 50 %"


@dataclass(frozen=True)
class PatientCounts:
    """What the caseload store counts for one patient, at one moment."""

    patient: str
    last_session: datetime | None
    sessions_7d: int
    sessions_30d: int
    pain_7d: float | None
    pain_previous_7d: float | None
    hurt_7d: int
    safety_7d: int


@dataclass(frozen=True)
class PatientLine:
    """A patient's line: the counts, the pain trend and the flags."""

    counts: PatientCounts
    flags: tuple[Flag, ...]

    @property
    def pain_change(self) -> float | None:
        """Mean pain of the last 7 days minus the 7 before (``None`` without both)."""
        now, before = self.counts.pain_7d, self.counts.pain_previous_7d
        return None if now is None or before is None else round(now - before, 1)

    @property
    def sort_key(self) -> tuple[int, tuple[int, ...], str]:
        """Most flags first, then the most urgent flag, then by patient id."""
        order = list(Flag)
        return (-len(self.flags), tuple(order.index(f) for f in self.flags), self.counts.patient)


def patient_line(counts: PatientCounts, per_week: int = DEFAULT_PER_WEEK) -> PatientLine:
    """The line of ``counts`` with its flags."""
    flags: list[Flag] = []
    if counts.safety_7d:
        flags.append(Flag.SAFETY)
    now, before = counts.pain_7d, counts.pain_previous_7d
    if now is not None and before is not None and now - before >= PAIN_RISE:
        flags.append(Flag.PAIN_RISING)
    if counts.sessions_7d * 2 < per_week:
        flags.append(Flag.LOW_ADHERENCE)
    return PatientLine(counts, tuple(flags))


def sorted_lines(all_counts: list[PatientCounts]) -> list[PatientLine]:
    """Every patient's line, flagged patients first."""
    return sorted((patient_line(c) for c in all_counts), key=lambda line: line.sort_key)
