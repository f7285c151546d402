"""The cue sounds: synthesised with pydub, shipped as WAV files, loaded once into memory.

Every cue is built from sine (and a little triangle) partials with a soft attack
and a decaying tail, so none of them clicks; each is normalised to the same
peak and then trimmed by a fixed amount so quiet cues (tempo, text) stay
quieter than the ones that mark a change of segment.

``python -m tui.audio.synth --out sounds/`` (or ``scripts/make_sounds.py``)
regenerates ``sounds/*.wav`` and ``sounds/cues.json``.  At run time
:meth:`CuePack.load` reads those files once; a file that is missing or
unreadable is synthesised in memory instead, so a session always has sound.

This module is pure: it never plays anything (see :mod:`tui.audio`).
"""

from __future__ import annotations

import array
import io
import math
import sys
import warnings
import wave
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _pydub() -> Any:
    """pydub, imported on first use.

    Only synthesising a cue and scaling one's volume need it; a session
    without sound (and the app until its first scaled cue) never loads it and
    the dozen modules it brings.
    """
    with warnings.catch_warnings():
        # pydub warns (RuntimeWarning, printed to stderr) when ffmpeg is missing;
        # supple never needs ffmpeg, and nothing may print over the screen.
        warnings.simplefilter("ignore")
        import pydub.effects
        import pydub.generators
    return pydub


#: Sample rate of every cue (Hz).  22.05 kHz is ample for tones below 4 kHz
#: and halves the size of the shipped files.
SAMPLE_RATE = 22050
#: Bytes per sample (16-bit signed, little endian).
SAMPLE_WIDTH = 2
CHANNELS = 1
#: Peak level every cue is normalised to before its trim (dBFS).
HEADROOM_DB = 1.0


@dataclass(frozen=True)
class CueSound:
    """One cue as raw PCM in memory: 16-bit little-endian mono by default."""

    name: str
    pcm: bytes = field(repr=False)
    sample_rate: int = SAMPLE_RATE
    channels: int = CHANNELS
    sample_width: int = SAMPLE_WIDTH

    @property
    def frames(self) -> int:
        """Number of sample frames."""
        return len(self.pcm) // (self.channels * self.sample_width)

    @property
    def seconds(self) -> float:
        """Length in seconds."""
        return self.frames / self.sample_rate

    def wav_bytes(self) -> bytes:
        """The sound as a complete WAV file."""
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(self.channels)
            out.setsampwidth(self.sample_width)
            out.setframerate(self.sample_rate)
            out.writeframes(self.pcm)
        return buffer.getvalue()

    def at_volume(self, volume: int) -> CueSound:
        """A copy scaled for ``volume`` (0-100; 100 is unchanged).

        The scale is quadratic (80 is about -4 dB, 50 about -12 dB), which
        matches how loud the steps sound better than a linear one.
        """
        volume = max(0, min(100, int(volume)))
        if volume >= 100:
            return self
        if volume == 0:
            return CueSound(self.name, bytes(len(self.pcm)), *self._params())
        factor = (volume / 100.0) ** 2
        segment = self.segment().apply_gain(20.0 * math.log10(factor))
        return CueSound(self.name, bytes(segment.raw_data), *self._params())

    def segment(self) -> Any:
        """The sound as a pydub ``AudioSegment``."""
        return _pydub().AudioSegment(
            data=self.pcm,
            sample_width=self.sample_width,
            frame_rate=self.sample_rate,
            channels=self.channels,
        )

    def peak(self) -> int:
        """Largest absolute sample value."""
        if self.sample_width != 2 or not self.pcm:
            return int(self.segment().max)
        samples = array.array("h")
        samples.frombytes(self.pcm)
        if sys.byteorder == "big":
            samples.byteswap()
        return max(abs(min(samples)), abs(max(samples)))

    def _params(self) -> tuple[int, int, int]:
        return (self.sample_rate, self.channels, self.sample_width)


# --- synthesis -------------------------------------------------------------------------

#: Equal-tempered note frequencies used by the cues (Hz).
NOTE = {
    "G4": 392.00,
    "C5": 523.25,
    "E5": 659.25,
    "G5": 783.99,
    "A5": 880.00,
    "B5": 987.77,
    "C6": 1046.50,
    "D6": 1174.66,
    "E6": 1318.51,
    "G6": 1567.98,
}


def _silence(ms: int) -> Any:
    return _pydub().AudioSegment.silent(duration=ms, frame_rate=SAMPLE_RATE)


