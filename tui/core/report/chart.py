"""The report's pain chart, drawn by pygal as an ``<svg>`` element to put inside the page.

pygal is pure Python and writes SVG directly.  Its charts are made for the
web, so a few of its habits are undone here (see :func:`_for_the_page`): the
script it adds for tooltips (and the one it would fetch from a CDN), the
comments that date the file, the tooltip texts, and its random chart id.  The
report must open offline, print, and give the same file for the same data.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pygal
from pygal.style import Style
from pygal.view import Box

from tui.core.progress import (
    SITE_LINE_LABELS,
    PainChartSeries,
    pain_chart_series,
    site_lines_words,
)
from tui.core.report.gather import ReportData

#: The chart's id in the page: pygal scopes its style sheet to it.  One chart
#: per page, so a fixed id (instead of pygal's random one) keeps the file the
#: same for the same data.
CHART_ID = "pain"

#: The drawing's own units; the page scales it to its width.
_WIDTH, _HEIGHT = 720, 300

#: Up to this many points of a series get full-size marks.
_ROOMY = 120

#: The pain axis, a little wider than the scale so a 0 or a 10 is not cut in half.
_PAIN_RANGE = (-0.3, 10.3)

#: NRS bands shaded behind the ratings: (legend, lowest, highest).  Mild (0-3)
#: is the plain background; the severe band reaches the top of the plot.
BANDS = (("moderate (4-6)", 3.5, 6.5), ("severe (7-10)", 6.5, None))

# The series in the order they are added (pygal's .serie-N classes and legend
# order): the ratings and the average first, then the bands, which
# _restack puts behind the grid.
_BEFORE, _AFTER, _AVERAGE = 0, 1, 2
_FIRST_BAND = 3
#: Pain by site, after the bands (only when some session was rated by site): leg, back.
_FIRST_SITE = _FIRST_BAND + len(BANDS)

# Colours that stay apart in grey print and for red-green colour blindness; the
# two ratings also differ in shape (before: rings, after: dots).
# The lines by site also differ in dashes (leg long, back short).
_COLOURS = ("#0b4f9c", "#b3261e", "#1b1b1b", "#ebebeb", "#d2d2d2", "#8a4b00", "#00695c")
_INK = "#1b1b1b"
_FONT = '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif'


def pain_chart_svg(data: ReportData, *, max_points: int = 400) -> str | None:
    """The pain chart as an inline ``<svg>`` element (``None``: no ratings in the period).

    Long periods are averaged into buckets of days (see
    :func:`~tui.core.progress.pain_chart_series`) so the file stays small.
    """
    series = pain_chart_series(data.pain, data.tz, data.first_day, max_points=max_points)
    if series.empty:
        return None
    days = max((data.last_day - data.first_day).days + 1, 1)
    chart = pygal.XY(
        width=_WIDTH,
        height=_HEIGHT,
        style=_style(),
        css=["file://style.css", "file://graph.css", "inline:" + _extra_css()],
        # No script at all: pygal's default fetches its tooltip script from a CDN.
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=_FIRST_SITE + (len(SITE_LINE_LABELS) if series.by_site else 0),
        legend_box_size=12,
        truncate_legend=-1,
        truncate_label=-1,
        xrange=(-0.5, days + 0.5),
        range=_PAIN_RANGE,
        y_labels=list(range(0, 11)),
        x_labels=[{"label": text, "value": x} for x, text in _date_ticks(data)],
        y_title="Pain (0-10 NRS)",
        show_x_guides=False,
        print_values=False,
        margin=8,
    )
    chart.uuid = CHART_ID
    averaged = " (average)" if series.bucket_days else ""
    # Smaller marks when there are many, so they do not merge into a band of colour.
    ring = 4.2 if max(len(series.before), len(series.after)) <= _ROOMY else 2.8
    chart.add("before" + averaged, list(series.before), stroke=False, dots_size=ring)
    chart.add("after" + averaged, list(series.after), stroke=False, dots_size=ring - 1)
    chart.add("7-day average", list(series.average), show_dots=False)
    for title, corners in _band_outlines(days):
        chart.add(title, corners, fill=True, show_dots=False)
    if series.by_site:
        for label, line in zip(SITE_LINE_LABELS, (series.leg, series.back), strict=True):
            chart.add(label + averaged, list(line), dots_size=2.4)
    chart.add_xml_filter(_for_the_page(_chart_title(data), _chart_description(data, series)))
    svg: str = chart.render()
    return svg


def _band_outlines(days: int) -> list[tuple[str, list[tuple[float, float]]]]:
    """Each band as a closed rectangle across the whole plot, for a filled series.

    pygal fills a series down to the axis along its own path, so a path that
    goes once round the band fills just the band.  pygal pads the plot by a
    fraction of each range (``Box.margin``): the bands reach its edges.
    """
    x_pad = Box.margin * (days + 1)
    left, right = -0.5 - x_pad, days + 0.5 + x_pad
    bottom, top = _PAIN_RANGE
    top += Box.margin * (top - bottom)
    out = []
    for title, low, high in BANDS:
        high = top if high is None else high
        out.append((title, [(left, low), (right, low), (right, high), (left, high), (left, low)]))
    return out


def _style() -> Any:
    """Black on white, the page's font, solid fills (print has no hover)."""
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground=_INK,
        foreground_strong=_INK,
        foreground_subtle="#6b6b6b",
        font_family=_FONT,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=12,
        title_font_size=13,
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        stroke_width="1.5",
        stroke_width_hover="1.5",
        guide_stroke_color="#8a8a8a",
        guide_stroke_dasharray="2,3",
        major_guide_stroke_color="#8a8a8a",
        major_guide_stroke_dasharray="2,3",
        transition="none",
        colors=_COLOURS,
    )


