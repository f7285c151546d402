"""Timing of a guided session against its plan, and each cue's hand-off to the sound output.

Four measurements, each printed with its target:

``engine``: the real :class:`SessionRunner` on the real monotonic clock, sped
up ``--speed`` times (60: the 30-minute fixture takes 30 s), ticked the way the
session screen ticks (sleep until :func:`tui.app.screens.session_frame.next_change`, plus its
boundary margin), with six pauses of 0.2-1 s.

``irregular``: the same runner on a simulated clock whose ticks come at
random: mostly 50 ms-1 s apart, sometimes microseconds, sometimes stalls of
1-40 s, with pauses of 5 s-2 min; 200 random sessions.

``app``: ``supple run thirty-minutes.toml --speed 60`` in tmux (80x24), the
real app with its real timers, paused four times with the space key; sound
goes through simpleaudio into ALSA's file plugin (``tests/fixtures/alsa/capture.conf``:
no sound card, nothing heard).  Wrapped by ``benchmarks/instrumented_app.py``,
which stamps every event and cue hand-off and the process's peak memory.

``cues``: ``supple run many-cues.toml`` at normal speed in tmux, the same way,
paused twice: from each cue's moment in the session (its segment boundary,
count or tempo phase) to the backend accepting its samples.

For every run: the session's end against start + plan + paused time; each
segment boundary's lateness (when the app saw it against when it was due,
from the plan and the measured pauses alone); each hold's length as recorded
in the history against the plan; and the left and right holds of each pair,
both as recorded and as observed (boundary to boundary).  At a speed N a
boundary seen 2 ms late is 2 ms of wall time late, and would be 2 ms late at
normal speed too; it is reported in wall milliseconds, never multiplied by N.

Targets: the end within 20 ms of plan + paused time; both sides of every hold
within 20 ms of each other; a cue handed to the output within 10 ms of its
moment (p99); peak memory under 80 MB.

``span``: three real-speed sessions of ``fixtures/short-real.toml`` in tmux,
each paused once: the history's recorded span (``ended_at - started_at``)
against the plan plus the pauses (target: within 20 ms), see ``session_span.py``.

    python benchmarks/bench_session.py [--only engine,irregular,app,cues,span] [--speed 60]
        [--what-if switch=0.001,coalesce=0]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    FIXTURES,
    ROOT,
    TmuxServer,
    machine,
    percentile,
    private_env,
    python,
    sound_env,
)
from session_span import report_spans

from tui.app.screens.session_frame import BOUNDARY_MARGIN, MAX_SLEEP, next_change
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Routine
from tui.core.session.engine import CueEvent, CueKind
from tui.core.session.runner import SessionRunner
from tui.core.session.timeline import Segment, SegmentKind, compile_timeline

THIRTY = FIXTURES / "thirty-minutes.toml"
MANY_CUES = FIXTURES / "many-cues.toml"
END_TARGET_MS = 20.0
SIDES_TARGET_MS = 20.0
CUE_TARGET_MS = 10.0
MEMORY_TARGET_MB = 80.0


# --------------------------------------------------------------------------- one session's record


@dataclass
class Seen:
    """One event as the front end saw it: when (clock seconds), what, and its record."""

    wall: float
    kind: str
    segment: int
    at: float
    actual: float | None


@dataclass
class Played:
    """A session that ran: its plan, its clock readings and what happened."""

    segments: tuple[Segment, ...]
    speed: float
    start: float
    events: list[Seen]
    pauses: list[tuple[float, float]] = field(default_factory=list)
    #: (event at, cue moment's kind, asked, handed) for each sound handed to the output.
    cues: list[tuple[float, str, float, float]] = field(default_factory=list)
    backend: str | None = None
    peak_rss: int | None = None

    def due(self, running: float) -> float:
        """Clock time at which the session's running time reaches ``running`` (by the plan)."""
        due = self.start + running / self.speed
        for begin, end in self.pauses:
            if begin < due:
                due += end - begin
        return due

    @property
    def plan(self) -> float:
        """Planned running seconds of the whole session."""
        return sum(s.seconds or 0.0 for s in self.segments)

    @property
    def paused(self) -> float:
        """Clock seconds spent paused."""
        return sum(end - begin for begin, end in self.pauses)

    def starts(self) -> dict[int, Seen]:
        """Each segment's start event (the last one, should a segment be entered twice)."""
        return {e.segment: e for e in self.events if e.kind == CueKind.SEGMENT_START.value}

    def records(self) -> dict[int, float]:
        """Each segment's recorded actual seconds."""
        return {
            e.segment: e.actual
            for e in self.events
            if e.kind == CueKind.SEGMENT_END.value and e.actual is not None
        }

    def end(self) -> Seen:
        """The session-done event."""
        return next(e for e in self.events if e.kind == CueKind.SESSION_DONE.value)


