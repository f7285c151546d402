"""CPU (and peak memory) of a running session, side by side with termdown in the same run.

After one warm-up start of each program (so all run compiled byte code), starts,
each in its own 80x24 tmux session and at the same time:

* ``hold``: ``supple run benchmarks/fixtures/long-hold.toml --no-sound``, a 2-minute
  hold (the big countdown, the progress bar and "time left" change every second);
* ``paced``: ``supple run benchmarks/fixtures/paced-set.toml --no-sound``, a set whose
  tempo phase changes every second (the busiest session screen);
* ``termdown``: ``termdown 2m``, a countdown in big figlet digits;
* ``idle``: ``benchmarks/minimal_app.py``, a Textual app doing nothing (Textual's floor).

Once each shows its first frame plus a second, it reads every process's CPU
time (user + system, all threads, from psutil), waits ``--seconds`` (60), and
reads it again.  Prints the CPU used in that window (ms, and % of one core) and
since launch (start-up included), each against termdown's (target: a running
session uses at most termdown's CPU), and each process's peak resident memory
(``VmHWM``).  Sound is off (``--no-sound``) so the figure is the UI's own.

    python benchmarks/bench_cpu.py [--seconds 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from harness import (
    FIXTURES,
    ROOT,
    Pane,
    TmuxServer,
    machine,
    median,
    private_env,
    python,
    supple_command,
)


@dataclass
class Program:
    """One program of the comparison and what it shows once running."""

    name: str
    argv: list[str]
    marker: str
    #: Text of a screen that comes first and is confirmed with Enter (the stop rules).
    confirm: str = ""
    window_cpu: list[float] = field(default_factory=list)
    total_cpu: list[float] = field(default_factory=list)
    peak_rss: list[int] = field(default_factory=list)


def programs() -> list[Program]:
    """termdown first: every ratio is against it."""
    supple = supple_command()
    termdown = Path(sysconfig.get_path("scripts")) / "termdown"
    if not termdown.exists():
        raise SystemExit("termdown is not installed: pip install termdown")
    return [
        Program("termdown", [str(termdown), "2m"], ""),
        Program(
            "hold",
            [*supple, "run", str(FIXTURES / "long-hold.toml"), "--no-sound"],
            "Wall sit",
            confirm=STOP_RULES,
        ),
        Program(
            "paced",
            [*supple, "run", str(FIXTURES / "paced-set.toml"), "--no-sound"],
            "Heel raise",
            confirm=STOP_RULES,
        ),
        Program("idle", [python(), str(ROOT / "benchmarks" / "minimal_app.py")], "ready"),
    ]


#: The stop rules every session shows first; the benchmarks confirm them with Enter.
STOP_RULES = "stop rules"


def through_first_screen(pane: Pane, program: Program) -> None:
    """Confirm the screen a session shows before its first part (the stop rules)."""
    if program.confirm:
        pane.wait_for(program.confirm)
        pane.send("Enter")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and of its children that were waited for."""
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system + times.children_user + times.children_system)


def peak_rss(pid: int) -> int:
    """Peak resident memory of ``pid`` in bytes (``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def warm_up(server: TmuxServer, progs: list[Program]) -> None:
    """Start each program once until it shows its text, so every round runs compiled byte code.

    The scratch ``PYTHONPYCACHEPREFIX`` starts empty (see harness): without
    this the first round's "since launch" would include compiling termdown's,
    Textual's and supple's sources.
    """
    for program in progs:
        pane = server.start(program.argv, private_env(server.fresh_dir()))
        try:
            through_first_screen(pane, program)
            pane.wait_for(program.marker or "\n")
        finally:
            pane.kill()


def one_round(server: TmuxServer, progs: list[Program], seconds: float) -> None:
    """Run every program at once and measure a window of ``seconds``."""
    panes: list[Pane] = []
    try:
        for program in progs:
            panes.append(server.start(program.argv, private_env(server.fresh_dir())))
        for program, pane in zip(progs, panes, strict=True):
            through_first_screen(pane, program)
            if pane.wait_for(program.marker or "\n") is None and program.marker:
                raise SystemExit(f"{program.name} never showed {program.marker!r}:\n{pane.text()}")
        time.sleep(1.0)
        before = [cpu_seconds(pane.pid) for pane in panes]
        time.sleep(seconds)
        after = [cpu_seconds(pane.pid) for pane in panes]
        for program, pane, start, end in zip(progs, panes, before, after, strict=True):
            if program.marker and program.marker not in pane.text():
                raise SystemExit(f"{program.name} ended early:\n{pane.text()}")
            program.window_cpu.append(end - start)
            program.total_cpu.append(end)
            program.peak_rss.append(peak_rss(pane.pid))
    finally:
        for pane in panes:
            pane.kill()


def report(progs: list[Program], seconds: float) -> None:
    """CPU in the window and since launch, against termdown; peak memory."""
    base_window = median(progs[0].window_cpu)
    base_total = median(progs[0].total_cpu)
    rounds = len(progs[0].window_cpu)
    print(f"CPU over {seconds:.0f} s of a running countdown, median of {rounds} round(s)")
    print(
        f"{'program':<9} {'window':>9} {'% core':>7} {'vs termdown':>12}   "
        f"{'since launch':>12} {'vs termdown':>12}   {'peak RSS':>9}"
    )
    for program in progs:
        window = median(program.window_cpu)
        total = median(program.total_cpu)
        verdict = ""
        if program.name in ("hold", "paced"):
            verdict = "  ok" if window <= base_window else "  MISSED"
        print(
            f"{program.name:<9} {window * 1000:>7.0f}ms {window / seconds * 100:>6.2f}% "
            f"{window / base_window:>11.2f}x   {total * 1000:>10.0f}ms {total / base_total:>11.2f}x"
            f"   {max(program.peak_rss) / 2**20:>6.1f} MB{verdict}"
        )
    print("(target: a running session's window CPU at most termdown's)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the window")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (all programs at once)")
    args = parser.parse_args()
    if args.seconds > 100:
        raise SystemExit("--seconds: at most 100 (the fixtures and termdown last 2 minutes)")
    print(machine())
    progs = programs()
    with TmuxServer() as server:
        warm_up(server, progs)
        for round_number in range(args.rounds):
            one_round(server, progs, args.seconds)
            print(
                f"round {round_number + 1}: "
                + ", ".join(f"{p.name} {p.window_cpu[-1] * 1000:.0f} ms" for p in progs),
                flush=True,
            )
    report(progs, args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
