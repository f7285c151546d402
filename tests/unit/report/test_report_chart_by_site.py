"""The report's pain chart with leg and back pain as two lines, and its words."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

from tui.core.progress import SITE_LINE_LABELS, ChartPainPoint, pain_chart_series
from tui.core.report.chart import pain_chart_svg
from tui.core.report.gather import ReportData

SVG = "{http://www.w3.org/2000/svg}"
FIRST = date(2025, 2, 20)


def report(pain: list[ChartPainPoint]) -> ReportData:
    return ReportData(
        first_day=FIRST,
        last_day=FIRST + timedelta(days=13),
        generated_at=datetime(2025, 3, 12, 18, tzinfo=UTC),
        tz=UTC,
        sessions=(),
        routines=(),
        pain=tuple(pain),
        exercises=(),
        app_version="9.9",
    )


def by_site(days: int = 14) -> list[ChartPainPoint]:
    start = datetime(2025, 2, 20, 8, tzinfo=UTC)
    return [
        ChartPainPoint(
            start + timedelta(days=d), max(7 - d // 3, 2 + d % 2), 3, 7 - d // 3, 2 + d % 2
        )
        for d in range(days)
    ]


def description(svg: str) -> str:
    root = ET.fromstring(svg)
    text = root[1].text
    assert text is not None
    return text


def test_two_lines_by_site_are_drawn_and_named_in_the_legend() -> None:
    svg = pain_chart_svg(report(by_site()))
    assert svg is not None
    legends = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text in SITE_LINE_LABELS]
    assert legends == list(SITE_LINE_LABELS) == ["leg pain before", "back pain before"]


def test_the_text_alternative_gives_the_lines_and_the_legend() -> None:
    svg = pain_chart_svg(report(by_site()))
    assert svg is not None
    words = description(svg)
    assert "leg pain before: 14 points from 3 to 7, last 3" in words
    assert "back pain before: 14 points from 2 to 3, last 3" in words
    assert "Legend: before (rings), after (dots)" in words
    assert "leg pain before (long dashes), back pain before (short dashes)." in words


def test_without_ratings_by_site_there_are_no_site_lines() -> None:
    start = datetime(2025, 2, 20, 8, tzinfo=UTC)
    svg = pain_chart_svg(report([ChartPainPoint(start, 4, 3)]))
    assert svg is not None
    assert "leg pain before" not in svg
    assert "Legend: before (rings)" in description(svg)


def test_a_long_history_averages_the_sites_in_buckets_too() -> None:
    series = pain_chart_series(by_site(), UTC, FIRST, max_points=7)
    assert series.bucket_days == 2
    assert len(series.leg) == len(series.back) == 7
    assert series.leg[0] == (1.0, 7.0)
    assert series.back[0] == (1.0, 2.5)
