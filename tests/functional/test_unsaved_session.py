"""A session that can be written nowhere is never called saved: it is shown as JSON, exit 1."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.plain_script import FakeTime, ScriptedLines, routine
from tui.core.history import HistoryStore, HistoryUnavailable
from tui.core.history.backup import parse_history_batch
from tui.core.history.recorder import SessionRecorder
from tui.core.history.session_log import RecorderLog
from tui.core.routine.model import Step, StepKind
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus
from tui.plain.guide import PlainResult, PlainSession

#: A folder nobody can write into, root included (tests in CI run as root).
UNWRITABLE = Path("/proc")


def the_json(out: str) -> object:
    """The backup document printed in ``out`` (from its first line to its last)."""
    lines = out.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith('{"format":'))
    last = lines.index("]}", first)
    return json.loads("\n".join(lines[first : last + 1]))


def import_printed(
    out: str, db: Path, status: SessionStatus = SessionStatus.COMPLETED
) -> tuple[int, int]:
    with HistoryStore.open(db) as store:
        result = store.import_batch(parse_history_batch(the_json(out)))
        [session] = store.sessions_with_segments(include_preview=True)
    assert session.status is status
    return result.added, len(session.segments)


def play(log: RecorderLog, script: list[str | float]) -> tuple[str, PlainResult]:
    time = FakeTime()
    out = io.StringIO()
    result = PlainSession(
        routine=log.routine,
        runner=SessionRunner(log.routine, clock=time, history=log),
        lines=ScriptedLines(time, list(script)),
        out=out,
        log=log,
        sleep=time.sleep,
    ).run()
    return out.getvalue(), result


def test_plain_mode_says_it_was_not_saved_and_prints_the_session(tmp_path: Path) -> None:
    def broken() -> HistoryStore:
        raise HistoryUnavailable("can't create the history at /nowhere: read-only file system")

    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),))
    nowhere = (UNWRITABLE / "supple-backups", UNWRITABLE)
    log = RecorderLog(SessionRecorder(broken), r, preview=False, backup_dirs=nowhere)
    out, result = play(log, ["4", "", "", "note"])
    assert log.backup_file is None
    assert "The session could not be saved" in out
    assert "Saved to your history" not in out and "kept in memory" not in out
    assert result.exit_code == 1
    assert import_printed(out, tmp_path / "h.sqlite3") == (1, 2)


def test_supple_run_with_nothing_writable_exits_1_and_prints_the_session(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.toml"
    tiny.write_text(
        '[routine]\nversion = 1\ntitle = "Tiny"\nget_ready = 0\nask_pain_before = false\n\n'
        '[[step]]\nkind = "hold"\nname = "Hold"\nhold = "2s"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "HOME": str(UNWRITABLE),
        "SUPPLE_DATA_DIR": str(UNWRITABLE / "supple-data"),
        "SUPPLE_CONFIG_DIR": str(UNWRITABLE / "supple-config"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tui", "run", str(tiny), "--plain", "--speed", "1000"],
        cwd=UNWRITABLE,
        env=env,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "The session could not be saved" in done.stdout
    assert "Traceback" not in done.stderr
    assert import_printed(done.stdout, tmp_path / "h.sqlite3") == (1, 1)


async def test_the_app_says_so_on_its_summary_and_keeps_the_copy_for_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support import paths
    from tests.support.fake_clock import FakeClock
    from tui.app.main import report_unsaved
    from tui.app.screens.summary import SummaryScreen
    from tui.app.supple_app import SuppleApp
    from tui.core.config import Settings
    from tui.core.routine.loader import load_routine
    from tui.core.routine.model import Routine

    def broken() -> HistoryStore:
        raise HistoryUnavailable("the disk is full")

    def failing_log(routine: Routine, preview: bool) -> RecorderLog:
        return RecorderLog(
            SessionRecorder(broken), routine, preview=preview, backup_dirs=(UNWRITABLE,)
        )

    app = SuppleApp(
        load_routine(paths.FIXTURES / "short-routine.toml"),
        clock=FakeClock(),
        sound=False,
        settings=Settings(),
        log_factory=failing_log,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # no pain before
        await pilot.pause()
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("escape", "escape", "enter")
        for _ in range(10):
            await pilot.pause()
            if isinstance(app.screen, SummaryScreen):
                break
        assert isinstance(app.screen, SummaryScreen)
        saved = str(app.screen.query_one("#summary-saved").render())
        assert "The session could not be saved" in saved and "Saved to" not in saved
        await pilot.press("q")
        await pilot.pause()
    [(problem, copy)] = app.unsaved
    assert copy is not None and "could not be saved" in problem
    assert report_unsaved(app.unsaved) == 1
    printed = capsys.readouterr()
    assert "could not be saved" in printed.err
    assert import_printed(printed.out, tmp_path / "h.sqlite3", SessionStatus.PARTIAL) == (1, 1)