def cumulative(segments: tuple[Segment, ...]) -> list[float]:
    """Planned running time at the start of each segment, and at the end (last item)."""
    times = [0.0]
    for seg in segments:
        times.append(times[-1] + (seg.seconds or 0.0))
    return times


def hold_pairs(segments: tuple[Segment, ...]) -> list[tuple[int, int]]:
    """(left, right) segment indexes of the same step, hold number and set."""
    left: dict[tuple[int, int | None, int | None], int] = {}
    pairs = []
    for index, seg in enumerate(segments):
        if seg.kind not in (SegmentKind.HOLD, SegmentKind.SET) or seg.side is None:
            continue
        key = (seg.step, seg.rep, seg.set)
        if seg.side == "left":
            left[key] = index
        elif seg.side == "right" and key in left:
            pairs.append((left[key], index))
    return pairs


def ms(seconds: float) -> str:
    """Seconds as milliseconds, two decimals."""
    return f"{seconds * 1000:.2f} ms"


def verdict(ok: bool) -> str:
    """The word after a figure."""
    return "ok" if ok else "MISSED"


def report_played(title: str, played: Played, *, wall: bool = True) -> dict[str, float]:
    """Print the timing figures of one session; returns them for summaries."""
    segments = played.segments
    plan_at = cumulative(segments)
    starts = played.starts()
    records = played.records()
    end = played.end()
    # Lateness of each boundary: seen minus due (both on the clock).
    late = {i: starts[i].wall - played.due(plan_at[i]) for i in starts if i > 0}
    late_end = end.wall - played.due(plan_at[-1])
    observed_end = (end.wall - played.start - played.paused) * played.speed
    recorded = sum(records.values())
    worst_record = max(abs(records[i] - (segments[i].seconds or 0.0)) for i in records)
    pairs = hold_pairs(segments)

    def late_at(index: int) -> float:
        return late.get(index, late_end) if index > 0 else 0.0

    # Observed error of a hold: lateness at its end minus lateness at its start.
    def hold_error(index: int) -> float:
        return late_at(index + 1) - late_at(index)

    sides_recorded = max((abs(records[a] - records[b]) for a, b in pairs), default=0.0)
    sides_observed = max((abs(hold_error(a) - hold_error(b)) for a, b in pairs), default=0.0)
    lateness = [*list(late.values()), late_end]
    print(f"\n{title}")
    print(
        f"  plan {played.plan:.0f} s in {len(segments)} segments, speed {played.speed:g}, "
        f"{len(played.pauses)} pauses ({played.paused:.2f} s of clock)"
    )
    unit = "wall" if wall else "simulated clock"
    print(
        f"  end vs start + plan + paused: seen {ms(late_end)} late ({unit}); "
        f"recorded running time - plan = {ms(recorded - played.plan)}; "
        f"session-done 'at' - plan = {ms(end.at - played.plan)}"
    )
    if wall:
        print(
            f"    -> {verdict(abs(late_end) < END_TARGET_MS / 1000)} "
            f"(target < {END_TARGET_MS:.0f} ms); by the clock the session ran "
            f"{observed_end:.3f} s of its {played.plan:.0f} s"
            + (f" (the lateness x{played.speed:g})" if played.speed != 1 else "")
        )
    print(
        f"  boundary lateness over {len(lateness)} boundaries ({unit}): "
        f"p50 {ms(percentile(lateness, 0.5))}, p99 {ms(percentile(lateness, 0.99))}, "
        f"max {ms(max(lateness))}, min {ms(min(lateness))}"
    )
    if wall:
        worst = sorted(late.items(), key=lambda item: -item[1])[:3]
        notes = []
        for index, seconds in worst:
            seen = starts[index].wall
            resumed = [seen - end for _, end in played.pauses if end <= seen]
            after = f", {ms(min(resumed))} after a resume" if resumed else ""
            notes.append(f"#{index} {segments[index].kind.value} {ms(seconds)}{after}")
        print(f"    latest: {'; '.join(notes)}")
    print(f"  recorded segment length - plan: worst {ms(worst_record)} over {len(records)}")
    print(
        f"  {len(pairs)} left/right pairs: recorded lengths differ by at most "
        f"{ms(sides_recorded)}"
        + (f"; observed (boundary to boundary) by at most {ms(sides_observed)}" if wall else "")
    )
    if wall:
        print(
            f"    -> {verdict(max(sides_recorded, sides_observed) < SIDES_TARGET_MS / 1000)} "
            f"(target < {SIDES_TARGET_MS:.0f} ms)"
        )
    return {
        "end": late_end,
        "sides": max(sides_recorded, sides_observed if wall else 0.0),
        "p99": percentile(lateness, 0.99),
    }


