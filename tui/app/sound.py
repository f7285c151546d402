"""What the screens need from the sound output: its name, mute, and whether to flash.

The audio helper's player does the playing, off the UI thread
(:func:`tui.audio.output.open_sound`).  The screens only show which output
is in use ("sound: aplay", "sound: bell"), toggle mute, and flash the screen
when the cues cannot be heard (muted, or no output at all), for the cues of
:data:`FLASH_SOUNDS`.  When the
terminal bell is the only output, the player itself calls back into the app
(:meth:`tui.app.supple_app.SuppleApp.bell_flash`), which rings the bell and flashes.
"""

from __future__ import annotations

from typing import Protocol

from tui.audio.output import Sound
from tui.core.session.cue_plan import SEGMENT_START_SOUNDS

#: The cues the screen flashes for when they cannot be heard: a segment's start
#: (and the end of a step or the session, which take its place) and the 3-2-1
#: count.  Tempo phases and text cues do not flash: the phase and the cue's text
#: are on the screen already, and flashing twice a second would cost CPU and
#: blur the flashes that matter.
FLASH_SOUNDS = frozenset(
    {
        *SEGMENT_START_SOUNDS.values(),
        "step_done",
        "session_complete",
        "countdown",
        "countdown_final",
    }
)


class SoundControl(Protocol):
    """The sound output as the screens see it."""

    @property
    def label(self) -> str:
        """A short description for the screen, e.g. "sound: aplay" or "sound: muted"."""

    @property
    def muted(self) -> bool:
        """True when the patient muted the cues."""

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute the cues."""

    @property
    def needs_flash(self) -> bool:
        """True when cues cannot be heard (muted or no output): the screen flashes instead."""


class SilentSound:
    """No sound at all (``--no-sound``): the screen flashes on every cue."""

    def __init__(self) -> None:
        self._muted = False

    @property
    def label(self) -> str:
        """Always "sound: off"."""
        return "sound: off"

    @property
    def muted(self) -> bool:
        """Mute is remembered, though there is nothing to mute."""
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Remember the choice."""
        self._muted = muted

    @property
    def needs_flash(self) -> bool:
        """Always: there is no sound."""
        return True


class PlayerSound:
    """:class:`SoundControl` over the session's :class:`~tui.audio.output.Sound`."""

    def __init__(self, sound: Sound) -> None:
        self.sound = sound
        self._muted = sound.muted if sound.cues is not None else False

    @property
    def output(self) -> str:
        """The output playing the cues now (the player may fall back during a session)."""
        player = getattr(self.sound.cues, "player", None)
        name = getattr(player, "backend_name", None)
        return str(name) if name else self.sound.output

    @property
    def label(self) -> str:
        """ "sound: aplay", "sound: bell", "sound: muted" or "sound: off"."""
        if self.sound.cues is None or self.output == "off":
            return "sound: off"
        if self._muted:
            return "sound: muted"
        voice = f" + {self.sound.voice}" if self.sound.voice else ""
        return f"sound: {self.output}{voice}"

    @property
    def muted(self) -> bool:
        """True when the cues are muted."""
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute the player (and speech)."""
        if self.sound.cues is None:
            self._muted = muted
            return
        if muted != self.sound.muted:
            self.sound.toggle_mute()
        self._muted = self.sound.muted

    @property
    def needs_flash(self) -> bool:
        """Flash when muted or when there is no output at all."""
        return self._muted or self.sound.cues is None or self.output == "off"
