"""CPU per second and peak memory of a running session, side by side with termdown.

Starts, each in its own 80x24 tmux session and all at once (round after round,
the order of starting rotated each round so no program always goes first):

* ``termdown``: ``termdown 2m``, a countdown in big figlet digits (the anchor);
* ``hold`` / ``hold+sound``: ``supple run benchmarks/fixtures/long-hold.toml``, a
  2-minute hold (the big clock, the progress bar and "time left" change every
  second), with ``--no-sound`` and with sound through simpleaudio into ALSA's
  file plugin (``tests/fixtures/alsa/capture.conf``: nothing is heard);
* ``paced`` / ``paced+sound``: ``supple run benchmarks/fixtures/paced-set.toml``,
  40 reps at a one-second tempo, each phase cued (the busiest session screen);
* ``idle``: ``benchmarks/minimal_app.py``, a Textual app doing nothing (Textual's
  floor, and the anchor for peak memory).

Before the measured rounds every program is started once and left running a
second past its first frame, so every measured start runs compiled byte code
(termdown's and the minimal app's included). In each round, once every program
shows its first frame it waits ``--settle`` seconds (steady state), then
measures ``--seconds`` of CPU time of every process and all its threads (each
thread's ``schedstat``, in nanoseconds), and then reads each process's peak
resident memory (``VmHWM``).  Each round gives one ratio per program: its CPU
against termdown's of the same round, its peak memory against the minimal
app's.  Prints min / median / max of those ratios over the rounds and the
machine's load average (targets: CPU at most 0.8x termdown's, peak memory at
most 1.2x the minimal app's).

    python benchmarks/bench_cpu.py [--seconds 30] [--rounds 5] [--settle 2]
"""

from __future__ import annotations

import argparse
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    FIXTURES,
    ROOT,
    Pane,
    ProcessCpu,
    TmuxServer,
    load_average,
    machine,
    median,
    private_env,
    python,
    sound_env,
    spread,
    supple_command,
)

CPU_TARGET = 0.8
RSS_TARGET = 1.2
#: The stop rules every session shows first; the benchmark confirms them with Enter.
STOP_RULES = "stop rules"


@dataclass
class Program:
    """One program of the comparison and what it shows once running."""

    name: str
    argv: list[str]
    #: Text of its first frame ("" for termdown: any output).
    marker: str
    sound: bool = False
    #: Text of a screen that comes first and is confirmed with Enter (the stop rules).
    confirm: str = ""
    cpu: list[float] = field(default_factory=list)
    peak_rss: list[int] = field(default_factory=list)


def programs() -> list[Program]:
    """termdown first and the minimal app last: the ratios are against them."""
    supple = supple_command()
    termdown = Path(sysconfig.get_path("scripts")) / "termdown"
    if not termdown.exists():
        raise SystemExit("termdown is not installed: pip install termdown")
    hold = [*supple, "run", str(FIXTURES / "long-hold.toml")]
    paced = [*supple, "run", str(FIXTURES / "paced-set.toml")]
    return [
        Program("termdown", [str(termdown), "2m"], ""),
        Program("hold", [*hold, "--no-sound"], "Wall sit", confirm=STOP_RULES),
        Program("paced", [*paced, "--no-sound"], "Heel raise", confirm=STOP_RULES),
        Program("hold+sound", hold, "Wall sit", sound=True, confirm=STOP_RULES),
        Program("paced+sound", paced, "Heel raise", sound=True, confirm=STOP_RULES),
        Program("idle", [python(), str(ROOT / "benchmarks" / "minimal_app.py")], "ready"),
    ]


def start(server: TmuxServer, program: Program) -> Pane:
    """Start ``program`` with empty data and config folders (and the capture device)."""
    scratch = server.fresh_dir()
    extra = sound_env(scratch) if program.sound else {}
    return server.start(program.argv, private_env(scratch, **extra))


def until_running(pane: Pane, program: Program) -> None:
    """Confirm the stop rules if the program shows them, then wait for its first frame."""
    if program.confirm:
        if pane.wait_for(program.confirm) is None:
            raise SystemExit(f"{program.name} never showed {program.confirm!r}:\n{pane.text()}")
        pane.send("Enter")
    seen = pane.wait_for(program.marker) if program.marker else pane.wait_for_output()
    if seen is None:
        raise SystemExit(f"{program.name} never showed its first frame:\n{pane.text()}")