# ------------------------------------------------------------------ engine on the real clock


class StampedCues:
    """A CueOutput that notes the clock time each event reached it."""

    def __init__(self, clock: object) -> None:
        self.clock = clock
        self.seen: list[Seen] = []

    def cue(self, event: CueEvent, segment: Segment | None) -> None:
        """Remember ``event`` with the time now."""
        actual = event.record.actual_seconds if event.record is not None else None
        self.seen.append(
            Seen(self.clock(), event.kind.value, event.segment, event.at, actual)  # type: ignore[operator]
        )


def run_engine(routine: Routine, speed: float, seed: int = 1) -> Played:
    """The runner on ``time.monotonic`` sped up ``speed`` times, ticked like the screen."""
    rng = random.Random(seed)
    cues = StampedCues(time.monotonic)
    runner = SessionRunner(routine, speed=speed, cues=cues)
    plan = sum(s.seconds or 0.0 for s in runner.engine.segments)
    pause_at = sorted(rng.uniform(0.05, 0.95) * plan for _ in range(6))
    pauses: list[tuple[float, float]] = []
    start = time.monotonic()
    runner.start()
    while runner.status is None:
        if pause_at and runner.engine.session_elapsed(runner.now()) >= pause_at[0]:
            pause_at.pop(0)
            begin = time.monotonic()
            runner.toggle_pause()
            time.sleep(rng.uniform(0.2, 1.0))
            end = time.monotonic()
            runner.toggle_pause()
            pauses.append((begin, end))
        delay = next_change(runner.engine, runner.now())
        if delay is None:
            break
        time.sleep(min(max(delay / speed + BOUNDARY_MARGIN, 0.005), MAX_SLEEP))
        runner.tick()
    return Played(runner.engine.segments, speed, start, cues.seen, pauses)


# ------------------------------------------------------------------ simulated irregular ticks


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run_irregular(routine: Routine, seed: int) -> Played:
    """The runner on a simulated clock with irregular ticks, stalls and pauses."""
    rng = random.Random(seed)
    clock = FakeClock()
    cues = StampedCues(clock)
    runner = SessionRunner(routine, clock=clock, cues=cues)
    pauses: list[tuple[float, float]] = []
    start = clock.now
    runner.start()
    while runner.status is None:
        draw = rng.random()
        if draw < 0.2:
            gap = rng.uniform(0.0, 0.01)
        elif draw < 0.9:
            gap = rng.uniform(0.05, 1.0)
        elif draw < 0.98:
            gap = rng.uniform(1.0, 3.0)
        else:
            gap = rng.uniform(5.0, 40.0)  # the machine stalled (suspend, swap, a long GC)
        clock.now += gap
        if rng.random() < 0.004:
            begin = clock.now
            runner.toggle_pause()
            clock.now += rng.uniform(5.0, 120.0)
            pauses.append((begin, clock.now))
            runner.toggle_pause()
        else:
            runner.tick()
    return Played(runner.engine.segments, 1.0, start, cues.seen, pauses)


