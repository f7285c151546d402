"""The history's record of a real-speed session against its clock, for ``bench_session.py``.

Runs ``supple run fixtures/short-real.toml`` (12 s, sound on through the ALSA
file plugin) at normal speed in tmux, through ``instrumented_app.py``, paused
once with the space key; answers nothing after it (Escape on each question),
then reads the session from that run's history.  Per run it prints the
recorded span (``ended_at - started_at``) against the plan plus the paused
time the app measured, and how far ``started_at`` is from the moment the
session's clock started (target: the span within 20 ms of plan + pauses).
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

from harness import FIXTURES, TmuxServer, private_env, python, sound_env

from tui.core.history import HistoryStore
from tui.core.routine.loader import load_routine
from tui.core.session.timeline import compile_timeline

SHORT = FIXTURES / "short-real.toml"
SPAN_TARGET_MS = 20.0
ROOT = Path(__file__).resolve().parent.parent


def one_span(server: TmuxServer) -> tuple[float, float]:
    """One run: (span - (plan + paused), started_at - clock start), in seconds."""
    scratch = server.fresh_dir()
    out = scratch / "timings.json"
    argv = [python(), str(ROOT / "benchmarks" / "instrumented_app.py"), str(out), "run", str(SHORT)]
    pane = server.start(argv, private_env(scratch, **sound_env(scratch)))
    try:
        if pane.wait_for("stop rules") is None:
            raise SystemExit(f"the stop rules never showed:\n{pane.text()}")
        pane.send("Enter")
        if pane.wait_for("Wall sit") is None:
            raise SystemExit(f"the session never showed:\n{pane.text()}")
        time.sleep(4.0)
        pane.send("Space")
        time.sleep(1.5)
        pane.send("Space")
        deadline = time.monotonic() + 30
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if not out.exists():
            raise SystemExit(f"the session did not finish:\n{pane.text()}")
        db = scratch / "data" / "history.sqlite3"
        for _ in range(3):  # pain after, effort, note: each skipped
            time.sleep(0.8)
            pane.send("Escape")
        started, ended = _recorded(db, deadline=time.monotonic() + 15)
    finally:
        pane.kill()
    data = json.loads(out.read_text())
    stamps = [wall for wall, _ in data["pauses"]]
    paused = sum(b - a for a, b in zip(stamps[0::2], stamps[1::2], strict=False))
    plan = sum(s.seconds or 0.0 for s in compile_timeline(load_routine(SHORT)))
    span = (ended - started).total_seconds()
    return span - (plan + paused), started.timestamp() - data["start_wall"]


def _recorded(db: Path, *, deadline: float) -> tuple[datetime, datetime]:
    """The one session's started_at and ended_at, once it is saved with its end."""
    while time.monotonic() < deadline:
        if db.exists():
            with HistoryStore.open(db, read_only=True) as store:
                rows = store.sessions(include_preview=True)
            if rows and rows[0].ended_at is not None:
                return rows[0].started_at, rows[0].ended_at
        time.sleep(0.2)
    raise SystemExit("the session was never saved with its end")


def report_spans(server: TmuxServer, runs: int = 3) -> None:
    """Run ``runs`` real-speed sessions and print each recorded span against its clock."""
    print(f"span: supple run short-real.toml at normal speed in tmux, paused once, {runs} runs")
    worst = 0.0
    for number in range(runs):
        off, start = one_span(server)
        worst = max(worst, abs(off))
        print(
            f"  run {number + 1}: recorded span - (plan + pauses) {off * 1000:+.1f} ms; "
            f"started_at - the clock's start {start * 1000:+.1f} ms"
        )
    verdict = "met" if worst * 1000 <= SPAN_TARGET_MS else "MISSED"
    print(
        f"    -> {verdict}: worst |span - (plan + pauses)| {worst * 1000:.1f} ms "
        f"(target {SPAN_TARGET_MS:.0f} ms)"
    )
