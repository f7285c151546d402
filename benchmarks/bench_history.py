"""Benchmark the history store on ten years of sessions (about 11,000).

    python benchmarks/bench_history.py [--years 10] [--repeat 5] [--keep PATH]
    python benchmarks/bench_history.py --exports [--sizes 10000,100000] [--db-dir DIR]

Fills a fresh database (see ``tests/support/big_history.py``), then times opening the
store, the summary queries the history screens need, CSV and JSON export and
a JSON import into an empty database.  Each figure is the median of
``--repeat`` runs.  ``--keep PATH`` saves the filled database for reuse (the
history screens' benchmark reads it).  Targets: summaries < 100 ms, exports
< 1 s, import < 3 s.

``--exports`` instead runs ``supple history --format csv|json|fhir`` (both
Bundles) and ``supple report`` as the command line does, each in its own
process, on histories of ``--sizes`` sessions (filled 10,000 at a time, kept
in ``--db-dir`` for the next run when given), and prints each one's wall time
and peak RSS against the targets for 100,000 sessions: under 3 s and 150 MB.
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import harness  # (also puts the repository root on sys.path for tests.support)

from tests.support.big_history import fill_history, generate_sessions
from tui.core.exports import FHIR_BUNDLES, FORMATS
from tui.core.history import HistoryStore, SessionFilter
from tui.core.history.backup import load_history_batch, write_store_json

SUMMARY = 0.100
EXPORT = 1.0
IMPORT = 3.0
#: Targets of a whole-history export or report at 100,000 sessions (issue 13).
STREAMED_SECONDS = 3.0
STREAMED_RSS_MB = 150.0


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, seconds: float, target: float | None) -> None:
    verdict = "" if target is None else ("ok" if seconds < target else "OVER TARGET")
    limit = "" if target is None else f"< {target * 1000:,.0f} ms"
    print(f"{name:<44} {seconds * 1000:>9.1f} ms  {limit:<12} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, metavar="PATH", help="save the filled database")
    parser.add_argument("--exports", action="store_true", help="time the exports and the report")
    parser.add_argument("--sizes", default="10000,100000", help="with --exports: sessions")
    parser.add_argument("--db-dir", type=Path, help="with --exports: keep the filled files here")
    args = parser.parse_args()
    if args.exports:
        return bench_exports([int(n) for n in args.sizes.split(",")], args.db_dir)

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite3"
        start = time.perf_counter()
        count = fill_history(db, years=args.years)
        fill = time.perf_counter() - start
        size = db.stat().st_size / 1e6
        print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
        print(f"Filled {count:,} sessions ({count * 15:,} segments, {size:.1f} MB) in {fill:.1f} s")
        print()

        report("open the store", timed(lambda: HistoryStore.open(db).close(), args.repeat), None)
        report(
            "open the store read-only",
            timed(lambda: HistoryStore.open(db, read_only=True).close(), args.repeat),
            None,
        )
        with HistoryStore.open(db, read_only=True) as store:
            newest = store.sessions(limit=1)[0].id
            latest = store.sessions(limit=1)[0].started_at
            recent = latest - timedelta(days=90)
            queries: list[tuple[str, Callable[[], object]]] = [
                ("sessions per day (all ten years)", lambda: store.sessions_per_day()),
                ("sessions per day (last 90 days)", lambda: store.sessions_per_day(recent)),
                ("pain over time (all)", lambda: store.pain_series()),
                ("pain over time (last 90 days)", lambda: store.pain_series(recent)),
                ("per-exercise counts (all)", lambda: store.exercise_counts()),
                ("per-exercise counts (last 90 days)", lambda: store.exercise_counts(recent)),
                ("session list, newest 50", lambda: store.sessions(limit=50)),
                (
                    "session list, page 100 (50 per page)",
                    lambda: store.sessions(limit=50, offset=4950),
                ),
                (
                    "one session with its segments",
                    lambda: store.session(newest),
                ),
                ("unfinished sessions (start-up check)", lambda: store.unfinished_sessions()),
            ]
            for name, query in queries:
                report(name, timed(query, args.repeat), SUMMARY)
            print()

            time_exports(store, args.repeat)

            backup = Path(folder) / "backup.json"
            with backup.open("w", encoding="utf-8") as out:
                write_store_json(store, out, include_preview=True)

        def import_json() -> None:
            target = Path(folder) / "imported.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            with HistoryStore.open(target) as fresh:
                fresh.import_batch(load_history_batch(backup))

        print()
        report("JSON import into an empty database", timed(import_json, args.repeat), IMPORT)

        if args.keep is not None:
            shutil.copyfile(db, args.keep)
            print(f"\nKept the filled database at {args.keep}")
    return 0


def time_exports(store: HistoryStore, repeat: int) -> None:
    """The exports' writers in this process, as ``supple history --format`` calls them."""
    everything = SessionFilter(include_preview=True)
    writers = {
        "CSV export (all sessions)": FORMATS["csv"].write,
        "JSON export (all sessions and segments)": FORMATS["json"].write,
        "FHIR export (collection, all sessions)": FHIR_BUNDLES["collection"].write,
    }
    for name, write in writers.items():
        seconds = timed(lambda w=write: w(store, everything, io.StringIO()), repeat)
        report(name, seconds, EXPORT)


