"""A guided session: the engine plus what happens around it.

:class:`SessionRunner` joins the pure :class:`~tui.core.session.engine.SessionEngine`
to the outside world through small protocols: a clock, a cue output (sounds
and speech) and a history writer.  Both the Textual session screen and the
plain-text mode drive a runner, so they behave the same: the screens only
render its state and forward keys to it.

Speed (a therapist's dry run) is applied here by scaling the clock, so the
engine itself stays unaware of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from tui.core.routine.model import Routine
from tui.core.session.engine import CueEvent, CueKind, EngineState, SegmentRecord, SessionEngine
from tui.core.session.outcome import Outcome, closing_words, outcome_of
from tui.core.session.safety import HurtChoice
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import Segment


class CueOutput(Protocol):
    """Where sound and speech cues go (an audio player, or a recorder in tests)."""

    def cue(self, event: CueEvent, segment: Segment | None) -> None:
        """Play whatever goes with ``event`` (``segment`` is the one it belongs to).

        An output may also have ``cue_batch(events, segments)``: the runner
        then hands it all the events of one tick (or command) at once, with
        each event's segment, instead of calling :meth:`cue` for each, so it
        can choose the one sound of an instant itself before playing anything.
        """


class HistoryWriter(Protocol):
    """Where the session's record goes as it happens."""

    def segment_ended(self, record: SegmentRecord) -> None:
        """Save one finished segment."""

    def session_ended(self, status: SessionStatus) -> None:
        """The session is over (ratings are saved separately, after it)."""


@dataclass
class _ScaledClock:
    """``clock()`` sped up ``speed`` times from the moment it is made."""

    clock: Callable[[], float]
    speed: float

    def __post_init__(self) -> None:
        self.origin = self.clock()

    def __call__(self) -> float:
        return self.origin + (self.clock() - self.origin) * self.speed


class SessionRunner:
    """Runs one session of a routine: engine, cues and history together.

    Every command reads the clock itself and returns the engine's events, so
    a caller (screen or plain mode) only has to render.
    """

    def __init__(
        self,
        routine: Routine,
        *,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
        cues: CueOutput | None = None,
        history: HistoryWriter | None = None,
        back_grace: float = 3.0,
        start_at: int = 0,
        earlier: Sequence[SegmentRecord] = (),
    ) -> None:
        """Run ``routine`` from its start, or resume it.

        A resumed session (one that stopped unexpectedly) starts at timeline
        index ``start_at`` with ``earlier``, its records from before; ``history``
        then goes on writing the same session (it gets only the new segments).
        """
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.routine = routine
        self.speed = speed
        self.clock: Callable[[], float] = clock if speed == 1.0 else _ScaledClock(clock, speed)
        self.engine = SessionEngine(
            routine, back_grace=back_grace, start_at=start_at, earlier=earlier
        )
        self.cues = cues
        self.history = history
        #: Every event so far, in order (the screens and tests read it).
        self.log: list[CueEvent] = []
        self._closed = False
        #: True when the session continues one that stopped unexpectedly.
        self.resumed = start_at > 0 or bool(earlier)

    @property
    def preview(self) -> bool:
        """True when the session runs faster than real time (left out of adherence)."""
        return self.speed != 1.0

    def now(self) -> float:
        """The engine's current time."""
        return self.clock()

    # Commands: each returns the events it produced, already dispatched.

    def start(self) -> list[CueEvent]:
        """Start the session.

        A resumed session with no part left is over at once: the history hears so here.
        """
        return self._dispatch(self.engine.start(self.now()))

    def tick(self) -> list[CueEvent]:
        """Bring the session up to date; call it often (e.g. ten times a second)."""
        return self._dispatch(self.engine.advance(self.now()))

    def toggle_pause(self) -> list[CueEvent]:
        """Pause or resume."""
        return self._dispatch(self.engine.toggle_pause(self.now()))

    def skip(self) -> list[CueEvent]:
        """Skip the current segment."""
        return self._dispatch(self.engine.skip(self.now()))

    def back(self) -> list[CueEvent]:
        """Restart the segment, or go back one when near its start."""
        return self._dispatch(self.engine.back(self.now()))

    def extend(self, seconds: float = 10.0) -> list[CueEvent]:
        """Give the current segment more time."""
        return self._dispatch(self.engine.extend(self.now(), seconds))

    def done(self) -> list[CueEvent]:
        """End a self-paced set."""
        return self._dispatch(self.engine.done(self.now()))

    def hurt(self) -> list[CueEvent]:
        """Stop the clock and mark "this hurts" on the current segment.

        The front end then asks how bad it is (:meth:`rate_hurt`) and what to
        do (:meth:`after_hurt`).
        """
        now = self.now()
        return self._dispatch(self.engine.pause(now) + self.engine.hurt(now))

    def rate_hurt(self, pain_now: int | None) -> None:
        """Keep the pain rated after "this hurts" on the current part (``None``: skipped)."""
        self.engine.rate_hurt(pain_now)

    def after_hurt(self, choice: HurtChoice) -> list[CueEvent]:
        """Carry on gently, skip the exercise, or end the session, as the patient chose."""
        now = self.now()
        if choice is HurtChoice.END_SESSION:
            return self.quit()
        events = self.engine.skip_exercise(now) if choice is HurtChoice.SKIP_EXERCISE else []
        return self._dispatch(events + self.engine.resume(now))

    def quit(self) -> list[CueEvent]:
        """Stop early; the session is kept as partial."""
        return self._dispatch(self.engine.quit(self.now()))

    @property
    def status(self) -> SessionStatus | None:
        """``completed`` or ``partial`` once the session is over, else ``None``."""
        if self.engine.state is EngineState.FINISHED:
            return SessionStatus.COMPLETED
        if self.engine.state is EngineState.QUIT:
            return SessionStatus.PARTIAL
        return None

    def outcome(self) -> Outcome:
        """What the session counts so far, its done share over the whole plan included."""
        return outcome_of(self.engine.records, self.engine.segments)

    def closing_words(self) -> str:
        """What happened, in one line (:func:`~tui.core.session.outcome.closing_words`)."""
        return closing_words(self.status, self.outcome(), self.routine.counts_when_done)

    @property
    def hurt_marks(self) -> list[SegmentRecord]:
        """Segments marked "this hurts"."""
        return [r for r in self.engine.records if r.hurt]

    def _dispatch(self, events: list[CueEvent]) -> list[CueEvent]:
        timeline = self.engine.segments
        # The end of the session says what happened (spoken, and in plain mode's line).
        events = [
            replace(e, text=self.closing_words()) if e.kind is CueKind.SESSION_DONE else e
            for e in events
        ]
        batch = getattr(self.cues, "cue_batch", None)
        if batch is not None and events:
            # The cues first: the sound of a boundary should not wait for the history.
            batch(events, [timeline[e.segment] if timeline else None for e in events])
        for event in events:
            self.log.append(event)
            if self.cues is not None and batch is None:
                self.cues.cue(event, timeline[event.segment] if timeline else None)
            if (
                self.history is not None
                and event.kind is CueKind.SEGMENT_END
                and event.record is not None
            ):
                self.history.segment_ended(event.record)
        status = self.status
        if status is not None and not self._closed:
            self._closed = True
            if self.history is not None:
                self.history.session_ended(status)
        return events
