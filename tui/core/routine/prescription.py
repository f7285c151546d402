"""How often a routine is meant to be done (its prescription), as a value and in words.

A routine file may say how many sessions a day and on how many days a week
(``sessions_per_day``, ``days_per_week``); the progress figures measure
adherence against it and every front end words it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Prescription:
    """How often a routine is meant to be done.

    ``known`` is False when the routine file did not say (or could not be
    read) and the defaults, once a day every day, were assumed.
    """

    sessions_per_day: int = 1
    days_per_week: int = 7
    known: bool = True

    def __post_init__(self) -> None:
        if self.sessions_per_day < 1:
            raise ValueError("sessions_per_day must be at least 1")
        if not 1 <= self.days_per_week <= 7:
            raise ValueError("days_per_week must be between 1 and 7")

    @classmethod
    def of(cls, sessions_per_day: int | None, days_per_week: int | None) -> Prescription:
        """A prescription from a routine's optional fields (missing ones assumed)."""
        return cls(
            sessions_per_day=sessions_per_day or 1,
            days_per_week=days_per_week or 7,
            known=sessions_per_day is not None or days_per_week is not None,
        )

    def sessions_for(self, days: int) -> float:
        """Sessions prescribed over ``days`` consecutive days."""
        return self.sessions_per_day * self.days_per_week * days / 7

    def describe(self) -> str:
        """Plain words, e.g. "2 sessions a day, 5 days a week"."""
        text = prescription_words(self.sessions_per_day, self.days_per_week)
        return text if self.known else f"{text} (assumed: the routine does not say)"


def prescription_words(sessions_per_day: int | None, days_per_week: int | None) -> str:
    """How often in words ("2 sessions a day, 5 days a week"); only the parts given."""
    parts: list[str] = []
    if sessions_per_day is not None:
        parts.append(f"{sessions_per_day} session{'s' if sessions_per_day != 1 else ''} a day")
    if days_per_week is not None:
        parts.append(
            "every day"
            if days_per_week == 7
            else f"{days_per_week} day{'s' if days_per_week != 1 else ''} a week"
        )
    return ", ".join(parts)