def peak_rss(pid: int) -> int:
    """Peak resident memory of ``pid`` in bytes (``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def warm_up(server: TmuxServer, progs: list[Program]) -> None:
    """Run each program once, a second past its first frame: byte code compiled and cached.

    The scratch ``PYTHONPYCACHEPREFIX`` starts empty (see harness); a program
    closed the moment its pane shows anything would not have imported (and
    cached) everything it imports yet.
    """
    for program in progs:
        pane = start(server, program)
        try:
            until_running(pane, program)
            time.sleep(1.0)
        finally:
            pane.kill()


def one_round(server: TmuxServer, progs: list[Program], seconds: float, settle: float) -> None:
    """Run every program at once; measure each one's CPU over the same ``seconds``."""
    panes: dict[str, Pane] = {}
    try:
        for program in progs:
            panes[program.name] = start(server, program)
        for program in progs:
            until_running(panes[program.name], program)
        time.sleep(settle)
        meters = {name: ProcessCpu(pane.pid) for name, pane in panes.items()}
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.2)
            for meter in meters.values():
                meter.sample()
        for program in progs:
            pane = panes[program.name]
            if program.marker and program.marker not in pane.text():
                raise SystemExit(f"{program.name} ended early:\n{pane.text()}")
            program.cpu.append(meters[program.name].since_start())
            program.peak_rss.append(peak_rss(pane.pid))
    finally:
        for pane in panes.values():
            pane.kill()


def report(progs: list[Program], seconds: float) -> None:
    """CPU per second against termdown's and peak memory against the minimal app's."""
    termdown, idle = progs[0], progs[-1]
    rounds = len(termdown.cpu)
    print(f"CPU over {seconds:.0f} s of a running countdown, {rounds} rounds side by side")
    print(
        f"{'program':<12} {'ms/s':>6}  {'vs termdown min/median/max':>27}  "
        f"{'peak RSS':>9}  {'vs minimal app min/median/max':>30}"
    )
    for program in progs:
        cpu_ratios = [c / t for c, t in zip(program.cpu, termdown.cpu, strict=True)]
        rss_ratios = [r / i for r, i in zip(program.peak_rss, idle.peak_rss, strict=True)]
        verdict = ""
        if program is not termdown and program is not idle:
            cpu_ok = median(cpu_ratios) <= CPU_TARGET
            rss_ok = median(rss_ratios) <= RSS_TARGET
            verdict = f"  CPU {'met' if cpu_ok else 'MISSED'}, RSS {'met' if rss_ok else 'MISSED'}"
        print(
            f"{program.name:<12} {median(program.cpu) / seconds * 1000:>6.2f}  "
            f"{spread(cpu_ratios):>27}  {median(program.peak_rss) / 2**20:>6.1f} MB  "
            f"{spread(rss_ratios):>30}{verdict}"
        )
    print(
        f"(targets: CPU at most {CPU_TARGET}x termdown's, peak RSS at most {RSS_TARGET}x the "
        f"minimal app's, medians over the rounds; {load_average()} at the end)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each window")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (all programs at once)")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds before each window")
    parser.add_argument("--only", default="", help="comma-separated programs besides termdown")
    args = parser.parse_args()
    if args.seconds + args.settle > 90:
        raise SystemExit("--seconds + --settle: at most 90 (the fixtures last 2 minutes)")
    print(machine())
    print(f"{load_average()} at the start")
    progs = programs()
    if args.only:
        wanted = {"termdown", "idle", *args.only.split(",")}
        progs = [p for p in progs if p.name in wanted]
    with TmuxServer() as server:
        warm_up(server, progs)
        for number in range(args.rounds):
            shift = number % len(progs)
            order = progs[shift:] + progs[:shift]
            one_round(server, order, args.seconds, args.settle)
            print(
                f"round {number + 1} ({load_average()}): "
                + ", ".join(f"{p.name} {p.cpu[-1] * 1000:.0f} ms" for p in progs),
                flush=True,
            )
    report(progs, args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
