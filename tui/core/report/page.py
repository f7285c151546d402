"""Progress read from the history store, and the clinic report built from it.

Two layers, both free of Textual:

* *Reading*: :func:`find_routine` finds what a routine prescribes (its file,
  or the bundled routine of the same title); :func:`routine_progress` reads
  one routine's adherence from a :class:`~tui.core.history.store.HistoryStore`.
  The history screens use these too, so the screen and the report agree.
* *The report*: :func:`gather_report` collects everything for a date range
  and :func:`render_report` writes one self-contained HTML page (inline CSS,
  inline SVG charts from matplotlib, every user string escaped) that prints
  on A4 and Letter.  See ``docs/report.md``.
"""

from __future__ import annotations

import functools
import html
import importlib
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from tui.core import locations
from tui.core.history import HistoryStore, SessionSummary, local_day_bounds
from tui.core.progress import (
    DISCLAIMER,
    AdherenceCalendar,
    ExerciseTally,
    PainPoint,
    Prescription,
    Streak,
    WindowAdherence,
    adherence_calendar,
    current_streak,
    format_duration,
    local_date,
    pain_chart_series,
    sort_tallies,
    window_adherence,
)
from tui.core.routine.model import Routine, RoutineError, Step
from tui.core.session.ratings import PainTrend, pain_trend
from tui.core.session.status import SessionStatus

# --------------------------------------------------------------------------- routines


@dataclass(frozen=True)
class RoutineInfo:
    """A routine seen in the history, and what it prescribes."""

    title: str
    path: str
    prescription: Prescription
    #: The routine itself, when its file (or a bundled one of that title) could be read.
    routine: Routine | None = None
    #: Where the routine was read from (``None`` when it was not found).
    found_at: str | None = None


