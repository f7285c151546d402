"""What a front end gets for a session's sound: the cue output and its description.

:func:`open_sound` builds the runner's ``CueOutput`` (sounds through the
:class:`~tui.audio.player.AudioPlayer`, speech through the
:class:`~tui.audio.speech.Speaker` when voice is on) and says which output is
in use; :func:`no_sound` is the silent stand-in (``--no-sound``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.audio.cues import AudioCues
from tui.core.routine.model import Routine
from tui.core.session.runner import CueOutput

if TYPE_CHECKING:
    from tui.core.config import Settings


#: Outputs that play no sound through a device (so spoken cues cannot either).
SILENT_OUTPUTS = frozenset({"bell", "off"})


@dataclass
class Sound:
    """The session's sound: the runner's cue output and what the patient is told about it."""

    cues: CueOutput | None
    #: The output in use, e.g. ``"simpleaudio"``, ``"aplay"``, ``"bell"``, ``"off"``.
    output: str
    #: Spoken cues program, when voice is on and one is installed.
    voice: str | None = None
    _audio: AudioCues | None = None

    @property
    def description(self) -> str:
        """One line for the patient: which output plays the cues."""
        if self._audio is None:
            return "Sound: off."
        if self.muted:
            return f"Sound: muted in your settings ({self.output}); type m to turn it on."
        if self.output == "bell":
            return "Sound: no sound device works, so the terminal bell rings at each cue."
        text = f"Sound: {self.output}."
        if self.voice:
            text += f" Spoken cues: {self.voice}."
        return text

    @property
    def muted(self) -> bool:
        """True when no cue sounds play."""
        player = self._audio.player if self._audio is not None else None
        return player is None or player.muted

    def toggle_mute(self) -> bool:
        """Mute or unmute the cue sounds (and speech); returns whether they are now muted."""
        if self._audio is None or self._audio.player is None:
            return True
        player = self._audio.player
        player.muted = not player.muted
        speaker = self._audio.speaker
        if speaker is not None:
            speaker.enabled = not player.muted and self.voice is not None
        return player.muted

    # The screens' ``SoundControl`` view (tui.app.sound), so they can use this too.

    @property
    def label(self) -> str:
        """A short description, e.g. ``"sound: aplay"`` or ``"sound: muted"``."""
        if self._audio is None:
            return "sound: off"
        return "sound: muted" if self.muted else f"sound: {self.output}"

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute the cues."""
        if self.muted != muted:
            self.toggle_mute()

    @property
    def uses_bell(self) -> bool:
        """True when the terminal bell is the only output."""
        player = self._audio.player if self._audio is not None else None
        return player is not None and player.backend_name == "bell"

    @property
    def needs_flash(self) -> bool:
        """True when cues cannot be heard as sounds (bell only, muted or off)."""
        return self._audio is None or self.muted or self.uses_bell or self.output == "off"

    def close(self) -> None:
        """Stop the audio worker threads."""
        if self._audio is not None:
            with contextlib.suppress(Exception):
                self._audio.close()


def no_sound() -> Sound:
    """No cue output at all (``--no-sound``)."""
    return Sound(cues=None, output="off")


def open_sound(
    routine: Routine,
    settings: Settings | None = None,
    *,
    bell: Callable[[str], None] | None = None,
) -> Sound:
    """Cue sounds through the audio player, and speech when voice is on.

    Voice follows the routine when it says, else the user's setting.  This
    never raises: if the audio cannot start, the session runs without it.
    """
    try:
        from tui.audio.player import AudioPlayer
        from tui.audio.speech import Speaker

        player = AudioPlayer.create(settings, bell=bell)
        voice_on = (
            settings.voice_for(routine.voice) if settings is not None else bool(routine.voice)
        )
        # Name the output that will really play (a device that cannot open is passed
        # over before the first cue); with no sound output, speech cannot play either.
        player.wait_probed()
        voice_on = voice_on and player.backend_name not in SILENT_OUTPUTS
        speaker = Speaker.create(enabled=voice_on) if voice_on else None
    except Exception:  # audio must never stop a session
        return no_sound()
    audio = AudioCues(
        player, speaker, speak_tempo=settings.speak_tempo if settings is not None else False
    )
    program = speaker.program if speaker is not None and speaker.available else None
    return Sound(cues=audio, output=player.backend_name, voice=program, _audio=audio)
