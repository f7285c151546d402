"""The clinic report: pain by site and the next-morning answer, when a routine asks by site."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path

from tests.support.history_factory import T0, by_site_session, finished_session
from tui.core.history import HistoryStore
from tui.core.report import gather_report, render_report


def report(path: Path) -> str:
    with HistoryStore.open(path) as store:
        data = gather_report(
            store,
            since=date(2024, 3, 1),
            until=date(2024, 3, 7),
            now=T0 + timedelta(days=7),
            tz=UTC,
            app_version="9.9",
        )
        return render_report(data)  # the sessions are read from the open store


def test_the_report_lists_each_site_and_the_next_morning(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        by_site_session(store)
    page = report(path)
    assert '<section id="by-site"' in page
    assert "leg 6 -&gt; -, back 3 -&gt; 4" in page
    assert '<td class="worse">worse than before the session</td>' in page
    assert "long and short dashes" in page  # the chart's caption names the two lines


def test_without_sites_or_a_next_day_check_the_section_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        finished_session(store)
    page = report(path)
    assert 'id="by-site"' not in page
    assert "long and short dashes" not in page