@functools.lru_cache(maxsize=64)
def _load(path: str) -> Routine | None:
    from tui.core.routine.loader import load_routine

    try:
        return load_routine(path)
    except (RoutineError, OSError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def _bundled_by_title() -> dict[str, Path]:
    found: dict[str, Path] = {}
    try:
        candidates = sorted(locations.bundled_routines_dir().glob("*.toml"))
    except OSError:
        return found
    for candidate in candidates:
        routine = _load(str(candidate))
        if routine is not None:
            found.setdefault(routine.title, candidate)
    return found


def find_routine(title: str, path: str) -> RoutineInfo:
    """What the routine a session ran prescribes.

    Tries the file the session was run from, then a bundled routine with the
    same title; when neither can be read (a therapist's computer, say) the
    prescription is assumed to be once a day, every day, and marked so.
    """
    routine = _load(path) if path else None
    found_at = path if routine is not None else None
    if routine is None or routine.title != title:
        bundled = _bundled_by_title().get(title)
        if bundled is not None:
            routine = _load(str(bundled))
            found_at = str(bundled)
    if routine is None:
        return RoutineInfo(title, path, Prescription.of(None, None))
    prescription = Prescription.of(routine.sessions_per_day, routine.days_per_week)
    return RoutineInfo(title, path, prescription, routine, found_at)


# --------------------------------------------------------------------------- adherence


def counts_for_adherence(
    summaries: Iterable[SessionSummary], tz: tzinfo | None, *, title: str | None = None
) -> dict[date, int]:
    """Completed, non-preview sessions per local day (of one routine when ``title`` is given)."""
    counts: dict[date, int] = {}
    for s in summaries:
        if s.preview or s.status is not SessionStatus.COMPLETED:
            continue
        if title is not None and s.routine.title != title:
            continue
        day = local_date(s.started_at, tz)
        counts[day] = counts.get(day, 0) + 1
    return counts


@dataclass(frozen=True)
class RoutineProgress:
    """One routine's adherence up to ``today``."""

    info: RoutineInfo
    counts: Mapping[date, int]
    #: The day of the routine's first completed session (``None``: none yet).
    start: date | None
    calendar: AdherenceCalendar
    streak: Streak
    last7: WindowAdherence
    last30: WindowAdherence
    #: The streak reaches back to the start of what was read: it is at least this long.
    streak_capped: bool


#: Sessions read per query.  SQLite plans the store's session query very
#: differently above a few hundred rows (it then reads every segment of the
#: history), so a short stretch is read in pages this size.
READ_PAGE = 300


def read_recent(
    store: HistoryStore, since: datetime, routine: str | None = None
) -> list[SessionSummary]:
    """Every non-preview session started since ``since`` (newest first), page by page."""
    out: list[SessionSummary] = []
    while True:
        page = store.sessions(since=since, routine=routine, limit=READ_PAGE, offset=len(out))
        out.extend(page)
        if len(page) < READ_PAGE:
            return out


def first_completed_day(store: HistoryStore, title: str, tz: tzinfo | None) -> date | None:
    """The local day of a routine's first completed, non-preview session."""
    offset = 0
    while True:
        page = store.sessions(routine=title, limit=50, offset=offset, oldest_first=True)
        for s in page:
            if s.routine.title == title and s.status is SessionStatus.COMPLETED:
                return local_date(s.started_at, tz)
        if len(page) < 50:
            return None
        offset += 50


def routine_progress(
    store: HistoryStore,
    info: RoutineInfo,
    *,
    today: date,
    tz: tzinfo | None,
    weeks: int = 12,
    lookback_days: int = 120,
) -> RoutineProgress:
    """Read one routine's sessions of the last ``lookback_days`` and work out its adherence.

    The calendar shows the last ``weeks`` weeks; the streak is counted within
    the days read (``streak_capped`` says it may be longer).
    """
    since_day = today - timedelta(days=lookback_days - 1)
    since, _ = local_day_bounds(since_day, tz)
    if lookback_days <= 400:
        summaries = read_recent(store, since, info.title)
    else:
        summaries = store.sessions(since=since, routine=info.title)
    counts = counts_for_adherence(summaries, tz, title=info.title)
    # Sessions dated after today (a clock put back) are left out of the figures.
    counts = {day: n for day, n in counts.items() if day <= today}
    start = min(counts) if counts else None
    if start is None or start <= since_day:
        # The routine may have started before the days read (or not been done lately):
        # adherence is measured from its true first session, so a lapse shows as 0 %.
        start = first_completed_day(store, info.title, tz) or start
    prescription = info.prescription
    calendar = adherence_calendar(counts, prescription, today, weeks=weeks, start=start)
    streak = current_streak(counts, prescription, today)
    capped = streak.days >= lookback_days - 1 or streak.weeks * 7 >= lookback_days - 7
    return RoutineProgress(
        info=info,
        counts=counts,
        start=start,
        calendar=calendar,
        streak=streak,
        last7=window_adherence(counts, prescription, today, 7, start=start),
        last30=window_adherence(counts, prescription, today, 30, start=start),
        streak_capped=capped,
    )


def routines_in_history(store: HistoryStore) -> list[RoutineInfo]:
    """Every routine title in the history with its prescription, most recently run first."""
    titles = store.routine_titles()
    latest: dict[str, tuple[datetime, str]] = {}
    for title in titles:
        for s in store.sessions(routine=title, limit=20, include_preview=True):
            if s.routine.title == title:
                latest[title] = (s.started_at, s.routine.path)
                break
    ordered = sorted(latest, key=lambda t: latest[t][0], reverse=True)
    return [find_routine(t, latest[t][1]) for t in ordered]


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class RoutineSection:
    """One routine in the report: what was prescribed and how it was kept up."""

    info: RoutineInfo
    calendar: AdherenceCalendar
    sessions: int
    completed: int


@dataclass(frozen=True)
class ReportData:
    """Everything the clinic report shows, read once from the store."""

    #: First and last local day covered (inclusive).
    first_day: date
    last_day: date
    generated_at: datetime
    tz: tzinfo | None
    #: Non-preview sessions in the period, oldest first.
    sessions: tuple[SessionSummary, ...]
    routines: tuple[RoutineSection, ...]
    pain: tuple[PainPoint, ...]
    exercises: tuple[ExerciseTally, ...]
    app_version: str


def gather_report(
    store: HistoryStore,
    *,
    since: date | None,
    until: date | None,
    now: datetime,
    tz: tzinfo | None = None,
    app_version: str = "",
) -> ReportData:
    """Read what the report needs for the local days ``since`` to ``until`` (inclusive).

    Without ``since`` the report starts at the first session; without
    ``until`` it ends today.  Preview runs are left out everywhere.
    """
    today = local_date(now, tz)
    last_day = until or today
    start = local_day_bounds(since, tz)[0] if since is not None else None
    end = local_day_bounds(last_day, tz)[1]
    sessions = store.sessions(start, end, oldest_first=True)
    if since is not None:
        first_day = since
    elif sessions:
        first_day = local_date(sessions[0].started_at, tz)
    else:
        first_day = last_day
    by_title: dict[str, list[SessionSummary]] = {}
    for s in sessions:
        by_title.setdefault(s.routine.title, []).append(s)
    sections = []
    for title, rows in sorted(by_title.items(), key=lambda kv: kv[1][-1].started_at, reverse=True):
        info = find_routine(title, rows[-1].routine.path)
        counts = counts_for_adherence(rows, tz, title=title)
        first = min(counts, default=first_day)
        calendar = adherence_calendar(
            counts, info.prescription, last_day, start=max(first_day, first)
        )
        completed = sum(1 for s in rows if s.status is SessionStatus.COMPLETED)
        sections.append(RoutineSection(info, calendar, len(rows), completed))
    pain = tuple(
        PainPoint(p.started_at, p.pain_before, p.pain_after) for p in store.pain_series(start, end)
    )
    exercises = tuple(
        sort_tallies(
            ExerciseTally(
                c.name, c.done + c.skipped + c.partial, c.done, c.skipped, c.partial, c.hurt
            )
            for c in store.exercise_counts(start, end)
            if c.done + c.skipped + c.partial or c.hurt
        )
    )
    return ReportData(
        first_day=first_day,
        last_day=last_day,
        generated_at=now,
        tz=tz,
        sessions=tuple(sessions),
        routines=tuple(sections),
        pain=pain,
        exercises=exercises,
        app_version=app_version,
    )


def pain_chart_svg(data: ReportData, *, max_points: int = 400) -> str | None:
    """The pain chart as an inline ``<svg>`` element drawn by matplotlib (``None``: no ratings).

    Long periods are averaged into buckets of days (see
    :func:`~tui.core.progress.pain_chart_series`) so the file stays small.
    """
    series = pain_chart_series(data.pain, data.tz, data.first_day, max_points=max_points)
    if series.empty:
        return None
    # Imported here (matplotlib takes a while to load) and as Any, so the
    # types do not depend on whether matplotlib's stubs are installed.
    matplotlib: Any = importlib.import_module("matplotlib")
    matplotlib.use("Agg")
    mdates: Any = importlib.import_module("matplotlib.dates")
    plt: Any = importlib.import_module("matplotlib.pyplot")

    origin = datetime.combine(data.first_day, datetime.min.time())

    def xs(points: tuple[tuple[float, float], ...]) -> list[datetime]:
        return [origin + timedelta(days=x) for x, _ in points]

    def ys(points: tuple[tuple[float, float], ...]) -> list[float]:
        return [y for _, y in points]

    style: dict[str, Any] = {
        "svg.fonttype": "none",  # text stays text: smaller, sharp, uses the page's font
        "svg.hashsalt": "supple-report",  # the same data gives the same file
        "font.family": "sans-serif",
        "font.size": 9,
    }
    with plt.rc_context(style):
        fig, ax = plt.subplots(figsize=(7.2, 2.9), layout="constrained")
        try:
            averaged = series.bucket_days > 0
            if series.before:
                ax.scatter(
                    xs(series.before),
                    ys(series.before),
                    s=16,
                    facecolors="none",
                    edgecolors="#1f5fa8",
                    linewidths=1.0,
                    label="before" + (" (average)" if averaged else ""),
                )
            if series.after:
                ax.scatter(
                    xs(series.after),
                    ys(series.after),
                    s=18,
                    marker="x",
                    color="#c0392b",
                    linewidths=1.0,
                    label="after" + (" (average)" if averaged else ""),
                )
            if series.average:
                ax.plot(
                    xs(series.average),
                    ys(series.average),
                    color="#2e7d32",
                    linewidth=1.8,
                    label="7-day average",
                )
            ax.set_ylim(-0.3, 10.3)
            ax.set_yticks(range(0, 11, 2))
            ax.set_ylabel("Pain (0-10 NRS)")
            ax.axhspan(3.5, 6.5, color="#f2f2f2", zorder=0)
            ax.axhspan(6.5, 10.3, color="#e6e6e6", zorder=0)
            span_end = datetime.combine(data.last_day, datetime.min.time()) + timedelta(days=1)
            half = timedelta(hours=12)
            ax.set_xlim(origin - half, max(span_end, origin + timedelta(days=1)) + half)
            locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            ax.grid(axis="y", color="#cccccc", linewidth=0.5)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.legend(loc="upper right", frameon=False, ncols=3, fontsize=8)
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return _inline_svg(buffer.getvalue())


def _inline_svg(document: str) -> str:
    """An SVG file's ``<svg>`` element, ready to put inside HTML.

    The XML prolog, the DOCTYPE (which names a DTD on the web) and the RDF
    metadata block are dropped; fixed pixel sizes give way to CSS.
    """
    start = document.index("<svg")
    svg = document[start:]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    return svg.replace("<svg ", '<svg role="img" aria-label="Pain chart" ', 1)


_CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #c8c8c8; --full: #2e7d32;
        --part: #d4a017; --none: #eeeeee; --bad: #b3261e; --good: #2e7d32; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt;
       color: var(--ink); background: #fff; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 1.5px solid var(--ink);
     padding-bottom: 1mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0; }
