"""Engine events to sounds and speech: the session's :class:`~tui.core.session.runner.CueOutput`."""

from __future__ import annotations

from collections.abc import Sequence

from tui.audio.player import AudioPlayer
from tui.audio.speech import Speaker
from tui.core.session.cue_plan import Cue, CueSelector
from tui.core.session.engine import CueEvent
from tui.core.session.timeline import Segment


class AudioCues:
    """Plays the sound (and speaks the words) that go with each engine event.

    Pass it as ``SessionRunner(routine, cues=AudioCues(player, speaker))``.
    Of the events that share an instant only the most useful sound and phrase
    are played (:class:`~tui.core.session.cue_plan.CueSelector`).  The runner hands
    all the events of a tick to :meth:`cue_batch`, which gives the player
    only the tick's one sound, so the player need not wait to see whether a
    better one follows.  ``history`` keeps every cue chosen, for the
    plain-text mode and tests.
    """

    def __init__(
        self,
        player: AudioPlayer | None,
        speaker: Speaker | None = None,
        *,
        speak_tempo: bool = False,
    ) -> None:
        self.player = player
        self.speaker = speaker
        self.history: list[Cue] = []
        self._selector = CueSelector(speak_tempo=speak_tempo)

    def cue(self, event: CueEvent, segment: Segment | None) -> None:
        """Handle one event (never blocks)."""
        cue = self._selector.select(event, segment)
        if cue is None:
            return
        self.history.append(cue)
        if cue.sound is not None and self.player is not None:
            self.player.play(cue.sound)
        if cue.speech is not None and self.speaker is not None:
            self.speaker.speak(cue.speech)

    def cue_batch(self, events: Sequence[CueEvent], segments: Sequence[Segment | None]) -> None:
        """Handle the events of one tick together: one sound for the player (never blocks).

        The selector only ever returns a better sound than the one chosen
        for the instant so far (or the first of a new instant), so the last
        sound it returns is the one :meth:`cue` would have left playing.
        """
        sound: str | None = None
        for event, segment in zip(events, segments, strict=True):
            cue = self._selector.select(event, segment)
            if cue is None:
                continue
            self.history.append(cue)
            if cue.sound is not None:
                sound = cue.sound
            if cue.speech is not None and self.speaker is not None:
                self.speaker.speak(cue.speech)
        if sound is not None and self.player is not None:
            self.player.play(sound)

    def close(self) -> None:
        """Close the player and the speaker."""
        if self.player is not None:
            self.player.close()
        if self.speaker is not None:
            self.speaker.close()
