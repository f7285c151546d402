"""The 0-10 rating dialogs: pain (NRS) before, during ("this hurts") and after a session, and
effort (supple's scale).

Keys come from :mod:`tui.core.session.ratings`: ``0``-``9`` choose their number,
``t`` chooses 10 (so does typing ``1`` then ``0``), left and right move the
chosen number along the scale, ``enter`` saves the choice and ``s`` skips the
question.  Clicking a number saves it at once.

A pain rating is not lost by accident: ``escape`` on the question before a
session asks "Start without a pain rating?" (yes starts the session without
one, no goes back to the question), and saving a pain question with nothing
chosen asks the same before the session and "Skip the pain rating?" after it.
Only ``s`` and the Skip button skip at once: they say so.  On the effort
question ``escape`` and an empty save skip, as they always did; so they do on
the question after "this hurts", asked while the patient is in pain.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.keymap import key_name
from tui.app.widgets.buttons import TextButton
from tui.app.widgets.rating_scale import RatingScale
from tui.core.routine.model import PainSite
from tui.core.session import ratings
from tui.core.session.safety import HURT_QUESTION, RECORD_DISCLAIMER


class RatingDialog(ModalScreen[int | None]):
    """Asks for a 0-10 rating; dismisses with the number, or ``None`` when skipped."""

    CSS_PATH = "rating.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"choose({n})", str(n), show=False, id=f"rating.{n}") for n in range(10)],
        Binding(ratings.TEN_KEY, "choose(10)", "10", show=False, id="rating.10"),
        Binding("left", "move(-1)", "Lower", show=False, id="rating.left"),
        Binding("right", "move(1)", "Higher", show=False, id="rating.right"),
        Binding("enter", "save", "Save", id="rating.save", tooltip="Save the chosen number"),
        Binding(
            ratings.SKIP_KEY,
            "skip",
            "Skip",
            id="rating.skip",
            tooltip="Leave this question unanswered",
        ),
        Binding(
            "escape",
            "escape",
            "Skip",
            show=False,
            id="rating.escape",
            tooltip="Before a session: ask whether to start without a rating; else skip",
        ),
    ]

    chosen: reactive[int | None] = reactive(None)

    def __init__(
        self,
        title: str,
        question: str,
        anchors: str,
        labels: dict[int, str],
        *,
        kind: str,
        when: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        #: "before", "during" ("this hurts") or "after" the session for the pain
        #: question, ``None`` for effort.
        self.when = when
        self._asking = False
        self.title_text = title
        self.question = question
        self.anchors = anchors
        self.labels = labels
        self.kind = kind
        self.add_class(f"-{kind}")

    @classmethod
    def pain(cls, when: str) -> RatingDialog:
        """The pain question, ``when`` "before" or "after" the session."""
        title = "Before you start" if when == "before" else "After the session"
        question = ratings.PAIN_QUESTION_BEFORE if when == "before" else ratings.PAIN_QUESTION_AFTER
        return cls(
            title,
            question,
            ratings.PAIN_ANCHOR_LINE,
            dict(ratings.PAIN_ANCHORS),
            kind="pain",
            when=when,
            id=f"pain-{when}",
        )

    @classmethod
    def pain_site(cls, when: str, site: PainSite) -> RatingDialog:
        """The pain question for one site (a routine's ``pain_sites``), "before" or "after"."""
        words = ratings.PAIN_SITE_WORDS[site]
        title = "Before you start" if when == "before" else "After the session"
        return cls(
            f"{title}: {words}",
            ratings.site_question(site),
            ratings.PAIN_ANCHOR_LINE,
            dict(ratings.PAIN_ANCHORS),
            kind="pain",
            when=when,
            id=f"pain-{when}-{site.value}",
        )

    @classmethod
    def hurt(cls, exercise: str) -> RatingDialog:
        """The pain question after "this hurts" during ``exercise`` (skipped without asking)."""
        return cls(
            f'"This hurts": {exercise}',
            HURT_QUESTION,
            ratings.PAIN_ANCHOR_LINE,
            dict(ratings.PAIN_ANCHORS),
            kind="pain",
            when="during",
            id="pain-during",
        )

    @classmethod
    def effort(cls) -> RatingDialog:
        """The effort question (supple's own scale), asked after the session."""
        anchors = ", ".join(ratings.effort_scale_lines())
        return cls(
            "Effort",
            ratings.EFFORT_QUESTION,
            anchors,
            dict(ratings.EFFORT_LABELS),
            kind="effort",
            id="effort",
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="rating-box"):
            yield Static(self.title_text, id="rating-title", markup=False)
            yield Static(self.question, id="rating-question", markup=False)
            yield Static(self.anchors, id="rating-anchors", markup=False)
            yield RatingScale(ratings.SCALE_MIN, ratings.SCALE_MAX, id="rating-scale")
            yield Static("", id="rating-choice", markup=False)
            yield Static(self._key_hint(), id="rating-keys", markup=False)
            yield Static(RECORD_DISCLAIMER, id="rating-disclaimer", markup=False)
            with Horizontal(id="rating-actions"):
                yield TextButton("Skip", id="rating-skip")
                yield TextButton("Save", id="rating-save", primary=True)

    def _key_hint(self) -> str:
        """The keys in words: "Press 0-9, or t for 10 (←/→ move); s to skip. Enter saves; ..."

        The keys are the bound ones (the user's keymap), so the words follow it.
        """
        hint = (
            f"Press 0-9, or {key_name(self, 'rating.10')} for 10 "
            f"({key_name(self, 'rating.left')}/{key_name(self, 'rating.right')} move); "
            f"{key_name(self, 'rating.skip')} to skip. {key_name(self, 'rating.save')} saves"
        )
        escape = key_name(self, "rating.escape")
        if not escape:
            return f"{hint}."
        if self._asks_before_skipping:
            return f"{hint}; {escape} asks before starting without one."
        return f"{hint}; {escape} skips."

    @property
    def _asks_before_skipping(self) -> bool:
        """True for the pain question before a session: leaving it would start the session."""
        return self.kind == "pain" and self.when == "before"

    def on_mount(self) -> None:
        self.watch_chosen(self.chosen)

    def watch_chosen(self, value: int | None) -> None:
        self.query_one(RatingScale).chosen = value
        choice = self.query_one("#rating-choice", Static)
        if value is None:
            choice.update("Nothing chosen yet.")
        else:
            shown = (
                ratings.pain_label(value) if self.kind == "pain" else ratings.effort_label(value)
            )
            choice.update(f"Your answer: {shown}. Press {key_name(self, 'rating.save')} to save.")

    def action_choose(self, value: int) -> None:
        """Choose a number; typing 1 then 0 makes 10."""
        if value == 0 and self.chosen == 1:
            value = 10
        self.chosen = value

    def action_move(self, step: int) -> None:
        """Move the chosen number along the scale (from nothing: right starts at 0, left at 10)."""
        if self.chosen is None:
            self.chosen = ratings.SCALE_MIN if step > 0 else ratings.SCALE_MAX
            return
        self.chosen = min(ratings.SCALE_MAX, max(ratings.SCALE_MIN, self.chosen + step))

    def action_save(self) -> None:
        """Save the chosen number; with nothing chosen a pain question asks first."""
        if self.chosen is not None or self.kind != "pain" or self.when == "during":
            self.dismiss(self.chosen)
        elif self._asks_before_skipping:
            self._ask_to_skip("Start without a pain rating?")
        else:
            self._ask_to_skip("Skip the pain rating?")

    def action_skip(self) -> None:
        """Leave the question unanswered (the patient asked for it by name)."""
        self.dismiss(None)

    def action_escape(self) -> None:
        """Before a session ask whether to start without a rating; otherwise skip."""
        if self._asks_before_skipping:
            self._ask_to_skip("Start without a pain rating?")
        else:
            self.dismiss(None)

    def _ask_to_skip(self, question: str) -> None:
        """Ask ``question``; yes dismisses without a rating, no comes back to the scale."""
        if self._asking:
            return
        # Imported here: the pain question is `supple run`'s first frame, the yes/no rarely needed.
        from tui.app.screens.confirm import ConfirmDialog

        self._asking = True

        def answered(yes: bool | None) -> None:
            self._asking = False
            if yes:
                self.dismiss(None)

        detail = "Your therapist uses it to see how the session went."
        self.app.push_screen(ConfirmDialog(question, detail), answered)

    def on_rating_scale_picked(self, event: RatingScale.Picked) -> None:
        event.stop()
        self.dismiss(event.value)

    def on_text_button_pressed(self, event: TextButton.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "rating-skip":
            self.action_skip()
        elif button_id == "rating-save":
            self.action_save()
