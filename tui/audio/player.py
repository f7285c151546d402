"""The non-blocking cue player.

:meth:`AudioPlayer.play` only puts the cue's name on a queue and returns
(microseconds); one background worker thread does everything slow: scaling
for the volume, writing WAV files, starting players, noticing failures.

The newest cue wins.  When a cue arrives while another is still sounding, the
older one is cut off and the new one starts at once; of cues that queue up
while the worker is busy only the newest is played.  The worker does not wait
for more: the caller chooses the one sound of an instant
(:meth:`tui.audio.cues.AudioCues.cue_batch`), and every millisecond waited
here is a millisecond late.  Cues are short and
never overlap in a well-formed session, and a late cue is worse than a cut
one: the patient follows the timing, not the melody.

When a backend fails (raises when asked to play, or its player process exits
with an error), the player moves on to the next backend for good and replays
the cue there if it failed within a second.  Failures go to the audio debug
log (:mod:`tui.audio.log`), never to the terminal.
"""

from __future__ import annotations

import collections
import contextlib
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.audio.backends import Backend, BackendError, Playback, chosen_backends
from tui.audio.log import audio_log
from tui.audio.synth import CuePack, CueSound

if TYPE_CHECKING:
    from tui.core.config import Settings

#: A failed cue is replayed on the next backend only if it failed this soon (seconds).
REPLAY_WINDOW = 1.0
#: How often the worker looks at a playing cue for failure (seconds).
POLL_INTERVAL = 0.05
#: How long the worker waits for a newer request before playing one (seconds).  None:
#: the session hands the player one sound per tick (``AudioCues.cue_batch``).  A
#: caller that plays the sounds of one instant one by one would need about 1 ms
#: here for the first not to blip.
COALESCE_WINDOW = 0.0


@dataclass
class _Request:
    name: str
    asked: float


@dataclass
class _Current:
    playback: Playback
    name: str
    started: float


_STOP = object()

#: Outputs that play through ALSA's default device (so fail together when it cannot open).
ALSA_OUTPUTS = frozenset({"simpleaudio", "aplay"})