def report_irregular(routine: Routine, sessions: int) -> None:
    """Worst figures over ``sessions`` random sessions."""
    worst_done = worst_record = worst_sides = worst_sum = 0.0
    boundaries = 0
    for seed in range(sessions):
        played = run_irregular(routine, seed)
        records = played.records()
        segments = played.segments
        worst_done = max(worst_done, abs(played.end().at - played.plan))
        worst_sum = max(worst_sum, abs(sum(records.values()) - played.plan))
        worst_record = max(
            worst_record,
            max(abs(records[i] - (segments[i].seconds or 0.0)) for i in records),
        )
        worst_sides = max(
            worst_sides,
            max((abs(records[a] - records[b]) for a, b in hold_pairs(segments)), default=0.0),
        )
        boundaries += len(records)
    print(f"\nirregular ticks: {sessions} simulated sessions of the 30-minute fixture")
    print(
        "  ticks 0-10 ms (20%), 50 ms-1 s (70%), 1-3 s (8%), stalls of 5-40 s (2%); "
        "a pause of 5 s-2 min after 0.4% of ticks"
    )
    print(
        f"  worst over {boundaries} segments: |recorded running time - plan| {ms(worst_sum)}, "
        f"|session-done at - plan| {ms(worst_done)}, |segment - plan| {ms(worst_record)}, "
        f"|left - right| {ms(worst_sides)}"
    )
    ok = max(worst_sum, worst_done, worst_sides) < min(END_TARGET_MS, SIDES_TARGET_MS) / 1000
    print(
        f"    -> {verdict(ok)}: the engine's end and every hold follow the plan exactly, "
        "however late or early the ticks come (a late tick only delays when it is seen)"
    )


# --------------------------------------------------------------------------- the app in tmux


def run_app(
    server: TmuxServer,
    routine_file: Path,
    *,
    speed: float,
    pauses: list[tuple[float, float]],
    first_text: str,
    extra_env: dict[str, str] | None = None,
) -> Played:
    """Run the instrumented app in tmux; ``pauses`` are (after seconds, for seconds) of wall."""
    scratch = server.fresh_dir()
    out = scratch / "timings.json"
    argv = [python(), str(ROOT / "benchmarks" / "instrumented_app.py"), str(out), "run"]
    argv += [str(routine_file), "--speed", f"{speed:g}"]
    env = private_env(scratch, **sound_env(scratch), **(extra_env or {}))
    pane = server.start(argv, env)
    try:
        # Every session shows its stop rules first; Enter confirms them.
        if pane.wait_for("stop rules") is None:
            raise SystemExit(f"the stop rules never showed:\n{pane.text()}")
        pane.send("Enter")
        if pane.wait_for(first_text) is None:
            raise SystemExit(f"the session never showed {first_text!r}:\n{pane.text()}")
        began = time.monotonic()
        for after, length in pauses:
            time.sleep(max(0.0, began + after - time.monotonic()))
            pane.send("Space")
            time.sleep(length)
            pane.send("Space")
        plan = sum(s.seconds or 0.0 for s in compile_timeline(load_routine(routine_file)))
        deadline = time.monotonic() + plan / speed + 30
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not out.exists():
            raise SystemExit(f"the session did not finish:\n{pane.text()}")
        time.sleep(0.2)
        data = json.loads(out.read_text())
    finally:
        pane.kill()
    routine = load_routine(routine_file)
    presses = [wall for wall, _ in data["pauses"]]
    spans = list(zip(presses[0::2], presses[1::2], strict=False))
    events = [Seen(e[0], e[1], e[2], e[3], e[4]) for e in data["events"]]
    handed = {asked: (when, backend) for asked, when, backend in data["handed"]}
    cues = [
        (at, kind, asked, handed[asked][0])
        for asked, _name, at, kind in data["asked"]
        if asked in handed and at is not None
    ]
    return Played(
        compile_timeline(routine),
        data["speed"],
        data["start"],
        events,
        spans,
        cues,
        data.get("backend"),
        data.get("peak_rss"),
    )


