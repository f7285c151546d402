"""Launch to first frame, measured in tmux: supple against a minimal Textual app.

Starts each program in its own tmux session (80x24 by default) and polls
``tmux capture-pane`` until the screen shows the program's marker text:

* ``minimal``: ``benchmarks/minimal_app.py`` (one Static, "ready");
* ``home``: ``supple``, until the home screen lists the routines (the last
  bundled routine's title, "Walking intervals": real content, not a placeholder);
* ``run``: ``supple run lumbar-stretches``, until the whole pain question the
  session starts with is drawn (its last line, "it does not assess you");
  the time to its first output of any kind is shown as well.

Runs are interleaved (minimal, home, run, minimal, ...) with the starting
program rotated each round, after one discarded warm-up round (every program
runs from compiled byte code after it); every run gets empty data and config
folders, and the same interpreter (this one, as started: a venv's python, not
the base interpreter it links to).  Prints median, p90 and min for each, and
the ratio to the minimal app's launch of the same round, min / median / max
over the rounds (target: a median of at most 1.3x), with the machine's load
average.

    python benchmarks/bench_launch.py [--runs 10] [--size 80x24] [--imports] [--what-if]

``--what-if`` also launches the variants of ``launch_what_if.py``: the
minimal app after importing supple's app module (what the imports alone
cost), and ``supple`` and ``supple run`` with the work that follows the first
frame started at once instead of ``tui.app.startup.SETTLE`` later (supple
changed in that process only).
``--imports`` also prints where supple's import time goes (``python -X
importtime``): supple's own modules, and the other modules only supple loads,
with the supple module importing them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    ROOT,
    TmuxServer,
    bytecode_env,
    load_average,
    machine,
    median,
    percentile,
    private_env,
    python,
    spread,
    supple_command,
)

TARGET_RATIO = 1.3
#: What says each program's first frame with real content is on the terminal.
HOME_MARKER = "Walking intervals"
RUN_MARKER = "does not assess you"


@dataclass
class Program:
    """One program to launch, and the text that says its first frame is on screen."""

    name: str
    argv: list[str]
    marker: str
    to_marker: list[float] = field(default_factory=list)
    to_output: list[float] = field(default_factory=list)


def programs(what_if: bool = False) -> list[Program]:
    """The minimal app, the home screen and a session, then the what-if variants if asked."""
    supple = supple_command()
    progs = [
        Program("minimal", [python(), str(ROOT / "benchmarks" / "minimal_app.py")], "ready"),
        Program("home", supple, HOME_MARKER),
        Program("run", [*supple, "run", "lumbar-stretches"], RUN_MARKER),
    ]
    if what_if:
        script = str(ROOT / "benchmarks" / "launch_what_if.py")
        progs.append(Program("if:imports", [python(), script, "imports"], "ready"))
        home, pain = HOME_MARKER, RUN_MARKER
        progs.append(Program("if:no-settle", [python(), script, "no-settle"], home))
        progs.append(Program("if:run-no-settle", [python(), script, "run-no-settle"], pain))
    return progs


def launch(server: TmuxServer, program: Program, *, keep: bool) -> None:
    """Start ``program`` once, wait for its marker, close it."""
    env = private_env(server.fresh_dir())
    pane = server.start(program.argv, env)
    try:
        seen = pane.wait_for(program.marker)
    finally:
        pane.kill()
    if seen is None:
        raise SystemExit(f"{program.name}: {program.marker!r} never showed:\n{pane.text()}")
    if keep:
        program.to_output.append(seen[0])
        program.to_marker.append(seen[1])
    time.sleep(0.3)  # let the machine settle before the next start


def report(progs: list[Program]) -> None:
    """Print median, p90 and min per program, and its ratios to the minimal app, round by round."""
    base = progs[0].to_marker
    print(
        f"{'program':<20} {'runs':>4} {'median':>8} {'p90':>8} {'min':>8}  "
        "ratio to minimal, min / median / max"
    )
    for program in progs:
        times = program.to_marker
        ratios = [t / b for t, b in zip(times, base, strict=True)]
        verdict = ""
        if program.name in ("home", "run"):
            verdict = "  met" if median(ratios) <= TARGET_RATIO else "  MISSED"
        print(
            f"{program.name:<20} {len(times):>4} {median(times) * 1000:>6.0f}ms "
            f"{percentile(times, 0.9) * 1000:>6.0f}ms {min(times) * 1000:>6.0f}ms  "
            f"{spread(ratios)}{verdict}"
        )
    run = progs[2]
    print(
        f"(run: its first output of any kind after {median(run.to_output) * 1000:.0f} ms median; "
        f"target: median ratio <= {TARGET_RATIO}x; {load_average()})"
    )


# --------------------------------------------------------------------------- imports


_PYCACHE = Path(tempfile.gettempdir()) / f"supple-bench-pycache-{os.getpid()}"


@dataclass(frozen=True)
class Imported:
    """One module in ``python -X importtime`` output."""

    own: int  # microseconds in the module itself
    total: int  # microseconds including what it imported
    parent: str  # the module whose import loaded it ("" at the top)


def import_times(code: str) -> dict[str, Imported]:
    """``python -X importtime -c code``, module by module."""
    done = subprocess.run(
        [python(), "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, **bytecode_env(_PYCACHE)},
    )
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    rows = []
    for line in done.stderr.splitlines():
        match = pattern.match(line)
        if match:
            own, total, indent, name = match.groups()
            rows.append((name, int(own), int(total), len(indent) // 2))
    # A module is printed after everything it imported: its parent is the next
    # module printed at a smaller depth.
    found: dict[str, Imported] = {}
    open_at: dict[int, list[str]] = {}
    for name, own, total, depth in rows:
        for child in open_at.pop(depth + 1, []):
            found[child] = Imported(found[child].own, found[child].total, name)
        found[name] = Imported(own, total, "")
        open_at.setdefault(depth, []).append(name)
    return found


def best_of(code: str, runs: int = 5) -> dict[str, Imported]:
    """Per module, the run with the smallest cumulative time (import times are noisy)."""
    best: dict[str, Imported] = {}
    import_times(code)  # fills the byte-code cache
    for _ in range(runs):
        for name, value in import_times(code).items():
            if name not in best or value.total < best[name].total:
                best[name] = value
    return best


def report_imports() -> None:
    """Where supple's start-up import time goes, beyond what the minimal app needs."""
    minimal = best_of("import textual.app, textual.widgets._static")
    supple = best_of(
        "import tui.cli, tui.commands.run_command, tui.app.main, tui.app.supple_app, "
        "tui.app.screens.home; "
        "tui.cli.build_parser()"
    )
    total = sum(m.own for m in supple.values())
    base = sum(m.own for m in minimal.values())
    extra = {name: m for name, m in supple.items() if name not in minimal}
    print(
        f"\nimports (best of 5 runs of python -X importtime, byte code cached): "
        f"supple's start-up chain {total / 1000:.0f} ms, the minimal app's {base / 1000:.0f} ms; "
        f"{sum(m.own for m in extra.values()) / 1000:.0f} ms in modules only supple loads"
    )
    print("  supple's own modules by self time (ms):")
    own = sorted((m.own, name) for name, m in supple.items() if name.startswith("tui"))
    for micros, name in reversed(own[-10:]):
        print(f"    {micros / 1000:5.1f} self {supple[name].total / 1000:6.1f} cumulative  {name}")
    print("  other modules only supple loads, with the supple module that imports them (ms):")
    direct = [
        (m.total, name, m.parent)
        for name, m in extra.items()
        if not name.startswith("tui") and m.parent.startswith("tui")
    ]
    for micros, name, parent in sorted(direct, reverse=True)[:12]:
        print(f"    {micros / 1000:5.1f} cumulative  {name:<34} from {parent}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="measured launches of each program")
    parser.add_argument("--size", default="80x24", help="terminal size, WIDTHxHEIGHT")
    parser.add_argument("--imports", action="store_true", help="also break down import time")
    parser.add_argument(
        "--what-if",
        action="store_true",
        help="also launch the variants of launch_what_if.py (supple changed in-process only)",
    )
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))

    print(machine())
    print(f"{load_average()} at the start")
    progs = programs(args.what_if)
    with TmuxServer(width, height) as server:
        for program in progs:  # warm-up: byte-code caches, page cache
            launch(server, program, keep=False)
        for round_number in range(args.runs):
            shift = round_number % len(progs)
            for program in progs[shift:] + progs[:shift]:
                launch(server, program, keep=True)
    print(f"launch to first frame in tmux {args.size}, {args.runs} runs each, interleaved")
    report(progs)
    if args.imports:
        try:
            report_imports()
        finally:
            shutil.rmtree(_PYCACHE, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
