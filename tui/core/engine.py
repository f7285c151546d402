"""The session engine: a pure state machine that plays a timeline.

Time is an input.  Every method takes ``now``, a reading of a monotonic clock
in seconds (``time.monotonic()`` in the app, a fake clock in tests).  The
engine keeps the running time accumulated inside the current segment, so
pauses are excluded exactly and nothing depends on how often it is asked.
When a timed segment ends, the time past its end carries into the next one,
so the session never drifts from the plan however late a tick comes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tui.core.routine import Routine
from tui.core.timeline import Segment, SegmentKind, compile_timeline


class EngineState(StrEnum):
    """Where a session stands."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    QUIT = "quit"


class CueKind(StrEnum):
    """What just happened, for the sound and screen layers."""

    SEGMENT_START = "segment_start"  # segment_kind says get_ready/hold/set/rest/switch/interval
    COUNTDOWN = "countdown"  # count: 3, 2, 1 seconds left in a timed segment
    TEMPO = "tempo"  # phase: up/hold/down/pause, rep: 1-based rep number
    TEXT = "text"  # text: a routine cue's text
    SEGMENT_END = "segment_end"  # record: the finished segment's SegmentRecord
    STEP_DONE = "step_done"  # the last segment of a step ended
    SESSION_DONE = "session_done"  # the last segment ended (not on quit)


class SegmentStatus(StrEnum):
    """What became of a segment."""

    DONE = "done"
    SKIPPED = "skipped"
    PARTIAL = "partial"


@dataclass(frozen=True)
class SegmentRecord:
    """What actually happened in one segment, for the history."""

    index: int
    step: int
    name: str
    kind: SegmentKind
    side: str | None
    rep: int | None
    set: int | None
    planned_seconds: float | None
    actual_seconds: float
    status: SegmentStatus
    hurt: bool = False


@dataclass(frozen=True)
class CueEvent:
    """One event emitted by the engine.  ``at`` is the session running time it belongs to."""

    kind: CueKind
    segment: int
    at: float
    segment_kind: SegmentKind | None = None
    count: int | None = None
    phase: str | None = None
    rep: int | None = None
    text: str | None = None
    record: SegmentRecord | None = field(default=None, compare=False)
