"""The clinic report as one self-contained HTML page, one function per section.

Nothing in the page refers to the network: the style sheet (``report.css``,
shipped with the package) is inline and the chart is inline SVG.  Every piece
of user text (titles, step names, notes) is escaped, and its control, bidi and
zero-width characters shown visibly (:mod:`tui.core.safe_text`).  See ``docs/report.md``.
"""

from __future__ import annotations

import base64
import functools
import html
import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from importlib import resources
from typing import IO

from tui.core.exports.cells import status_words
from tui.core.history import HurtRating, SessionSummary
from tui.core.programme.adherence_words import (
    ADHERENCE_COLUMNS,
    ADHERENCE_NOTE,
    adherence_table_rows,
)
from tui.core.programme.today_words import card_when
from tui.core.progress import DISCLAIMER
from tui.core.report.appendix import ReportAppendix, RoutinePictures
from tui.core.report.chart import pain_chart_svg
from tui.core.report.gather import ReportData, RoutineSection
from tui.core.routine.model import DEFAULT_COUNTS_WHEN_DONE
from tui.core.safe_text import LINE_BREAKS, shown
from tui.core.session.describe import step_dose
from tui.core.session.outcome import whole_percent
from tui.core.session.ratings import (
    NEXT_DAY_QUESTION,
    NextDay,
    PainTrend,
    next_day_words,
    pain_arrow,
    pain_trend,
    sites_text,
)
from tui.core.session.words import clock_text

#: The disclaimer as the report words it (the patient's records, read by a clinician).
REPORT_DISCLAIMER = (
    f"{DISCLAIMER} Everything here is what the patient reported in supple: "
    "ratings, skips and notes are theirs, not a clinical assessment."
)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def render_report(data: ReportData, appendix: ReportAppendix | None = None) -> str:
    """The clinic report as one self-contained HTML page (:func:`write_report` into a string)."""
    out = io.StringIO()
    write_report(data, out, appendix)
    return out.getvalue()


def write_report(data: ReportData, out: IO[str], appendix: ReportAppendix | None = None) -> None:
    """Write the clinic report to ``out``, line by line: the sessions' table is never held.

    ``data.sessions`` is read once more here, so its store must still be open; ``appendix``
    comes before the footer.
    """
    sections = (
        _head(data),
        _header(data),
        _summary(data),
        _prescription(data),
        _adherence(data),
        _programme(data),
        _pain(data),
        _by_site_and_next_day(data),
        _exercises(data),
        _notes(data),
        _sessions(data),
        _appendix(appendix),
        _footer(data),
    )
    for section in sections:
        for line in section:
            out.write(line)
            out.write("\n")
    out.write("</body></html>\n")


@functools.cache
def style_sheet() -> str:
    """The report's style sheet (``report.css``, package data)."""
    return resources.files("tui.core.report").joinpath("report.css").read_text(encoding="utf-8")


def _e(value: object) -> str:
    """``value`` as HTML text, every special character escaped.

    Characters HTML would not show as text (controls, direction overrides
    that reorder a line) are written visibly first.
    """
    return html.escape(shown("" if value is None else str(value), LINE_BREAKS), quote=True)


#: :func:`_e` of the cells a table repeats row after row (titles, statuses, ratings): a
#: report of 100,000 sessions escapes each once, not once a row.
_e_repeated = functools.lru_cache(maxsize=4096)(_e)


def _local(data: ReportData, moment: datetime) -> datetime:
    return moment.astimezone(data.tz)


def _offset(moment: datetime) -> str:
    """``+01:00`` style UTC offset of an aware datetime."""
    text = moment.strftime("%z")
    return f"{text[:3]}:{text[3:]}" if text else ""


def _period(data: ReportData) -> str:
    return f"{data.first_day:%d %b %Y} to {data.last_day:%d %b %Y}"


def _rating(value: int | None) -> str:
    return "-" if value is None else str(value)


def _head(data: ReportData) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Home exercise report, {_e(_period(data))}</title>",
        f"<style>\n{style_sheet()}</style></head><body>",
    ]


