"""Optional spoken cues through a text-to-speech program.

The first of ``espeak-ng``, ``spd-say`` (speech-dispatcher) and macOS ``say``
found on ``PATH`` is used.  Voice is on by default where one is installed; the
user's settings or the routine may switch it off
(:meth:`tui.core.config.Settings.voice_for`).

:meth:`Speaker.speak` never blocks: a worker thread starts the program with
standard input, output and error on ``/dev/null``.  The newest phrase wins: a
phrase still being spoken by ``espeak-ng`` or ``say`` is cut off when the next
one arrives, so a count is never late behind a long announcement
(speech-dispatcher queues phrases itself and is left to do so).
``SUPPLE_AUDIO=off`` keeps it silent and records the phrases in ``spoken``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence

from tui.audio.log import audio_log

#: Text-to-speech programs in the order tried, with their arguments before the text.
TTS_PROGRAMS: dict[str, tuple[str, ...]] = {
    "espeak-ng": ("espeak-ng", "-s", "165"),
    "spd-say": ("spd-say",),
    "say": ("say",),
}

_STOP = object()


def find_tts() -> tuple[str, tuple[str, ...]] | None:
    """The first text-to-speech program on ``PATH``: its name and the command before the text."""
    for name, template in TTS_PROGRAMS.items():
        path = shutil.which(template[0])
        if path is not None:
            return name, (path, *template[1:])
    return None


def tts_status() -> dict[str, str | None]:
    """Each text-to-speech program and where it is (``None``: not installed), for ``doctor``."""
    return {name: shutil.which(template[0]) for name, template in TTS_PROGRAMS.items()}


def _clean(text: str) -> str:
    # One line, and never mistaken for an option by the program.
    return " ".join(text.split()).lstrip("-").strip()


class Speaker:
    """Speaks short phrases in the background, or records them when silent."""

    def __init__(self, command: Sequence[str] | None, *, enabled: bool = False) -> None:
        self.command: tuple[str, ...] | None = tuple(command) if command else None
        self.enabled = enabled
        #: Phrases handed over (every phrase when silent; for tests and the plain mode).
        self.spoken: list[str] = []
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[bytes] | None = None
        # Cut-off or finished programs not yet reaped (so none is left a zombie).
        self._retired: list[subprocess.Popen[bytes]] = []
        self._closed = False
        # Phrases handed to the worker, and the last one it has dealt with (spoken,
        # or passed over for a newer one): each written by one thread only.
        self._handed = 0
        self._dealt = 0

    @classmethod
    def create(cls, enabled: bool = False) -> Speaker:
        """A speaker using the first TTS program found (silent with ``SUPPLE_AUDIO=off``)."""
        if os.environ.get("SUPPLE_AUDIO", "").strip().lower() in ("off", "0", "none", "silent"):
            return cls(None, enabled=enabled)
        found = find_tts()
        if found is None:
            audio_log().info("no text-to-speech program found; spoken cues unavailable")
            return cls(None, enabled=enabled)
        return cls(found[1], enabled=enabled)

    @property
    def available(self) -> bool:
        """True when a text-to-speech program will actually be run."""
        return self.command is not None

    @property
    def program(self) -> str | None:
        """Name of the program in use (``espeak-ng``, ``spd-say``, ``say``), if any."""
        return os.path.basename(self.command[0]) if self.command else None

    def speak(self, text: str) -> None:
        """Say ``text`` (when enabled) without waiting."""
        text = _clean(text)
        if not self.enabled or not text or self._closed:
            return
        self.spoken.append(text)
        if self.command is None:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="supple-speech", daemon=True)
            self._thread.start()
        self._handed += 1
        self._queue.put((self._handed, text))

    def wait_quiet(self, timeout: float = 5.0) -> bool:
        """Wait until every phrase handed over has been spoken out; False on ``timeout``.

        For a caller that must not cut the last phrase off (the end of a session)
        and for tests that capture the speech.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self._process
            if self._dealt == self._handed and (process is None or process.poll() is not None):
                return True
            time.sleep(0.01)
        return False

    def close(self) -> None:
        """Stop speaking and end the worker."""
        self._closed = True
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=2.0)
        self._stop_current()
        for process in self._retired:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                process.wait(timeout=1.0)
        self._retired.clear()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            while item is not _STOP:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if item is _STOP or not isinstance(item, tuple):
                return
            number, text = item
            self._say(text)
            self._dealt = number

    def _say(self, text: str) -> None:
        assert self.command is not None
        if self.program != "spd-say":
            self._stop_current()
        elif self._process is not None:
            self._retired.append(self._process)
            self._retired = [p for p in self._retired if p.poll() is None]
        try:
            self._process = subprocess.Popen(
                [*self.command, text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                start_new_session=True,
            )
        except OSError as exc:
            audio_log().warning("%s failed (%s); spoken cues off", self.program, exc)
            self.command = None

    def _stop_current(self) -> None:
        process = self._process
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(OSError):
                    process.terminate()
            self._retired.append(process)
        self._process = None
        self._retired = [p for p in self._retired if p.poll() is None]
