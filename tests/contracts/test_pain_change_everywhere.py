"""Pain change is one rule everywhere: better or worse at 2 points or more, nothing else.

Over every pair 0..10 x 0..10, the history list's cell, the clinic report (its
count and each session's row) and the plain summary all say what the 2-point
rule says, with an arrow or a word (never colour alone).
"""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC, date, timedelta

import pytest
from rich.style import Style

from tests.support.planned_history import NOW, STRETCHES, Planned, build_history
from tui.app.theme import pain_cell
from tui.core.history import HistoryStore
from tui.core.report import gather_report, render_report
from tui.core.report.gather import ReportData
from tui.core.session.ratings import PAIN_PAIR_WIDTH
from tui.core.session.status import SessionStatus
from tui.plain.closing_summary import summary_lines

PAIRS = [(before, after) for before in range(11) for after in range(11)]
GOOD = Style(color="green")
BAD = Style(color="red")


def rule(before: int, after: int) -> str:
    """What the 2-point rule says, written out here on purpose (not imported)."""
    if after - before >= 2:
        return "worse"
    if before - after >= 2:
        return "better"
    return "same"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportData, str]:
    start = NOW - timedelta(days=2)
    sessions = [
        Planned(STRETCHES, start + timedelta(minutes=5 * i), before, after)
        for i, (before, after) in enumerate(PAIRS)
    ]
    path = build_history(tmp_path_factory.mktemp("pairs") / "history.sqlite3", sessions)
    with HistoryStore.open(path, read_only=True) as store:
        data = gather_report(
            store, since=date(2025, 3, 1), until=NOW.date(), now=NOW, tz=UTC, app_version="9.9"
        )
        # The report reads its sessions from the open store: held here for the tests.
        data = dataclasses.replace(data, sessions=tuple(data.sessions))
    return data, render_report(data)


def test_the_list_cell_follows_the_rule_and_is_never_cut(
    report: tuple[ReportData, str],
) -> None:
    data, _page = report
    assert len(data.sessions) == len(PAIRS)
    for s in data.sessions:
        assert s.pain_before is not None and s.pain_after is not None
        cell = pain_cell(s, GOOD, BAD)
        expected = rule(s.pain_before, s.pain_after)
        arrow = {"worse": "\u25b2", "better": "\u25bc", "same": ""}[expected]
        shown = f"{s.pain_before} -> {s.pain_after}"
        assert cell.plain == (f"{shown} {arrow}" if arrow else shown)
        assert cell.cell_len <= PAIN_PAIR_WIDTH  # the column is this wide: nothing is cut
        styles = {span.style for span in cell.spans}
        assert (BAD in styles) is (expected == "worse")
        assert (GOOD in styles) is (expected == "better")


def test_the_report_counts_and_marks_by_the_rule(report: tuple[ReportData, str]) -> None:
    _data, page = report
    worse = sum(1 for before, after in PAIRS if rule(before, after) == "worse")
    assert worse == 45
    figure = re.search(r"Pain 2\+ points worse after<b>(\d+)</b>", page)
    assert figure is not None and int(figure.group(1)) == worse
    rows = re.findall(
        r'<td class="status-[a-z]+">[a-z]+</td><td class="num">(\d+)</td>'
        r'<td class="num( worse| improved)?">([^<]*)</td>',
        page,
    )
    assert len(rows) == len(PAIRS)
    for before_text, css, after_text in rows:
        after_text = html.unescape(after_text)
        before, after = int(before_text), int(after_text.split()[0])
        expected = rule(before, after)
        assert css == {"worse": " worse", "better": " improved", "same": ""}[expected]
        arrow = {"worse": " \u25b2", "better": " \u25bc", "same": ""}[expected]
        assert after_text == f"{after}{arrow}"


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_the_plain_summary_says_it_in_words(before: int, after: int) -> None:
    lines = summary_lines(
        [],
        status=SessionStatus.COMPLETED,
        pain_before=before,
        pain_after=after,
        effort=None,
        preview=False,
        speed=1.0,
    )
    (line,) = [line for line in lines if line.startswith("Pain before")]
    expected = rule(before, after)
    assert ("(worse)" in line) is (expected == "worse")
    assert ("(better)" in line) is (expected == "better")
    if expected == "same":
        assert line.endswith("(about the same).") or line.endswith("no change.")


def test_the_history_list_column_is_as_wide_as_the_widest_cell() -> None:
    from tui.app.screens.history_query import COLUMNS

    (width,) = [width for key, _header, width in COLUMNS if key == "pain"]
    assert width == PAIN_PAIR_WIDTH == len("10 -> 8 \u25bc")
