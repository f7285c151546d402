"""The summary after a session: what was done, skipped and marked, the ratings, and the save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.recording import BackgroundLog
from tui.app.widgets.buttons import ClickButton
from tui.core.locations import data_dir
from tui.core.routine.durations import format_duration
from tui.core.routine.model import DEFAULT_COUNTS_WHEN_DONE
from tui.core.session import ratings
from tui.core.session.engine import SegmentRecord
from tui.core.session.outcome import Outcome, closing_words, credited, done_words, outcome_of
from tui.core.session.safety import RECORD_DISCLAIMER
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import Segment


@dataclass(frozen=True)
class SessionResult:
    """Everything the summary shows about one finished session."""

    title: str
    status: SessionStatus
    records: tuple[SegmentRecord, ...]
    #: Running seconds of the session (pauses excluded), in session time.
    seconds: float
    pain_before: int | None
    pain_after: int | None
    effort: int | None
    note: str | None
    speed: float = 1.0
    #: The session's timeline: the done share counts every planned part.
    plan: tuple[Segment, ...] = ()
    #: The routine's threshold for the session to count toward the plan, in percent.
    counts_when_done: int = DEFAULT_COUNTS_WHEN_DONE
    #: Pain by site before and after, where the routine asked (pain is then the worse).
    sites: tuple[ratings.SitePain, ratings.SitePain] | None = None

    @property
    def preview(self) -> bool:
        """A therapist's faster dry run (left out of progress figures)."""
        return self.speed != 1.0

    def outcome(self) -> Outcome:
        """What the session counts: the latest outcome of each part (as plain mode counts)."""
        return outcome_of(self.records, self.plan)

    @property
    def credited(self) -> bool:
        """The session counts toward the plan (finished, with enough of its work done)."""
        return credited(self.status, self.outcome().done_share, self.counts_when_done)

    def heading(self) -> str:
        """What happened, in one line (plain mode and the spoken end say the same)."""
        return closing_words(self.status, self.outcome(), self.counts_when_done)

    def hurt_by_exercise(self) -> dict[str, int]:
        """How many parts of each exercise were marked "this hurts", in session order."""
        return self.outcome().hurt_by_exercise()

    def lines(self) -> list[tuple[str, str]]:
        """The summary as (label, text) rows."""
        outcome = self.outcome()
        rows: list[tuple[str, str]] = []
        parts = [f"{len(outcome.done)} done", f"{len(outcome.skipped)} skipped"]
        if outcome.partial:
            parts.append(f"{len(outcome.partial)} cut short")
        rows.append(("Holds and sets", ", ".join(parts)))
        rows.append(("Done", done_words(outcome)))
        marks = outcome.hurt_by_exercise()
        if marks:
            text = ", ".join(f"{name} ({n})" if n > 1 else name for name, n in marks.items())
            rows.append(('"This hurts"', text))
        else:
            rows.append(('"This hurts"', "not marked"))
        change = ratings.pain_change(self.pain_before, self.pain_after)
        if change is not None:
            rows.append(("Pain", change.describe()))
        else:
            before = "skipped" if self.pain_before is None else str(self.pain_before)
            after = "skipped" if self.pain_after is None else str(self.pain_after)
            rows.append(("Pain", f"before: {before}, after: {after}"))
        if self.sites is not None:
            rows.append(("By site", f"{ratings.sites_text(*self.sites)} (before -> after)"))
        rows.append(
            ("Effort", "skipped" if self.effort is None else ratings.effort_label(self.effort))
        )
        time_text = (
            f"{format_duration(round(outcome.exercise_seconds))} exercising, "
            f"{format_duration(round(self.seconds))} in all"
        )
        if self.preview:
            time_text += f" (session time at x{self.speed:g})"
        rows.append(("Time", time_text))
        if self.note:
            rows.append(("Note", self.note))
        return rows


class SummaryScreen(Screen[str]):
    """Shows a :class:`SessionResult` and whether it was saved; dismisses "home" or "quit"."""

    CSS_PATH = "summary.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "leave('home')", "Routines", id="summary.home", tooltip="Back to routines"
        ),
        Binding("q", "leave('quit')", "Quit", id="summary.quit", tooltip="Close supple"),
        Binding(
            "r",
            "retry",
            "Try saving again",
            id="summary.retry",
            tooltip="Write the session to your history again",
        ),
        Binding("x", "export", "Save a copy", id="summary.export", tooltip="Save to a file"),
    ]

    def __init__(self, result: SessionResult, log: BackgroundLog | None = None) -> None:
        super().__init__()
        self.result = result
        self.history_log = log
        self.problem: str | None = log.problem if log is not None else None

    def compose(self) -> ComposeResult:
        result = self.result
        with VerticalScroll(id="summary-body"):
            yield Static(result.heading(), id="summary-heading", markup=False)
            title = result.title
            if result.preview:
                title += f"  (PREVIEW x{result.speed:g}: not counted in your progress)"
            yield Static(title, id="summary-title", markup=False)
            for label, text in result.lines():
                with Horizontal(classes="summary-row"):
                    yield Static(label, classes="summary-label", markup=False)
                    yield Static(text, classes="summary-value", markup=False)
            yield Static(RECORD_DISCLAIMER, id="summary-disclaimer", markup=False)
            yield Static("", id="summary-saved", markup=False)
        with Horizontal(id="summary-actions"):
            yield ClickButton("Try saving again", id="summary-retry", compact=True)
            yield ClickButton("Save a copy", id="summary-export", compact=True)
            yield ClickButton("Routines", id="summary-home", compact=True, variant="primary")
            yield ClickButton("Quit", id="summary-quit", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(not self.result.credited, "-partial")
        self._show_saved()

    def _show_saved(self) -> None:
        saved = self.query_one("#summary-saved", Static)
        if self.history_log is None:
            saved.update("Not saved: history is off for this run.")
        elif self.problem is None:
            saved.update("Saved to your history.")
        else:
            saved.update(f"Not saved yet. {self.problem}")
        failing = self.history_log is not None and self.problem is not None
        self.set_class(failing, "-unsaved")
        self.query_one("#summary-retry").display = failing
        self.query_one("#summary-export").display = failing
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer retry and export only when the save failed."""
        if action in ("retry", "export"):
            return self.history_log is not None and self.problem is not None
        return True

    def on_button_pressed(self, event: ClickButton.Pressed) -> None:
        event.stop()
        actions: dict[str, Callable[[], object]] = {
            "summary-retry": self.action_retry,
            "summary-export": self.action_export,
            "summary-home": lambda: self.action_leave("home"),
            "summary-quit": lambda: self.action_leave("quit"),
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_leave(self, where: str) -> None:
        """Back to the routines, or close supple."""
        self.dismiss(where)

    @work(exclusive=True, group="summary-save")
    async def action_retry(self) -> None:
        """Try to save the session again."""
        if self.history_log is None:
            return
        self.problem = await self.history_log.retry()
        self._show_saved()
        if self.problem is None:
            self.notify("Saved to your history.")

    @work(exclusive=True, group="summary-save")
    async def action_export(self) -> None:
        """Save a copy of the session to a file in the data folder."""
        if self.history_log is None:
            return
        target = await self.history_log.export(data_dir() / "unsaved")
        if target is not None:
            self.notify(
                f"Saved a copy to {target}. Add it later with: supple history import {target}",
                timeout=15,
            )
        else:
            self.notify("The copy could not be written either.", severity="error")
