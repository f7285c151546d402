"""Every segment and record of a session in words, one function per channel.

The channels: the session screen's heading and count (:func:`heading`,
:func:`count_text`), its "Next: ..." line (:func:`next_text`), plain mode's
line (:func:`segment_line`, :func:`event_line`), the spoken line
(:func:`spoken_line`), the name of a finished segment in the summary and the
history (:func:`segment_name`, :func:`record_title`, :func:`record_part`), and
clock text (:func:`clock_text`).  Each kind of segment says all of this in one
place, its entry in :data:`SEGMENT_WORDS`, so the channels cannot drift apart.
Screens show durations short (``"30 s"``); plain mode and speech, read aloud or
by a screen reader, spell them out (``"30 seconds"``).

Where a new step kind goes:

1. ``tui/core/routine/model.py``: the :class:`~tui.core.routine.model.StepKind`
   member, and any field the kind adds to ``Step``;
2. ``tui/core/routine/spec.py``, the routine format's key tables: which keys the
   kind takes and requires and what its cues count into (that module's docstring
   lists each spot; the checker and the JSON Schema read the tables);
3. ``tui/core/session/timeline.py``: its rule in ``STEP_RULES`` (the segments it
   plays and whether a get-ready comes first);
4. ``tui/core/session/describe.py``: its dose in ``STEP_DOSES``;
5. here: nothing while its segments are of existing kinds.  A step kind that
   plays a new kind of segment adds the ``SegmentKind`` member in timeline.py
   (``is_work`` says whether it counts as exercise), one entry in
   :data:`SEGMENT_WORDS` here and its start sound in
   ``tui/core/session/cue_plan.py`` ``SEGMENT_START_SOUNDS``;

and, for therapists, its rows in ``docs/routine-format.md``.  Nothing else
changes.  ``tests/unit/session/test_step_kinds.py`` fails for a kind that lacks
its rule, its dose, its words or its sound.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Protocol

from tui.core.routine.durations import format_duration
from tui.core.routine.model import Tempo
from tui.core.session.engine import Announcement, CueEvent, CueKind
from tui.core.session.timeline import Segment, SegmentKind


class SegmentRecordLike(Protocol):
    """What naming a finished segment needs (the engine's record or a stored one)."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> SegmentKind: ...
    @property
    def side(self) -> str | None: ...
    @property
    def rep(self) -> int | None: ...
    @property
    def set(self) -> int | None: ...


# --------------------------------------------------------------------------- durations


def spoken_duration(seconds: float | None) -> str:
    """A length as words: ``"30 seconds"``, ``"1 minute"``, ``"2 minutes 30 seconds"``."""
    if seconds is None:
        return ""
    if seconds < 60 and seconds != int(seconds):
        return f"{round(seconds, 1):g} seconds"
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    parts: list[str] = []
    if minutes:
        parts.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    if secs or not minutes:
        parts.append(f"{secs} second" + ("s" if secs != 1 else ""))
    return " ".join(parts)


def clock_text(seconds: float | None) -> str:
    """Seconds as a clock face, rounded: ``"0:25"``, ``"1:05:00"``; ``"-"`` when unknown."""
    if seconds is None or seconds < 0:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def tempo_words(tempo: Tempo) -> str:
    """A paced rep's phases: ``"2 s up, 2 s hold, 2 s down"``."""
    return ", ".join(f"{format_duration(secs)} {name}" for name, secs in tempo.phases())


def plain_number(value: float) -> str:
    """A number as plain mode prints it: ``2`` -> ``"2"``, ``1.5`` -> ``"1.5"``."""
    return f"{value:g}"


# --------------------------------------------------------------------------- one kind each


def _side(side: str | None) -> str:
    return f", {side} side" if side else ""


def _joined(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _side_words(side: str | None) -> str:
    return f"{side} side" if side else ""


def _x_of_n(number: int, of: int | None) -> str:
    return f"{number} of {of or number}"


def _first(number: int | None) -> bool:
    return number in (None, 1)


class SegmentWords(ABC):
    """One kind of segment in words on every channel (one subclass per :class:`SegmentKind`)."""

    #: The kind in a few words, after a step's name where the kind is not obvious
    #: from it: ``"Hamstring stretch (rest)"``.
    kind_word: ClassVar[str]

    @abstractmethod
    def heading(self, segment: Segment) -> str:
        """What to do now, in capitals, as the screen's heading."""

    def count(self, segment: Segment) -> str:
        """Which unit of how many (``"Hold 2 of 3"``), or ``""``."""
        return ""

    @abstractmethod
    def next(self, segment: Segment) -> str:
        """The segment in a few words, after "Next: " on the screen."""

    @abstractmethod
    def line(self, segment: Segment) -> str:
        """Plain mode's line announcing the segment."""

    @abstractmethod
    def spoken(self, segment: Segment) -> str:
        """The words spoken as the segment starts."""

    def part(self, record: SegmentRecordLike) -> str:
        """Which part of its step a finished segment was (``"hold 2, left side"``), or ``""``."""
        return _side_words(record.side)


class _GetReadyWords(SegmentWords):
    kind_word = "get ready"

    def heading(self, segment: Segment) -> str:
        return "GET READY"

    def next(self, segment: Segment) -> str:
        return f"{segment.name} (get ready)"

    def line(self, segment: Segment) -> str:
        return f"Get ready: {segment.name}, {spoken_duration(segment.seconds)}"

    def spoken(self, segment: Segment) -> str:
        return f"Get ready: {segment.name}."


class _HoldWords(SegmentWords):
    kind_word = "hold"

    def heading(self, segment: Segment) -> str:
        return "HOLD"

    def count(self, segment: Segment) -> str:
        return "" if segment.rep is None else f"Hold {_x_of_n(segment.rep, segment.of)}"

    def next(self, segment: Segment) -> str:
        count = self.count(segment).lower() or "start"
        return f"{segment.name}{_side(segment.side)}: {count}"

    def line(self, segment: Segment) -> str:
        hold = spoken_duration(segment.seconds)
        if segment.rep is None or _first(segment.rep):
            return f"{segment.name}{_side(segment.side)}: hold {hold}"
        return f"{self.count(segment)}{_side(segment.side)}: {hold}"

    def spoken(self, segment: Segment) -> str:
        if segment.rep is None or _first(segment.rep):
            hold = f"hold {spoken_duration(segment.seconds)}" if segment.seconds else "hold"
            return f"{segment.name}{_side(segment.side)}: {hold}."
        return f"{self.count(segment)}{_side(segment.side)}."

    def part(self, record: SegmentRecordLike) -> str:
        hold = "" if record.rep is None else f"hold {record.rep}"
        return _joined(hold, _side_words(record.side))


class _SetWords(SegmentWords):
    kind_word = "set"

    def heading(self, segment: Segment) -> str:
        return "REPS"

    def count(self, segment: Segment) -> str:
        return "" if segment.set is None else f"Set {_x_of_n(segment.set, segment.of)}"

    def next(self, segment: Segment) -> str:
        count = self.count(segment).lower() or "start"
        return f"{segment.name}{_side(segment.side)}: {count}"

    def _opening(self, segment: Segment) -> str:
        """Who and which set: "Bridge, set 1 of 3, left side" or "Set 2 of 3, left side"."""
        if segment.set is None or _first(segment.set):
            several = f", set 1 of {segment.of}" if (segment.of or 1) > 1 else ""
            return f"{segment.name}{several}{_side(segment.side)}"
        return f"{self.count(segment)}{_side(segment.side)}"

    def line(self, segment: Segment) -> str:
        reps = f"{segment.reps} reps, " if segment.reps else ""
        if segment.tempo is None:
            pace = "at your own pace; type d when the set is done"
        else:
            pace = tempo_words(segment.tempo)
        return f"{self._opening(segment)}: {reps}{pace}"

    def spoken(self, segment: Segment) -> str:
        reps = f": {segment.reps} reps" if segment.reps else ""
        return f"{self._opening(segment)}{reps}."

    def part(self, record: SegmentRecordLike) -> str:
        number = "" if record.set is None else f"set {record.set}"
        return _joined(number, _side_words(record.side))


class _RestWords(SegmentWords):
    kind_word = "rest"

    def heading(self, segment: Segment) -> str:
        return "REST"

    def next(self, segment: Segment) -> str:
        return f"Rest {format_duration(segment.seconds or 0)}"

    def line(self, segment: Segment) -> str:
        return f"Rest {spoken_duration(segment.seconds)}"

    def spoken(self, segment: Segment) -> str:
        return f"Rest {spoken_duration(segment.seconds)}." if segment.seconds else "Rest."


class _SwitchWords(SegmentWords):
    kind_word = "switch sides"

    def heading(self, segment: Segment) -> str:
        return "SWITCH SIDES"

    def next(self, segment: Segment) -> str:
        return f"Switch to the {segment.side} side" if segment.side else "Switch sides"

    def line(self, segment: Segment) -> str:
        return self.next(segment)

    def spoken(self, segment: Segment) -> str:
        return f"{self.next(segment)}."

    def part(self, record: SegmentRecordLike) -> str:
        # The side of a switch is the side switched to.
        return f"to the {record.side} side" if record.side else ""


class _IntervalWords(SegmentWords):
    kind_word = "interval"

    def heading(self, segment: Segment) -> str:
        return segment.label.upper() if segment.label else "GO"

    def count(self, segment: Segment) -> str:
        if segment.rep is None or (segment.of or 1) <= 1:
            return ""
        return f"Round {segment.rep} of {segment.of}"

    def next(self, segment: Segment) -> str:
        return f"{segment.label or segment.name}, {format_duration(segment.seconds or 0)}"

    def line(self, segment: Segment) -> str:
        count = self.count(segment).lower()
        rounds = f" ({count})" if count else ""
        return f"{segment.label or segment.name}: {spoken_duration(segment.seconds)}{rounds}"

    def spoken(self, segment: Segment) -> str:
        what = segment.label or segment.name
        return f"{what}, {spoken_duration(segment.seconds)}." if segment.seconds else f"{what}."

    def part(self, record: SegmentRecordLike) -> str:
        number = "" if record.rep is None else f"round {record.rep}"
        return _joined(number, _side_words(record.side))


#: The words of each kind of segment: one entry per :class:`SegmentKind`
#: (``tests/unit/session/test_step_kinds.py`` checks that none is missing).
SEGMENT_WORDS: Mapping[SegmentKind, SegmentWords] = MappingProxyType(
    {
        SegmentKind.GET_READY: _GetReadyWords(),
        SegmentKind.HOLD: _HoldWords(),
        SegmentKind.SET: _SetWords(),
        SegmentKind.REST: _RestWords(),
        SegmentKind.SWITCH: _SwitchWords(),
        SegmentKind.INTERVAL: _IntervalWords(),
    }
)


# --------------------------------------------------------------------------- the screen


def heading(segment: Segment) -> str:
    """The screen's heading, in capitals: "HOLD", "REPS", "SWITCH SIDES", an interval's label."""
    return SEGMENT_WORDS[segment.kind].heading(segment)


def end_heading(finished: bool) -> str:
    """The screen's heading once the session is over: finished, or stopped early."""
    return "WELL DONE" if finished else "STOPPED"


def count_text(segment: Segment) -> str:
    """ "Hold 2 of 3", "Set 1 of 3" or "Round 2 of 3" for a work segment, else ""."""
    return SEGMENT_WORDS[segment.kind].count(segment)


def side_text(side: str | None) -> str:
    """A side in capitals ("LEFT"), or "" for none."""
    return side.upper() if side else ""


def next_text(segment: Segment | None) -> str:
    """The screen's "Next: ..." line for the segment after this one (``None``: the end)."""
    if segment is None:
        return "Next: the end"
    return f"Next: {SEGMENT_WORDS[segment.kind].next(segment)}"


#: The spoken words of each announcement but NEXT (which names what follows).
ANNOUNCEMENT_WORDS: dict[Announcement, str] = {
    Announcement.HALFWAY: "Halfway.",
    Announcement.TEN_LEFT: "Ten seconds left.",
}


def announcement_text(event: CueEvent) -> str | None:
    """The words of an :attr:`CueKind.ANNOUNCE` event: "Halfway.", "Next: Bird dog, left side"."""
    try:
        what = Announcement(event.text or "")
    except ValueError:
        return None
    if what is Announcement.NEXT:
        return next_text(event.upcoming) + "." if event.upcoming is not None else None
    return ANNOUNCEMENT_WORDS[what]


def exercise_count_text(number: int, of: int) -> str:
    """Where the session is in the routine: "Exercise 2 of 6"."""
    return f"Exercise {max(number, 1)} of {max(of, 1)}"


def rep_count_text(rep: int, reps: int) -> str:
    """The rep of a paced set being done: "rep 4 of 10"."""
    return f"rep {rep} of {reps}"


def own_pace_text(reps: int, done_key: str = "d") -> str:
    """The screen's reminder in a self-paced set (``done_key``: the key that ends it)."""
    return f"{reps} reps at your own pace: press {done_key} when done"


# --------------------------------------------------------------------------- plain mode and speech


def segment_line(segment: Segment) -> str:
    """Plain mode's line announcing a segment.

    E.g. ``"Lying hamstring stretch, left side: hold 30 seconds"`` or
    ``"Set 2 of 3: 10 reps, 2 s up, 2 s hold, 2 s down"``.
    """
    return SEGMENT_WORDS[segment.kind].line(segment)


def spoken_line(segment: Segment) -> str:
    """The words spoken as a segment starts: ``"Hold 2 of 3, left side."``."""
    return SEGMENT_WORDS[segment.kind].spoken(segment)


#: Plain mode's word for each phase of a paced rep (a pause between reps says nothing).
TEMPO_PHASE_WORDS: dict[str, str] = {"up": "up", "hold": "hold", "down": "down"}


def event_line(event: CueEvent, segment: Segment | None) -> str | None:
    """Plain mode's line for one engine event, or ``None`` for events that print nothing.

    A paced rep is counted at its first phase with that phase's word
    (``"Rep 3 of 10: up"``), then each further phase is its word (``"hold"``,
    ``"down"``), so a screen-reader user can follow the tempo without sound.
    """
    match event.kind:
        case CueKind.SEGMENT_START:
            return segment_line(segment) if segment is not None else None
        case CueKind.COUNTDOWN:
            return str(event.count) if event.count else None
        case CueKind.TEMPO:
            if segment is None or segment.tempo is None or event.rep is None:
                return None
            word = TEMPO_PHASE_WORDS.get(event.phase or "")
            if event.phase != segment.tempo.phases()[0][0]:
                return word
            rep = f"Rep {event.rep} of {event.count or segment.reps}"
            return f"{rep}: {word}" if word else rep
        case CueKind.TEXT:
            return event.text or None
        case CueKind.STEP_DONE:
            return "Step done" if segment is None else f"Step done: {segment.name}"
        case CueKind.SESSION_DONE:
            # The runner's closing words (what was done), when it gave them.
            return event.text or "Session complete"
        case CueKind.ANNOUNCE:
            return announcement_text(event)
        case CueKind.SEGMENT_END:
            return None


# --------------------------------------------------------------------------- records


def record_title(record: SegmentRecordLike) -> str:
    """A finished segment's exercise, with the kind when it was no exercise: "Bridge (rest)"."""
    if record.kind.is_work:
        return record.name
    return f"{record.name} ({SEGMENT_WORDS[record.kind].kind_word})"


def record_part(record: SegmentRecordLike) -> str:
    """Which part of its step a finished segment was: "set 2, left side", or ""."""
    return SEGMENT_WORDS[record.kind].part(record)


def segment_name(record: SegmentRecordLike) -> str:
    """A finished segment as the summary names it: ``"Glute bridge, set 2, left side"``."""
    return _joined(record_title(record), record_part(record))
