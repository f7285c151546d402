"""The session engine: a pure state machine that plays a timeline.

Time is an input.  Every method takes ``now``, a reading of a monotonic clock
in seconds (``time.monotonic()`` in the app, a fake clock in tests).  The
engine keeps the running time accumulated inside the current segment, so
pauses are excluded exactly and nothing depends on how often it is asked.
When a timed segment ends, the time past its end carries into the next one,
so the session never drifts from the plan however late a tick comes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tui.core.routine.model import Routine
from tui.core.session.timeline import Segment, SegmentKind, compile_timeline


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
    TEMPO = "tempo"  # phase: up/hold/down/pause, rep: 1-based rep number, count: reps in all
    TEXT = "text"  # text: a routine cue's text
    SEGMENT_END = "segment_end"  # record: the finished segment's SegmentRecord
    STEP_DONE = "step_done"  # the last segment of a step ended
    SESSION_DONE = "session_done"  # the last segment ended (not on quit)
    ANNOUNCE = "announce"  # text: an Announcement; upcoming: the segment a NEXT one names


class Announcement(StrEnum):
    """A moment worth saying aloud to a patient who is not looking at the screen."""

    HALFWAY = "halfway"  # half a hold of HALFWAY_FROM seconds or more
    TEN_LEFT = "ten_left"  # ten seconds before the end of a part of TEN_LEFT_FROM s or more
    NEXT = "next"  # early in a rest: the exercise that follows


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
    #: Pain (0-10) rated after "this hurts" in this segment (``None``: not asked or skipped).
    pain_now: int | None = None
    #: An interval block's label ("Walk at an easy pace"), so a round says what it was.
    label: str | None = None
    #: Reps the patient said they did in a self-paced set (``None``: not asked or skipped).
    reps_done: int | None = None


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
    #: For an Announcement.NEXT: the segment it names.
    upcoming: Segment | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TempoPosition:
    """Where a paced set stands: which rep, which phase, and how long the phase has left."""

    rep: int
    reps: int
    phase: str
    phase_remaining: float


#: Seconds of the 3-2-1 countdown before the end of a timed segment.
COUNTDOWN_FROM = 3
#: The most reps a patient can say they did in one self-paced set.
MAX_REPS_DONE = 1000
#: A hold at least this long has its half announced.
HALFWAY_FROM = 20.0
#: A timed part (not a paced set) at least this long has "ten seconds left" announced.
TEN_LEFT_FROM = 30.0
#: A rest at least NEXT_FROM seconds long names what follows NEXT_AFTER seconds in (a
#: shorter one has no room for it before its 3-2-1).
NEXT_FROM = 10.0
NEXT_AFTER = 2.0


class SessionEngine:
    """Plays a routine's timeline against a clock the caller reads.

    Every method that changes state takes ``now`` and returns the
    :class:`CueEvent` list that change produced, in order.  Call
    :meth:`advance` whenever convenient (a screen does it on each tick); late
    or missed calls change nothing but when the events are seen.
    """

    def __init__(
        self,
        routine: Routine | None = None,
        *,
        segments: tuple[Segment, ...] | None = None,
        back_grace: float = 3.0,
        start_at: int = 0,
        earlier: Sequence[SegmentRecord] = (),
    ) -> None:
        """Play ``routine``'s timeline (or ``segments``) from its start.

        A resumed session starts at timeline index ``start_at`` (the part after
        the last one recorded: a part cut off mid-way starts again from its
        beginning) with ``earlier``, the records from before, kept at the head
        of :attr:`records` and their running time in :meth:`session_elapsed`.
        ``start_at`` past the last segment is a session with nothing left to play.
        """
        if segments is None:
            if routine is None:
                raise ValueError("SessionEngine needs a routine or segments")
            segments = compile_timeline(routine)
        if not 0 <= start_at <= len(segments):
            raise ValueError(f"start_at {start_at} is outside the timeline (0-{len(segments)})")
        self.routine = routine
        self.segments: tuple[Segment, ...] = segments
        #: Pressing back within this many seconds of a segment's start goes to the previous one.
        self.back_grace = back_grace
        self.state = EngineState.READY if start_at < len(segments) else EngineState.FINISHED
        self.index = start_at
        #: Every outcome so far, in order (a resumed session's earlier ones first).
        self.records: list[SegmentRecord] = list(earlier)
        # Running time accumulated in the current segment before ``_since``.
        self._elapsed = 0.0
        # Clock reading when the segment last started running (None when not running).
        self._since: float | None = None
        self._extension = 0.0
        # Reps added to a paced set ("e" adds one rep at the same tempo, not ten silent seconds).
        self.extra_reps = 0
        self._hurt = False
        self._pain_now: int | None = None
        # Reps said for the self-paced set being ended (kept in its record).
        self._reps_done: int | None = None
        # Segment-relative time up to which events were emitted (None: nothing yet).
        self._processed: float | None = None
        # Announcements made in the current segment (each once, even after "+10 s").
        self._announced: set[Announcement] = set()
        # Session running time accumulated in segments already left (and before a resume).
        self._session_before = sum(record.actual_seconds for record in earlier)

    # ----------------------------------------------------------------- queries

    @property
    def current(self) -> Segment | None:
        """The segment being played, or ``None`` once the session has ended."""
        if self.state in (EngineState.FINISHED, EngineState.QUIT):
            return None
        return self.segments[self.index]

    @property
    def next_segment(self) -> Segment | None:
        """The segment after the current one, if any."""
        if self.current is None or self.index + 1 >= len(self.segments):
            return None
        return self.segments[self.index + 1]

    @property
    def running(self) -> bool:
        """True while the clock is counting."""
        return self.state is EngineState.RUNNING

    @property
    def ended(self) -> bool:
        """True once the session finished or was quit."""
        return self.state in (EngineState.FINISHED, EngineState.QUIT)

    @property
    def hurt_marked(self) -> bool:
        """True when "this hurts" was marked on the current segment."""
        return self._hurt

    @property
    def pain_now(self) -> int | None:
        """The pain rated after "this hurts" on the current segment, if any."""
        return self._pain_now

    def elapsed(self, now: float) -> float:
        """Running seconds spent in the current segment."""
        if self._since is None:
            return self._elapsed
        return self._elapsed + max(0.0, now - self._since)

    def duration(self) -> float | None:
        """Length of the current segment including extensions (``None``: open-ended)."""
        seg = self.current
        if seg is None or seg.seconds is None:
            return None
        return seg.seconds + self._extension

    def remaining(self, now: float) -> float | None:
        """Seconds left in the current segment (``None`` when open-ended or ended)."""
        total = self.duration()
        if total is None:
            return None
        return max(0.0, total - self.elapsed(now))

    def session_elapsed(self, now: float) -> float:
        """Running seconds in the whole session (pauses excluded)."""
        if self.ended:
            return self._session_before
        return self._session_before + self.elapsed(now)

    def time_left(self, now: float) -> float:
        """Planned running seconds left in the session; open-ended sets count as nothing."""
        if self.current is None:
            return 0.0
        # Not clamped per segment: time past the current segment's end (before
        # the next advance()) already counts against the segments after it.
        left = sum(s.seconds or 0.0 for s in self.segments[self.index + 1 :])
        total = self.duration()
        if total is not None:
            left += total - self.elapsed(now)
        return max(0.0, left)

    def tempo_position(self, now: float) -> TempoPosition | None:
        """The rep and phase of a paced set in progress, else ``None``."""
        seg = self.current
        reps = self.reps_now()
        if seg is None or seg.tempo is None or reps is None:
            return None
        rep_seconds = seg.tempo.seconds
        if rep_seconds <= 0:
            return None
        elapsed = min(self.elapsed(now), rep_seconds * reps)
        rep = min(int(elapsed // rep_seconds), reps - 1)
        within = elapsed - rep * rep_seconds
        phase_start = 0.0
        phases = seg.tempo.phases()
        for name, secs in phases:
            if within < phase_start + secs:
                return TempoPosition(rep + 1, reps, name, phase_start + secs - within)
            phase_start += secs
        name, _ = phases[-1]
        return TempoPosition(rep + 1, reps, name, 0.0)

    # ----------------------------------------------------------------- commands

    def start(self, now: float) -> list[CueEvent]:
        """Begin the session with its first segment."""
        if self.state is not EngineState.READY:
            return []
        self.state = EngineState.RUNNING
        self._since = now
        return self._enter(self.index, now) + self.advance(now)

    def advance(self, now: float) -> list[CueEvent]:
        """Bring the session up to ``now``: emit due cues and end finished segments."""
        events: list[CueEvent] = []
        while self.state is EngineState.RUNNING:
            elapsed = self.elapsed(now)
            total = self.duration()
            events.extend(self._due_events(elapsed if total is None else min(elapsed, total)))
            if total is None or elapsed < total:
                break
            # The segment is over; time past its end belongs to the next one.
            overflow = elapsed - total
            events.extend(self._leave(SegmentStatus.DONE, total))
            if self.ended:
                break
            self._elapsed = overflow
            self._since = now
            events.extend(self._enter(self.index, now, keep_elapsed=True))
        return events

    def pause(self, now: float) -> list[CueEvent]:
        """Stop the clock; pauses never count as exercise time."""
        if self.state is not EngineState.RUNNING:
            return []
        events = self.advance(now)
        if self.state is EngineState.RUNNING:
            self._elapsed = self.elapsed(now)
            self._since = None
            self.state = EngineState.PAUSED
        return events

    def resume(self, now: float) -> list[CueEvent]:
        """Restart the clock after a pause."""
        if self.state is not EngineState.PAUSED:
            return []
        self.state = EngineState.RUNNING
        self._since = now
        return self.advance(now)

    def toggle_pause(self, now: float) -> list[CueEvent]:
        """Pause when running, resume when paused, start when ready."""
        if self.state is EngineState.READY:
            return self.start(now)
        if self.state is EngineState.RUNNING:
            return self.pause(now)
        return self.resume(now)

    def skip(self, now: float) -> list[CueEvent]:
        """Leave the current segment unfinished and go to the next."""
        if self.current is None or self.state is EngineState.READY:
            return []
        events = self.advance(now)
        if self.ended:
            return events
        elapsed = self.elapsed(now)
        events.extend(self._leave(SegmentStatus.SKIPPED, elapsed))
        if not self.ended:
            events.extend(self._enter(self.index, now))
            events.extend(self.advance(now))
        return events

    def done(self, now: float, reps: int | None = None) -> list[CueEvent]:
        """The patient finished a self-paced set, ``reps`` in it if they said (no effect on
        timed segments)."""
        seg = self.current
        if seg is None or not seg.open_ended or self.state is EngineState.READY:
            return []
        self._reps_done = reps if reps is None or 0 <= reps <= MAX_REPS_DONE else None
        events = self._leave(SegmentStatus.DONE, self.elapsed(now))
        self._reps_done = None
        if not self.ended:
            events.extend(self._enter(self.index, now))
            events.extend(self.advance(now))
        return events

    def back(self, now: float) -> list[CueEvent]:
        """Restart the current segment, or go to the previous one when near its start."""
        if self.current is None or self.state is EngineState.READY:
            return []
        events = self.advance(now)
        if self.ended:
            return events
        target = self.index
        if self.elapsed(now) < self.back_grace and self.index > 0:
            target = self.index - 1
        self._session_before += self.elapsed(now)
        events.extend(self._enter(target, now))
        events.extend(self.advance(now))
        return events

    def extend(self, now: float, seconds: float = 10.0) -> list[CueEvent]:
        """Add ``seconds`` to the current timed segment; a paced set gets one more rep instead.

        A paced set's time is its reps at their tempo, so ten more seconds would
        be ten seconds with nothing to do; one more rep keeps the tempo going.
        """
        if self.current is None or self.current.open_ended or seconds <= 0:
            return []
        events = self.advance(now)
        seg = self.current
        if seg is None:
            return events
        if seg.tempo is not None and seg.reps is not None and seg.tempo.seconds > 0:
            self.extra_reps += 1
            self._extension += seg.tempo.seconds
        else:
            self._extension += seconds
        return events

    @property
    def extended_by(self) -> float:
        """Seconds "more" added to the current segment (a paced set's in whole reps)."""
        return self._extension

    def reps_now(self) -> int | None:
        """Reps of the current paced (or self-paced) set, with any added; ``None`` otherwise."""
        seg = self.current
        if seg is None or seg.reps is None:
            return None
        return seg.reps + self.extra_reps

    def hurt(self, now: float) -> list[CueEvent]:
        """Mark "this hurts" on the current segment; it is kept in its record."""
        events = self.advance(now)
        if self.current is not None:
            self._hurt = True
        return events

    def rate_hurt(self, pain_now: int | None) -> None:
        """Keep the pain rated after "this hurts" on the current segment (``None``: skipped)."""
        if self.current is not None and self._hurt and pain_now is not None:
            self._pain_now = pain_now

    def skip_exercise(self, now: float) -> list[CueEvent]:
        """Leave the current exercise (step): this part and its others are recorded skipped.

        The parts after the current one are recorded as skipped with no time,
        without sounds of their own, and the session goes on with the next step.
        """
        if self.current is None or self.state is EngineState.READY:
            return []
        events = self.advance(now)
        if self.ended:
            return events
        step = self.segments[self.index].step
        events.extend(self._leave(SegmentStatus.SKIPPED, self.elapsed(now)))
        while not self.ended and self.segments[self.index].step == step:
            self._hurt, self._pain_now = False, None
            events.extend(self._leave(SegmentStatus.SKIPPED, 0.0))
        if not self.ended:
            events.extend(self._enter(self.index, now))
            events.extend(self.advance(now))
        return events

    def quit(self, now: float) -> list[CueEvent]:
        """End the session early; the current segment is recorded as partial."""
        if self.ended:
            return []
        events = self.advance(now) if self.state is EngineState.RUNNING else []
        if self.ended:
            return events
        if self.state is not EngineState.READY:
            record = self._record(SegmentStatus.PARTIAL, self.elapsed(now))
            self.records.append(record)
            self._session_before += record.actual_seconds
            events.append(self._event(CueKind.SEGMENT_END, record=record))
        self.state = EngineState.QUIT
        self._since = None
        return events

    # ----------------------------------------------------------------- internals

    def _enter(self, index: int, now: float, *, keep_elapsed: bool = False) -> list[CueEvent]:
        self.index = index
        if not keep_elapsed:
            self._elapsed = 0.0
            self._since = now if self.state is EngineState.RUNNING else None
        self._extension = 0.0
        self.extra_reps = 0
        self._hurt = False
        self._pain_now = None
        self._processed = None
        self._announced = set()
        seg = self.segments[index]
        events = [self._event(CueKind.SEGMENT_START, segment_kind=seg.kind)]
        # Cues due at the very start (a tempo's first phase) come with it; the
        # rest arrive through advance(), which the caller runs when the clock runs.
        events.extend(self._due_events(self._elapsed if not keep_elapsed else 0.0))
        return events

    def _leave(self, status: SegmentStatus, actual: float) -> list[CueEvent]:
        record = self._record(status, actual)
        self.records.append(record)
        self._session_before += actual
        events = [self._event(CueKind.SEGMENT_END, record=record)]
        seg = self.segments[self.index]
        last = self.index + 1 >= len(self.segments)
        if last or self.segments[self.index + 1].step != seg.step:
            events.append(self._event(CueKind.STEP_DONE))
        if last:
            self.state = EngineState.FINISHED
            self._since = None
            events.append(self._event(CueKind.SESSION_DONE))
        else:
            self.index += 1
        return events

    def _record(self, status: SegmentStatus, actual: float) -> SegmentRecord:
        seg = self.segments[self.index]
        return SegmentRecord(
            index=self.index,
            step=seg.step,
            name=seg.name,
            kind=seg.kind,
            side=seg.side,
            rep=seg.rep,
            set=seg.set,
            planned_seconds=seg.seconds,
            actual_seconds=actual,
            status=status,
            hurt=self._hurt,
            pain_now=self._pain_now,
            label=seg.label,
            reps_done=self._reps_done,
        )

    def _event(self, kind: CueKind, offset: float = 0.0, **fields: object) -> CueEvent:
        at = self._session_before + offset
        return CueEvent(kind, self.index, at, **fields)  # type: ignore[arg-type]

    def _announcements(
        self, seg: Segment, total: float
    ) -> list[tuple[float, Announcement, Segment | None]]:
        """This segment's announcements not yet made: when (segment-relative seconds), what,
        and for an Announcement.NEXT the segment it names."""
        found: list[tuple[float, Announcement, Segment | None]] = []
        if seg.kind is SegmentKind.HOLD and total >= HALFWAY_FROM:
            found.append((total / 2, Announcement.HALFWAY, None))
        timed = seg.kind.is_work or seg.kind is SegmentKind.REST
        if timed and seg.tempo is None and total >= TEN_LEFT_FROM:
            found.append((total - 10.0, Announcement.TEN_LEFT, None))
        long_rest = seg.kind is SegmentKind.REST and total >= NEXT_FROM
        if long_rest and Announcement.NEXT not in self._announced:
            upcoming = self._next_work()
            if upcoming is not None:
                found.append((NEXT_AFTER, Announcement.NEXT, upcoming))
        return [entry for entry in found if entry[1] not in self._announced]

    def _next_work(self) -> Segment | None:
        """The next work segment after the current one (what a rest's NEXT names)."""
        segments = self.segments
        return next(
            (segments[i] for i in range(self.index + 1, len(segments)) if segments[i].kind.is_work),
            None,
        )

    def _due_events(self, upto: float) -> list[CueEvent]:
        """Events of the current segment due in (processed, upto], in time order."""
        seg = self.segments[self.index]
        after = self._processed
        due: list[tuple[float, int, CueEvent]] = []

        def add(t: float, order: int, kind: CueKind, **fields: object) -> None:
            if t <= upto and (after is None or t > after):
                due.append((t, order, self._event(kind, t, **fields)))

        total = self.duration()
        if seg.tempo is not None and seg.reps is not None:
            t = 0.0
            reps = seg.reps + self.extra_reps
            for rep in range(1, reps + 1):
                for phase, secs in seg.tempo.phases():
                    add(t, 1, CueKind.TEMPO, phase=phase, rep=rep, count=reps)
                    t += secs
        elif total is not None:
            for count in range(COUNTDOWN_FROM, 0, -1):
                if total - count > 0:
                    add(total - count, 2, CueKind.COUNTDOWN, count=count)
        if seg.kind.is_work:
            for cue in seg.cues:
                add(cue.at, 0, CueKind.TEXT, text=cue.text)
        if total is not None:
            for at, what, upcoming in self._announcements(seg, total):
                if at <= upto and (after is None or at > after):
                    self._announced.add(what)
                    add(at, 3, CueKind.ANNOUNCE, text=what.value, upcoming=upcoming)
        if after is None or upto > after:
            self._processed = upto
        due.sort(key=lambda item: (item[0], item[1]))
        return [event for _, _, event in due]
