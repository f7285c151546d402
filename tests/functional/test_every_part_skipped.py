"""The every-part-skipped session (issue 10, "Done when"): stored with its done share,
credited nowhere, and never called complete or praised.

``supple run walking-intervals --plain`` with every part skipped, as a real process;
then the same session in the app under Pilot (its summary), the home screen's count of
today, the progress figures and the clinic report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.support import paths
from tests.support.app_drive import answer_after, start
from tests.support.fake_clock import FakeClock
from tui.app.screens.home import HomeScreen
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.supple_app import SuppleApp
from tui.app.widgets.routine_preview import RoutinePreview
from tui.core import locations
from tui.core.config import Settings
from tui.core.history import HistoryStore
from tui.core.progress_reading import routine_progress, routines_in_history
from tui.core.report import gather_report, render_report
from tui.core.routine.loader import load_routine
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import compile_timeline

ROUTINE = "walking-intervals"
TITLE = "Walking intervals"


def walking_timeline_length() -> int:
    return len(compile_timeline(load_routine(locations.bundled_routines_dir() / f"{ROUTINE}.toml")))


@pytest.fixture(autouse=True)
def no_flash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The silent-output flash uses a real timer; keep it out of these tests."""
    monkeypatch.setattr(SessionScreen, "flash", lambda self: None)


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    """The plain run, every part skipped: its output lines and its history file."""
    root = tmp_path_factory.mktemp("skipped")
    db = root / "history.sqlite3"
    # Pain 3 before; a skip for each part (rests too); pain 4 after, no effort, no note.
    # (After "3", Enter confirms the stop rules.)
    script = "3\n\n" + "skip\n" * walking_timeline_length() + "4\n\n\n"
    # Module-scoped, so before the per-test private folders: the process gets its own.
    env = dict(os.environ, SUPPLE_AUDIO="off")
    for name in ("SUPPLE_DATA_DIR", "SUPPLE_CONFIG_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(root / name.lower())
    run = subprocess.run(
        [sys.executable, "-m", "tui", "run", ROUTINE, "--plain", "--db", str(db)],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=paths.REPO,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines(), db


def test_the_plain_summary_says_neither_complete_nor_well_done(
    plain_run: tuple[list[str], Path],
) -> None:
    lines, _ = plain_run
    summary = lines[lines.index("Summary") :]
    assert summary[1] == "Mostly skipped: this session does not count toward your plan."
    assert "Done: 0 of 9 exercise parts." in summary
    assert "That is 0% of the planned exercise time." in summary
    assert not any("complete" in line.lower() or "well done" in line.lower() for line in lines)


def test_it_is_stored_with_its_done_share_and_not_credited(
    plain_run: tuple[list[str], Path],
) -> None:
    _, db = plain_run
    with HistoryStore.open(db, read_only=True) as store:
        (session,) = store.sessions()
    assert session.status is SessionStatus.COMPLETED  # it reached the end of the routine
    assert (session.done_share, session.credited) == (0.0, False)
    assert (session.tally.done, session.tally.skipped) == (0, 9)


def test_progress_and_the_report_do_not_credit_it(plain_run: tuple[list[str], Path]) -> None:
    _, db = plain_run
    with HistoryStore.open(db, read_only=True) as store:
        (session,) = store.sessions()
        today = session.started_at.astimezone(UTC).date()
        (info,) = routines_in_history(store)
        progress = routine_progress(store, info, today=today, tz=UTC)
        data = gather_report(store, since=None, until=today, now=datetime.now(UTC), tz=UTC)
        page = render_report(data)  # the sessions' table is read from the open store
    assert progress.counts == {}
    assert progress.last7.percent is None  # nothing credited yet: nothing to measure
    assert progress.last30_count.describe() == "0 of 1 session counted (1 with too little done)"
    assert "0 of 1 session counted (1 with too little done)." in page
    assert "Sessions that count<b>0</b>" in page
    assert '<td class="num">0%</td><td class="counts-no">no</td>' in page


async def test_the_home_screen_does_not_count_it_today(plain_run: tuple[list[str], Path]) -> None:
    _, db = plain_run
    app = SuppleApp(
        None, clock=FakeClock(), today=date.today, sound=False, db=db, settings=Settings()
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await screen.loaded.wait()
        await pilot.pause()
        options = screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        options.highlighted = next(i for i, p in enumerate(prompts) if TITLE in p)
        await pilot.pause()
        text = str(screen.query_one(RoutinePreview).render())
    assert "Today: 0 of 1 sessions done (not counted: 1 with too little done)" in text


async def test_the_app_summary_says_mostly_skipped(tmp_path: Path) -> None:
    routine = load_routine(locations.bundled_routines_dir() / f"{ROUTINE}.toml")
    clock = FakeClock()
    db = tmp_path / "history.sqlite3"
    app = SuppleApp(routine, clock=clock, today=date.today, sound=False, db=db, settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "3")
        while screen.runner.status is None:
            await pilot.press("s")
        await answer_after(pilot, "4", None, None)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        heading = str(summary.query_one("#summary-heading").render())
        values = " ".join(str(w.render()) for w in summary.query(".summary-value"))
        assert heading == "Mostly skipped: this session does not count toward your plan."
        assert "0% of the planned exercise time" in values
        assert summary.has_class("-partial")  # shown as a warning, not a success
        assert "complete" not in heading.lower() and "well done" not in heading.lower()
    with HistoryStore.open(db, read_only=True) as store:
        (session,) = store.sessions()
    assert (session.done_share, session.credited) == (0.0, False)
