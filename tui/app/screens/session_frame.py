"""What the session screen shows, computed from the runner at one instant.

:func:`session_frame` is pure (no Textual): it turns the engine's state at
``now`` into the texts the screen displays, rounded to what the patient can
see (whole seconds, the tempo phase).  The screen keeps the last frame and
touches only the widgets whose part changed, so a running session redraws
about once a second.  :func:`next_change` says how long until the frame can
change, so the screen can sleep until then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tui.core.routine.durations import format_duration
from tui.core.session.describe import reflow
from tui.core.session.engine import EngineState, SessionEngine
from tui.core.session.timeline import Segment, SegmentKind
from tui.core.session.words import (
    clock_text,
    count_text,
    end_heading,
    exercise_count_text,
    heading,
    next_text,
    own_pace_text,
    rep_count_text,
    side_text,
)

#: Never sleep longer than this between ticks (seconds of wall time).
MAX_SLEEP = 1.0
#: Wake this long after a boundary so the engine sees it has passed.  Textual's
#: timers can fire up to 0.5 ms early (``textual._time.sleep`` sleeps 0.5 ms less
#: than asked, asyncio never less), and a wake before the boundary costs a 5 ms
#: re-sleep: 0.8 ms keeps 0.3 ms in hand.
BOUNDARY_MARGIN = 0.0008


@dataclass(frozen=True)
class SessionFrame:
    """Everything the session screen shows, as display text."""

    state: EngineState
    #: Index of the current segment (-1 once the session has ended).
    segment: int
    kind: SegmentKind | None
    #: What to do now, in capitals: "HOLD", "REPS", "REST", "SWITCH SIDES", "GET READY".
    heading: str
    #: The exercise's name.
    name: str
    #: "LEFT" or "RIGHT" (the side being worked, or switched to), else "".
    side: str
    #: "Hold 2 of 3", "Set 1 of 3", "Round 2 of 3", or "".
    count: str
    #: The big clock: time left, or time spent in a self-paced set.
    clock: str
    counting_up: bool
    #: Tempo phase of a paced set in capitals ("UP", "HOLD", "DOWN", "PAUSE"), else "".
    phase: str
    #: Index of the tempo phase within the rep (-1 without a tempo).
    phase_index: int
    #: "rep 4 of 10" for paced and self-paced sets, else "".
    rep: str
    #: "Exercise 2 of 6".
    step: str
    instructions: str
    next: str
    #: Running seconds so far and planned seconds left in the whole session.
    elapsed: int
    left: int
    hurt: bool
    self_paced: bool
    #: What "more" added to this part, shown beside the clock: "+10 s", "+20 s", "+1 rep".
    added: str = ""

    @property
    def paused(self) -> bool:
        """True while the clock is stopped by the patient."""
        return self.state is EngineState.PAUSED

    @property
    def ended(self) -> bool:
        """True once the session finished or was quit."""
        return self.state in (EngineState.FINISHED, EngineState.QUIT)


def _upcoming_side(engine: SessionEngine) -> str:
    """For a get-ready segment: the side the coming exercise starts on."""
    for seg in engine.segments[engine.index + 1 :]:
        if seg.kind.is_work:
            return side_text(seg.side)
    return ""


def _ended_frame(engine: SessionEngine, elapsed: float) -> SessionFrame:
    """The frame once the session has finished or was stopped."""
    return SessionFrame(
        state=engine.state,
        segment=-1,
        kind=None,
        heading=end_heading(engine.state is EngineState.FINISHED),
        name="",
        side="",
        count="",
        clock=clock_text(0),
        counting_up=False,
        phase="",
        phase_index=-1,
        rep="",
        step="",
        instructions="",
        next="",
        elapsed=int(elapsed),
        left=0,
        hurt=False,
        self_paced=False,
    )


def _tempo_parts(
    engine: SessionEngine, seg: Segment, now: float, done_key: str
) -> tuple[str, int, str]:
    """The tempo phase (capitals), its index in the rep, and the rep line of a set."""
    position = engine.tempo_position(now)
    if position is not None and seg.tempo is not None:
        names = [name for name, _ in seg.tempo.phases()]
        index = names.index(position.phase) if position.phase in names else -1
        return position.phase.upper(), index, rep_count_text(position.rep, position.reps)
    if seg.kind is SegmentKind.SET and seg.reps is not None:
        return "", -1, own_pace_text(seg.reps, done_key)
    return "", -1, ""


def _exercise_position(engine: SessionEngine) -> str:
    """ "Exercise 2 of 6": rests between exercises are not exercises."""
    exercises = {s.step for s in engine.segments if s.kind is not SegmentKind.REST}
    done = {s.step for s in engine.segments[: engine.index + 1] if s.kind is not SegmentKind.REST}
    return exercise_count_text(len(done), len(exercises))


def _instructions(engine: SessionEngine, seg: Segment) -> str:
    routine = engine.routine
    if routine is None or not 0 <= seg.step < len(routine.steps):
        return ""
    return reflow(routine.steps[seg.step].instructions)


def session_frame(engine: SessionEngine, now: float, *, done_key: str = "d") -> SessionFrame:
    """The screen's content for ``engine`` at ``now`` (``done_key``: the key that ends a set)."""
    elapsed = engine.session_elapsed(now)
    seg = engine.current
    if seg is None:
        return _ended_frame(engine, elapsed)
    remaining = engine.remaining(now)
    if remaining is None:
        # A self-paced set has no planned length: what is left is the plan after it,
        # and its clock counts the whole seconds spent in it.
        left = sum(s.seconds or 0.0 for s in engine.segments[engine.index + 1 :])
        shown = math.floor(engine.elapsed(now))
    else:
        left = engine.time_left(now)
        shown = math.ceil(remaining - 1e-9)
    phase, phase_index, rep = _tempo_parts(engine, seg, now, done_key)
    side = _upcoming_side(engine) if seg.kind is SegmentKind.GET_READY else side_text(seg.side)
    return SessionFrame(
        state=engine.state,
        segment=engine.index,
        kind=seg.kind,
        heading=heading(seg),
        name=seg.name,
        side=side,
        count=count_text(seg),
        clock=clock_text(shown),
        counting_up=remaining is None,
        phase=phase,
        phase_index=phase_index,
        rep=rep,
        step=_exercise_position(engine),
        instructions=_instructions(engine, seg),
        next=next_text(engine.next_segment),
        elapsed=int(elapsed),
        left=math.ceil(left - 1e-9),
        hurt=engine.hurt_marked,
        self_paced=seg.open_ended,
        added=_added_words(engine),
    )


