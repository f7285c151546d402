"""Progress: pain over time, the adherence calendar, streak, adherence and exercise counts.

Everything shown is read in thread workers: the routines and the first
routine's progress and chart when the screen opens ("Loading…" until then),
another routine's progress on ``r``, another chart period on ``[`` and ``]``,
and a streak longer than the first read covered.  With a programme in use (and
the patient's own history, not a file opened read-only) a table shows its
adherence and pain by phase and week (the words of ``supple today --by-week``).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Static

from tui.app.screens.history_query import ChartPeriod, HistoryContext, read_period
from tui.app.screens.worker_fed import WorkerFedScreen
from tui.app.theme import theme_style
from tui.app.widgets.adherence_calendar import AdherenceCalendarView
from tui.app.widgets.pain_chart import PainChart
from tui.core.progress import DISCLAIMER, adherence_windows
from tui.core.progress_reading import RoutineInfo, RoutineProgress, routine_progress
from tui.core.safe_text import shown

if TYPE_CHECKING:
    from tui.core.programme.phase_adherence import ProgrammeAdherence

#: Chart periods: label and days (``None``: all of the history).
RANGES: tuple[tuple[str, int | None], ...] = (
    ("30 days", 30),
    ("90 days", 90),
    ("1 year", 365),
    ("all", None),
)
#: Weeks in the adherence calendar.
CALENDAR_WEEKS = 12


class ProgressScreen(WorkerFedScreen[None]):
    """Pain over time, the adherence calendar, streak, adherence and exercise counts."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#progress-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the list", id="history.progress.back"),
        Binding(
            "r",
            "next_routine",
            "Routine",
            tooltip="Adherence of the next routine",
            id="history.progress.routine",
        ),
        Binding(
            "left_square_bracket",
            "range(-1)",
            "Shorter",
            tooltip="Chart a shorter period",
            id="history.progress.shorter",
        ),
        Binding(
            "right_square_bracket",
            "range(1)",
            "Longer",
            tooltip="Chart a longer period",
            id="history.progress.longer",
        ),
    ]

    def __init__(self, ctx: HistoryContext, *, routine: str | None = None) -> None:
        # Until the figures are read only the title ("Loading…") is drawn: a quick first frame.
        super().__init__(classes="-loading")
        self.ctx = ctx
        #: The routine to show first (by title), else the most recently run.
        self._first_routine = routine
        #: Routines in the history, most recently run first (read when the screen opens).
        self.routines: list[RoutineInfo] = []
        self.routine_index = 0
        self.range_index = 1
        #: The shown routine's progress, once read.
        self.progress: RoutineProgress | None = None
        #: The charted period, once read.
        self.period: ChartPeriod | None = None
        #: The programme in use by phase and week, once read (``None``: none).
        self.programme: ProgrammeAdherence | None = None

    def compose(self) -> ComposeResult:
        self._read_first()  # while the screen is built
        with VerticalScroll(id="progress-body"):
            yield Static(Text("Loading…", "dim"), id="progress-title", classes="screen-title")
            yield Static("", id="progress-stats")
            yield PainChart(id="pain-chart")
            # The chart's lines by site in words: what a screen reader reads of the chart.
            yield Static("", id="pain-chart-words")
            with Horizontal(id="progress-lower"):
                yield AdherenceCalendarView(id="calendar")
                yield DataTable[Text | str](id="exercises", cursor_type="row", zebra_stripes=True)
            yield DataTable[str](id="programme-weeks", cursor_type="row", zebra_stripes=True)
            yield Static("", id="programme-weeks-note")
            yield Static(DISCLAIMER, classes="disclaimer")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        # Side by side on a wide terminal, one under the other on a narrow one.
        self.set_class(event.size.width < 100, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")
        table = self.query_one("#exercises", DataTable)
        table.add_column("Exercise", key="name")
        table.add_column("Done", key="done", width=5)
        table.add_column("Skipped", key="skipped", width=7)
        table.add_column("Hurt", key="hurt", width=5)

    # ----------------------------------------------------------------- reading (workers)

    def _read_progress(self, info: RoutineInfo) -> RoutineProgress:
        ctx = self.ctx
        return routine_progress(ctx.store, info, today=ctx.today, tz=ctx.tz, weeks=CALENDAR_WEEKS)

    @work(thread=True, exclusive=True, group="progress-first")
    def _read_first(self) -> None:
        routines = self.ctx.routines()
        index = next((i for i, info in enumerate(routines) if info.title == self._first_routine), 0)
        progress = self._read_progress(routines[index]) if routines else None
        range_index = self.range_index
        period = read_period(self.ctx, RANGES[range_index][1])
        self.deliver(partial(self._first_read, routines, index, progress, range_index, period))
        self.deliver(partial(self._show_programme, self._read_programme()))

    def _read_programme(self) -> ProgrammeAdherence | None:
        """The programme in use, by phase and week (``None``: none, or another's file is shown)."""
        if self.ctx.read_only:
            return None  # a patient's file: the programme in use here is not theirs
        from tui.core.programme.current import current_adherence

        return current_adherence(self.ctx.now().astimezone(self.ctx.tz), self.ctx.store)

    @work(thread=True, exclusive=True, group="progress-routine")
    def _read_routine(self, info: RoutineInfo) -> None:
        self.deliver(partial(self._show_progress, self._read_progress(info)))

    @work(thread=True, exclusive=True, group="progress-streak")
    def _count_whole_streak(self, info: RoutineInfo, start: date) -> None:
        # The first read covered recent months only; a longer streak is counted here.
        ctx = self.ctx
        days = (ctx.today - start).days + 1
        whole = routine_progress(ctx.store, info, today=ctx.today, tz=ctx.tz, lookback_days=days)
        self.deliver(partial(self._streak_counted, whole))

    @work(thread=True, exclusive=True, group="progress-range")
    def _read_range(self, range_index: int) -> None:
        period = read_period(self.ctx, RANGES[range_index][1])
        self.deliver(partial(self._show_period, range_index, period))

    # ----------------------------------------------------------------- drawing what was read

    def _first_read(
        self,
        routines: list[RoutineInfo],
        index: int,
        progress: RoutineProgress | None,
        range_index: int,
        period: ChartPeriod,
    ) -> None:
        self.routines = routines
        self.routine_index = index
        self._show_title()
        self._show_progress(progress)
        self._show_period(range_index, period)
        self.remove_class("-loading")
        self.loaded = True

    def _show_programme(self, report: ProgrammeAdherence | None) -> None:
        from tui.core.programme.adherence_words import (
            ADHERENCE_COLUMNS,
            ADHERENCE_NOTE,
            adherence_table_rows,
        )

        self.programme = report
        table = self.query_one("#programme-weeks", DataTable)
        note = self.query_one("#programme-weeks-note", Static)
        shown_now = report is not None
        table.display = note.display = shown_now
        if report is None:
            return
        table.clear(columns=True)
        table.border_title = f"{shown(report.programme.title)}: by phase and week"
        table.add_columns(*ADHERENCE_COLUMNS)
        rows = adherence_table_rows(report)
        for row in rows:
            table.add_row(*(shown(cell) for cell in row))
        words = ADHERENCE_NOTE if rows else "No sessions of the programme were due yet."
        note.update(Text(words, "dim"))

    def _current(self) -> RoutineInfo | None:
        return self.routines[self.routine_index] if self.routines else None

    def _show_title(self) -> None:
        title = self.query_one("#progress-title", Static)
        info = self._current()
        if info is None:
            title.update(Text("Progress: no sessions yet", "bold"))
            return
        head = Text.assemble(("Progress: ", "bold"), (shown(info.title), "bold"))
        rx = info.prescription
        times = f"{rx.sessions_per_day} a day"
        days = "every day" if rx.days_per_week == 7 else f"{rx.days_per_week} days a week"
        head.append(f" — {times}, {days}" + ("" if rx.known else " (assumed)"), "dim")
        if len(self.routines) > 1:
            head.append(f"  ({self.routine_index + 1} of {len(self.routines)})", "dim")
        title.update(head)

    def _show_progress(self, progress: RoutineProgress | None) -> None:
        info = self._current()
        if info is None:
            self._show_no_routine()
            return
        if progress is None or progress.info != info:
            return  # read for another routine than the one shown now
        stats = self.query_one("#progress-stats", Static)
        self.progress = progress
        stats.update(self._stats_text(progress))
        self.query_one(AdherenceCalendarView).show(progress if progress.start is not None else None)
        if progress.streak_capped and progress.start is not None:
            self._count_whole_streak(info, progress.start)

    def _show_no_routine(self) -> None:
        self.progress = None
        stats = self.query_one("#progress-stats", Static)
        stats.update(Text("Finish a routine and your progress appears here.", "dim"))
        self.query_one(AdherenceCalendarView).show(None)

    def _streak_counted(self, progress: RoutineProgress) -> None:
        if progress.info != self._current():
            return  # another routine is shown now
        self.progress = progress
        self.query_one("#progress-stats", Static).update(self._stats_text(progress))

    @staticmethod
    def _stats_text(progress: RoutineProgress) -> Text:
        def pct(value: int | None) -> str:
            return "—" if value is None else f"{value}%"

        streak = progress.streak.describe()
        if progress.streak_capped:
            streak = f"at least {streak}"
        text = Text()
        text.append("Streak ", "dim")
        text.append(streak, "bold")
        for label, percent in adherence_windows(progress.last7, progress.last30):
            text.append(f"   {label} ", "dim")
            text.append(pct(percent), "bold")
        count = progress.last30_count
        if count.total:
            # Only credited sessions are in the figures: say how many did not count, and why.
            text.append("\nLast 30 days: ", "dim")
            text.append(count.describe())
        return text

    def _show_period(self, range_index: int, period: ChartPeriod) -> None:
        if range_index != self.range_index:
            return  # another period was asked for meanwhile
        self.period = period
        words = self.query_one(PainChart).draw(period.points, period.start, period.end, self.ctx.tz)
        shown_words = self.query_one("#pain-chart-words", Static)
        shown_words.update(words)
        shown_words.set_class(bool(words), "-shown")
        label = RANGES[range_index][0]
        table = self.query_one("#exercises", DataTable)
        table.border_title = f"Exercises, last {label}" if label != "all" else "Exercises, all time"
        table.clear()
        bad = theme_style(self, "error", "red")
        warn = theme_style(self, "warning", "yellow")
        for t in period.tallies:
            if t.planned == 0 and t.hurt == 0:
                continue  # get-ready and the like
            table.add_row(
                Text(shown(t.name)),
                str(t.done),
                Text(str(t.skipped), warn if t.skipped else ""),
                Text(str(t.hurt), bad if t.hurt else ""),
                key=t.name,
            )

    # ----------------------------------------------------------------- actions

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_next_routine(self) -> None:
        """Show the adherence of the next routine in the history."""
        if len(self.routines) > 1:
            self.routine_index = (self.routine_index + 1) % len(self.routines)
            self.progress = None
            self._show_title()
            self.query_one("#progress-stats", Static).update(Text("Loading…", "dim"))
            self._read_routine(self.routines[self.routine_index])

    def action_range(self, step: int) -> None:
        """Chart a shorter (-1) or longer (+1) period."""
        index = min(max(self.range_index + step, 0), len(RANGES) - 1)
        if index != self.range_index:
            self.range_index = index
            self._read_range(index)