def _extra_css() -> str:
    """What pygal's style cannot say: hollow rings for "before", a bold average, flat bands."""
    chart = f"#chart-{CHART_ID}"
    bands = ", ".join(
        f"{chart} .serie-{i} .line" for i in range(_FIRST_BAND, _FIRST_BAND + len(BANDS))
    )
    return (
        f"{bands} {{ stroke: none; }}\n"
        f"{chart} .serie-{_AVERAGE} .line {{ stroke-width: 2.6px; stroke-linejoin: round; }}\n"
        f"{chart} .serie-{_BEFORE} .dot {{ fill: #ffffff; stroke-width: 1.8px; }}\n"
        f"{chart} .legends .color-{_BEFORE} {{ fill: #ffffff; stroke: {_COLOURS[_BEFORE]}; "
        "stroke-width: 2px; }\n"
        f"{chart} .axis text {{ fill: {_INK}; }}\n"
        f"{chart} .serie-{_FIRST_SITE} .line {{ stroke-dasharray: 7,3; stroke-width: 2px; }}\n"
        f"{chart} .serie-{_FIRST_SITE + 1} .line {{ stroke-dasharray: 2,2; stroke-width: 2px; }}\n"
    )


def _date_ticks(data: ReportData) -> list[tuple[float, str]]:
    """About eight dated ticks across the period: days, Mondays, months or years."""
    first, last = data.first_day, data.last_day
    span = (last - first).days + 1
    if span <= 10:
        days = [first + timedelta(days=n) for n in range(span)]
        return [((d - first).days, d.strftime("%a %d")) for d in days]
    if span <= 150:
        weeks = 1 if span <= 70 else 2
        monday = first + timedelta(days=-first.weekday() % 7)
        mondays = []
        while monday <= last:
            mondays.append(monday)
            monday += timedelta(weeks=weeks)
        return [((d - first).days, d.strftime("%d %b")) for d in mondays]
    months = _month_starts(first, last)
    step = -(-len(months) // 8)
    if step >= 12:
        years = [d for d in months if d.month == 1]
        step = -(-len(years) // 8)
        return [((d - first).days, str(d.year)) for d in years[::step]]
    return [((d - first).days, d.strftime("%b %Y")) for d in months[::step]]


def _month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from ``first`` to ``last``."""
    day = first.replace(day=1)
    out = []
    while day <= last:
        if day >= first:
            out.append(day)
        day += timedelta(days=calendar.monthrange(day.year, day.month)[1])
    return out


def _chart_title(data: ReportData) -> str:
    """The chart's name for a screen reader."""
    return (
        f"Pain before and after each session, {data.first_day:%d %b %Y} to {data.last_day:%d %b %Y}"
    )


def _chart_description(data: ReportData, series: PainChartSeries) -> str:
    """The chart in words, for a screen reader (the text alternative to the picture)."""
    befores = [p.before for p in data.pain if p.before is not None]
    afters = [p.after for p in data.pain if p.after is not None]

    def summary(values: list[int], when: str) -> str:
        if not values:
            return f"no ratings {when}"
        low, high = min(values), max(values)
        spread = f"all {low}" if low == high else f"from {low} to {high}"
        mean = sum(values) / len(values)
        return (
            f"{len(values)} rating{'s' if len(values) != 1 else ''} {when}, "
            f"average {mean:.1f}, {spread}"
        )

    ratings = f"{summary(befores, 'before')}; {summary(afters, 'after')}"
    words = [f"Pain on the 0 to 10 scale: {ratings}."]
    if series.average:
        words.append(
            f"The 7-day average went from {series.average[0][1]:.1f} "
            f"to {series.average[-1][1]:.1f}."
        )
    if series.bucket_days:
        words.append(f"Points are averages over {series.bucket_days} days.")
    words.append("Shaded bands: moderate pain 4 to 6, severe pain 7 to 10.")
    by_site = site_lines_words(series)
    if by_site:
        words.append(by_site)
    words.append(_legend_words(series))
    return " ".join(words)


def _legend_words(series: PainChartSeries) -> str:
    """The legend as the picture shows it, in words (each series' name and its mark)."""
    names = [
        "before (rings)",
        "after (dots)",
        "7-day average (solid line)",
        "moderate and severe bands (shaded)",
    ]
    if series.by_site:
        leg, back = SITE_LINE_LABELS
        names += [f"{leg} (long dashes)", f"{back} (short dashes)"]
    return f"Legend: {', '.join(names)}."


def _for_the_page(title: str, description: str) -> Callable[[Any], Any]:
    """An xml filter (pygal's post-processing hook) that makes the chart fit to inline."""

    def tidy(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                if _unwanted(child):
                    parent.remove(child)
        heading = next((c for c in root if _local_name(c.tag) == "title"), None)
        if heading is None:
            heading = root.makeelement("title", {})
        else:
            root.remove(heading)
        heading.text = title
        heading.set("id", f"{CHART_ID}-title")
        desc = root.makeelement("desc", {"id": f"{CHART_ID}-desc"})
        desc.text = description
        # The name and description first: where assistive software looks for them.
        root.insert(0, desc)
        root.insert(0, heading)
        root.set("role", "img")
        root.set("aria-labelledby", f"{CHART_ID}-title {CHART_ID}-desc")
        _restack(root)
        return root

    return tidy


def _restack(root: Any) -> None:
    """Bands behind the grid and axes, the average line above the points.

    pygal stacks by kind (axes, then every series' lines, then every series'
    points); the chart reads better with the bands at the back and the
    average, its main message, on top.
    """
    plot = _group(root, "plot")
    overlay = _group(root, "plot overlay")
    if plot is None or overlay is None:
        return
    bands = {f"serie-{i}" for i in range(_FIRST_BAND, _FIRST_BAND + len(BANDS))}
    for position, group in enumerate([g for g in plot if _classes(g) & bands], start=1):
        plot.remove(group)
        plot.insert(position, group)  # 0 is the plot's background
    for group in [g for g in plot if f"serie-{_AVERAGE}" in _classes(g)]:
        plot.remove(group)
        overlay.append(group)


def _group(root: Any, classes: str) -> Any:
    return next((g for g in root.iter() if g.get("class") == classes), None)


def _classes(node: Any) -> set[str]:
    return set((node.get("class") or "").split())


def _unwanted(node: Any) -> bool:
    """Scripts, comments (they date the file) and the tooltips' texts (no script shows them)."""
    if not isinstance(node.tag, str):  # a comment or processing instruction
        return True
    name = _local_name(node.tag)
    return name == "script" or (name == "desc" and node.get("class") is not None)


def _local_name(tag: str) -> str:
    """A tag without its namespace (pygal uses lxml's names when lxml is installed)."""
    return tag.rsplit("}", 1)[-1]
