"""Benchmark: loading and compiling routines, and ``supple check`` on the bundled library.

Run:  python benchmarks/bench_routines.py  [--runs 300]

Prints, in milliseconds:
* load + compile of a generated 200-step routine (mixed kinds), median and p95
  (target: under 20 ms), with the load and compile parts on their own;
* ``supple check`` on every bundled routine, in-process (median, p95) and as a
  subprocess (``python -m tui check ...``, wall time including interpreter
  start-up, median of a few runs).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from harness import ROOT

from tui.cli import main as supple_main
from tui.core.locations import bundled_routines_dir
from tui.core.routine.loader import parse_routine
from tui.core.session.timeline import compile_timeline

TARGET_MS = 20.0


def generated_routine(steps: int = 200) -> str:
    """A routine of ``steps`` steps cycling through every kind and most keys."""
    parts = [
        "[routine]\n"
        'title = "Benchmark routine"\n'
        'author = "bench"\n'
        'description = """\nA long generated routine.\n"""\n'
        "sessions_per_day = 2\ndays_per_week = 7\nget_ready = 5\n"
        'safety = ["Stop if pain spreads further down your leg."]\n'
        'contact = "555-0100"\n'
    ]
    for number in range(steps):
        kind = ("hold", "reps", "interval", "rest")[number % 4]
        parts.append(f'\n[[step]]\nkind = "{kind}"\nname = "Exercise {number + 1}"\n')
        if kind == "hold":
            parts.append(
                'instructions = "Hold gently."\nsides = "both"\nhold = "30s"\nreps = 3\n'
                'rest = "10s"\nswitch = "5s"\n'
                'cues = [{ at = "15s", text = "Breathe out slowly" }]\n'
            )
        elif kind == "reps":
            parts.append(
                'sides = "alternate"\nreps = 10\nsets = 3\nrest = "1m"\n'
                "tempo = { up = 2, hold = 2, down = 2 }\n"
            )
        elif kind == "interval":
            parts.append(
                "repeat = 3\nblocks = [\n"
                '    { label = "Walk at an easy pace", duration = "5m" },\n'
                '    { label = "Sit and lean forward", duration = "2m" },\n]\n'
            )
        else:
            parts.append('duration = "1m"\n')
    return "".join(parts)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per call of ``action`` over ``runs`` calls (after a warm-up)."""
    for _ in range(min(10, runs)):
        action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def report(label: str, samples: list[float]) -> None:
    print(f"  {label:<42} median {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms")


def run(runs: int) -> int:
    text = generated_routine(200)
    data = text.encode("utf-8")
    routine = parse_routine(data, "bench.toml")
    segments = compile_timeline(routine)
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{runs} runs each"
    )
    print(
        f"\nGenerated routine: {len(routine.steps)} steps, {len(data) / 1024:.1f} KiB, "
        f"{len(segments)} segments"
    )
    both = timed(lambda: compile_timeline(parse_routine(data, "bench.toml")), runs)
    report("load + compile (200 steps)", both)
    report("  load only (parse_routine)", timed(lambda: parse_routine(data, "bench.toml"), runs))
    report("  compile only (compile_timeline)", timed(lambda: compile_timeline(routine), runs))
    verdict = "meets" if statistics.median(both) < TARGET_MS else "MISSES"
    print(f"  -> {verdict} the target of {TARGET_MS:g} ms for load + compile")

    files = [str(p) for p in sorted(bundled_routines_dir().glob("*.toml"))]
    print(f"\nsupple check on the bundled library ({len(files)} files)")

    def check_in_process() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            code = supple_main(["check", *files])
        assert code == 0

    report("in-process (tui.cli.main)", timed(check_in_process, runs))
    command = [sys.executable, "-m", "tui", "check", *files]
    walls = timed(
        lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT),
        max(5, runs // 30),
    )
    report("subprocess wall time (python -m tui check)", walls)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timed runs per figure")
    raise SystemExit(run(parser.parse_args().runs))
