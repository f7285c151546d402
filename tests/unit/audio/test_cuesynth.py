"""The cue pack: what the synthesis makes, what ships in sounds/, and how it loads."""

from __future__ import annotations

import array
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import paths
from tui.audio.synth import (
    CHANNELS,
    HEADROOM_DB,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    SOUND_NAMES,
    CuePack,
    CueSound,
    read_wav,
    synthesise,
    synthesise_all,
    write_pack,
)
from tui.core.locations import bundled_sounds_dir

REPO = paths.REPO


def samples(sound: CueSound) -> array.array[int]:
    out = array.array("h")
    out.frombytes(sound.pcm)
    if sys.byteorder == "big":
        out.byteswap()
    return out


@pytest.fixture(scope="module")
def fresh() -> dict[str, CueSound]:
    return synthesise_all()


def test_the_pack_has_every_cue_the_issue_asks_for() -> None:
    wanted = {
        "get_ready",
        "work_start",
        "countdown",
        "countdown_final",
        "tempo_up",
        "tempo_hold",
        "tempo_down",
        "tempo_pause",
        "rest",
        "switch_sides",
        "set_done",
        "step_done",
        "session_complete",
        "text_cue",
    }
    assert set(SOUND_NAMES) == wanted


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_each_cue_is_short_mono_16_bit_and_never_clips(
    name: str, fresh: dict[str, CueSound]
) -> None:
    sound = fresh[name]
    assert (sound.channels, sound.sample_width, sound.sample_rate) == (1, 2, 22050)
    limit = 1.5 if name == "session_complete" else 1.0
    assert 0.08 < sound.seconds <= limit
    ceiling = 32768 * 10 ** (-HEADROOM_DB / 20)
    assert 32768 * 10 ** (-10 / 20) < sound.peak() <= ceiling + 1


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_each_cue_starts_and_ends_in_silence_so_it_does_not_click(
    name: str, fresh: dict[str, CueSound]
) -> None:
    data = samples(fresh[name])
    assert abs(data[0]) <= 2 and abs(data[-1]) <= 2
    # The last 5 ms fade to (almost) nothing.
    assert max(abs(s) for s in data[-110:]) < 200


def test_cues_sound_different_from_one_another(fresh: dict[str, CueSound]) -> None:
    assert len({sound.pcm for sound in fresh.values()}) == len(SOUND_NAMES)


def test_synthesis_is_deterministic() -> None:
    assert synthesise("countdown").pcm == synthesise("countdown").pcm


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_the_shipped_wav_files_are_what_the_synthesis_makes(
    name: str, fresh: dict[str, CueSound]
) -> None:
    """sounds/ is up to date: rerun scripts/make_sounds.py after editing cuesynth.py."""
    shipped = read_wav(REPO / "sounds" / f"{name}.wav", name)
    assert shipped.frames == fresh[name].frames
    # Allow a least significant bit or two for a different libm.
    difference = max(
        abs(a - b) for a, b in zip(samples(shipped), samples(fresh[name]), strict=True)
    )
    assert difference <= 2


def test_cues_json_describes_every_shipped_file() -> None:
    index = json.loads((REPO / "sounds" / "cues.json").read_text(encoding="utf-8"))
    assert index["format"] == {
        "sample_rate": SAMPLE_RATE,
        "sample_width": SAMPLE_WIDTH,
        "channels": CHANNELS,
    }
    assert list(index["cues"]) == list(SOUND_NAMES)
    for name, entry in index["cues"].items():
        data = (REPO / "sounds" / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert entry["meaning"]


def test_write_pack_writes_wavs_and_an_index(tmp_path: Path) -> None:
    written = write_pack(tmp_path)
    assert {p.name for p in written} == {f"{n}.wav" for n in SOUND_NAMES} | {"cues.json"}
    assert read_wav(tmp_path / "rest.wav", "rest").pcm == synthesise("rest").pcm


def test_the_bundled_pack_loads_from_files_without_problems() -> None:
    pack = CuePack.load()
    assert pack.problems == ()
    assert pack.source == bundled_sounds_dir()
    assert list(pack) == list(SOUND_NAMES)
    assert "rest" in pack and "nonsense" not in pack


def test_a_missing_or_broken_file_is_synthesised_instead(tmp_path: Path) -> None:
    write_pack(tmp_path)
    (tmp_path / "rest.wav").unlink()
    (tmp_path / "countdown.wav").write_bytes(b"RIFF nonsense")
    pack = CuePack.load(tmp_path)
    assert pack["rest"].pcm == synthesise("rest").pcm
    assert pack["countdown"].pcm == synthesise("countdown").pcm
    assert len(pack.problems) == 2
    assert all("synthesised instead" in p for p in pack.problems)


def test_wav_bytes_round_trip(tmp_path: Path) -> None:
    sound = synthesise("tempo_up")
    path = tmp_path / "x.wav"
    path.write_bytes(sound.wav_bytes())
    assert read_wav(path, "tempo_up") == sound


def test_volume_scales_the_samples() -> None:
    sound = synthesise("work_start")
    assert sound.at_volume(100) is sound
    assert set(sound.at_volume(0).pcm) == {0}
    half = sound.at_volume(50)  # quadratic: a quarter of the amplitude
    assert half.peak() == pytest.approx(sound.peak() / 4, rel=0.02)
    assert half.frames == sound.frames


def test_importing_the_synthesis_prints_nothing_even_without_ffmpeg() -> None:
    env = {**os.environ, "PATH": "", "PYTHONWARNINGS": "default"}
    done = subprocess.run(
        [sys.executable, "-c", "import tui.audio.synth as c; c.synthesise('rest')"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == ""


@pytest.mark.parametrize(
    "module", ["tui.audio.synth", "tui.core.session.cue_plan", "tui.core.config"]
)
def test_core_audio_modules_do_not_import_the_ui(module: str) -> None:
    banned = ("textual", "rich", "simpleaudio") + (("tui.audio",) if "core" in module else ())
    code = f"import sys, {module}; print([m for m in {banned!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