.meta { color: var(--muted); }
.fill { display: inline-block; min-width: 55mm; border-bottom: 1px solid var(--ink); }
.disclaimer { border-left: 3px solid var(--muted); padding: 1.5mm 3mm; color: var(--muted);
              font-style: italic; margin: 3mm 0; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0; }
.figure { border: 1px solid var(--line); border-radius: 2mm; padding: 2mm 3mm; min-width: 38mm; }
.figure b { display: block; font-size: 14pt; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 9.5pt; }
th, td { border-bottom: 1px solid var(--line); padding: 1mm 1.5mm; text-align: left;
         vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.week td.day { text-align: center; width: 9mm; padding: 0.5mm; }
.day span { display: inline-block; width: 7mm; border-radius: 1mm; font-size: 8.5pt; }
.full span { background: var(--full); color: #fff; }
.part span { background: var(--part); color: #000; }
.none span { background: var(--none); color: var(--muted); }
.out span { background: transparent; }
.worse { color: var(--bad); font-weight: 600; }
.improved { color: var(--good); font-weight: 600; }
.hurt { color: var(--bad); font-weight: 600; }
.status-partial, .status-abandoned { color: #8a5a00; }
figure { margin: 2mm 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 9pt; }
.note { white-space: pre-wrap; }
.when { white-space: nowrap; }
section { margin-bottom: 2mm; }
.keep { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 8mm; color: var(--muted); font-size: 9pt; border-top: 1px solid var(--line);
         padding-top: 2mm; }
@page { margin: 14mm 12mm 16mm; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  .figure { border-color: #999; }
  #sessions { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(value: object) -> str:
    """``value`` as HTML text, every special character escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def _local(data: ReportData, moment: datetime) -> datetime:
    return moment.astimezone(data.tz)


def _offset(moment: datetime) -> str:
    """``+01:00`` style UTC offset of an aware datetime."""
    text = moment.strftime("%z")
    return f"{text[:3]}:{text[3:]}" if text else ""


def _default_describe(step: Step) -> str:
    parts = [step.kind.value]
    if step.hold:
        parts.append(f"hold {format_duration(step.hold)}")
    if step.kind.value in ("hold", "reps"):
        parts.append(f"{step.reps} reps" if step.kind.value == "reps" else f"{step.reps} times")
    if step.sets > 1:
        parts.append(f"{step.sets} sets")
    if step.sides.value != "none":
        parts.append(step.sides.value)
    return ", ".join(parts)


def render_report(data: ReportData, *, describe_step: Callable[[Step], str] | None = None) -> str:
    """The clinic report as one self-contained HTML page.

    Nothing in it refers to the network: the style sheet is inline and the
    chart is inline SVG.  Every piece of user text (titles, step names, notes)
    is escaped.
    """
    describe = describe_step or _default_describe
    generated = _local(data, data.generated_at)
    period = f"{data.first_day:%d %b %Y} to {data.last_day:%d %b %Y}"
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add('<html lang="en"><head><meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>Home exercise report, {_e(period)}</title>")
    add(f"<style>{_CSS}</style></head><body>")

    # ---- header
    add("<header>")
    add("<h1>Home exercise report</h1>")
    add(
        f'<p class="meta">Period: <b>{_e(period)}</b> '
        f"({_e(data.first_day.isoformat())} to {_e(data.last_day.isoformat())}, local time)"
        f" &middot; Generated {_e(generated.strftime('%Y-%m-%d %H:%M'))} "
        f"(UTC{_e(_offset(generated))}) by supple {_e(data.app_version)}</p>"
    )
    add(
        '<p class="meta">Patient: <span class="fill">&nbsp;</span> '
        'Clinician: <span class="fill">&nbsp;</span></p>'
    )
    add(f'<p class="disclaimer">{_e(REPORT_DISCLAIMER)}</p>')
    add("</header>")

    # ---- key figures
    sessions = data.sessions
    completed = sum(1 for s in sessions if s.status is SessionStatus.COMPLETED)
    partial = sum(1 for s in sessions if s.status is SessionStatus.PARTIAL)
    abandoned = sum(1 for s in sessions if s.status is SessionStatus.ABANDONED)
    befores = [p.before for p in data.pain if p.before is not None]
    afters = [p.after for p in data.pain if p.after is not None]
    hurt_total = sum(s.tally.hurt for s in sessions)
    worse = sum(1 for s in sessions if pain_trend(s.pain_before, s.pain_after) is PainTrend.WORSE)

    def mean(values: list[int]) -> str:
        return f"{sum(values) / len(values):.1f}" if values else "-"

    add('<section id="summary" class="keep"><h2>Summary</h2><div class="figures">')
    figures = [
        (
            "Sessions",
            f"{len(sessions)}",
            f"{completed} completed, {partial} partial, {abandoned} abandoned",
        ),
        ("Average pain before", mean(befores), f"{len(befores)} ratings"),
        ("Average pain after", mean(afters), f"{len(afters)} ratings"),
        ("Pain 2+ points worse after", f"{worse}", "sessions"),
        ('"This hurts" marks', f"{hurt_total}", "in all sessions"),
    ]
    for label, value, detail in figures:
        add(
            f'<div class="figure">{_e(label)}<b>{_e(value)}</b>'
            f'<span class="meta">{_e(detail)}</span></div>'
        )
    add("</div>")
    add(
        '<p class="meta">Previews (sped-up dry runs) are left out. A session counts for '
        "adherence when it was completed. Pain: 0 = no pain, 10 = worst pain imaginable "
        "(1-3 mild, 4-6 moderate, 7-10 severe).</p></section>"
    )

    # ---- prescription
    add('<section id="prescription"><h2>Prescription</h2>')
    if not data.routines:
        add("<p>No sessions in this period.</p>")
    for section in data.routines:
        info = section.info
        add('<div class="keep">')
        add(f"<h3>{_e(info.title)}</h3>")
        add(f"<p>{_e(info.prescription.describe())}</p>")
        routine = info.routine
        if routine is None:
            add(
                f'<p class="meta">The routine file ({_e(info.path)}) was not available '
                "when this report was made; its steps are not listed.</p>"
            )
        else:
            if routine.author:
                add(f'<p class="meta">By {_e(routine.author)}</p>')
            add(
                '<table><thead><tr><th class="num">#</th><th>Exercise</th><th>Dose</th>'
                "</tr></thead><tbody>"
            )
            for n, step in enumerate(routine.steps, 1):
                add(
                    f'<tr><td class="num">{n}</td><td>{_e(step.name)}</td>'
                    f"<td>{_e(describe(step))}</td></tr>"
                )
            add("</tbody></table>")
        add("</div>")
    add("</section>")

    # ---- adherence
    add('<section id="adherence"><h2>Adherence by week</h2>')
    add(
        '<p class="meta">Each day: completed sessions / sessions prescribed that day. '
        "The week's figure is completed sessions against the week's prescription "
        "(days before the first session are not counted).</p>"
    )
    for section in data.routines:
        rx = section.info.prescription
        add(f'<h3>{_e(section.info.title)} <span class="meta">({_e(rx.describe())})</span></h3>')
        add('<table class="week"><thead><tr><th>Week of</th>')
        for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
            add(f'<th class="num">{name}</th>')
        add(
            '<th class="num">Done</th><th class="num">Target</th><th class="num">%</th>'
            "</tr></thead><tbody>"
        )
        for week in section.calendar.weeks:
            add(f"<tr><td>{_e(week.monday.strftime('%d %b %Y'))}</td>")
            for day in week.days:
                text = f"{day.done}/{day.target}" if day.in_range else ""
                add(f'<td class="day {day.level}"><span>{_e(text) or "&nbsp;"}</span></td>')
            so_far = " so far" if week.in_progress else ""
            add(
                f'<td class="num">{week.credit}</td><td class="num">{week.target}</td>'
                f'<td class="num">{week.percent}%{so_far}</td></tr>'
            )
        add("</tbody></table>")
    add("</section>")

    # ---- pain chart
    add('<section id="pain" class="keep"><h2>Pain before and after sessions</h2>')
    svg = pain_chart_svg(data)
    if svg is None:
        add("<p>No pain ratings in this period.</p>")
    else:
        add(
            f"<figure>{svg}<figcaption>Pain reported before (circles) and after (crosses) "
            "each session, with the 7-day average of all ratings (line); shaded bands: "
            "moderate (4-6) and severe (7-10). Long periods are shown as averages.</figcaption>"
            "</figure>"
        )
    add("</section>")

    # ---- exercises
    add('<section id="exercises" class="keep"><h2>Exercises: skips and "this hurts" marks</h2>')
    if not data.exercises:
        add("<p>No exercises recorded in this period.</p>")
    else:
        add(
            '<table><thead><tr><th>Exercise</th><th class="num">Planned</th>'
            '<th class="num">Done</th><th class="num">Skipped</th><th class="num">Cut short</th>'
            '<th class="num">Hurt marks</th></tr></thead><tbody>'
        )
        for t in data.exercises:
            hurt = f'<span class="hurt">{t.hurt}</span>' if t.hurt else "0"
            add(
                f'<tr><td>{_e(t.name)}</td><td class="num">{t.planned}</td>'
                f'<td class="num">{t.done}</td><td class="num">{t.skipped}</td>'
                f'<td class="num">{t.partial}</td><td class="num">{hurt}</td></tr>'
            )
        add("</tbody></table>")
        add(
            '<p class="meta">Counts are of exercise segments (each hold, set or walking block); '
            'a hurt mark is the patient pressing "this hurts" during the exercise.</p>'
        )
    add("</section>")

    # ---- notes
    noted = [s for s in sessions if s.notes]
    add('<section id="notes"><h2>The patient\'s notes</h2>')
    if not noted:
        add("<p>No notes in this period.</p>")
    else:
        add("<table><thead><tr><th>When</th><th>Routine</th><th>Note</th></tr></thead><tbody>")
        for s in noted:
            when = _local(data, s.started_at).strftime("%Y-%m-%d %H:%M")
            add(
                f"<tr><td>{_e(when)}</td><td>{_e(s.routine.title)}</td>"
                f'<td class="note">{_e(s.notes)}</td></tr>'
            )
        add("</tbody></table>")
    add("</section>")

    # ---- sessions
    add('<section id="sessions"><h2>Sessions</h2>')
    if not sessions:
        add("<p>No sessions in this period.</p>")
    else:
        add(
            '<table><thead><tr><th>When</th><th>Routine</th><th class="num">Length</th>'
            '<th>Status</th><th class="num">Pain before</th><th class="num">after</th>'
            '<th class="num">Effort</th><th class="num">Done</th><th class="num">Skipped</th>'
            '<th class="num">Hurt</th></tr></thead><tbody>'
        )
        for s in sessions:
            when = _local(data, s.started_at).strftime("%Y-%m-%d %H:%M")
            duration = s.duration
            length = format_duration(None if duration is None else duration.total_seconds())
            status = s.status.value if s.status is not None else "unfinished"
            change = pain_trend(s.pain_before, s.pain_after)
            after_class = (
                f" {change.value}" if change in (PainTrend.WORSE, PainTrend.IMPROVED) else ""
            )
            hurt = f'<span class="hurt">{s.tally.hurt}</span>' if s.tally.hurt else ""
            add(
                f'<tr><td class="when">{_e(when)}</td><td>{_e(s.routine.title)}</td>'
                f'<td class="num">{_e(length)}</td>'
                f'<td class="status-{_e(status)}">{_e(status)}</td>'
                f'<td class="num">{_e(_rating(s.pain_before))}</td>'
                f'<td class="num{after_class}">{_e(_rating(s.pain_after))}</td>'
                f'<td class="num">{_e(_rating(s.effort))}</td>'
                f'<td class="num">{s.tally.done}</td><td class="num">{s.tally.skipped}</td>'
                f'<td class="num">{hurt}</td></tr>'
            )
        add("</tbody></table>")
    add("</section>")

    add(
        f"<footer><p>{_e(REPORT_DISCLAIMER)}</p><p>Made by supple {_e(data.app_version)} "
        f"from the patient's own history file on {_e(generated.strftime('%Y-%m-%d %H:%M'))}. "
        "supple coaches and records; it does not diagnose or change a dose.</p></footer>"
    )
    add("</body></html>")
    return "\n".join(out) + "\n"


def _rating(value: int | None) -> str:
    return "-" if value is None else str(value)


#: The disclaimer as the report words it (the patient's records, read by a clinician).
REPORT_DISCLAIMER = (
    f"{DISCLAIMER} Everything here is what the patient reported in supple: "
    "ratings, skips and notes are theirs, not a clinical assessment."
)
