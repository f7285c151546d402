"""``supple doctor``: the audio report, the test cue and the locations, in plain text."""

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
from tui.cli import main
from tui.core.locations import config_file

REPO = paths.REPO
ALSA = paths.ALSA


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["doctor", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_it_lists_every_output_speech_program_and_location(
    capsys: pytest.CaptureFixture[str], private_locations: dict[str, Path]
) -> None:
    out = doctor(capsys, "--no-sound")
    for name in ("simpleaudio", "pw-play", "paplay", "aplay", "afplay", "bell"):
        assert f"  {name} " in out
    for name in ("espeak-ng", "spd-say", "say"):
        assert f"  {name} " in out
    assert "Test cue: not played (--no-sound)." in out
    data = private_locations["data"]
    assert f"history           {data / 'history.sqlite3'}" in out
    assert f"your routines     {data / 'routines'}" in out
    assert f"config            {private_locations['config']}" in out
    assert "(not created yet: defaults in use)" in out


def test_with_supple_audio_off_no_cue_is_played(capsys: pytest.CaptureFixture[str]) -> None:
    out = doctor(capsys)
    assert "not played (SUPPLE_AUDIO=off)" in out
    assert "SUPPLE_AUDIO=off: using off" in out


def test_the_bell_is_the_last_resort(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPLE_AUDIO", "bell")
    out = doctor(capsys)
    assert "\a" in out
    assert "bell: no sound output worked, so supple rang the terminal bell" in out


def test_it_reports_settings_and_their_problems(capsys: pytest.CaptureFixture[str]) -> None:
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text("volume = 30\nvoice = 3\n", encoding="utf-8")
    out = doctor(capsys, "--no-sound")
    assert f"Settings: {path}\n" in out
    assert "volume 30, muted no, voice on" in out  # voice = 3 is refused: the default, on
    assert "warning: " in out and "voice = 3 is not true or false" in out


def run_doctor(config: str, audio: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ALSA_CONFIG_PATH": str(ALSA / config),
        "SUPPLE_AUDIO": audio,
        "PYTHONPATH": str(REPO),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "tui", "doctor"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(
    importlib.util.find_spec("simpleaudio") is None and shutil.which("aplay") is None,
    reason="needs simpleaudio or aplay (alsa-utils) to talk to ALSA",
)
def test_without_a_sound_card_the_report_explains_and_nothing_leaks_to_stderr() -> None:
    done = run_doctor("nocard.conf", "simpleaudio,aplay,bell")
    assert done.returncode == 0
    assert done.stderr == ""
    assert "rang the terminal bell" in done.stdout
    assert "cannot open the default device" in done.stdout or "simpleaudio  no" in done.stdout


@pytest.mark.skipif(
    importlib.util.find_spec("simpleaudio") is None, reason="simpleaudio is not installed"
)
def test_the_test_cue_reaches_alsa(tmp_path: Path) -> None:
    capture = tmp_path / "doctor.raw"
    done = run_doctor("capture.conf", "simpleaudio", SUPPLE_ALSA_CAPTURE=str(capture))
    assert done.returncode == 0
    assert done.stderr == ""
    assert "simpleaudio  yes  installed" in done.stdout
    assert "simpleaudio: played." in done.stdout
    expected = CuePack.load()["session_complete"].at_volume(80).pcm
    assert capture.read_bytes()[: len(expected)] == expected


@pytest.mark.parametrize(
    ("script", "said"),
    [
        ("exit 0", "spoken."),
        # espeak-ng with no sound device: exit status 0, but an error on stderr
        ("echo 'error: No such file or directory' >&2; exit 0", "failed, no sound was played"),
        ("exit 3", "failed, no sound was played (exit status 3)"),
    ],
)
def test_the_spoken_test_says_truthfully_whether_speech_played(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    script: str,
    said: str,
) -> None:
    fake = tmp_path / "espeak-ng"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o700)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SUPPLE_AUDIO", "bell")
    out = doctor(capsys)
    line = next(line for line in out.splitlines() if "Spoken test" in line)
    assert said in line
