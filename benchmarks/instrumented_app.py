"""Run ``supple`` with timestamps on the session's events and on every cue's hand-off.

Used by ``bench_session.py`` inside tmux, so the app runs exactly as a
patient's does (real terminal, real timers, real audio chain); nothing in
supple is changed, only wrapped:

* ``SessionRunner.start`` / ``toggle_pause`` / ``_dispatch``: the monotonic time
  of the start, of each pause and resume, and of each event's dispatch;
* ``AudioCues.cue`` (or ``cue_batch``), ``AudioPlayer._put`` and each backend's ``play``: which
  event each sound request came from, and when the backend accepted its
  samples (``simpleaudio.play_buffer`` returned, or a player process started).

When the session ends it writes everything, with the process's peak memory,
as JSON to OUT, then lets the app carry on (the harness closes it).

Two knobs try a change without editing supple (``bench_session.py --what-if``):
``BENCH_SWITCH_INTERVAL`` (seconds) calls ``sys.setswitchinterval`` first, and
``BENCH_COALESCE_WINDOW`` (seconds) replaces ``tui.audio.player.COALESCE_WINDOW``.

    python benchmarks/instrumented_app.py OUT.json run ROUTINE [--speed N] [--no-sound]
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

OUT = Path(sys.argv[1])
ARGV = sys.argv[2:]

log: dict[str, Any] = {
    "argv": ARGV,
    "start": None,
    "start_wall": None,
    "speed": 1.0,
    "pauses": [],  # [wall, "pause"|"resume"]
    "events": [],  # [wall, kind, segment, at, actual, planned, side, name, seg_kind]
    "asked": [],  # [request's perf_counter stamp, cue name, event at, event kind]
    "handed": [],  # [request's stamp, perf_counter when the backend accepted it, backend]
    "backend": None,
}
_asking = threading.local()


def _peak_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _write() -> None:
    log["peak_rss"] = _peak_rss()
    OUT.write_text(json.dumps(log))


def instrument() -> None:
    """Wrap the runner and the audio player (see the module docstring)."""
    from tui.core.session.engine import CueKind, EngineState
    from tui.core.session.runner import SessionRunner

    start = SessionRunner.start
    toggle = SessionRunner.toggle_pause
    dispatch = SessionRunner._dispatch

    def timed_start(self: SessionRunner) -> Any:
        log["start"] = time.monotonic()
        log["start_wall"] = time.time()  # the clock's start in wall time, for the history's
        log["speed"] = self.speed
        return start(self)

    def timed_toggle(self: SessionRunner) -> Any:
        wall = time.monotonic()
        events = toggle(self)
        running = self.engine.state is EngineState.RUNNING
        log["pauses"].append([wall, "resume" if running else "pause"])
        return events

    def timed_dispatch(self: SessionRunner, events: list[Any]) -> Any:
        wall = time.monotonic()
        for event in events:
            seg = self.engine.segments[event.segment]
            record = event.record
            log["events"].append(
                [
                    wall,
                    event.kind.value,
                    event.segment,
                    event.at,
                    record.actual_seconds if record is not None else None,
                    seg.seconds,
                    seg.side,
                    seg.name,
                    seg.kind.value,
                ]
            )
        try:
            return dispatch(self, events)
        finally:
            if any(event.kind is CueKind.SESSION_DONE for event in events):
                _write()

    SessionRunner.start = timed_start  # type: ignore[method-assign]
    SessionRunner.toggle_pause = timed_toggle  # type: ignore[method-assign]
    SessionRunner._dispatch = timed_dispatch  # type: ignore[method-assign]

    try:
        from tui.audio.cues import AudioCues
        from tui.audio.player import AudioPlayer
    except ImportError:
        return
    cue = AudioCues.cue
    cue_batch = getattr(AudioCues, "cue_batch", None)
    put = AudioPlayer._put
    begin = AudioPlayer._start
    init = AudioPlayer.__init__

    def timed_cue(self: AudioCues, event: Any, segment: Any) -> None:
        _asking.event = (event.at, event.kind.value)
        try:
            cue(self, event, segment)
        finally:
            _asking.event = None

    def timed_cue_batch(self: AudioCues, events: Any, segments: Any) -> None:
        _asking.batch = events
        try:
            cue_batch(self, events, segments)
        finally:
            _asking.batch = None

    def _batch_event(name: str) -> Any:
        # The event of the batch whose sound the player was given.
        from tui.core.session.cue_plan import sound_for

        for event in getattr(_asking, "batch", None) or ():
            if sound_for(event) == name:
                return (event.at, event.kind.value)
        return None

    def timed_put(self: AudioPlayer, request: Any) -> None:
        event = getattr(_asking, "event", None) or _batch_event(request.name)
        if request.name and event is not None:
            # ``asked`` is the request's own perf_counter() stamp (CLOCK_MONOTONIC on
            # Linux, like time.monotonic()); the hand-off below is joined on it.
            log["asked"].append([request.asked, request.name, event[0], event[1]])
        put(self, request)

    def timed_begin(self: AudioPlayer, request: Any) -> None:
        _asking.request = request
        try:
            begin(self, request)
        finally:
            _asking.request = None

    def timed_init(self: AudioPlayer, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        log["backend"] = self.backend_name
        for backend in self.backends:
            backend_play = backend.play

            def handed(sound: Any, _play: Any = backend_play, _name: str = backend.name) -> Any:
                playback = _play(sound)
                request = getattr(_asking, "request", None)
                asked = getattr(request, "asked", None)
                log["handed"].append([asked, time.perf_counter(), _name])
                return playback

            backend.play = handed  # type: ignore[method-assign]

    AudioCues.cue = timed_cue  # type: ignore[method-assign]
    if cue_batch is not None:
        AudioCues.cue_batch = timed_cue_batch  # type: ignore[method-assign]
    AudioPlayer._put = timed_put  # type: ignore[method-assign]
    AudioPlayer._start = timed_begin  # type: ignore[method-assign]
    AudioPlayer.__init__ = timed_init  # type: ignore[method-assign]


def what_if() -> None:
    """Apply the experiment knobs (see the module docstring)."""
    import os

    interval = os.environ.get("BENCH_SWITCH_INTERVAL")
    if interval:
        sys.setswitchinterval(float(interval))
    window = os.environ.get("BENCH_COALESCE_WINDOW")
    if window:
        import tui.audio.player

        tui.audio.player.COALESCE_WINDOW = float(window)


def main() -> int:
    what_if()
    instrument()
    from tui.cli import main as supple

    try:
        return supple(ARGV)
    finally:
        if not OUT.exists():
            _write()


if __name__ == "__main__":
    raise SystemExit(main())