def _note(
    freq: float,
    ms: int,
    *,
    attack: int = 6,
    partials: Sequence[tuple[float, float]] = ((2.0, -12.0), (3.0, -20.0)),
    soft: bool = False,
) -> Any:
    """A bell-like note: a fundamental plus quieter partials, soft attack, decaying tail.

    ``partials`` are ``(multiple of freq, level in dB)``.  ``soft`` uses a
    triangle fundamental, which sounds rounder, for ticks.
    """
    generators = _pydub().generators
    base = generators.Triangle if soft else generators.Sine
    note = base(freq, sample_rate=SAMPLE_RATE).to_audio_segment(duration=ms, volume=-9.0)
    for multiple, level in partials:
        partial = generators.Sine(freq * multiple, sample_rate=SAMPLE_RATE).to_audio_segment(
            duration=ms, volume=-9.0 + level
        )
        note = note.overlay(partial)
    # Two linear decays multiply into a curved one that rings like a bell.
    tail = max(1, ms - attack)
    note = note.fade(to_gain=-120.0, start=attack, duration=tail)
    note = note.fade(to_gain=-120.0, start=attack, duration=tail)
    return note.fade_in(attack)


def _sequence(notes: Sequence[tuple[int, Any]], total_ms: int) -> Any:
    """Overlay ``(start_ms, note)`` pairs on silence of ``total_ms``."""
    out = _silence(total_ms)
    for start, note in notes:
        out = out.overlay(note, position=start)
    return out


def _finish(segment: Any, trim_db: float) -> Any:
    """Normalise to the common peak, trim, and guarantee silent ends."""
    segment = segment.set_channels(CHANNELS).set_sample_width(SAMPLE_WIDTH)
    segment = _pydub().effects.normalize(segment, headroom=HEADROOM_DB).apply_gain(-trim_db)
    return segment.fade_in(3).fade_out(15)


def _get_ready() -> Any:
    return _sequence([(0, _note(NOTE["E5"], 260)), (170, _note(NOTE["A5"], 330))], 520)


def _work_start() -> Any:
    chord = _note(NOTE["C6"], 600, partials=((2.0, -10.0), (3.0, -18.0), (1.5, -4.0)))
    return _sequence([(0, chord)], 620)


def _countdown() -> Any:
    return _sequence([(0, _note(NOTE["A5"], 110, attack=3, soft=True))], 130)


def _countdown_final() -> Any:
    return _sequence([(0, _note(NOTE["E6"], 160, attack=3, soft=True))], 180)


def _tempo_up() -> Any:
    return _sequence([(0, _note(NOTE["G5"], 120)), (90, _note(NOTE["D6"], 170))], 280)


def _tempo_hold() -> Any:
    return _sequence([(0, _note(NOTE["A5"], 220, partials=((2.0, -18.0),), soft=True))], 240)


def _tempo_down() -> Any:
    return _sequence([(0, _note(NOTE["D6"], 120)), (90, _note(NOTE["G5"], 170))], 280)


def _tempo_pause() -> Any:
    return _sequence([(0, _note(NOTE["E5"], 90, attack=3, partials=(), soft=True))], 110)


def _rest() -> Any:
    return _sequence(
        [(0, _note(NOTE["C5"], 380, attack=12)), (260, _note(NOTE["G4"], 520, attack=12))],
        800,
    )


def _switch_sides() -> Any:
    notes = [(i * 120, _note(NOTE["A5" if i % 2 == 0 else "E5"], 150)) for i in range(4)]
    return _sequence(notes, 540)


def _set_done() -> Any:
    return _sequence([(0, _note(NOTE["G5"], 220)), (140, _note(NOTE["C6"], 360))], 520)


def _step_done() -> Any:
    notes = [(0, _note(NOTE["C5"], 240)), (120, _note(NOTE["E5"], 240))]
    notes.append((240, _note(NOTE["G5"], 420)))
    return _sequence(notes, 680)


def _session_complete() -> Any:
    arpeggio = [(i * 110, _note(NOTE[n], 1100 - i * 110)) for i, n in enumerate(("C5", "E5", "G5"))]
    arpeggio.append((330, _note(NOTE["C6"], 1050, attack=10)))
    return _sequence(arpeggio, 1400)


def _text_cue() -> Any:
    return _sequence([(0, _note(NOTE["E6"], 650, attack=15, partials=((2.76, -22.0),)))], 680)


@dataclass(frozen=True)
class CueSpec:
    """How to make one cue, and what it means (for docs and ``cues.json``)."""

    meaning: str
    make: Callable[[], Any]
    trim_db: float = 0.0


