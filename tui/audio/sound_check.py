"""The test cue: played through the first output that works, and what happened, in words.

``supple doctor`` prints :meth:`CueCheck.lines`; the app's "Sound test"
command shows :attr:`CueCheck.message`.  Playing blocks until the cue has
sounded, so a front end calls :func:`play_test_cue` off its UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

#: The cue played: pleasant, and long enough to be noticed.
TEST_CUE = "session_complete"


@dataclass(frozen=True)
class CueCheck:
    """What became of the test cue."""

    volume: int
    #: The output that played it ("bell" when only the terminal bell worked); ``None``: none.
    played_by: str | None
    #: ``SUPPLE_AUDIO=off``: nothing was tried.
    off: bool = False
    #: One line per output that failed before one worked ("aplay: failed: ...").
    failures: tuple[str, ...] = ()
    #: Problems loading the cue pack (a missing sound falls back to a synthesised one).
    pack_problems: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The outcome, one line per output tried (``supple doctor``)."""
        lines = list(self.failures)
        if self.off:
            lines.append("not played (SUPPLE_AUDIO=off)")
        elif self.played_by == "bell":
            lines.append(
                "bell: no sound output worked, so supple rang the terminal bell; sessions "
                "will flash the screen and ring the bell instead of playing sounds"
            )
        elif self.played_by is not None:
            lines.append(f"{self.played_by}: played. Did you hear it?")
        else:
            lines.append("no output could play it")
        return lines

    @property
    def message(self) -> str:
        """The outcome in one sentence (the app's notification)."""
        if self.off:
            return "Not played: sound is switched off (SUPPLE_AUDIO=off)."
        if self.played_by == "bell":
            return "No sound output worked, so supple rang the terminal bell instead."
        if self.played_by is not None:
            return f"Played the test cue through {self.played_by} at volume {self.volume}."
        return "No sound output could play the test cue (supple doctor says why)."

    @property
    def severity(self) -> Literal["information", "warning"]:
        """How a notification of it should look: a warning unless a real output played it."""
        return "information" if self.played_by not in (None, "bell") else "warning"


def play_test_cue(volume: int, bell: Callable[[str], None]) -> CueCheck:
    """Play :data:`TEST_CUE` at ``volume`` through the first output that works (blocks).

    ``bell(name)`` rings the terminal bell, the last resort.  Mute is not
    honoured: whoever asks for a test cue wants to hear one.
    """
    from tui.audio.backends import BackendError, chosen_backends, play_blocking
    from tui.audio.synth import CuePack

    pack = CuePack.load()
    sound = pack[TEST_CUE].at_volume(volume)
    backends, _skipped = chosen_backends(bell=bell)
    failures: list[str] = []
    problems = tuple(pack.problems)
    for backend in backends:
        if backend.name == "off":
            return CueCheck(volume, None, True, tuple(failures), problems)
        try:
            play_blocking(backend, sound)
        except BackendError as exc:
            failures.append(f"{backend.name}: failed: {exc}")
            continue
        finally:
            backend.close()
        return CueCheck(volume, backend.name, failures=tuple(failures), pack_problems=problems)
    return CueCheck(volume, None, failures=tuple(failures), pack_problems=problems)
