"""What plain mode asks, and how it speaks and listens: one line out, one answer in.

:class:`Questions` prints lines (flushed at once, for a screen reader), reads
answers from the session's :class:`~tui.plain.lines.LineSource`, and asks the
questions around a session: the pain (one number, or by site) and effort
ratings, the note, the next-day check, and what to do with a session a crash
left unfinished.  A closed output raises
:class:`OutputClosed`, which stops the session as Ctrl-C does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from tui.core.history.recovery import RecoveryChoice, question_line
from tui.core.routine.model import PainSite
from tui.core.safe_text import CLEANED_NOTE, LINE_BREAKS, cleaned, shown
from tui.core.session import ratings
from tui.core.session.ratings import SitePain
from tui.plain.lines import LineSource
from tui.session_setup import RecoveryOffer

#: What may be typed to answer the question about an unfinished session.
RECOVERY_WORDS = {
    "r": RecoveryChoice.RESUME,
    "resume": RecoveryChoice.RESUME,
    "a": RecoveryChoice.ABANDON,
    "abandon": RecoveryChoice.ABANDON,
}


class OutputClosed(Exception):
    """Output is gone (a closed pipe): stop the session as if Ctrl-C was pressed."""


@dataclass
class Questions:
    """Lines out and answers in, for one plain session."""

    lines: LineSource
    out: TextIO
    #: True once the session was interrupted (Ctrl-C): no more waiting for answers.
    interrupted: Callable[[], bool]
    #: A script's line kept for the next question (the first line that was not a command).
    held: str | None = None

    def say(self, line: str) -> None:
        """Print one line and flush it at once (a screen reader reads it now).

        Every line is made safe here, once for all of plain mode: titles and
        names may come from a history file or a file name.
        """
        try:
            self.out.write(shown(line, LINE_BREAKS) + "\n")
            self.out.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise OutputClosed from exc

    def prompt(self, text: str) -> None:
        """Print a prompt: on the answer's line at a terminal, a line of its own otherwise."""
        # Ends with a newline when no one types at a terminal, so logs stay one line each.
        ending = " " if self.lines.interactive else ""
        try:
            self.out.write(
                shown(text, LINE_BREAKS) + ending + ("" if self.lines.interactive else "\n")
            )
            self.out.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise OutputClosed from exc

    def read_answer(self, at_end: str = "(skipped)") -> str | None:
        """The next typed answer; ``None`` at the end of input (saying ``at_end``) or on Ctrl-C."""
        if self.held is not None:
            held, self.held = self.held, None
            self.say(held)
            return held
        while not self.interrupted():
            line = self.lines.read_line(0.1)
            if line is not None:
                if not self.lines.interactive:
                    self.say(line)  # echo, so a transcript shows the answer
                return line
            if self.lines.at_eof:
                self.say(at_end)
                return None
        return None

    def rating(self, question: Iterable[str], prompt: str) -> int | None:
        """Ask for a 0-10 rating until one is given or skipped."""
        for line in question:
            self.say(line)
        while True:
            self.prompt(prompt)
            answer = self.read_answer()
            if answer is None:
                return None
            try:
                value = ratings.parse_rating(answer)
            except ratings.RatingInputError as exc:
                self.say(str(exc))
                continue
            if value is None:
                self.say("(skipped)")  # a skip is said, as the end of input's is
            return value

    def pain(self, when: str) -> int | None:
        """The pain rating (``when``: "Before you start." or "After the session.")."""
        value = self.rating(
            (
                when,
                ratings.PAIN_QUESTION,
                f"{ratings.PAIN_ANCHOR_LINE}. Press Enter alone to skip.",
            ),
            "Pain (0-10):",
        )
        if value is not None:
            self.say(f"Pain {ratings.pain_label(value)}.")
        return value

    def session_pain(
        self, when: str, sites: tuple[PainSite, ...]
    ) -> tuple[int | None, SitePain | None]:
        """The pain around a session: one number, or each of ``sites`` and their worse."""
        if not sites:
            return self.pain(when), None
        by_site = self.pain_by_site(when, sites)
        return by_site.worse, by_site

    def pain_by_site(self, when: str, sites: Iterable[PainSite]) -> SitePain:
        """The pain rating of each site in turn (a routine's ``pain_sites``), each skippable."""
        given: dict[PainSite, int | None] = {}
        self.say(when)
        for site in sites:
            name = ratings.PAIN_SITE_WORDS[site]
            value = self.rating(
                (
                    ratings.site_question(site),
                    f"{ratings.PAIN_ANCHOR_LINE}. Press Enter alone to skip.",
                ),
                f"{name.capitalize()} (0-10):",
            )
            if value is not None:
                self.say(f"{name.capitalize()} {ratings.pain_label(value)}.")
            given[site] = value
        return ratings.site_pain(given)

    def next_day(self) -> tuple[bool, ratings.NextDay | None]:
        """The next-day check: whether it was answered, and better, the same or worse.

        ``(True, None)`` is a skip; ``(False, None)`` no answer at all (input ended).
        """
        self.say(ratings.NEXT_DAY_QUESTION)
        words = ", ".join(f"{key} {words.lower()}" for key, _, words in ratings.NEXT_DAY_CHOICES)
        self.say(f"Type {words}; press Enter alone to skip.")
        while True:
            self.prompt("Compared with before yesterday's session:")
            answer = self.read_answer()
            if answer is None:
                return False, None
            try:
                value = ratings.parse_next_day(answer)
            except ratings.RatingInputError as exc:
                self.say(str(exc))
                continue
            self.say("(skipped)" if value is None else f"Noted: {value.value}.")
            return True, value

    def effort(self) -> int | None:
        """The effort rating, on supple's own effort scale."""
        labels = ", ".join(ratings.effort_scale_lines())
        value = self.rating(
            (
                f"{ratings.EFFORT_QUESTION} (optional)",
                f"{labels}. Press Enter alone to skip.",
            ),
            "Effort (0-10):",
        )
        if value is not None:
            self.say(f"Effort {ratings.effort_label(value)}.")
        return value

    def note(self) -> str | None:
        """The patient's note for their therapist."""
        self.say("Anything to note for your therapist? (optional; press Enter alone to skip)")
        self.prompt("Note:")
        answer = self.read_answer()
        if answer is None:
            return None
        note, removed = cleaned(answer)
        if removed:
            self.say(CLEANED_NOTE)
        return note.strip() or None

    def recovery(self, offer: RecoveryOffer) -> RecoveryChoice:
        """What to do with an unfinished session; anything but an offered answer leaves it."""
        choices = offer.choices
        self.prompt(question_line(offer.found, choices))
        answer = self.read_answer()
        choice = RECOVERY_WORDS.get((answer or "").strip().lower(), RecoveryChoice.LATER)
        return choice if choice in choices else RecoveryChoice.LATER
