"""One session in detail: every segment planned against done, ratings and the note.

The session is read in a thread worker when the screen opens; until it arrives
the title says "Loading…".
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from tui.app.screens.history_query import HistoryContext
from tui.app.screens.worker_fed import WorkerFedScreen
from tui.app.theme import theme_style
from tui.core.exports.cells import status_words
from tui.core.history import LoggedSegment, Session
from tui.core.progress import DISCLAIMER
from tui.core.safe_text import LINE_BREAKS, shown
from tui.core.session.outcome import credit_words, share_words
from tui.core.session.ratings import (
    TREND_WORDS,
    NextDay,
    PainTrend,
    effort_label,
    next_day_words,
    pain_change,
    pain_label,
    sites_text,
)
from tui.core.session.words import clock_text, record_part, record_title


class SessionDetailScreen(WorkerFedScreen[None]):
    """One session: every segment planned against done, ratings and the note."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#segments"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the list", id="history.detail.back"),
        Binding(
            "w",
            "toggle_work",
            "Exercise only",
            tooltip="Hide get-ready, rest and switch segments",
            id="history.detail.work_only",
        ),
    ]

    def __init__(self, ctx: HistoryContext, session_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.session_id = session_id
        #: The session, once read (``None`` also when it is no longer in the history).
        self.session: Session | None = None
        self.work_only = False

    def compose(self) -> ComposeResult:
        self._read_session()  # while the screen is built
        with Vertical(id="detail"):
            yield Static(Text("Loading…", "dim"), id="detail-title", classes="screen-title")
            yield Static("", id="detail-summary")
            yield Static("", id="detail-note")
            yield DataTable[Text | str](id="segments", cursor_type="row", zebra_stripes=True)
            yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#segments", DataTable)
        table.add_column("#", key="n", width=3)
        table.add_column("Exercise", key="name")
        table.add_column("Part", key="part")
        table.add_column("Planned", key="planned", width=7)
        table.add_column("Done", key="actual", width=7)
        table.add_column("Outcome", key="status", width=8)
        table.add_column("Hurt", key="hurt", width=6)

    @work(thread=True, exclusive=True, group="history-detail")
    def _read_session(self) -> None:
        self.deliver(partial(self._show, self.ctx.store.session(self.session_id)))

    def _show(self, session: Session | None) -> None:
        self.session = session
        self.loaded = True
        self.query_one("#detail-title", Static).update(self._title())
        self.query_one("#detail-summary", Static).update(self._summary())
        self.query_one("#detail-note", Static).update(self._note())
        self._fill()

    def _title(self) -> Text:
        s = self.session
        if s is None:
            return Text("This session is no longer in the history.")
        when = self.ctx.local(s.started_at).strftime("%A %d %B %Y, %H:%M")
        # Everything from the history file is shown visibly: it may come from an import.
        title = shown(s.routine.title)
        text = Text.assemble(("Session: ", "bold"), (title, "bold"), f" — {when}")
        if s.preview:
            text.append("  [preview run]", "italic")
        return text

    def _summary(self) -> Text:
        s = self.session
        if s is None:
            return Text("")
        bad = theme_style(self, "error", "red")
        duration = s.duration
        length = clock_text(None if duration is None else duration.total_seconds())
        t = s.tally
        text = Text()
        text.append("Status ", "dim")
        text.append(status_words(s))
        text.append("   Length ", "dim")
        text.append(length)
        text.append("   Exercise ", "dim")
        text.append(clock_text(s.exercise_seconds))
        text.append("\nPain before ", "dim")
        text.append("skipped" if s.pain_before is None else pain_label(s.pain_before))
        text.append("  after ", "dim")
        text.append("skipped" if s.pain_after is None else pain_label(s.pain_after))
        self._append_pain_change(text, s)
        if s.rated_by_site:
            text.append("\nBy site ", "dim")
            text.append(sites_text(s.sites_before, s.sites_after))
            text.append("  (pain before and after are the worse of the two)", "dim")
        next_day = next_day_words(s.next_day, s.next_day_at is not None)
        if next_day:
            text.append("\nNext morning ", "dim")
            text.append(
                next_day, theme_style(self, "error", "red") if s.next_day is NextDay.WORSE else ""
            )
        text.append("\nEffort ", "dim")
        text.append("skipped" if s.effort is None else effort_label(s.effort))
        text.append("   Segments ", "dim")
        text.append(f"{t.done} done, {t.skipped} skipped, {t.partial} partial")
        text.append("   Hurt marks ", "dim")
        text.append(str(t.hurt), bad if t.hurt else "")
        if s.finished:
            text.append("\nDone ", "dim")
            text.append(f"{share_words(s.done_share)}: {credit_words(s.credited)}")
        rated = [(seg.name, seg.pain_now) for seg in s.segments if seg.pain_now is not None]
        if rated:
            text.append('\nPain on "this hurts" ', "dim")
            text.append("; ".join(f"{name} {pain}" for name, pain in rated), bad)
        return text

    def _append_pain_change(self, text: Text, s: Session) -> None:
        change = pain_change(s.pain_before, s.pain_after)
        if change is None:
            return
        if change.points == 0:
            text.append("  (no change)")
            return
        # The words say which way (by the 2-point rule); the colour only repeats them.
        trend = change.trend
        words = f"  ({change.difference()}: {TREND_WORDS[trend]})"
        if trend is PainTrend.IMPROVED:
            text.append(words, theme_style(self, "success", "green"))
        elif trend is PainTrend.WORSE:
            text.append(words, theme_style(self, "error", "red"))
        else:
            text.append(words)

    def _note(self) -> Text:
        s = self.session
        if s is None or not s.notes:
            return Text("No note.", "dim")
        return Text.assemble(("Note: ", "bold"), shown(s.notes, LINE_BREAKS))

    def _fill(self) -> None:
        table = self.query_one("#segments", DataTable)
        table.clear()
        s = self.session
        if s is None:
            return
        bad = theme_style(self, "error", "red")
        warn = theme_style(self, "warning", "yellow")
        for seg in s.segments:
            if self.work_only and not seg.is_work:
                continue
            dim = "" if seg.is_work else "dim"
            name = shown(record_title(seg))
            planned = "own pace" if seg.planned_seconds is None else clock_text(seg.planned_seconds)
            status = seg.status.value
            table.add_row(
                Text(str(seg.position + 1), "dim"),
                Text(name, dim),
                Text(shown(record_part(seg)), dim),
                Text(planned, dim),
                Text(clock_text(seg.actual_seconds), dim),
                Text(status, warn if status != "done" else dim),
                _hurt_cell(seg, bad),
                key=str(seg.position),
            )

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_toggle_work(self) -> None:
        """Show only exercise segments, or every segment."""
        self.work_only = not self.work_only
        self._fill()


def _hurt_cell(seg: LoggedSegment, style: Style) -> Text:
    """A part's "this hurts" mark, with the pain rated then ("✱ 7"), or nothing."""
    if not seg.hurt:
        return Text("")
    return Text("✱ hurt" if seg.pain_now is None else f"✱ {seg.pain_now}", style)