def _header(data: ReportData) -> list[str]:
    generated = _local(data, data.generated_at)
    return [
        "<header>",
        "<h1>Home exercise report</h1>",
        f'<p class="meta">Period: <b>{_e(_period(data))}</b> '
        f"({_e(data.first_day.isoformat())} to {_e(data.last_day.isoformat())}, local time)"
        f" &middot; Generated {_e(generated.strftime('%Y-%m-%d %H:%M'))} "
        f"(UTC{_e(_offset(generated))}) by supple {_e(data.app_version)}</p>",
        '<p class="meta">Patient: <span class="fill">&nbsp;</span> '
        'Clinician: <span class="fill">&nbsp;</span></p>',
        f'<p class="disclaimer">{_e(REPORT_DISCLAIMER)}</p>',
        "</header>",
    ]


def _summary(data: ReportData) -> list[str]:
    totals = data.totals

    def mean(values: list[int]) -> str:
        return f"{sum(values) / len(values):.1f}" if values else "-"

    befores = [p.before for p in data.pain if p.before is not None]
    afters = [p.after for p in data.pain if p.after is not None]
    statuses = (
        f"{totals.completed} completed, {totals.partial} partial, "
        f"{totals.abandoned} abandoned, {totals.not_today} not today"
    )
    credit = totals.credit
    figures = [
        ("Sessions", f"{totals.sessions}", statuses),
        ("Sessions that count", f"{credit.counted}", credit.reasons() or "all finished ones"),
        ("Average pain before", mean(befores), f"{len(befores)} ratings"),
        ("Average pain after", mean(afters), f"{len(afters)} ratings"),
        ("Pain 2+ points worse after", f"{totals.worse}", "sessions"),
        ('"This hurts" marks', f"{totals.hurt}", "in all sessions"),
    ]
    out = ['<section id="summary" class="keep"><h2>Summary</h2><div class="figures">']
    out += [
        f'<div class="figure">{_e(label)}<b>{_e(value)}</b>'
        f'<span class="meta">{_e(detail)}</span></div>'
        for label, value, detail in figures
    ]
    out.append("</div>")
    out.append(
        '<p class="meta">Previews (sped-up dry runs) are left out. A session counts for '
        "adherence when it was completed with at least the routine's share of its planned "
        f"exercise time done ({DEFAULT_COUNTS_WHEN_DONE}% unless the routine sets another); "
        "a session mostly skipped or stopped early is listed but not counted. "
        "Pain: 0 = no pain, 10 = worst pain imaginable "
        "(1-3 mild, 4-6 moderate, 7-10 severe).</p></section>"
    )
    return out


def _prescription(data: ReportData) -> list[str]:
    out = ['<section id="prescription"><h2>Prescription</h2>']
    if not data.routines:
        out.append("<p>No sessions in this period.</p>")
    for section in data.routines:
        out += _routine_steps(section)
    out.append("</section>")
    return out


def _routine_steps(section: RoutineSection) -> list[str]:
    """One routine's prescription: how often, and each step with its dose."""
    info = section.info
    out = [
        '<div class="keep">',
        f"<h3>{_e(info.title)}</h3>",
        f"<p>{_e(info.prescription.describe())}</p>",
    ]
    routine = info.routine
    if routine is None:
        out.append(
            f'<p class="meta">The routine file ({_e(info.path)}) was not available '
            "when this report was made; its steps are not listed.</p>"
        )
    else:
        if routine.author:
            out.append(f'<p class="meta">By {_e(routine.author)}</p>')
        out.append(
            '<table><thead><tr><th class="num">#</th><th>Exercise</th><th>Dose</th>'
            "</tr></thead><tbody>"
        )
        out += [
            f'<tr><td class="num">{n}</td><td>{_e(step.name)}</td>'
            f"<td>{_e(step_dose(step))}</td></tr>"
            for n, step in enumerate(routine.steps, 1)
        ]
        out.append("</tbody></table>")
    out.append("</div>")
    return out


