"""What a short session says aloud, heard through espeak-ng's own WAV output.

Each phrase the session hands to the speech program is spoken by espeak-ng into a
WAV file (tests/support/espeak_capture.py); every file must be byte for byte what
espeak-ng says for the expected phrase, in the expected order, and not silence.
The clock is a fake one; the test waits only for espeak-ng to finish each phrase.
"""

from __future__ import annotations

import array
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from tests.support.espeak_capture import ESPEAK
from tests.support.fake_clock import FakeClock
from tui.audio.cues import AudioCues
from tui.audio.speech import TTS_PROGRAMS, Speaker
from tui.core.routine.loader import parse_routine
from tui.core.session.runner import SessionRunner

CAPTURE = Path(__file__).resolve().parent.parent / "support" / "espeak_capture.py"

ROUTINE = """
[routine]
title = "By ear"
get_ready = "4s"

[[step]]
kind = "hold"
name = "Bird dog"
hold = "20s"
reps = 2
rest = "10s"
"""

EXPECTED = [
    "Get ready: Bird dog.",
    "3",
    "2",
    "1",
    "Bird dog: hold 20 seconds.",
    "Halfway.",
    "3",
    "2",
    "1",
    "Rest 10 seconds.",
    "Next: Bird dog: hold 2 of 2.",
    "3",
    "2",
    "1",
    "Hold 2 of 2.",
    "Halfway.",
    "3",
    "2",
    "1",
    "Session complete. Well done!",
]

pytestmark = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (CI installs it; apt install espeak-ng)",
)


def _loud(path: Path) -> bool:
    with wave.open(str(path)) as sound:
        samples = array.array("h", sound.readframes(sound.getnframes()))
    return max(abs(s) for s in samples) > 1000


def test_espeak_capture_uses_supples_own_speed() -> None:
    assert TTS_PROGRAMS["espeak-ng"] == ESPEAK


def test_a_short_session_says_the_expected_words_in_order(tmp_path: Path) -> None:
    heard, reference = tmp_path / "heard", tmp_path / "reference"
    heard.mkdir()
    reference.mkdir()
    speaker = Speaker([sys.executable, str(CAPTURE), str(heard)], enabled=True)
    clock = FakeClock()
    runner = SessionRunner(parse_routine(ROUTINE), clock=clock, cues=AudioCues(None, speaker))
    runner.start()
    assert speaker.wait_quiet()
    while runner.status is None:
        clock.advance(0.25)
        runner.tick()
        assert speaker.wait_quiet(), "espeak-ng did not finish a phrase"
    speaker.close()

    assert speaker.spoken == EXPECTED
    files = sorted(heard.glob("*.wav"))
    assert len(files) == len(EXPECTED)
    for number, (path, phrase) in enumerate(zip(files, EXPECTED, strict=True), start=1):
        expected = reference / f"{number:04d}.wav"
        subprocess.run([*ESPEAK, "-w", str(expected), phrase], check=True)
        assert path.read_bytes() == expected.read_bytes(), f"phrase {number}: {phrase!r}"
        assert _loud(path), f"phrase {number} is silent"
