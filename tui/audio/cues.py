"""Engine events to sounds and speech: the session's :class:`~tui.core.session.CueOutput`."""

from __future__ import annotations

from tui.audio.player import AudioPlayer
from tui.audio.speech import Speaker
from tui.core.cueplan import Cue, CueSelector
from tui.core.engine import CueEvent
from tui.core.timeline import Segment


class AudioCues:
    """Plays the sound (and speaks the words) that go with each engine event.

    Pass it as ``SessionRunner(routine, cues=AudioCues(player, speaker))``.
    Of the events that share an instant only the most useful sound and phrase
    are played (:class:`~tui.core.cueplan.CueSelector`).  ``history`` keeps
    every cue chosen, for the plain-text mode and tests.
    """

    def __init__(self, player: AudioPlayer | None, speaker: Speaker | None = None) -> None:
        self.player = player
        self.speaker = speaker
        self.history: list[Cue] = []
        self._selector = CueSelector()

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

    def close(self) -> None:
        """Close the player and the speaker."""
        if self.player is not None:
            self.player.close()
        if self.speaker is not None:
            self.speaker.close()