class AudioPlayer:
    """Plays cue sounds by name without ever blocking the caller.

    Make one with :meth:`create` before the session starts (it loads the cue
    pack) and :meth:`close` it at the end.  ``backend_name`` says which
    output is in use, for the screen to show.
    """

    def __init__(
        self,
        pack: CuePack,
        backends: Sequence[Backend],
        *,
        volume: int = 80,
        muted: bool = False,
        on_backend_change: Callable[[str], None] | None = None,
    ) -> None:
        if not backends:
            raise ValueError("AudioPlayer needs at least one backend")
        self.pack = pack
        self.backends: list[Backend] = list(backends)
        self.on_backend_change = on_backend_change
        self._index = 0
        self._volume = max(0, min(100, int(volume)))
        self._muted = muted
        self._scaled: dict[str, CueSound] = {}
        self._scaled_volume = self._volume
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._current: _Current | None = None
        self._closed = False
        #: Seconds from :meth:`play` to the backend accepting the cue, newest last.
        self.latencies: collections.deque[float] = collections.deque(maxlen=10_000)
        # Requests queued but not yet handed to a backend (for wait_idle).
        self._pending = 0
        self._settled = threading.Condition(self._lock)
        #: Set once the worker has checked that the first output can open a device.
        self.probed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="supple-audio", daemon=True)
        self._thread.start()

    @classmethod
    def create(
        cls,
        settings: Settings | None = None,
        *,
        bell: Callable[[str], None] | None = None,
        pack: CuePack | None = None,
        backends: Sequence[str] | None = None,
        on_backend_change: Callable[[str], None] | None = None,
    ) -> AudioPlayer:
        """A player for ``settings`` (volume, mute) with the backends ``SUPPLE_AUDIO`` allows.

        ``bell(name)`` is the UI's last resort (terminal bell and a flash); it
        is called on the worker thread.  ``backends`` overrides the order by
        name (see :mod:`tui.audio.backends`).  Loading the pack reads every
        WAV file once, so call this before the session starts.
        """
        chosen, skipped = chosen_backends(bell, backends)
        log = audio_log()
        for reason in skipped:
            log.info("backend unavailable: %s", reason)
        log.info("backends in order: %s", ", ".join(b.name for b in chosen))
        pack = pack if pack is not None else CuePack.load()
        for problem in pack.problems:
            log.warning("cue pack: %s", problem)
        volume = settings.volume if settings is not None else 80
        muted = settings.muted if settings is not None else False
        return cls(pack, chosen, volume=volume, muted=muted, on_backend_change=on_backend_change)

    # ------------------------------------------------------------------ for the UI

    @property
    def backend(self) -> Backend:
        """The backend cues go to now."""
        return self.backends[self._index]

    @property
    def backend_name(self) -> str:
        """Name of the output in use: ``simpleaudio``, ``aplay``, ``bell``, ``off``..."""
        return self.backend.name

    @property
    def volume(self) -> int:
        """Cue volume, 0-100."""
        return self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        with self._lock:
            self._volume = max(0, min(100, int(value)))

    @property
    def muted(self) -> bool:
        """When true, :meth:`play` does nothing."""
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)
        if self._muted:
            self.stop()  # cut a cue that is sounding

    @property
    def playing(self) -> bool:
        """True while a cue is queued or sounding (or its failure is being handled)."""
        current = self._current
        if self._pending > 0:
            return True
        if current is None:
            return False
        return not current.playback.finished() or current.playback.failed() is not None

    def play(self, name: str) -> None:
        """Queue the cue ``name`` and return at once.  Unknown names are ignored (and logged)."""
        if self._closed or self._muted or self._volume == 0:
            return
        self._put(_Request(name, time.perf_counter()))

    def stop(self) -> None:
        """Cut off whatever is sounding."""
        if not self._closed:
            self._put(_Request("", time.perf_counter()))

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every queued cue was handed to a backend (tests, ``doctor``)."""
        with self._settled:
            return self._settled.wait_for(lambda: self._pending == 0, timeout)

    def _put(self, request: _Request) -> None:
        with self._lock:
            self._pending += 1
        self._queue.put(request)

    def close(self) -> None:
        """Cut the current cue, stop the worker and remove temporary files."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout=2.0)
        for backend in self.backends:
            with contextlib.suppress(Exception):
                backend.close()

    def __enter__(self) -> AudioPlayer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the worker

    def wait_probed(self, timeout: float = 1.0) -> bool:
        """Wait until the first output has been checked, so ``backend_name`` is the truth."""
        return self.probed.wait(timeout)

    def _probe(self) -> None:
        """Move past ALSA outputs at once when ALSA's default device cannot open.

        Otherwise the first cue would fail on them and the screen would name an
        output that never played anything.  The check opens the device and
        closes it, playing nothing; it runs on the worker, never on the caller.
        """
        try:
            while self.backend.name in ALSA_OUTPUTS and self._index + 1 < len(self.backends):
                from tui.audio.alsa import default_device_status

                opens, why = default_device_status()
                if opens:
                    return
                self._demote(why)
        except Exception:  # a probe must never stop cues
            audio_log().exception("probing the sound device failed")
        finally:
            self.probed.set()

    def _run(self) -> None:
        self._probe()
        while True:
            try:
                item = self._queue.get(timeout=POLL_INTERVAL if self._current else None)
            except queue.Empty:
                self._watch()
                continue
            taken = 1
            # Only the newest request matters (see the module docstring): take
            # whatever queued up meanwhile, waiting only if COALESCE_WINDOW says so.
            deadline = time.perf_counter() + COALESCE_WINDOW
            while item is not _STOP:
                try:
                    wait = deadline - time.perf_counter()
                    item = self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                taken += 1
            if item is _STOP:
                self._cut()
                return
            assert isinstance(item, _Request)
            self._watch()
            if item.name and not self._muted:
                self._start(item)
            else:
                self._cut()
            with self._settled:
                self._pending = max(0, self._pending - taken)
                self._settled.notify_all()

    def _sound(self, name: str) -> CueSound | None:
        with self._lock:
            volume = self._volume
        if volume != self._scaled_volume:
            self._scaled.clear()
            self._scaled_volume = volume
        sound = self._scaled.get(name)
        if sound is None:
            base = self.pack.sounds.get(name)
            if base is None:
                return None
            sound = base.at_volume(volume)
            self._scaled[name] = sound
        return sound

    def _start(self, request: _Request) -> None:
        sound = self._sound(request.name)
        if sound is None:
            audio_log().warning("unknown cue %r", request.name)
            return
        self._cut()
        while True:
            backend = self.backend
            try:
                playback = backend.play(sound)
            except Exception as exc:  # any failure demotes, none escapes
                reason = str(exc) if isinstance(exc, BackendError) else repr(exc)
                if not self._demote(reason):
                    return
                continue
            self.latencies.append(time.perf_counter() - request.asked)
            self._current = _Current(playback, request.name, time.monotonic())
            return

    def _watch(self) -> None:
        """Notice a playing cue that failed (a player that exited with an error)."""
        current = self._current
        if current is None:
            return
        reason = current.playback.failed()
        if reason is not None:
            with self._lock:
                self._pending += 1  # still "playing" until the replay is handed over
            try:
                if self._demote(reason) and time.monotonic() - current.started < REPLAY_WINDOW:
                    self._start(_Request(current.name, time.perf_counter()))
                elif self._current is current:
                    self._current = None
            finally:
                with self._settled:
                    self._pending -= 1
                    self._settled.notify_all()
        elif current.playback.finished():
            self._current = None

    def _cut(self) -> None:
        if self._current is not None:
            self._current.playback.stop()
            self._current = None

    def _demote(self, reason: str) -> bool:
        """Move to the next backend; False when there is none left."""
        log = audio_log()
        failed = self.backend.name
        if self._index + 1 >= len(self.backends):
            log.warning("%s failed (%s); no other output left", failed, reason)
            return False
        self._index += 1
        log.warning("%s failed (%s); using %s from now on", failed, reason, self.backend_name)
        if self.on_backend_change is not None:
            try:
                self.on_backend_change(self.backend_name)
            except Exception:  # the UI's callback must not stop cues
                log.exception("on_backend_change callback failed")
        return True
