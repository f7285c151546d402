"""Ways to make a cue audible, tried in order until one works.

1. ``simpleaudio`` (the ``audio`` extra): hands the PCM straight to ALSA (or
   CoreAudio / WinMM) from memory; the quickest path.
2. A system player found on ``PATH``: ``pw-play`` (PipeWire), ``paplay``
   (PulseAudio), ``aplay`` (ALSA), ``afplay`` (macOS).  Each cue is written
   once to a WAV file in a private temporary folder and the player is run with
   standard input, output and error on ``/dev/null``.
3. ``bell``: a callback the UI supplies (terminal bell and a visual flash).

``SUPPLE_AUDIO`` chooses: unset or ``auto`` for the order above, ``off`` for
the silent :class:`RecordingBackend` (tests), or a comma-separated list of
backend names (``aplay,bell``) to use just those, in that order.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tui.audio.synth import CueSound

#: System players in the order they are tried, with the arguments before the file.
SYSTEM_PLAYERS: dict[str, tuple[str, ...]] = {
    "pw-play": ("pw-play",),
    "paplay": ("paplay",),
    "aplay": ("aplay", "-q"),
    "afplay": ("afplay",),
}

#: Every backend name ``SUPPLE_AUDIO`` accepts (besides ``auto``).
BACKEND_NAMES = ("simpleaudio", *SYSTEM_PLAYERS, "bell", "off")


class BackendError(Exception):
    """A backend could not play a cue (the player moves on to the next one)."""


class Playback(Protocol):
    """One cue being played."""

    def stop(self) -> None:
        """Cut the cue short (no-op once finished)."""

    def failed(self) -> str | None:
        """Why the cue turned out not to play, once known; ``None`` while fine or unknown."""

    def finished(self) -> bool:
        """True once the cue ended (played, cut or failed)."""


class Backend(Protocol):
    """Something that can start a cue playing without waiting for it."""

    name: str

    def play(self, sound: CueSound) -> Playback:
        """Start ``sound``; raise :class:`BackendError` when it certainly cannot play."""

    def close(self) -> None:
        """Release whatever the backend holds (temporary files)."""


class _Done:
    """A playback that is over as soon as it starts (bell, recording)."""

    def stop(self) -> None:
        return None

    def failed(self) -> str | None:
        return None

    def finished(self) -> bool:
        return True


# --- simpleaudio ----------------------------------------------------------------------------

#: The original distribution, whose 1.0.4 release crashes on Python 3.12+.
UNSAFE_SIMPLEAUDIO = "simpleaudio"
#: Distributions that provide the ``simpleaudio`` module, safe ones first.
SIMPLEAUDIO_DISTRIBUTIONS = ("simpleaudio-312compat", UNSAFE_SIMPLEAUDIO)


def simpleaudio_distribution() -> str | None:
    """Which installed distribution provides ``simpleaudio`` (``None``: none)."""
    import importlib.metadata  # its 25 modules cost 2 MB: only asked on Python 3.12+

    for name in SIMPLEAUDIO_DISTRIBUTIONS:
        try:
            importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        return name
    return None


class _SimpleAudioPlayback:
    def __init__(self, play_object: Any) -> None:
        self._play_object = play_object

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._play_object.stop()

    def failed(self) -> str | None:
        return None

    def finished(self) -> bool:
        try:
            return not self._play_object.is_playing()
        except Exception:  # a broken handle counts as finished
            return True


class SimpleAudioBackend:
    """Plays from memory through the ``simpleaudio`` module."""

    name = "simpleaudio"

    def __init__(self, module: Any) -> None:
        self._sa = module

    @classmethod
    def load(cls) -> SimpleAudioBackend:
        """Import simpleaudio; raises :class:`BackendError` when it is missing or unsafe."""
        if sys.version_info >= (3, 12) and simpleaudio_distribution() == UNSAFE_SIMPLEAUDIO:
            # Its C code allocates with the GIL released: the process dies
            # (SIGSEGV) as the first cue ends.  Never load it; fall back.
            raise BackendError(
                "the simpleaudio 1.0.4 package crashes on Python 3.12 and newer; "
                "reinstall supple[audio], which brings simpleaudio-312compat"
            )
        # ctypes and libasound are loaded only for this backend.
        from tui.audio.alsa import silence_alsa_errors

        silence_alsa_errors()  # before libasound first runs in this process
        try:
            module = importlib.import_module("simpleaudio")
        except ImportError as exc:
            raise BackendError(f"simpleaudio is not installed ({exc})") from exc
        return cls(module)

    def play(self, sound: CueSound) -> Playback:
        try:
            play_object = self._sa.play_buffer(
                sound.pcm, sound.channels, sound.sample_width, sound.sample_rate
            )
        except Exception as exc:  # SimpleaudioError, ValueError, MemoryError...
            raise BackendError(str(exc)) from exc
        return _SimpleAudioPlayback(play_object)

    def close(self) -> None:
        return None


# --- system players -------------------------------------------------------------------------


class _ProcessPlayback:
    def __init__(self, process: subprocess.Popen[bytes], program: str) -> None:
        self._process = process
        self._program = program
        self._stopped = False

    def stop(self) -> None:
        if self._process.poll() is None:
            self._stopped = True
            with contextlib.suppress(OSError):
                self._process.terminate()

    def failed(self) -> str | None:
        code = self._process.poll()
        if code is None or code == 0 or self._stopped:
            return None
        return f"{self._program} exited with status {code}"

    def finished(self) -> bool:
        return self._process.poll() is not None


class CommandBackend:
    """Runs a system player on a WAV file written once per cue (and volume)."""

    def __init__(self, name: str, argv: Sequence[str]) -> None:
        self.name = name
        self.argv = tuple(argv)
        self._folder: Path | None = None
        self._files: dict[tuple[str, int, int], Path] = {}
        # Player processes started and not yet seen to end (reaped, never left as zombies).
        self._processes: list[subprocess.Popen[bytes]] = []

    @classmethod
    def find(cls, name: str) -> CommandBackend:
        """The player ``name`` if it is on ``PATH``; raises :class:`BackendError` if not."""
        template = SYSTEM_PLAYERS[name]
        path = shutil.which(template[0])
        if path is None:
            raise BackendError(f"{template[0]} is not installed")
        return cls(name, (path, *template[1:]))

    def wav_file(self, sound: CueSound) -> Path:
        """The cue as a WAV file in the backend's private folder (written on first use)."""
        key = (sound.name, len(sound.pcm), hash(sound.pcm))
        path = self._files.get(key)
        if path is None or not path.exists():
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="supple-cues-"))  # mode 0700
            path = self._folder / f"{sound.name}-{len(self._files)}.wav"
            path.write_bytes(sound.wav_bytes())
            self._files[key] = path
        return path

    def play(self, sound: CueSound) -> Playback:
        try:
            path = self.wav_file(sound)
            process = subprocess.Popen(
                [*self.argv, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                start_new_session=True,  # a Ctrl-C in the terminal is for supple, not the player
            )
        except OSError as exc:
            raise BackendError(str(exc)) from exc
        self._processes = [p for p in self._processes if p.poll() is None]
        self._processes.append(process)
        return _ProcessPlayback(process, self.name)

    def run(self, sound: CueSound, timeout: float = 10.0) -> None:
        """Play ``sound`` and wait for the player (``supple doctor``); raise why it failed."""
        try:
            done = subprocess.run(
                [*self.argv, str(self.wav_file(sound))],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BackendError(str(exc)) from exc
        if done.returncode != 0:
            lines = done.stderr.decode(errors="replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {done.returncode}"
            raise BackendError(reason)

    def close(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                with contextlib.suppress(OSError):
                    process.terminate()
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                process.wait(timeout=1.0)
        self._processes.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            self._files.clear()


# --- bell and silence -------------------------------------------------------------------------


class BellBackend:
    """Calls the UI's callback with the cue name (terminal bell plus a visual flash).

    The callback runs on the player's worker thread: a Textual app should pass
    something like ``lambda name: app.call_from_thread(app.bell_flash, name)``.
    Without a callback the bell is silent.
    """

    name = "bell"

    def __init__(self, callback: Callable[[str], None] | None) -> None:
        self.callback = callback

    def play(self, sound: CueSound) -> Playback:
        if self.callback is not None:
            try:
                self.callback(sound.name)
            except Exception as exc:  # the UI's problem must not stop cues
                raise BackendError(f"bell callback: {exc!r}") from exc
        return _Done()

    def close(self) -> None:
        return None


@dataclass
class Played:
    """One cue handed to the :class:`RecordingBackend`."""

    name: str
    at: float
    frames: int


class RecordingBackend:
    """Plays nothing and remembers what it was asked to play (``SUPPLE_AUDIO=off``)."""

    name = "off"

    def __init__(self) -> None:
        self.played: list[Played] = []

    @property
    def names(self) -> list[str]:
        """Names of the cues played so far."""
        return [p.name for p in self.played]

    def play(self, sound: CueSound) -> Playback:
        self.played.append(Played(sound.name, time.monotonic(), sound.frames))
        return _Done()

    def close(self) -> None:
        return None


# --- choosing ---------------------------------------------------------------------------------


def audio_mode() -> list[str]:
    """The backend names ``SUPPLE_AUDIO`` asks for (``["auto"]`` when unset)."""
    raw = os.environ.get("SUPPLE_AUDIO", "").strip().lower()
    if raw in ("", "auto", "on"):
        return ["auto"]
    if raw in ("off", "0", "none", "silent", "false", "no"):
        return ["off"]
    names = [n.strip() for n in raw.split(",") if n.strip() in BACKEND_NAMES]
    return names or ["auto"]


def make_backend(name: str, bell: Callable[[str], None] | None = None) -> Backend:
    """One backend by name; raises :class:`BackendError` when it is unavailable here."""
    if name == "simpleaudio":
        return SimpleAudioBackend.load()
    if name in SYSTEM_PLAYERS:
        return CommandBackend.find(name)
    if name == "bell":
        return BellBackend(bell)
    if name == "off":
        return RecordingBackend()
    raise BackendError(f"unknown audio backend {name!r}")


def chosen_backends(
    bell: Callable[[str], None] | None = None, names: Sequence[str] | None = None
) -> tuple[list[Backend], list[str]]:
    """The backends to try, in order, and why the others were left out.

    ``names`` defaults to :func:`audio_mode`; ``auto`` means every backend in
    the documented order, ending with the bell.  When none of the names can be
    used, the bell alone is returned, so there is always something to try.
    """
    names = list(names) if names is not None else audio_mode()
    if names == ["auto"]:
        names = ["simpleaudio", *SYSTEM_PLAYERS, "bell"]
    backends: list[Backend] = []
    skipped: list[str] = []
    for name in names:
        try:
            backends.append(make_backend(name, bell))
        except BackendError as exc:
            skipped.append(f"{name}: {exc}")
    if not backends:
        backends.append(BellBackend(bell))
    return backends, skipped


def play_blocking(backend: Backend, sound: CueSound, timeout: float = 10.0) -> None:
    """Play ``sound`` to the end (``supple doctor``); raise :class:`BackendError` if it fails."""
    if isinstance(backend, CommandBackend):
        backend.run(sound, timeout)
        return
    playback = backend.play(sound)
    deadline = time.monotonic() + timeout
    while not playback.finished():
        if time.monotonic() > deadline:
            playback.stop()
            raise BackendError("timed out")
        time.sleep(0.02)
    reason = playback.failed()
    if reason is not None:
        raise BackendError(reason)


@dataclass(frozen=True)
class OutputStatus:
    """What ``supple doctor`` says about one output."""

    name: str
    usable: bool
    detail: str


def probe_outputs() -> list[OutputStatus]:
    """Each audio output in the order tried, whether it looks usable, and why (not)."""
    statuses: list[OutputStatus] = []
    try:
        SimpleAudioBackend.load()
        import importlib.metadata

        from tui.audio.alsa import default_device_status

        dist = simpleaudio_distribution()
        version = f" ({dist} {importlib.metadata.version(dist)})" if dist else ""
        opens, why = default_device_status()
        detail = f"installed{version}; ALSA: {why}"
        statuses.append(OutputStatus("simpleaudio", opens, detail))
    except BackendError as exc:
        statuses.append(
            OutputStatus("simpleaudio", False, f"{exc}; install supple[audio] to use it")
        )
    for name, template in SYSTEM_PLAYERS.items():
        path = shutil.which(template[0])
        if path is None:
            statuses.append(OutputStatus(name, False, "not installed"))
        else:
            statuses.append(OutputStatus(name, True, f"found at {path}"))
    statuses.append(OutputStatus("bell", True, "terminal bell and screen flash (always there)"))
    return statuses
