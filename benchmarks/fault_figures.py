"""The fault-injection figures of docs/history.md ("What was tried"), printed.

    .venv/bin/python benchmarks/fault_figures.py [--scale N] [--seed S]

Runs every trial of ``tests/support/fault_trials.py`` (the suite
``tests/functional/test_fault_injection.py`` runs at scale 1): kill -9 at random
moments, two writers at once, a full disk, a read-only history folder and
malformed imports, each into private folders (and, as root, small tmpfs mounts).
Prints one line per kind: trials, sessions, sessions lost, integrity checks.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import harness  # noqa: F401  (puts the repository root on sys.path for tests.support)

from tests.support.fault_trials import run_all


def main() -> int:
    """Print the figures; exit 1 when any session was lost or a check failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5, help="times the test suite's trials")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="supple-faults-") as folder:
        root = Path(folder)
        # The trials' own history and settings, never the user's.
        os.environ["SUPPLE_DATA_DIR"] = str(root / "data")
        os.environ["SUPPLE_CONFIG_DIR"] = str(root / "config")
        os.environ["SUPPLE_AUDIO"] = "off"
        started = time.monotonic()
        figures = run_all(root, scale=args.scale, seed=args.seed)
        for each in figures:
            print(each.line())
        print(f"({time.monotonic() - started:.0f} s, scale {args.scale}, seed {args.seed})")
    bad = any(f.lost or f.integrity_ok != f.integrity_checks for f in figures)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
