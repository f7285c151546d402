"""Benchmark the history store on ten years of sessions (about 11,000).

    python benchmarks/bench_history.py [--years 10] [--repeat 5] [--keep PATH]

Fills a fresh database (see ``tests/support/big_history.py``), then times opening the
store, the summary queries the history screens need, CSV and JSON export and
a JSON import into an empty database; then imports generated backups of
``--import-sizes`` sessions (10,000 and 100,000) each in a fresh process, printing
time, CPU time and peak RSS, and how time grows with size.  Each figure is the median of
``--repeat`` runs.  ``--keep PATH`` saves the filled database for reuse (the
history screens' benchmark reads it).  Targets: summaries < 100 ms, exports
< 1 s, import < 3 s; at 100,000 sessions import < 10 s and peak RSS < 150 MB.
"""

from __future__ import annotations

import argparse
import io
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

import harness  # puts the repository root on sys.path for tests.support

from tests.support.big_history import fill_history, write_backup
from tui.core.exports.csv_export import write_csv
from tui.core.exports.fhir import fhir_bundle
from tui.core.history import HistoryStore
from tui.core.history.backup import read_history_entries, write_store_json

SUMMARY = 0.100
EXPORT = 1.0
IMPORT = 3.0
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
    parser.add_argument(
        "--import-sizes",
        type=lambda text: [int(n) for n in text.split(",") if n],
        default=[10_000, 100_000],
        metavar="N,N",
        help="backup sizes (sessions) for the import at scale (default 10000,100000; '' skips)",
    )
    args = parser.parse_args()

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

            def export_csv() -> None:
                write_csv(store.sessions(oldest_first=True, include_preview=True), io.StringIO())

            def export_json() -> None:
                write_store_json(store, io.StringIO(), include_preview=True)

            def export_fhir() -> None:
                fhir_bundle(store.sessions(oldest_first=True))

            report("CSV export (all sessions)", timed(export_csv, args.repeat), EXPORT)
            report(
                "JSON export (all sessions and segments)", timed(export_json, args.repeat), EXPORT
            )
            report("FHIR export (all sessions)", timed(export_fhir, args.repeat), EXPORT)

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


if __name__ == "__main__":
    sys.exit(main())