def _added_words(engine: SessionEngine) -> str:
    """ "+1 rep" / "+2 reps" in a paced set, "+10 s" / "+20 s" otherwise; "" when nothing was."""
    if engine.extra_reps:
        return f"+{engine.extra_reps} rep" + ("s" if engine.extra_reps > 1 else "")
    more = engine.extended_by
    return f"+{format_duration(more)}" if more > 0 else ""


def _until_next_whole(value: float, *, down: bool) -> float:
    """Seconds until ``value`` (counting down or up at 1/s) crosses a whole number."""
    frac = value - math.floor(value)
    if down:
        return frac if frac > 1e-9 else 1.0
    return 1.0 - frac if frac < 1.0 - 1e-9 else 1.0


def next_change(engine: SessionEngine, now: float) -> float | None:
    """Engine seconds until the frame (or a cue) may next change; ``None`` while stopped."""
    if engine.state is not EngineState.RUNNING or engine.current is None:
        return None
    seg = engine.current
    elapsed = engine.elapsed(now)
    waits = [MAX_SLEEP * 4]
    remaining = engine.remaining(now)
    if remaining is not None:
        waits.append(_until_next_whole(remaining, down=True))
        waits.append(remaining)
        waits.append(_until_next_whole(engine.time_left(now), down=True))
    else:
        waits.append(_until_next_whole(elapsed, down=False))
    position = engine.tempo_position(now)
    if position is not None and position.phase_remaining > 0:
        waits.append(position.phase_remaining)
    waits.extend(cue.at - elapsed for cue in seg.cues if cue.at > elapsed)
    return max(0.0, min(w for w in waits if w > 0) if any(w > 0 for w in waits) else 0.0)