# --------------------------------------------------------------------------- exports at scale


def fill_sessions(db: Path, sessions: int) -> None:
    """A history of at least ``sessions`` generated sessions, imported 10,000 at a time."""
    years = math.ceil(sessions / (365 * 3))
    generated = generate_sessions(years=years)
    with HistoryStore.open(db) as store:
        while batch := list(itertools.islice(generated, 10_000)):
            store.import_sessions(batch)


#: Runs supple's command line, then writes the process's peak RSS (kB) to stderr.  Read
#: from /proc (VmHWM): getrusage's peak would count the benchmark's own memory, which a
#: child inherits when it is forked.
_MEASURED = (
    "import sys\n"
    "from tui.cli import main\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "finally:\n"
    "    peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
    "    sys.stderr.write(f'\\npeak-rss-kb {peak.split()[1]}\\n')\n"
    "raise SystemExit(code)\n"
)


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``supple ARGV``, its output thrown away."""
    start = time.perf_counter()
    done = subprocess.run(
        [harness.python(), "-c", _MEASURED, *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"supple {' '.join(argv)} failed: {done.stderr}")
    return seconds, int(done.stderr.split()[-1]) / 1024


def bench_exports(sizes: list[int], db_dir: Path | None) -> int:
    """Time and peak RSS of every export and of the report, as the command line runs them."""
    versions = f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    print(f"{versions}, {os.cpu_count()} cores")
    missed = 0
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "config").mkdir()
        (root / "config" / "config.toml").write_text('clinic_patient_id = "BENCH-1"\n')
        env = {**os.environ, **harness.private_env(root)}
        for size in sizes:
            db = (db_dir or root) / f"history-{size}.sqlite3"
            if not db.exists():
                start = time.perf_counter()
                fill_sessions(db, size)
                print(f"\nFilled {db} in {time.perf_counter() - start:.1f} s")
            with HistoryStore.open(db, read_only=True) as store:
                count = store.count_sessions()
            print(f"\n{count:,} sessions ({db.stat().st_size / 1e6:.0f} MB)")
            history = ["history", "--db", str(db), "--include-previews"]
            runs = {
                "CSV export": [*history, "--format", "csv"],
                "JSON export (the backup)": [*history, "--format", "json"],
                "FHIR export (transaction)": [*history, "--format", "fhir"],
                "FHIR export (collection)": [
                    *history,
                    "--format",
                    "fhir",
                    "--bundle",
                    "collection",
                ],
                "report": [
                    "report",
                    "--db",
                    str(db),
                    "--out",
                    str(root / "r.html"),
                ],
            }
            for name, argv in runs.items():
                seconds, rss = run_measured(argv, env)
                load = os.getloadavg()[0]
                verdict = ""
                if count >= 100_000:
                    met = seconds < STREAMED_SECONDS and rss < STREAMED_RSS_MB
                    missed += not met
                    verdict = "ok" if met else "OVER TARGET"
                print(
                    f"{name:<30} {seconds:>8.2f} s {rss:>8.1f} MB peak RSS"
                    f"  (load {load:.1f})  {verdict}"
                )
    print(f"\nTargets at 100,000 sessions: < {STREAMED_SECONDS:.0f} s, < {STREAMED_RSS_MB:.0f} MB")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
