"""Sound for supple: cue playback with fallbacks, and optional speech.

What a session screen (or the plain-text mode) needs::

    from tui.audio import AudioCues, AudioPlayer, Speaker

    player = AudioPlayer.create(settings, bell=flash)   # loads the cue pack; call before starting
    speaker = Speaker.create(enabled=settings.voice_for(routine.voice))
    runner = SessionRunner(routine, cues=AudioCues(player, speaker), ...)
    player.backend_name      # "simpleaudio", "aplay", "bell", "off"... for the status line
    player.volume = 60; player.muted = True
    ...
    player.close(); speaker.close()

Nothing here ever blocks the caller or prints to the terminal.
"""

from __future__ import annotations

from tui.audio.backends import BackendError, OutputStatus, probe_outputs
from tui.audio.cues import AudioCues
from tui.audio.player import AudioPlayer
from tui.audio.speech import Speaker, find_tts

__all__ = [
    "AudioCues",
    "AudioPlayer",
    "BackendError",
    "OutputStatus",
    "Speaker",
    "find_tts",
    "probe_outputs",
]
