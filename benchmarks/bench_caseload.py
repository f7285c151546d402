"""Benchmark the caseload: importing many patients' backups and opening the caseload.

    python benchmarks/bench_caseload.py [--patients 500] [--days 365] [--per-day 2]
                                        [--segments 15] [--repeat 5]

Writes one JSON backup per patient (``--per-day`` sessions a day for ``--days``
days, each with ``--segments`` segments) into a temporary folder, then times
``supple clinic import`` of the folder into a fresh caseload (read and check
every file, then one transaction), a second import of the same folder (nothing
changes), and opening the caseload: counting every patient's line and sorting
them (what the caseload screen shows; the median of ``--repeat`` runs).
Targets (docs/performance.md): import < 60 s, open < 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import harness  # noqa: F401  (puts the repository root on sys.path)

from tui.core.caseload.caseload_files import import_patient_files
from tui.core.caseload.caseload_store import CaseloadStore
from tui.core.caseload.patient_line import sorted_lines

IMPORT = 60.0
OPEN = 0.300
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _time(moment: datetime) -> str:
    return moment.isoformat()


def _segments(start: datetime, count: int, rng: random.Random) -> list[dict[str, object]]:
    segments = []
    at = start
    for index in range(count):
        at += timedelta(seconds=30)
        segments.append(
            {
                "index": index,
                "step": index // 3,
                "name": f"Exercise {index // 3 + 1}",
                "kind": "hold",
                "side": "left" if index % 2 else "right",
                "rep": index % 3 + 1,
                "set": None,
                "planned_seconds": 30.0,
                "actual_seconds": 30.0,
                "status": "done" if rng.random() > 0.05 else "skipped",
                "hurt": rng.random() < 0.01,
                "ended_at": _time(at),
            }
        )
    return segments


def write_backups(folder: Path, patients: int, days: int, per_day: int, segments: int) -> int:
    """One backup per patient in ``folder``; returns the number of sessions written."""
    rng = random.Random(1042)
    total = 0
    for number in range(patients):
        sessions = []
        for day in range(days):
            for slot in range(per_day):
                start = NOW - timedelta(days=days - day) + timedelta(hours=8 + 10 * slot)
                sessions.append(
                    {
                        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "routine": {"title": "Lumbar", "path": "/r.toml", "sha256": "a" * 64},
                        "app_version": "0.1.0",
                        "started_at": _time(start),
                        "ended_at": _time(start + timedelta(minutes=12)),
                        "status": "completed",
                        "preview": False,
                        "pain_before": rng.randint(2, 6),
                        "pain_after": rng.randint(1, 6),
                        "effort": rng.randint(2, 7),
                        "notes": None,
                        "segments": _segments(start, segments, rng),
                    }
                )
        total += len(sessions)
        document = {"format": "supple-history", "version": 1, "sessions": sessions}
        (folder / f"P-{number:04d}.json").write_text(json.dumps(document), encoding="utf-8")
    return total


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (the import's workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=2)
    parser.add_argument("--segments", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, SQLite", end=" ")
    import sqlite3

    print(sqlite3.sqlite_version)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "patients"
        folder.mkdir()
        sessions = write_backups(folder, args.patients, args.days, args.per_day, args.segments)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"{args.patients} patients, {sessions} sessions, {size:.0f} MB of backups")
        print(f"load average before the import: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        with CaseloadStore.open(Path(tmp) / "caseload.sqlite3") as store:
            start, cpu = time.perf_counter(), _cpu_seconds()
            done = import_patient_files(store, [folder])
            first, first_cpu = time.perf_counter() - start, _cpu_seconds() - cpu
            start = time.perf_counter()
            again = import_patient_files(store, [folder])
            second = time.perf_counter() - start
            opens = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                lines = sorted_lines(store.counts(NOW))
                opens.append(time.perf_counter() - start)
        print(f"import:        {first:6.1f} s  ({done.added} sessions added; "
              f"target < {IMPORT:.0f} s)")  # fmt: skip
        print(f"  CPU, this process and its workers: {first_cpu:.1f} s; peak RSS of this process "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")  # fmt: skip
        print(f"import again:  {second:6.1f} s  ({again.files_seen} files seen before, not read)")
        print(f"open caseload: {statistics.median(opens) * 1000:6.0f} ms  ({len(lines)} lines; "
              f"target < {OPEN * 1000:.0f} ms)")  # fmt: skip
    return 0 if first < IMPORT and statistics.median(opens) < OPEN else 1


if __name__ == "__main__":
    sys.exit(main())
