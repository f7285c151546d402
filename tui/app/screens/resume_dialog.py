"""The question about a session a crash left unfinished (``ModalScreen[RecoveryChoice]``).

Asked at start-up, over whatever is showing (the home screen, or the first
question of ``supple run``).  The words are the recovery's own
(:mod:`tui.core.history.recovery`), the same plain mode prints.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.app.keymap import key_name
from tui.core.history.recovery import RecoveryChoice
from tui.session_setup import RecoveryOffer

#: What each answer does, under the question.
_EXPLAINED = {
    RecoveryChoice.RESUME: "Resume goes on at the part after the last one you did.",
    RecoveryChoice.ABANDON: "Close as abandoned keeps every part you did.",
    RecoveryChoice.LATER: "Later leaves it as it is: supple asks again next time.",
}

#: Said when the session cannot be resumed from here.
NOT_RESUMABLE = (
    "It can't be resumed from here: only a session of the routine being started, "
    "with its file unchanged, can be."
)


class ResumeDialog(ModalScreen[RecoveryChoice]):
    """Asks what to do with one unfinished session; dismisses with the choice.

    ``r`` resumes (when the session can be), ``a`` closes it as abandoned,
    ``l``, escape or Enter (the focused button) leaves it for later.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('RESUME')", "Resume", id="recovery.resume"),
        Binding("a", "choose('ABANDON')", "Close as abandoned", id="recovery.abandon"),
        Binding("l,escape", "choose('LATER')", "Later", id="recovery.later"),
    ]

    DEFAULT_CSS = """
    ResumeDialog {
        align: center middle;
    }
    ResumeDialog > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    ResumeDialog #recovery-title {
        text-style: bold;
        margin-bottom: 1;
    }
    ResumeDialog #recovery-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ResumeDialog Button {
        margin-left: 1;
    }
    """

    def __init__(self, offer: RecoveryOffer) -> None:
        super().__init__()
        self.offer = offer
        self.choices = offer.choices

    @property
    def detail(self) -> str:
        """The question's text: the session, and what each answer does."""
        lines = [f"{self.offer.found.headline()}: supple may have closed unexpectedly."]
        if RecoveryChoice.RESUME not in self.choices:
            lines.append(NOT_RESUMABLE)
        lines.extend(_EXPLAINED[choice] for choice in self.choices)
        return "\n".join(lines)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("A session did not finish", id="recovery-title", markup=False)
            yield Static(self.detail, id="recovery-detail", markup=False)
            with Horizontal(id="recovery-buttons"):
                for choice in self.choices:
                    key = key_name(self, f"recovery.{choice.name.lower()}")
                    yield Button(
                        f"{choice.label} ({key})" if key else choice.label,
                        id=f"recovery-{choice.name.lower()}",
                        variant="primary" if choice is self.choices[0] else "default",
                    )

    def on_mount(self) -> None:
        # Enter on its own leaves the session for later, as in plain mode.
        self.query_one("#recovery-later", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the answers this session has (no resume when it can't be)."""
        if action == "choose" and parameters:
            return RecoveryChoice[str(parameters[0])] in self.choices
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = (event.button.id or "").removeprefix("recovery-").upper()
        self.dismiss(RecoveryChoice[name])

    def action_choose(self, name: str) -> None:
        """Answer with a key."""
        self.dismiss(RecoveryChoice[name])