#: Every cue in the pack, in the order the docs list them.
CUES: Mapping[str, CueSpec] = {
    "get_ready": CueSpec("a get-ready period begins: prepare for the next exercise", _get_ready),
    "work_start": CueSpec("work begins: a hold, a set or an interval block", _work_start),
    "countdown": CueSpec("3 or 2 seconds left in the current segment", _countdown, 2.0),
    "countdown_final": CueSpec("1 second left in the current segment", _countdown_final, 1.0),
    "tempo_up": CueSpec("paced rep: lift (rising)", _tempo_up, 4.0),
    "tempo_hold": CueSpec("paced rep: hold still", _tempo_hold, 5.0),
    "tempo_down": CueSpec("paced rep: lower (falling)", _tempo_down, 4.0),
    "tempo_pause": CueSpec("paced rep: pause before the next rep", _tempo_pause, 8.0),
    "rest": CueSpec("rest begins (falling and soft)", _rest, 2.0),
    "switch_sides": CueSpec("switch to the other side", _switch_sides),
    "set_done": CueSpec(
        "a hold or set finished and nothing else starts then (the next segment's sound"
        " usually takes its place)",
        _set_done,
        2.0,
    ),
    "step_done": CueSpec(
        "an exercise is finished (heard as the next exercise's get-ready begins)", _step_done, 2.0
    ),
    "session_complete": CueSpec("the whole session is complete", _session_complete),
    "text_cue": CueSpec("a written cue from the routine appears on screen", _text_cue, 6.0),
}

#: All cue names.
SOUND_NAMES: tuple[str, ...] = tuple(CUES)


def synthesise(name: str) -> CueSound:
    """Make one cue from scratch (a few milliseconds of CPU)."""
    spec = CUES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # audioop's DeprecationWarning inside pydub
        segment = _finish(spec.make(), spec.trim_db)
    return CueSound(name, bytes(segment.raw_data))


def synthesise_all() -> dict[str, CueSound]:
    """Every cue, synthesised."""
    return {name: synthesise(name) for name in SOUND_NAMES}


# --- the pack ----------------------------------------------------------------------------


def read_wav(path: Path, name: str) -> CueSound:
    """Read a 16-bit PCM WAV file into memory; raises ``ValueError`` or ``OSError``."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != SAMPLE_WIDTH or wav.getcomptype() != "NONE":
                raise ValueError(f"{path.name}: not 16-bit PCM")
            if wav.getnchannels() not in (1, 2):
                raise ValueError(f"{path.name}: {wav.getnchannels()} channels")
            pcm = wav.readframes(wav.getnframes())
            return CueSound(name, pcm, wav.getframerate(), wav.getnchannels(), SAMPLE_WIDTH)
    except (EOFError, wave.Error) as exc:
        raise ValueError(f"{path.name}: {exc}") from exc


@dataclass(frozen=True)
class CuePack:
    """Every cue sound, in memory.  ``problems`` says which files had to be synthesised."""

    sounds: Mapping[str, CueSound]
    problems: tuple[str, ...] = ()
    source: Path | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> CuePack:
        """Read every cue from ``folder`` (default: the bundled sounds) once.

        A missing or unreadable file is synthesised in memory instead and
        noted in ``problems``; this never raises.
        """
        if folder is None:
            from tui.core.locations import bundled_sounds_dir

            folder = bundled_sounds_dir()
        sounds: dict[str, CueSound] = {}
        problems: list[str] = []
        for name in SOUND_NAMES:
            path = folder / f"{name}.wav"
            try:
                sounds[name] = read_wav(path, name)
            except (OSError, ValueError) as exc:
                problems.append(f"{name}: {exc}; synthesised instead")
                sounds[name] = synthesise(name)
        return cls(sounds, tuple(problems), folder)

    @classmethod
    def synthesised(cls) -> CuePack:
        """A pack made entirely in memory (no files)."""
        return cls(synthesise_all())

    def __getitem__(self, name: str) -> CueSound:
        return self.sounds[name]

    def __contains__(self, name: object) -> bool:
        return name in self.sounds

    def __iter__(self) -> Iterator[str]:
        return iter(self.sounds)


# --- regenerating sounds/ ------------------------------------------------------------------


def write_pack(out: Path) -> list[Path]:
    """Synthesise every cue into ``out`` as WAV files plus ``cues.json``; return the paths."""
    import hashlib
    import json

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    index: dict[str, Any] = {
        "format": {"sample_rate": SAMPLE_RATE, "sample_width": SAMPLE_WIDTH, "channels": CHANNELS},
        "generator": "python -m tui.audio.synth --out sounds/",
        "cues": {},
    }
    for name, sound in synthesise_all().items():
        data = sound.wav_bytes()
        path = out / f"{name}.wav"
        path.write_bytes(data)
        written.append(path)
        peak = sound.peak()
        index["cues"][name] = {
            "file": path.name,
            "meaning": CUES[name].meaning,
            "milliseconds": round(sound.seconds * 1000),
            "peak_dbfs": round(20.0 * math.log10(peak / 32768.0), 1) if peak else None,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    index_path = out / "cues.json"
    index_path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    written.append(index_path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: regenerate the cue pack."""
    import argparse

    parser = argparse.ArgumentParser(description="Regenerate supple's cue sounds.")
    parser.add_argument("--out", type=Path, default=Path("sounds"), help="output folder")
    args = parser.parse_args(argv)
    for path in write_pack(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
