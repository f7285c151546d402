"""The session list's order by every column, sorted by SQLite, is the order Python sorted.

The reference below is the in-memory sort the list used before SQLite sorted
it (values missing last, the rest by the column's value, ties newest first),
kept here as the oracle: on a history with every awkward value, each column
and direction reads the same sessions in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta

import pytest

from tests.support.history_factory import T0, begin, finished_session, record
from tests.support.planned_history import NOW, build_history
from tui.app.screens.history_query import (
    _DESCENDING,
    COLUMN_KEYS,
    HistoryContext,
    ListQuery,
    SessionPager,
    read_page,
)
from tui.core.exports.cells import status_words
from tui.core.history import HistoryStore, SessionSummary
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind


def _reference_value(key: str, s: SessionSummary) -> object | None:
    if key == "when":
        return s.started_at
    if key == "routine":
        return s.routine.title.casefold()
    if key == "length":
        d = s.duration
        return None if d is None else d.total_seconds()
    if key == "status":
        return status_words(s)
    if key == "pain":
        return s.pain_change
    if key == "effort":
        return s.effort
    if key == "hurt":
        return s.tally.hurt
    raise KeyError(key)


def reference_sort(rows: list[SessionSummary], key: str, reverse: bool) -> list[SessionSummary]:
    """The list's order as it was sorted in memory."""
    descending = _DESCENDING[key] != reverse
    newest = sorted(rows, key=lambda s: (s.started_at, s.id), reverse=True)
    known = [s for s in newest if _reference_value(key, s) is not None]
    missing = [s for s in newest if _reference_value(key, s) is None]
    known.sort(key=lambda s: _reference_value(key, s), reverse=descending)  # type: ignore[arg-type,return-value]
    return known + missing


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HistoryContext]:
    path = build_history(tmp_path_factory.mktemp("sort") / "history.sqlite3")
    with HistoryStore.open(path) as store:
        # What the planned history lacks: titles that fold beyond ASCII, a session
        # still running, one not started, lengths a microsecond apart, a rest hurt.
        finished_session(store, title="Straße", started_at=T0)
        finished_session(store, title="STRASSE", started_at=T0 + timedelta(hours=1))
        finished_session(store, title="Étirements", started_at=T0 + timedelta(hours=2))
        begin(store, title="Running", started_at=T0 + timedelta(hours=3), pain_before=2)
        finished_session(
            store, started_at=T0 + timedelta(hours=4), status=SessionStatus.NOT_TODAY, segments=0
        )
        sid = begin(store, started_at=T0 + timedelta(days=1, microseconds=1))
        store.add_segment(sid, record(0, kind=SegmentKind.REST, hurt=True))
        store.add_segment(sid, record(1, hurt=True))
        store.finish_session(
            sid, SessionStatus.PARTIAL, ended_at=T0 + timedelta(days=1, minutes=10)
        )
        yield HistoryContext(store, tz=UTC, now=lambda: NOW)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("key", COLUMN_KEYS)
def test_sqlite_sorts_every_column_as_python_did(
    ctx: HistoryContext, key: str, reverse: bool
) -> None:
    everything = ctx.store.sessions(include_preview=True)
    expected = [s.id for s in reference_sort(everything, key, reverse)]
    pager = SessionPager(ctx, ListQuery(sort=key, reverse=reverse, include_preview=True))
    got: list[str] = []
    while not pager.exhausted:
        got.extend(s.id for s in read_page(pager, 7).rows)  # pages of 7: the offsets meet
    assert got == expected


def test_a_sorted_page_has_the_tallies_of_the_whole_list(ctx: HistoryContext) -> None:
    page = read_page(SessionPager(ctx, ListQuery(sort="hurt", include_preview=True)), 3)
    by_id = {s.id: s for s in ctx.store.sessions(include_preview=True)}
    assert [s.tally for s in page.rows] == [by_id[s.id].tally for s in page.rows]
    assert page.rows[0].tally.hurt == 2
