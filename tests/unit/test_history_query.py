"""What the history screens read and in which order (tui.app.screens.history_query): no Textual.

The module is what the screens' workers call; here it is called directly on a
store built with the store's own API, with "now" frozen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from tests.support.planned_history import NOW, STRETCHES, WALKING, Planned, build_history
from tui.app.screens.history_query import (
    HistoryContext,
    ListQuery,
    SessionPager,
    open_for_browsing,
    order_words,
    read_page,
    read_period,
)
from tui.core.exports.cells import status_words
from tui.core.history import HistoryStore, SessionSummary


@pytest.fixture(scope="module")
def template_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("template") / "history.sqlite3")


@pytest.fixture
def ctx(template_history: Path, tmp_path: Path) -> Iterator[HistoryContext]:
    target = tmp_path / "history.sqlite3"
    shutil.copyfile(template_history, target)
    with HistoryStore.open(target, read_only=True) as store:
        yield HistoryContext(store, tz=UTC, now=lambda: NOW)


def test_the_module_imports_no_textual_nor_rich() -> None:
    code = (
        "import sys, tui.app.screens.history_query\n"
        "assert not {'textual', 'rich'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_order_in_words_follows_the_column_and_its_reversal() -> None:
    assert order_words(ListQuery()) == "newest first"
    assert order_words(ListQuery(reverse=True)) == "oldest first"
    assert order_words(ListQuery(sort="pain")) == "by pain change, most worse first"
    assert order_words(ListQuery(sort="routine")) == "by routine, A to Z"


def test_a_query_is_filtered_by_any_filter_but_not_by_its_order() -> None:
    assert not ListQuery(sort="hurt", reverse=True).filtered
    assert ListQuery(include_preview=True).filtered
    assert ListQuery(sort="hurt", routine=WALKING).filters == ListQuery(routine=WALKING)


def sorted_rows(ctx: HistoryContext, sort: str, reverse: bool) -> list[SessionSummary]:
    query = ListQuery(sort=sort, reverse=reverse, include_preview=True)
    return list(read_page(SessionPager(ctx, query), 10_000).rows)


def test_sorting_puts_missing_values_last_and_ties_newest_first(ctx: HistoryContext) -> None:
    by_effort = sorted_rows(ctx, "effort", reverse=False)
    efforts = [s.effort for s in by_effort]
    known = [e for e in efforts if e is not None]
    assert efforts == known + [None] * (len(efforts) - len(known))
    assert known == sorted(known, reverse=True)
    # Every session but the abandoned one has effort 3: ties keep newest first.
    threes = [s.started_at for s in by_effort if s.effort == 3]
    assert threes == sorted(threes, reverse=True)
    assert [s for s in sorted_rows(ctx, "effort", reverse=True) if s.effort is None]


def test_status_words(ctx: HistoryContext) -> None:
    words = {status_words(s) for s in ctx.store.sessions(include_preview=True)}
    assert words == {"completed", "partial", "abandoned"}


def test_pages_come_from_the_store_until_it_is_exhausted(ctx: HistoryContext) -> None:
    pager = SessionPager(ctx, ListQuery())
    total = ctx.store.count_sessions() - 1  # the preview is hidden
    first = read_page(pager, 40)
    assert len(first.rows) == 40
    assert not pager.exhausted
    rest = read_page(pager, 1000)
    assert len(first.rows) + len(rest.rows) == total and pager.exhausted
    whens = [s.started_at for s in first.rows + rest.rows]
    assert whens == sorted(whens, reverse=True)


def test_a_routine_filter_is_exact_although_the_store_matches_a_part(
    tmp_path: Path,
) -> None:
    sessions = [
        Planned("Walk", NOW - timedelta(hours=2), 3, 2),
        Planned("Walking intervals", NOW - timedelta(hours=1), 3, 2),
    ]
    with HistoryStore.open(build_history(tmp_path / "h.sqlite3", sessions)) as store:
        ctx = HistoryContext(store, tz=UTC, now=lambda: NOW)
        page = read_page(SessionPager(ctx, ListQuery(routine="Walk")), 10)
    assert [s.routine.title for s in page.rows] == ["Walk"]


def test_another_order_pages_from_the_store_sorted_by_sqlite(ctx: HistoryContext) -> None:
    pager = SessionPager(ctx, ListQuery(sort="routine", routine=STRETCHES))
    page = read_page(pager, 5)
    assert len(page.rows) == 5 and not pager.exhausted
    rest = read_page(pager, 1000)
    assert pager.exhausted
    rows = page.rows + rest.rows
    assert {s.routine.title for s in rows} == {STRETCHES}
    assert len({s.id for s in rows}) == len(rows) == len(ctx.store.sessions(routine=STRETCHES))


def test_a_period_longer_than_the_history_starts_at_its_first_rating(
    ctx: HistoryContext,
) -> None:
    first = ctx.store.sessions(limit=1, oldest_first=True)[0].started_at.date()
    period = read_period(ctx, 365)
    assert period.start == first and period.end == NOW.date()
    assert read_period(ctx, None).start == first
    week = read_period(ctx, 7)
    assert week.start == NOW.date() - timedelta(days=6)
    assert all(p.at.date() >= week.start for p in week.points)
    assert {t.name for t in week.tallies} == {
        "Hamstring stretch",
        "Knee-to-chest",
        "Piriformis stretch",
    }


def test_a_file_that_cannot_be_read_gives_an_empty_history_and_why(tmp_path: Path) -> None:
    store, error = open_for_browsing(tmp_path / "nope.sqlite3", read_only=True)
    with store:
        assert error is not None and "no history file" in error
        assert store.count_sessions() == 0
    assert not (tmp_path / "nope.sqlite3").exists()
