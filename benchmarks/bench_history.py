"""Benchmark the history store on ten years of sessions (about 11,000).

    python benchmarks/bench_history.py [--years 10] [--repeat 5] [--keep PATH]

Fills a fresh database (see ``tests/support/big_history.py``), then times opening the
store, the summary queries the history screens need, CSV and JSON export and
a JSON import into an empty database.  Each figure is the median of
``--repeat`` runs.  ``--keep PATH`` saves the filled database for reuse (the
history screens' benchmark reads it).  Targets: summaries < 100 ms, exports
< 1 s, import < 3 s.
"""

from __future__ import annotations

import argparse
import io
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import harness  # noqa: F401  (puts the repository root on sys.path for tests.support)

from tests.support.big_history import fill_history
from tui.core.exports.csv_export import write_csv
from tui.core.exports.fhir import fhir_bundle
from tui.core.history import HistoryStore
from tui.core.history.backup import load_history_batch, write_store_json

SUMMARY = 0.100
EXPORT = 1.0
IMPORT = 3.0


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


if __name__ == "__main__":
    sys.exit(main())
