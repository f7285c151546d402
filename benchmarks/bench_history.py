"""Benchmark the history store on ten years of sessions (about 11,000).

    python benchmarks/bench_history.py [--years 10] [--repeat 5] [--keep PATH]
    python benchmarks/bench_history.py --exports [--sizes 10000,100000] [--db-dir DIR]

Fills a fresh database (see ``tests/support/big_history.py``), then times opening the
store, the summary queries the history screens need, CSV and JSON export and
a JSON import into an empty database; then imports generated backups of
``--import-sizes`` sessions (10,000 and 100,000) each in a fresh process, printing
time, CPU time and peak RSS, and how time grows with size.  Each figure is the median of
``--repeat`` runs.  ``--keep PATH`` saves the filled database for reuse (the
history screens' benchmark reads it).  Targets: summaries < 100 ms, exports
< 1 s, import < 3 s; at 100,000 sessions import < 10 s and peak RSS < 150 MB.

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

from tests.support.big_history import fill_history, generate_sessions, write_backup
from tui.core.exports import FHIR_BUNDLES, FORMATS
from tui.core.history import HistoryStore, SessionFilter
from tui.core.history.backup import read_history_entries, write_store_json

SUMMARY = 0.100
EXPORT = 1.0
IMPORT = 3.0
#: Targets of a whole-history export or report at 100,000 sessions (issue 13).
STREAMED_SECONDS = 3.0
STREAMED_RSS_MB = 150.0
IMPORT_100K = 10.0
PEAK_MB = 150.0


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


# --------------------------------------------------------------------------- import


def timed_import(backup: Path, folder: str, repeat: int) -> float:
    """Median seconds of ``supple history import``'s work (read, check, merge) into a new file."""

    def import_json() -> None:
        target = Path(folder) / "imported.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with HistoryStore.open(target) as fresh:
            fresh.import_entries(read_history_entries(backup))

    return timed(import_json, repeat)


#: Run in a fresh interpreter, so that its peak memory is the import's alone.
_IMPORT_CHILD = """
import sys, time
from pathlib import Path
from tui.core.history import HistoryStore
from tui.core.history.backup import read_history_entries
start, cpu = time.perf_counter(), time.process_time()
with HistoryStore.open(Path(sys.argv[2])) as store:
    store.import_entries(read_history_entries(Path(sys.argv[1])))
# VmHWM, not ru_maxrss: Linux carries the forking parent's peak into ru_maxrss across exec.
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(time.perf_counter() - start, time.process_time() - cpu, peak.split()[1])
"""


def import_at_scale(folder: Path, sizes: list[int]) -> None:
    """Import generated backups of ``sizes`` sessions, each in a fresh process.

    Prints wall and CPU seconds and the process's peak RSS for each, and how
    time grows against the first size: linear is a ratio equal to the sizes'.
    """
    if not sizes:
        return
    print(f"Import at scale (load average {os.getloadavg()[0]:.1f}; targets < {IMPORT_100K:.0f} s")
    print(f"and < {PEAK_MB:.0f} MB peak at 100,000 sessions)")
    first: tuple[int, float] | None = None
    for size in sizes:
        backup = folder / f"backup-{size}.json"
        megabytes = write_backup(backup, count=size) / 1e6
        target = folder / f"imported-{size}.sqlite3"
        done = subprocess.run(
            [harness.python(), "-c", _IMPORT_CHILD, str(backup), str(target)],
            capture_output=True,
            text=True,
            check=True,
            cwd=harness.ROOT,
        )
        wall, cpu, peak_kib = (float(x) for x in done.stdout.split())
        peak = peak_kib / 1024
        ratio = (
            "" if first is None else f"  {wall / first[1]:.1f}x the time for {size / first[0]:.0f}x"
        )
        verdict = ""
        if size == 100_000:
            verdict = "  ok" if wall < IMPORT_100K and peak < PEAK_MB else "  OVER TARGET"
        print(
            f"  {size:>7,} sessions ({megabytes:,.0f} MB): {wall:6.1f} s (CPU {cpu:5.1f} s),"
            f" peak {peak:4.0f} MB{ratio}{verdict}"
        )
        first = first or (size, wall)
        backup.unlink()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, metavar="PATH", help="save the filled database")
    parser.add_argument("--exports", action="store_true", help="time the exports and the report")
    parser.add_argument("--sizes", default="10000,100000", help="with --exports: sessions")
    parser.add_argument("--db-dir", type=Path, help="with --exports: keep the filled files here")
    parser.add_argument(
        "--import-sizes",
        type=lambda text: [int(n) for n in text.split(",") if n],
        default=[10_000, 100_000],
        metavar="N,N",
        help="backup sizes (sessions) for the import at scale (default 10000,100000; '' skips)",
    )
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

        print()
        report(
            "JSON import into an empty database", timed_import(backup, folder, args.repeat), IMPORT
        )
        print()
        import_at_scale(Path(folder), args.import_sizes)

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