def report_memory(played: Played) -> None:
    """Peak resident memory of the app process."""
    if played.peak_rss:
        mb = played.peak_rss / 2**20
        print(
            f"  peak memory (VmHWM) of the supple process: {mb:.1f} MB -> "
            f"{verdict(mb < MEMORY_TARGET_MB)} (target < {MEMORY_TARGET_MB:.0f} MB)"
        )


def report_cues(played: Played) -> None:
    """From each cue's moment to its hand-off to the output."""
    if not played.cues:
        print(f"  no sound was handed to an output (backend: {played.backend})")
        return
    total = [handed - played.due(at) for at, _, _, handed in played.cues]
    leg = [handed - asked for _, _, asked, handed in played.cues]
    starts = [
        handed - played.due(at)
        for at, kind, _, handed in played.cues
        if kind == CueKind.SEGMENT_START.value
    ]
    print(
        f"  {len(total)} sounds handed to {played.backend}; from the cue's moment in the session "
        f"to the backend accepting it:"
    )
    print(
        f"    all cues: p50 {ms(percentile(total, 0.5))}, p99 {ms(percentile(total, 0.99))}, "
        f"max {ms(max(total))}"
    )
    if starts:
        print(
            f"    segment starts ({len(starts)}): p50 {ms(percentile(starts, 0.5))}, "
            f"p99 {ms(percentile(starts, 0.99))}, max {ms(max(starts))}"
        )
    print(
        f"    of which play() to backend (the audio player's leg): p50 "
        f"{ms(percentile(leg, 0.5))}, p99 {ms(percentile(leg, 0.99))}"
    )
    p99 = percentile(total, 0.99)
    print(f"    -> {verdict(p99 <= CUE_TARGET_MS / 1000)} (target p99 <= {CUE_TARGET_MS:.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default="engine,irregular,app,cues,span", help="comma-separated measurements"
    )
    parser.add_argument("--speed", type=float, default=60.0, help="speed of the 30-minute runs")
    parser.add_argument("--sessions", type=int, default=200, help="simulated irregular sessions")
    parser.add_argument(
        "--what-if",
        default="",
        metavar="K=V,...",
        help="experiment knobs for the app runs: switch=SECONDS (sys.setswitchinterval), "
        "coalesce=SECONDS (the audio player's coalescing window); see instrumented_app.py",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    knobs = {"switch": "BENCH_SWITCH_INTERVAL", "coalesce": "BENCH_COALESCE_WINDOW"}
    what_if: dict[str, str] = {}
    for item in filter(None, args.what_if.split(",")):
        key, _, value = item.partition("=")
        if key not in knobs or not value:
            raise SystemExit(f"--what-if: expected switch=SECONDS or coalesce=SECONDS, got {item}")
        what_if[knobs[key]] = value
    print(machine())
    if what_if:
        print(f"what if: {what_if}")
    routine = load_routine(THIRTY)
    if "engine" in only:
        played = run_engine(routine, args.speed)
        report_played(
            f"engine: SessionRunner on time.monotonic x{args.speed:g}, ticked like the screen",
            played,
        )
    if "irregular" in only:
        report_irregular(routine, args.sessions)
    if {"app", "cues", "span"} & only:
        with TmuxServer() as server:
            if "app" in only:
                plan = sum(s.seconds or 0.0 for s in compile_timeline(routine)) / args.speed
                pauses = [(plan * f, 0.4 + 0.2 * i) for i, f in enumerate((0.15, 0.4, 0.6, 0.85))]
                played = run_app(
                    server,
                    THIRTY,
                    speed=args.speed,
                    pauses=pauses,
                    first_text="Lying hamstring",
                    extra_env=what_if,
                )
                report_played(
                    f"app: supple run thirty-minutes.toml --speed {args.speed:g} in tmux, "
                    "paused with the space key",
                    played,
                )
                report_memory(played)
            if "cues" in only:
                played = run_app(
                    server,
                    MANY_CUES,
                    speed=1.0,
                    pauses=[(20.0, 1.5), (60.0, 2.5)],
                    first_text="Calf",
                    extra_env=what_if,
                )
                report_played("cues: supple run many-cues.toml (normal speed) in tmux", played)
                report_cues(played)
                report_memory(played)
            if "span" in only:
                report_spans(server)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("SUPPLE_AUDIO", "off")  # the in-process runs make no sound
    raise SystemExit(main())
