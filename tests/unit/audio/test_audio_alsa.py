"""Real playback into ALSA, captured to a file, and silence on machines without a sound card.

Each test runs a child Python with ``ALSA_CONFIG_PATH`` pointing at a config in
``tests/fixtures/alsa/`` (libasound reads its configuration once per process, so it
cannot be changed inside the test process):

* ``capture.conf``: the default device is a ``file`` plugin over a ``null``
  slave, writing every sample played to ``$SUPPLE_ALSA_CAPTURE``;
* ``nocard.conf``: the default device is a sound card that does not exist.

Needs: libasound2 (and libasound2-dev to build simpleaudio), ``pip install
simpleaudio`` (the ``audio`` extra), and alsa-utils for the ``aplay`` test.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import paths
from tui.audio.synth import CuePack

REPO = paths.REPO
ALSA = paths.ALSA

HAVE_SIMPLEAUDIO = importlib.util.find_spec("simpleaudio") is not None
HAVE_APLAY = shutil.which("aplay") is not None

needs_simpleaudio = pytest.mark.skipif(
    not HAVE_SIMPLEAUDIO,
    reason="simpleaudio is not installed (pip install 'supple[audio]'; it builds against "
    "libasound2-dev)",
)
needs_aplay = pytest.mark.skipif(
    not HAVE_APLAY, reason="aplay is not installed (Debian package alsa-utils)"
)

#: Plays one cue through the named backend, waits for it to finish, prints the backend used.
PLAY = """
import sys, time
from tui.audio import AudioPlayer
from tui.core.config import Settings

backend, cue, volume = sys.argv[1], sys.argv[2], int(sys.argv[3])
rung = []
player = AudioPlayer.create(Settings(volume=volume), backends=[backend, "bell"], bell=rung.append)
player.wait_probed()
first = player.backend_name
player.play(cue)
player.wait_idle(10)
deadline = time.monotonic() + 10
while player.playing and time.monotonic() < deadline:
    time.sleep(0.01)
print(first, player.backend_name, ",".join(rung))
player.close()
"""


def run_child(
    config: str, backend: str, cue: str, volume: int, capture: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ALSA_CONFIG_PATH": str(ALSA / config),
        "SUPPLE_AUDIO": "auto",
        "PYTHONPATH": str(REPO),
    }
    if capture is not None:
        env["SUPPLE_ALSA_CAPTURE"] = str(capture)
    return subprocess.run(
        [sys.executable, "-c", PLAY, backend, cue, str(volume)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_captured(captured: bytes, expected: bytes) -> None:
    """The device got exactly the cue's samples, then at most silence (period padding)."""
    assert len(captured) >= len(expected)
    assert captured[: len(expected)] == expected
    assert set(captured[len(expected) :]) <= {0}


@pytest.fixture(scope="module")
def pack() -> CuePack:
    return CuePack.load()


@needs_simpleaudio
@pytest.mark.parametrize(("cue", "volume"), [("work_start", 100), ("countdown_final", 60)])
def test_simpleaudio_hands_the_cue_samples_to_alsa(
    cue: str, volume: int, tmp_path: Path, pack: CuePack
) -> None:
    capture = tmp_path / "captured.raw"
    done = run_child("capture.conf", "simpleaudio", cue, volume, capture)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["simpleaudio", "simpleaudio"]
    assert done.stderr == ""
    assert_captured(capture.read_bytes(), pack[cue].at_volume(volume).pcm)


@needs_aplay
def test_aplay_hands_the_cue_samples_to_alsa(tmp_path: Path, pack: CuePack) -> None:
    capture = tmp_path / "captured.raw"
    done = run_child("capture.conf", "aplay", "rest", 100, capture)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["aplay", "aplay"]
    assert done.stderr == ""
    assert_captured(capture.read_bytes(), pack["rest"].pcm)


@needs_simpleaudio
def test_without_a_sound_card_simpleaudio_fails_over_to_the_bell_and_prints_nothing() -> None:
    done = run_child("nocard.conf", "simpleaudio", "work_start", 80)
    assert done.returncode == 0, done.stderr
    # The device does not open, so simpleaudio is passed over before the first cue: the
    # player names the bell from the start and the cue rings it.
    assert done.stdout.split() == ["bell", "bell", "work_start"]
    assert done.stderr == ""  # libasound's own error lines included (written from C to fd 2)


@needs_aplay
def test_without_a_sound_card_aplay_fails_over_to_the_bell_and_prints_nothing() -> None:
    done = run_child("nocard.conf", "aplay", "rest", 80)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["bell", "bell", "rest"]
    assert done.stderr == ""


@needs_simpleaudio
def test_libasound_would_print_here_without_the_handler() -> None:
    """Proves the no-card config really makes ALSA talk, so the silence above means something."""
    code = (
        "import simpleaudio\n"
        "try:\n    simpleaudio.play_buffer(b'\\0\\0' * 100, 1, 2, 22050)\n"
        "except Exception:\n    pass\n"
    )
    env = {**os.environ, "ALSA_CONFIG_PATH": str(ALSA / "nocard.conf")}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert "ALSA lib" in done.stderr
