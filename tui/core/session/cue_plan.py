"""Which sound (and which spoken words) go with each event the session engine emits.

Pure functions of :class:`~tui.core.session.engine.CueEvent` values: the session screen
and the plain-text mode pass every batch of events from
``SessionEngine.advance(now)`` through :func:`plan_cues` and hand the result to
the player (:mod:`tui.audio`).

One sound per instant.  Several events often share a moment (a hold ends, its
step ends and the next get-ready begins, all at once); playing each would cut
or smear the others, so :func:`plan_cues` keeps the single most useful sound
for each instant, by :data:`PRIORITY`, and likewise one phrase of speech.

:class:`CueSelector` does the same one event at a time, for a
:class:`~tui.core.session.runner.CueOutput` that is handed events singly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.core.session.engine import CueEvent, CueKind, SegmentStatus
from tui.core.session.timeline import Segment, SegmentKind
from tui.core.session.words import announcement_text, spoken_line

#: The sound that starts each kind of segment: one entry per :class:`SegmentKind`
#: (``tests/unit/session/test_step_kinds.py`` checks that none is missing).
SEGMENT_START_SOUNDS: dict[SegmentKind, str] = {
    SegmentKind.GET_READY: "get_ready",
    SegmentKind.HOLD: "work_start",
    SegmentKind.SET: "work_start",
    SegmentKind.INTERVAL: "work_start",
    SegmentKind.REST: "rest",
    SegmentKind.SWITCH: "switch_sides",
}

#: The sound for each tempo phase of a paced rep.
TEMPO_SOUNDS: dict[str, str] = {
    "up": "tempo_up",
    "hold": "tempo_hold",
    "down": "tempo_down",
    "pause": "tempo_pause",
}

#: When several sounds fall on one instant, the highest wins.
PRIORITY: dict[str, int] = {
    "session_complete": 100,
    "switch_sides": 90,
    "work_start": 80,
    "rest": 80,
    # The end of an exercise is worth hearing; the get-ready that follows it is
    # announced by speech and by its own 3-2-1.  Work, rest and switch still win.
    "step_done": 75,
    "get_ready": 70,
    "tempo_up": 60,
    "tempo_hold": 60,
    "tempo_down": 60,
    "tempo_pause": 60,
    "countdown_final": 50,
    "countdown": 50,
    "set_done": 30,
    "text_cue": 20,
}

#: Events closer than this (seconds of session time) count as one instant.
SAME_INSTANT = 0.001


def _new_instant(previous: Sequence[CueEvent] | None, event: CueEvent) -> bool:
    """True when ``event`` does not belong with the events of ``previous``.

    Session time stands still while paused, so two commands (skip, back) can
    produce events at the same ``at``; a second segment start is always a new
    instant, since the timeline never starts two segments at one moment.
    """
    if not previous or abs(previous[0].at - event.at) > SAME_INSTANT:
        return True
    return event.kind is CueKind.SEGMENT_START and any(
        e.kind is CueKind.SEGMENT_START for e in previous
    )


def sound_for(event: CueEvent) -> str | None:
    """The cue sound for one event, or ``None`` when the event makes no sound.

    * segment start: ``get_ready``, ``work_start`` (hold, set, interval block),
      ``rest`` or ``switch_sides``;
    * countdown: ``countdown`` for 3 and 2, ``countdown_final`` for 1;
    * tempo: ``tempo_up``, ``tempo_hold``, ``tempo_down``, ``tempo_pause``;
    * a routine's text cue: ``text_cue``;
    * the end of a work segment that was done (not skipped or quit): ``set_done``
      (it gives way to the next segment's start sound, so it is rarely heard);
    * the end of a step: ``step_done`` (it wins over the next get-ready's sound);
    * the end of the session: ``session_complete``.
    """
    kind = event.kind
    if kind is CueKind.SEGMENT_START:
        return SEGMENT_START_SOUNDS.get(event.segment_kind) if event.segment_kind else None
    if kind is CueKind.COUNTDOWN:
        if event.count is None or event.count < 1:
            return None
        return "countdown_final" if event.count == 1 else "countdown"
    if kind is CueKind.TEMPO:
        return TEMPO_SOUNDS.get(event.phase or "")
    if kind is CueKind.TEXT:
        return "text_cue"
    if kind is CueKind.SEGMENT_END:
        record = event.record
        if record is not None and record.kind.is_work and record.status is SegmentStatus.DONE:
            return "set_done"
        return None
    if kind is CueKind.STEP_DONE:
        return "step_done"
    if kind is CueKind.SESSION_DONE:
        return "session_complete"
    return None


def speech_for(
    event: CueEvent, segment: Segment | None, *, speak_tempo: bool = False
) -> str | None:
    """The words to speak for one event (voice cues), or ``None``.

    ``segment`` is the timeline segment the event belongs to
    (``timeline[event.segment]``); without it only counts and texts are spoken.
    A paced set's phases are spoken only with ``speak_tempo`` (the patient's
    setting): the rep with its first phase ("3 up"), then each phase word.
    """
    kind = event.kind
    if kind is CueKind.COUNTDOWN:
        return str(event.count) if event.count is not None and event.count >= 1 else None
    if kind is CueKind.TEMPO:
        return _tempo_words(event, segment) if speak_tempo else None
    if kind is CueKind.TEXT:
        return event.text or None
    if kind is CueKind.ANNOUNCE:
        return announcement_text(event)
    if kind is CueKind.SESSION_DONE:
        # The runner gives the end its closing words (they follow what was done);
        # without them nothing is known to praise.
        return event.text or "Session complete."
    if kind is not CueKind.SEGMENT_START or segment is None:
        return None
    return spoken_line(segment)


def _tempo_words(event: CueEvent, segment: Segment | None) -> str | None:
    if event.phase not in ("up", "hold", "down"):
        return None
    first = (
        segment is not None
        and segment.tempo is not None
        and (segment.tempo.phases()[0][0] == event.phase)
    )
    return f"{event.rep} {event.phase}" if first and event.rep is not None else event.phase


@dataclass(frozen=True)
class Cue:
    """What to play at one instant: at most one sound and one phrase."""

    at: float
    sound: str | None
    speech: str | None = None


def plan_cues(
    events: Iterable[CueEvent], timeline: Sequence[Segment] = (), *, speak_tempo: bool = False
) -> list[Cue]:
    """Group events by instant and pick one sound and one phrase for each.

    Instants with neither are left out.  Sounds win by :data:`PRIORITY`; the
    phrase comes from the highest-priority event that has one (segment starts
    and the session's end speak before counts, counts before tempo words).
    """
    groups: list[list[CueEvent]] = []
    for event in events:
        if groups and not _new_instant(groups[-1], event):
            groups[-1].append(event)
        else:
            groups.append([event])
    cues: list[Cue] = []
    for group in groups:
        sound = _best_sound(group)
        speech = _best_speech(group, timeline, speak_tempo)
        if sound is not None or speech is not None:
            cues.append(Cue(group[0].at, sound, speech))
    return cues


def _best_sound(group: Sequence[CueEvent]) -> str | None:
    best: str | None = None
    for event in group:
        sound = sound_for(event)
        if sound is not None and (best is None or PRIORITY[sound] > PRIORITY[best]):
            best = sound
    return best


_SPEECH_ORDER = {
    CueKind.SESSION_DONE: 0,
    CueKind.SEGMENT_START: 1,
    CueKind.TEXT: 2,
    CueKind.ANNOUNCE: 3,
    CueKind.COUNTDOWN: 4,
    CueKind.TEMPO: 5,
}


def _best_speech(
    group: Sequence[CueEvent], timeline: Sequence[Segment], speak_tempo: bool
) -> str | None:
    ranked = sorted(
        (e for e in group if e.kind in _SPEECH_ORDER), key=lambda e: _SPEECH_ORDER[e.kind]
    )
    for event in ranked:
        segment = timeline[event.segment] if 0 <= event.segment < len(timeline) else None
        words = speech_for(event, segment, speak_tempo=speak_tempo)
        if words:
            return words
    return None


class CueSelector:
    """Chooses, one event at a time, whether an event's sound or words replace the current ones.

    Within one instant only a higher-priority sound (or phrase) than the one
    already chosen is returned, so a player that lets the newest cue win ends
    up playing exactly what :func:`plan_cues` would pick for that instant.
    """

    def __init__(self, *, speak_tempo: bool = False) -> None:
        self.speak_tempo = speak_tempo
        self._instant: list[CueEvent] = []
        self._sound_rank = -1
        self._speech_rank = len(_SPEECH_ORDER)

    def select(self, event: CueEvent, segment: Segment | None) -> Cue | None:
        """What to start playing for ``event`` now, or ``None`` to leave things as they are."""
        if _new_instant(self._instant, event):
            self._instant = []
            self._sound_rank = -1
            self._speech_rank = len(_SPEECH_ORDER)
        self._instant.append(event)
        sound = sound_for(event)
        if sound is not None and PRIORITY[sound] > self._sound_rank:
            self._sound_rank = PRIORITY[sound]
        else:
            sound = None
        speech: str | None = None
        rank = _SPEECH_ORDER.get(event.kind)
        if rank is not None and rank < self._speech_rank:
            speech = speech_for(event, segment, speak_tempo=self.speak_tempo)
            if speech is not None:
                self._speech_rank = rank
        if sound is None and speech is None:
            return None
        return Cue(event.at, sound, speech)
