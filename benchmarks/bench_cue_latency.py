"""Cue latency: from the engine event to the sound being handed to the output.

Drives the real chain a session uses, ``SessionRunner`` -> ``AudioCues`` ->
``AudioPlayer`` -> backend, on the real monotonic clock, and reports for each
cue the time from the segment boundary's event being dispatched to the
backend accepting the samples (``simpleaudio.play_buffer`` returning, or the
player process being started).  ALSA is pointed at the file-capture config in
``tests/fixtures/alsa/`` so no sound card is needed and nothing is heard.

    python benchmarks/bench_cue_latency.py [--cues 400] [--backend simpleaudio]

Prints p50, p99 and max in milliseconds.  Not a test: figures go to
docs/performance.md ("Guided session").
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from harness import ROOT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=400, help="number of cues to time")
    parser.add_argument("--backend", default="simpleaudio", help="simpleaudio, aplay, off, ...")
    parser.add_argument("--gap", type=float, default=0.05, help="seconds between cues")
    args = parser.parse_args()

    capture = Path(tempfile.mkdtemp(prefix="supple-bench-")) / "capture.raw"
    # libasound reads its configuration once per process: set it before anything loads it.
    os.environ["ALSA_CONFIG_PATH"] = str(ROOT / "tests" / "fixtures" / "alsa" / "capture.conf")
    os.environ["SUPPLE_ALSA_CAPTURE"] = str(capture)
    os.environ.setdefault("SUPPLE_DATA_DIR", str(capture.parent / "data"))

    from tui.audio import AudioCues, AudioPlayer
    from tui.core.config import Settings
    from tui.core.session.engine import CueEvent, CueKind
    from tui.core.session.timeline import SegmentKind

    player = AudioPlayer.create(Settings(volume=80), backends=[args.backend])
    if player.backend_name != args.backend:
        print(f"{args.backend} is not available here (got {player.backend_name})")
        return 1
    cues = AudioCues(player)
    kinds = [SegmentKind.HOLD, SegmentKind.REST, SegmentKind.SWITCH, SegmentKind.GET_READY]
    dispatch: list[float] = []
    for i in range(args.cues):
        event = CueEvent(CueKind.SEGMENT_START, i, float(i), segment_kind=kinds[i % len(kinds)])
        started = time.perf_counter()
        cues.cue(event, None)  # what SessionRunner does at a boundary
        dispatch.append(time.perf_counter() - started)
        player.wait_idle(5.0)
        time.sleep(args.gap)  # cues are never closer than this in a session
    player.close()

    handed = sorted(player.latencies)
    if not handed:
        print("no cue was handed to the output")
        return 1

    def ms(values: list[float], q: float) -> str:
        index = min(len(values) - 1, round(q * (len(values) - 1)))
        return f"{values[index] * 1000:.2f}"

    dispatch.sort()
    print(f"backend {args.backend}, {len(handed)} cues, {args.gap * 1000:.0f} ms apart")
    print(
        f"event -> output: p50 {ms(handed, 0.5)} ms, p99 {ms(handed, 0.99)} ms, "
        f"max {ms(handed, 1.0)} ms (mean {statistics.fmean(handed) * 1000:.2f} ms)"
    )
    print(f"time the caller spends in cue(): p99 {ms(dispatch, 0.99)} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
