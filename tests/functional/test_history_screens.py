"""Pilot tests of the history screens: navigation, filters, sorting, read-only mode.

Every test builds its history with the store's own API into a temporary file
and freezes "now", so what the screens show never depends on the real clock.
"""

from __future__ import annotations

import os
from datetime import UTC, timedelta
from pathlib import Path

from tests.support.pilot_wait import settle
from tests.support.planned_history import (
    NOW,
    STRETCHES,
    WALKING,
    Planned,
    build_history,
    planned_history,
)
from tui.app.history_app import HistoryApp
from tui.app.screens.history_list import HistoryScreen
from tui.app.screens.history_query import HistoryContext, open_store
from tui.app.screens.progress_screen import ProgressScreen
from tui.app.screens.session_detail import SessionDetailScreen
from tui.app.widgets.session_table import SessionTable
from tui.core.history import HistoryStore


def make_app(store: HistoryStore, *, read_only: bool = False) -> HistoryApp:
    return HistoryApp(store, read_only=read_only, tz=UTC, now=lambda: NOW)


def table_rows(app: HistoryApp) -> list[list[str]]:
    table = app.screen.query_one(SessionTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def status_line(app: HistoryApp) -> str:
    return str(app.screen.query_one("#history-status").render())


# --------------------------------------------------------------------------- the list


async def test_list_is_newest_first_without_previews(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        rows = table_rows(app)
        whens = [r[0] for r in rows]
        assert whens == sorted(whens, reverse=True)
        assert not any("[preview]" in r[1] for r in rows)
        expected = sum(1 for p in planned_history() if not p.preview)
        assert len(rows) == expected
        assert status_line(app).startswith(f"{expected} sessions, newest first")
        # Local time (UTC here) and the pain change.
        partial = next(r for r in rows if r[3] == "partial")
        assert partial[0] == "2025-03-11 20:00"
        assert partial[4].startswith("3 -> 6")
        assert partial[6] == "2"


async def test_previews_toggle_with_a_key(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(table_rows(app))
        await pilot.press("v")
        await settle(pilot)
        rows = table_rows(app)
        assert len(rows) == before + 1
        assert any(r[1].startswith("[preview]") for r in rows)
        await pilot.press("v")
        await settle(pilot)
        assert len(table_rows(app)) == before


async def test_filter_by_routine(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from textual.widgets import Select

        select = app.screen.query_one("#routine-filter", Select)
        select.value = WALKING
        await settle(pilot)
        rows = table_rows(app)
        assert rows and all(r[1] == WALKING for r in rows)
        select.clear()
        await settle(pilot)
        assert {r[1] for r in table_rows(app)} == {WALKING, STRETCHES}


async def test_filter_by_date_range_typed_with_keys(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#since")
        await pilot.press(*"2025-03-10")
        await pilot.click("#until")
        await pilot.press(*"2025-03-11", "enter")
        await settle(pilot)
        days = {r[0][:10] for r in table_rows(app)}
        assert days == {"2025-03-10", "2025-03-11"}
        assert isinstance(app.focused, SessionTable)


async def test_an_unfinished_date_is_marked_and_ignored(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        count = len(table_rows(app))
        await pilot.click("#since")
        await pilot.press(*"2025-13")
        await settle(pilot)
        assert app.screen.query_one("#since").has_class("-invalid")
        assert len(table_rows(app)) == count


async def test_no_match_says_so(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#since")
        await pilot.press(*"2030-01-01")
        await settle(pilot)
        note = app.screen.query_one("#history-empty")
        assert note.display
        assert "No sessions match" in str(note.render())


async def test_sort_by_key_and_reverse(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # by routine, A to Z
        await settle(pilot)
        titles = [r[1] for r in table_rows(app)]
        assert titles == sorted(titles)
        assert "by routine, A to Z" in status_line(app)
        await pilot.press("o")
        await settle(pilot)
        titles = [r[1] for r in table_rows(app)]
        assert titles == sorted(titles, reverse=True)


async def test_click_on_a_header_sorts_by_that_column(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SessionTable)
        # x of the "Hurt" header: the widths of the columns before it.
        x = sum(c.get_render_width(table) for c in table.ordered_columns[:6]) + 1
        await pilot.click(SessionTable, offset=(x, 0))
        await settle(pilot)
        assert "most hurt marks first" in status_line(app)
        assert table_rows(app)[0][6] == "2"
        await pilot.click(SessionTable, offset=(x, 0))
        await settle(pilot)
        assert "fewest hurt marks first" in status_line(app)


async def test_long_history_loads_page_by_page(tmp_path: Path) -> None:
    start = NOW - timedelta(days=300)
    sessions = [Planned(STRETCHES, start + timedelta(hours=12 * i), 4, 3) for i in range(520)]
    path = build_history(tmp_path / "long.sqlite3", sessions)
    with HistoryStore.open(path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(SessionTable)
            assert table.row_count == 100
            assert status_line(app).startswith("100+ sessions")
            for _ in range(4):
                await pilot.press("end")
                await settle(pilot)
            assert table.row_count == 520
            assert status_line(app).startswith("520 sessions")
            whens = [r[0] for r in table_rows(app)]
            assert whens == sorted(whens, reverse=True)


# --------------------------------------------------------------------------- detail


async def test_enter_opens_the_detail_and_escape_comes_back(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        segments = app.screen.query_one("#segments")
        assert segments.row_count == 6  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_detail_shows_ratings_note_hurt_marks_and_disclaimer(
    store: HistoryStore,
) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#since")
        await pilot.press(*"2025-03-11")
        await settle(pilot)
        rows = table_rows(app)
        index = next(i for i, r in enumerate(rows) if r[3] == "partial")
        table = app.screen.query_one(SessionTable)
        table.focus()
        table.move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionDetailScreen)
        summary = str(screen.query_one("#detail-summary").render())
        assert "3 (mild)" in summary and "6 (moderate)" in summary
        assert "3 points higher" in summary
        assert "Hurt marks 2" in summary
        note = str(screen.query_one("#detail-note").render())
        assert 'Left leg <b>tingled</b> & "burned"' in note
        disclaimer = str(screen.query_one(".disclaimer").render())
        assert "does not assess you" in disclaimer
        seg_table = screen.query_one("#segments")
        cells = [[str(c) for c in seg_table.get_row_at(i)] for i in range(6)]  # type: ignore[attr-defined]
        assert [c[5] for c in cells[:2]] == ["skipped", "skipped"]
        assert [c[6] for c in cells[-2:]] == ["✱ hurt", "✱ hurt"]
        assert cells[0][3:5] == ["0:30", "0:02"]


async def test_a_mouse_click_on_a_row_opens_its_detail(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        second = table_rows(app)[2]
        # The header is line 0, then rows 0, 1, 2.  One click highlights, the next opens.
        await pilot.click(SessionTable, offset=(3, 3))
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one(SessionTable).cursor_row == 2
        await pilot.click(SessionTable, offset=(3, 3))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionDetailScreen)
        assert screen.session is not None
        assert screen.session.started_at.strftime("%Y-%m-%d %H:%M") == second[0]


# --------------------------------------------------------------------------- progress


async def test_progress_opens_with_a_key_and_cycles_routines(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        title = str(screen.query_one("#progress-title").render())
        assert STRETCHES in title and "2 a day, every day" in title
        stats = str(screen.query_one("#progress-stats").render())
        assert "Last 7 days" in stats and "Last 30 days" in stats
        await pilot.press("r")
        await settle(pilot)
        title = str(screen.query_one("#progress-title").render())
        assert WALKING in title and "1 a day, 5 days a week" in title
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_progress_figures_match_the_data(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        progress = screen.progress
        assert progress is not None
        # Stretches: twice a day, but once on days 1, 4, 7, ... (day % 3 == 1);
        # previews and the partial session do not count.  Today is day 20 (both
        # done), yesterday day 19 (once): the streak is today alone.
        assert progress.counts[NOW.date()] == 2
        assert progress.streak.days == 1
        # Last 7 days (days 14-20): days 16 and 19 had one session: 12 of 14 -> 86 % (85.7,
        # rounded half up).
        assert progress.last7.credit == 12
        assert progress.last7.percent == 86


async def test_a_lapsed_routine_shows_zero_not_nothing(history_path: Path) -> None:
    with HistoryStore.open(history_path, read_only=True) as store:
        later = NOW + timedelta(days=200)
        app = HistoryApp(store, tz=UTC, now=lambda: later)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ProgressScreen)
            assert screen.progress is not None
            assert screen.progress.last7.percent == 0
            assert screen.progress.last30.percent == 0
            assert screen.progress.streak.days == 0


async def test_chart_range_keys(store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        table = screen.query_one("#exercises")
        assert table.border_title == "Exercises, last 90 days"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert table.border_title == "Exercises, last 30 days"
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert table.border_title == "Exercises, all time"
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert set(names) == {"Hamstring stretch", "Knee-to-chest", "Piriformis stretch"}


# --------------------------------------------------------------------------- edge cases


async def test_empty_history(tmp_path: Path) -> None:
    path = build_history(tmp_path / "empty.sqlite3", [])
    with HistoryStore.open(path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            note = app.screen.query_one("#history-empty")
            assert note.display
            assert "No sessions yet" in str(note.render())
            await pilot.press("enter", "s", "o")
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, ProgressScreen)
            assert "no sessions yet" in str(app.screen.query_one("#progress-title").render())


async def test_one_session(tmp_path: Path) -> None:
    one = [Planned(STRETCHES, NOW - timedelta(hours=2), 5, 3)]
    path = build_history(tmp_path / "one.sqlite3", one)
    with HistoryStore.open(path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert len(table_rows(app)) == 1
            assert status_line(app).startswith("1 session,")
            await pilot.press("p")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ProgressScreen)
            assert screen.progress is not None
            assert screen.progress.last7.percent == 50  # 1 of 2 today


async def test_titles_are_shown_as_text_not_markup(tmp_path: Path) -> None:
    odd = "[bold]Mine[/ & [link=x]"
    path = build_history(tmp_path / "odd.sqlite3", [Planned(odd, NOW - timedelta(hours=1), 2, 2)])
    with HistoryStore.open(path, read_only=True) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert table_rows(app)[0][1] == odd
            await pilot.press("p")
            await settle(pilot)
            assert odd in str(app.screen.query_one("#progress-title").render())


async def test_run_again_dismisses_with_the_routine_path(store: HistoryStore) -> None:
    ctx = HistoryContext(store, tz=UTC, now=lambda: NOW)
    results: list[str | None] = []
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(HistoryScreen(context=ctx), callback=results.append)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
    assert results and results[0] is not None
    assert results[0].endswith(".toml")


async def test_a_missing_file_is_reported_not_crashed(tmp_path: Path) -> None:
    app = make_app(HistoryStore.open(tmp_path / "unused.sqlite3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = HistoryScreen(db=tmp_path / "nope.sqlite3", read_only=True)
        await app.push_screen(screen)
        await settle(pilot)
        assert screen.error is not None
        assert "no history file" in str(screen.query_one("#history-empty").render())
    assert not (tmp_path / "nope.sqlite3").exists()


# --------------------------------------------------------------------------- read-only


def _fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    return (
        path.read_bytes(),
        os.stat(path).st_mtime_ns,
        sorted(p.name for p in path.parent.iterdir()),
    )


async def test_read_only_browsing_leaves_the_file_untouched(history_path: Path) -> None:
    before = _fingerprint(history_path)
    store = open_store(history_path, read_only=True)
    with store:
        app = make_app(store, read_only=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "read-only" in str(app.screen.query_one("#history-title").render())
            await pilot.press("v", "s", "s", "o")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("w", "escape", "p")
            await settle(pilot)
            await pilot.press("r", "right_square_bracket", "right_square_bracket")
            await settle(pilot)
            await pilot.press("escape", "a")  # "run again" does nothing read-only
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
    assert _fingerprint(history_path) == before


async def test_history_screen_opened_from_a_path_read_only(history_path: Path) -> None:
    before = _fingerprint(history_path)
    host = make_app(HistoryStore.open(history_path.parent / "other.sqlite3"))
    async with host.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = HistoryScreen(db=history_path, read_only=True)
        await host.push_screen(screen)
        await settle(pilot)
        assert screen.query_one(SessionTable).row_count > 0
        await pilot.press("escape")
        await settle(pilot)
    assert _fingerprint(history_path)[:2] == before[:2]
    assert not Path(f"{history_path}-wal").exists()
    assert not Path(f"{history_path}-shm").exists()
