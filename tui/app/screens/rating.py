"""The 0-10 rating dialogs: pain (NRS) before and after a session, and effort (Borg CR10).

Keys come from :mod:`tui.core.session.ratings`: ``0``-``9`` choose their number,
``t`` chooses 10 (so does typing ``1`` then ``0``), ``enter`` saves the
choice, and ``s``, ``escape`` or ``enter`` with nothing chosen skip the
question.  Clicking a number saves it at once.
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
from tui.core.session import ratings
from tui.core.session.safety import RECORD_DISCLAIMER


class RatingDialog(ModalScreen[int | None]):
    """Asks for a 0-10 rating; dismisses with the number, or ``None`` when skipped."""

    CSS_PATH = "rating.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"choose({n})", str(n), show=False, id=f"rating.{n}") for n in range(10)],
        Binding(ratings.TEN_KEY, "choose(10)", "10", show=False, id="rating.10"),
        Binding("enter", "save", "Save", id="rating.save", tooltip="Save the chosen number"),
        Binding(
            f"{ratings.SKIP_KEY},escape",
            "skip",
            "Skip",
            id="rating.skip",
            key_display=ratings.SKIP_KEY,
            tooltip="Leave this question unanswered",
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
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
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
            id=f"pain-{when}",
        )

    @classmethod
    def effort(cls) -> RatingDialog:
        """The effort question (Borg CR10), asked after the session."""
        anchors = ", ".join(ratings.effort_scale_lines())
        return cls(
            "Effort",
            ratings.EFFORT_QUESTION,
            f"Borg CR10: {anchors}",
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
        """The keys in words: "Press 0-9, or t for 10; s to skip. Enter saves; Esc skips."

        The keys are the bound ones (the user's keymap), so the words follow it.
        """
        skip = key_name(self, "rating.skip")
        hint = (
            f"Press 0-9, or {key_name(self, 'rating.10')} for 10; {skip} to skip. "
            f"{key_name(self, 'rating.save')} saves"
        )
        other_skip = key_name(self, "rating.skip", 1)
        return f"{hint}; {other_skip} skips." if other_skip else f"{hint}."

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

    def action_save(self) -> None:
        """Save the chosen number (nothing chosen: skip)."""
        self.dismiss(self.chosen)

    def action_skip(self) -> None:
        """Leave the question unanswered."""
        self.dismiss(None)

    def on_rating_scale_picked(self, event: RatingScale.Picked) -> None:
        event.stop()
        self.dismiss(event.value)

    def on_text_button_pressed(self, event: TextButton.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "rating-skip":
            self.dismiss(None)
        elif button_id == "rating-save":
            self.dismiss(self.chosen)