def _adherence(data: ReportData) -> list[str]:
    out = [
        '<section id="adherence"><h2>Adherence by week</h2>',
        '<p class="meta">Each day: sessions that counted / sessions prescribed that day. '
        "The week's figure is sessions that counted against the week's prescription "
        "(days before the first session are not counted).</p>",
    ]
    for section in data.routines:
        out += _adherence_table(section)
    out.append("</section>")
    return out


def _adherence_table(section: RoutineSection) -> list[str]:
    """One routine's calendar: a row per week, a cell per day, the week's figure."""
    rx = section.info.prescription
    out = [
        f'<h3>{_e(section.info.title)} <span class="meta">({_e(rx.describe())})</span></h3>',
        f'<p class="meta">{_e(section.credit.describe().capitalize())}.</p>',
        '<table class="week"><thead><tr><th>Week of</th>',
    ]
    out += [f'<th class="num">{name}</th>' for name in _WEEKDAYS]
    out.append(
        '<th class="num">Done</th><th class="num">Target</th><th class="num">%</th>'
        "</tr></thead><tbody>"
    )
    for week in section.calendar.weeks:
        out.append(f"<tr><td>{_e(week.monday.strftime('%d %b %Y'))}</td>")
        for day in week.days:
            text = f"{day.done}/{day.target}" if day.in_range else ""
            out.append(f'<td class="day {day.level}"><span>{_e(text) or "&nbsp;"}</span></td>')
        so_far = " so far" if week.in_progress else ""
        out.append(
            f'<td class="num">{week.credit}</td><td class="num">{week.target}</td>'
            f'<td class="num">{week.percent}%{so_far}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _programme(data: ReportData) -> list[str]:
    """The programme in use by phase and week (the table of ``supple today --by-week``)."""
    report = data.programme
    if report is None:
        return []
    start = _local(data, report.start)
    out = [
        '<section id="programme"><h2>Programme by phase and week</h2>',
        f"<p>{_e(report.programme.title)}: day {report.day}, "
        f"counted from {_e(start.strftime('%d %b %Y'))}.</p>",
        f'<p class="meta">{_e(ADHERENCE_NOTE)}</p>',
    ]
    rows = adherence_table_rows(report)
    if not rows:
        return [*out, "<p>No sessions of the programme were due yet.</p>", "</section>"]
    out.append("<table><thead><tr>")
    out += [f"<th>{_e(column)}</th>" for column in ADHERENCE_COLUMNS]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>")
    out += ["</tbody></table>", "</section>"]
    return out


def _pain(data: ReportData) -> list[str]:
    out = ['<section id="pain" class="keep"><h2>Pain before and after sessions</h2>']
    svg = pain_chart_svg(data)
    if svg is None:
        out.append("<p>No pain ratings in this period.</p>")
    else:
        out.append(
            f"<figure>{svg}<figcaption>Pain reported before (rings) and after (dots) "
            "each session, with the 7-day average of all ratings (line); shaded bands: "
            "moderate (4-6) and severe (7-10)."
            + (
                " Leg and back pain before each session, where rated by site: long and "
                "short dashes."
                if any(p.leg is not None or p.back is not None for p in data.pain)
                else ""
            )
            + " Long periods are shown as averages.</figcaption></figure>"
        )
    out.append("</section>")
    return out


def _by_site_and_next_day(data: ReportData) -> list[str]:
    """Sessions rated by site or checked the next morning: both ratings, and the answer.

    Left out when no session in the period has either (routines without ``pain_sites``).
    """
    rows = [s for s in data.sessions if s.rated_by_site or s.next_day_at is not None]
    if not rows:
        return []
    out = [
        '<section id="by-site" class="keep"><h2>Leg and back pain, and the next morning</h2>',
        "<p>Where the routine asks pain by site, the session's pain before and after (above) "
        "is the worse of the two. The next morning the patient was asked: "
        f"&ldquo;{_e(NEXT_DAY_QUESTION)}&rdquo;</p>",
        "<table><thead><tr><th>When</th><th>Routine</th><th>Leg and back, before -&gt; "
        "after</th><th>Next morning</th></tr></thead><tbody>",
    ]
    for s in rows:
        when = _local(data, s.started_at).strftime("%Y-%m-%d %H:%M")
        sites = sites_text(s.sites_before, s.sites_after) if s.rated_by_site else ""
        answer = next_day_words(s.next_day, s.next_day_at is not None)
        worse = ' class="worse"' if s.next_day is NextDay.WORSE else ""
        out.append(
            f'<tr><td class="when">{_e(when)}</td><td>{_e(s.routine.title)}</td>'
            f"<td>{_e(sites)}</td><td{worse}>{_e(answer)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _exercises(data: ReportData) -> list[str]:
    out = ['<section id="exercises" class="keep"><h2>Exercises: skips and "this hurts" marks</h2>']
    if not data.exercises:
        out.append("<p>No exercises recorded in this period.</p>")
        out.append("</section>")
        return out
    out.append(
        '<table><thead><tr><th>Exercise</th><th class="num">Planned</th>'
        '<th class="num">Done</th><th class="num">Skipped</th><th class="num">Cut short</th>'
        '<th class="num">Hurt marks</th></tr></thead><tbody>'
    )
    for t in data.exercises:
        hurt = f'<span class="hurt">{t.hurt}</span>' if t.hurt else "0"
        out.append(
            f'<tr><td>{_e(t.name)}</td><td class="num">{t.planned}</td>'
            f'<td class="num">{t.done}</td><td class="num">{t.skipped}</td>'
            f'<td class="num">{t.partial}</td><td class="num">{hurt}</td></tr>'
        )
    out.append("</tbody></table>")
    out.append(
        '<p class="meta">Counts are of exercise segments (each hold, set or walking block); '
        'a hurt mark is the patient pressing "this hurts" during the exercise.</p>'
    )
    out.append("</section>")
    return out


def _notes(data: ReportData) -> list[str]:
    noted = data.noted
    out = ['<section id="notes"><h2>The patient\'s notes</h2>']
    if not noted:
        out.append("<p>No notes in this period.</p>")
    else:
        out.append(
            "<table><thead><tr><th>When</th><th>Routine</th><th>Note</th></tr></thead><tbody>"
        )
        for s in noted:
            when = _local(data, s.started_at).strftime("%Y-%m-%d %H:%M")
            out.append(
                f"<tr><td>{_e(when)}</td><td>{_e(s.routine.title)}</td>"
                f'<td class="note">{_e(s.notes)}</td></tr>'
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _sessions(data: ReportData) -> Iterator[str]:
    """The table of every session, a row at a time (read from the store as it is written)."""
    yield '<section id="sessions"><h2>Sessions</h2>'
    if not data.totals.sessions:
        yield "<p>No sessions in this period.</p>"
    else:
        yield (
            '<table><thead><tr><th>When</th><th>Routine</th><th class="num">Length</th>'
            '<th>Status</th><th class="num">Pain before</th><th class="num">after</th>'
            '<th class="num">Effort</th><th class="num">Done</th><th class="num">Skipped</th>'
            '<th class="num">Hurt</th><th class="num">Work done</th><th>Counts</th>'
            "</tr></thead><tbody>"
        )
        for s in data.sessions:
            yield _session_row(data, s)
        yield "</tbody></table>"
    yield "</section>"


def _session_row(data: ReportData, s: SessionSummary) -> str:
    """One session: when, what, how long, how it ended, the ratings and counts."""
    when = _local(data, s.started_at).strftime("%Y-%m-%d %H:%M")
    duration = s.duration
    length = clock_text(None if duration is None else duration.total_seconds())
    status = s.status.value if s.status is not None else "unfinished"
    change = pain_trend(s.pain_before, s.pain_after)
    # A change of 2 or more either way is coloured.
    after_class = f" {change.value}" if change in (PainTrend.WORSE, PainTrend.IMPROVED) else ""
    # The arrow says which way without the colour (the same 2-point rule as the count).
    arrow = pain_arrow(s.pain_before, s.pain_after)
    after = f"{_rating(s.pain_after)} {arrow}" if arrow else _rating(s.pain_after)
    hurt = _hurt_text(s.tally.hurt, data.hurt.get(s.id, ()))
    return (
        f'<tr><td class="when">{_e(when)}</td><td>{_e_repeated(s.routine.title)}</td>'
        f'<td class="num">{_e_repeated(length)}</td>'
        f'<td class="status-{_e_repeated(status)}">{_e_repeated(status_words(s))}</td>'
        f'<td class="num">{_e_repeated(_rating(s.pain_before))}</td>'
        f'<td class="num{after_class}">{_e_repeated(after)}</td>'
        f'<td class="num">{_e_repeated(_rating(s.effort))}</td>'
        f'<td class="num">{s.tally.done}</td><td class="num">{s.tally.skipped}</td>'
        f'<td class="num">{hurt}</td>{_credit_cells(s)}</tr>'
    )


def _credit_cells(s: SessionSummary) -> str:
    """The share of the planned exercise time done, and whether the session counts."""
    share = "" if s.done_share is None else f"{whole_percent(s.done_share)}%"
    counts = "" if s.status is None else ("yes" if s.credited else "no")
    return (
        f'<td class="num">{_e_repeated(share)}</td>'
        f'<td class="counts-{_e_repeated(counts)}">{_e_repeated(counts)}</td>'
    )


def _hurt_text(marks: int, rated: Sequence[HurtRating]) -> str:
    """The "this hurts" marks, with the pain rated then: "2 (pain 7, 5)"."""
    if not marks and not rated:
        return ""
    pains = f" (pain {', '.join(str(r.pain) for r in rated)})" if rated else ""
    return f'<span class="hurt">{marks}{_e(pains)}</span>'


# --------------------------------------------------------------------------- appendix


def _appendix(appendix: ReportAppendix | None) -> list[str]:
    """Each routine's pictures (inline, as ``data:`` URIs) and the programme's cards."""
    if appendix is None or appendix.empty:
        return []
    out = ['<section id="appendix"><h2>Appendix</h2>']
    if appendix.routines:
        out.append("<h3>Exercise pictures</h3>")
        out.append(
            '<p class="meta">The pictures the routine files name, as the patient sees them '
            "beside the instructions.</p>"
        )
        for routine in appendix.routines:
            out += _routine_pictures(routine)
    if appendix.cards:
        out.append(f"<h3>Education cards: {_e(appendix.programme_title)}</h3>")
        for card in appendix.cards:
            out.append(f'<div class="card keep"><h4>{_e(card.title)}</h4>')
            when = card_when(card)
            out.append(f'<p class="meta">{_e(when[:1].upper() + when[1:])}.</p>')
            out += [
                f"<p>{_e(' '.join(paragraph.split()))}</p>"
                for paragraph in card.text.split("\n\n")
                if paragraph.strip()
            ]
            out.append("</div>")
    out.append("</section>")
    return out


def _routine_pictures(routine: RoutinePictures) -> list[str]:
    out = [f"<h4>{_e(routine.title)}</h4>", '<div class="pictures">']
    for item in routine.pictures:
        if item.picture is None:
            why = _e(item.problem)
            out.append(f'<p class="meta">{_e(item.step)}: no picture shown ({why}).</p>')
            continue
        # Base64 holds only letters, digits, "+", "/" and "=": nothing to escape.
        encoded = base64.b64encode(item.picture.data).decode("ascii")
        out.append(
            f'<figure class="picture keep"><img src="data:{item.picture.media_type};base64,'
            f'{encoded}" alt="{_e(item.alt)}" width="{item.picture.width}" '
            f'height="{item.picture.height}"><figcaption><b>{_e(item.step)}</b>: '
            f"{_e(item.alt)}</figcaption></figure>"
        )
    out.append("</div>")
    return out


def _footer(data: ReportData) -> list[str]:
    generated = _local(data, data.generated_at)
    return [
        f"<footer><p>{_e(REPORT_DISCLAIMER)}</p><p>Made by supple {_e(data.app_version)} "
        f"from the patient's own history file on {_e(generated.strftime('%Y-%m-%d %H:%M'))}. "
        "supple coaches and records; it does not diagnose or change a dose.</p></footer>"
    ]
