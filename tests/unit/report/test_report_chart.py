"""The report's pain chart (tui.core.report.chart): pygal's SVG made fit to inline and print."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest

from tui.core.progress import ChartPainPoint
from tui.core.report.chart import CHART_ID, pain_chart_svg
from tui.core.report.gather import ReportData

SVG = "{http://www.w3.org/2000/svg}"


def report(first: date, last: date, pain: list[ChartPainPoint]) -> ReportData:
    return ReportData(
        first_day=first,
        last_day=last,
        generated_at=datetime(2025, 3, 12, 18, tzinfo=UTC),
        tz=UTC,
        sessions=(),
        routines=(),
        pain=tuple(pain),
        exercises=(),
        app_version="9.9",
    )


def three_weeks() -> ReportData:
    first = date(2025, 2, 20)
    pain = [
        ChartPainPoint(datetime(2025, 2, 20, 8, tzinfo=UTC) + timedelta(days=d), 7 - d // 4, 3)
        for d in range(21)
    ]
    return report(first, first + timedelta(days=20), pain)


@pytest.fixture(scope="module")
def svg() -> str:
    chart = pain_chart_svg(three_weeks())
    assert chart is not None
    return chart


def test_the_chart_is_one_svg_element_with_nothing_that_reaches_out(svg: str) -> None:
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert "<script" not in svg and "href" not in svg
    assert "kozea" not in svg.lower()  # the CDN pygal takes its tooltip script from
    assert "<!--" not in svg  # pygal's comments carry the day the file was made


def test_the_chart_has_a_name_and_a_description_for_screen_readers(svg: str) -> None:
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{CHART_ID}-title {CHART_ID}-desc"
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert title.text == "Pain before and after each session, 20 Feb 2025 to 12 Mar 2025"
    assert desc.text is not None
    assert "21 ratings before, average 4.9, from 2 to 7" in desc.text
    assert "21 ratings after, average 3.0, all 3" in desc.text
    assert "moderate pain 4 to 6, severe pain 7 to 10" in desc.text
    # pygal's tooltip texts are gone: no script would show them.
    assert len(root.findall(f".//{SVG}desc")) == 1


def test_the_chart_shows_both_ratings_the_average_and_the_bands(svg: str) -> None:
    root = ET.fromstring(svg)
    legend = [t.text for t in root.iterfind(f".//{SVG}g[@class='legends']//{SVG}text")]
    assert legend == ["before", "after", "7-day average", "moderate (4-6)", "severe (7-10)"]
    overlay = root.find(f".//{SVG}g[@class='plot overlay']")
    assert overlay is not None
    dots = [len(g.findall(f".//{SVG}circle")) for g in overlay]
    assert dots[:2] == [21, 21]
    # The bands sit just above the plot's background, behind the grid and the axes;
    # the average is drawn last, above the points.
    plot = root.find(f".//{SVG}g[@class='plot']")
    assert plot is not None
    assert overlay[-1].get("class") == "series serie-2 color-2"
    assert overlay[-1].find(f"{SVG}path") is not None
    kinds = [g.get("class") for g in plot][:4]
    assert kinds == [
        "background",
        "series serie-3 color-3",
        "series serie-4 color-4",
        "axis y always_show",
    ]


def test_the_same_data_gives_the_same_chart(svg: str) -> None:
    assert pain_chart_svg(three_weeks()) == svg
    assert f'id="chart-{CHART_ID}"' in svg


def test_no_ratings_no_chart() -> None:
    first = date(2025, 3, 1)
    unrated = [ChartPainPoint(datetime(2025, 3, 1, 9, tzinfo=UTC), None, None)]
    assert pain_chart_svg(report(first, first, unrated)) is None
    assert pain_chart_svg(report(first, first, [])) is None


def x_labels(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    axis = root.find(f".//{SVG}g[@class='axis x']")
    assert axis is not None
    return [t.text or "" for t in axis.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("days", "first_labels"),
    [
        (1, ["Sat 01"]),
        (7, ["Sat 01", "Sun 02", "Mon 03"]),
        (30, ["03 Mar", "10 Mar", "17 Mar"]),
        (365, ["Mar 2025", "May 2025", "Jul 2025"]),
        (3650, ["2026", "2028", "2030"]),
    ],
)
def test_dates_on_the_axis_suit_the_length_of_the_period(
    days: int, first_labels: list[str]
) -> None:
    first = date(2025, 3, 1)
    pain = [
        ChartPainPoint(datetime(2025, 3, 1, 9, tzinfo=UTC) + timedelta(days=d), 5, 4)
        for d in range(0, days, max(1, days // 300))
    ]
    chart = pain_chart_svg(report(first, first + timedelta(days=days - 1), pain))
    assert chart is not None
    labels = x_labels(chart)
    assert labels[: len(first_labels)] == first_labels
    assert len(labels) <= 10


def test_a_long_history_is_drawn_as_averages_and_stays_small() -> None:
    first = date(2015, 1, 1)
    pain = [
        ChartPainPoint(datetime(2015, 1, 1, 8, tzinfo=UTC) + timedelta(hours=12 * i), 4 + i % 3, 2)
        for i in range(7300)  # ten years, twice a day
    ]
    chart = pain_chart_svg(report(first, date(2024, 12, 31), pain))
    assert chart is not None
    assert "before (average)" in chart and "after (average)" in chart
    assert "Points are averages over" in chart
    assert len(chart) < 150_000
    assert re.search(r"<desc[^>]*>[^<]*7300 ratings before", chart)
