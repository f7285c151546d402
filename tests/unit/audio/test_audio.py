"""The player, its backends and speech, with fake backends: nothing audible, nothing slow.

Waiting here is for the player's worker thread or a child process to act,
never for session time to pass (that is always a fake clock).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cue_routine import EXPECTED, small_routine
from tests.support.fake_clock import FakeClock
from tui.audio import AudioCues, AudioPlayer, Speaker
from tui.audio.backends import (
    BackendError,
    BellBackend,
    CommandBackend,
    RecordingBackend,
    audio_mode,
    chosen_backends,
    play_blocking,
    probe_outputs,
)
from tui.audio.log import audio_log_file
from tui.audio.synth import CuePack, CueSound, synthesise
from tui.core.config import Settings
from tui.core.session.runner import SessionRunner


@pytest.fixture(scope="module")
def pack() -> CuePack:
    return CuePack.load()


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll for a background thread or process (not for session time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


class _Sounding:
    """A playback that lasts until stopped."""

    def __init__(self) -> None:
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    def failed(self) -> str | None:
        return None

    def finished(self) -> bool:
        return self.stopped


class FakeBackend:
    """Remembers the sounds it gets; optionally blocks, fails or keeps sounding."""

    def __init__(self, name: str = "fake", *, fail: bool = False, sustain: bool = False) -> None:
        self.name = name
        self.fail = fail
        self.sustain = sustain
        self.sounds: list[CueSound] = []
        self.playbacks: list[_Sounding] = []
        self.gate: threading.Event | None = None
        self.entered = threading.Event()
        self.closed = False

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sounds]

    def play(self, sound: CueSound) -> _Sounding:
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(5.0)
            self.gate = None
        if self.fail:
            raise BackendError(f"{self.name} cannot play")
        self.sounds.append(sound)
        playback = _Sounding()
        if not self.sustain:
            playback.stopped = True
        self.playbacks.append(playback)
        return playback

    def close(self) -> None:
        self.closed = True


# --- the player -----------------------------------------------------------------------------


def test_supple_audio_off_gives_a_silent_recording_player() -> None:
    with AudioPlayer.create(Settings()) as player:
        assert player.backend_name == "off"
        player.play("rest")
        assert player.wait_idle()
        backend = player.backend
        assert isinstance(backend, RecordingBackend)
        assert backend.names == ["rest"]


def test_play_returns_while_the_backend_is_still_busy(pack: CuePack) -> None:
    backend = FakeBackend()
    backend.gate = threading.Event()
    with AudioPlayer(pack, [backend], volume=100) as player:
        player.play("work_start")  # returns although the backend is blocked
        assert backend.entered.wait(5.0)
        assert player.playing
        backend.gate.set()
        assert player.wait_idle()
        assert backend.names == ["work_start"]


def test_cues_queued_while_the_worker_is_busy_collapse_to_the_newest(pack: CuePack) -> None:
    backend = FakeBackend()
    backend.gate = threading.Event()
    with AudioPlayer(pack, [backend]) as player:
        player.play("get_ready")
        assert backend.entered.wait(5.0)
        for name in ("countdown", "countdown", "countdown_final"):
            player.play(name)
        backend.gate.set()
        assert player.wait_idle()
    assert backend.names == ["get_ready", "countdown_final"]


def test_a_new_cue_cuts_the_one_still_sounding(pack: CuePack) -> None:
    backend = FakeBackend(sustain=True)
    with AudioPlayer(pack, [backend]) as player:
        player.play("rest")
        assert player.wait_idle()
        player.play("work_start")
        assert player.wait_idle()
        assert backend.playbacks[0].stopped
        assert not backend.playbacks[1].stopped
    assert backend.playbacks[1].stopped  # closing cuts the last one
    assert backend.closed


def test_a_failing_backend_demotes_silently_to_the_next(
    pack: CuePack, capfd: pytest.CaptureFixture[str]
) -> None:
    broken, good = FakeBackend("broken", fail=True), FakeBackend("good")
    changes: list[str] = []
    with AudioPlayer(pack, [broken, good], on_backend_change=changes.append) as player:
        assert player.backend_name == "broken"
        player.play("rest")
        assert player.wait_idle()
        assert player.backend_name == "good"
        player.play("countdown")
        assert player.wait_idle()
    assert good.names == ["rest", "countdown"]  # the failed cue was not lost
    assert changes == ["good"]
    assert capfd.readouterr() == ("", "")
    log = audio_log_file().read_text(encoding="utf-8")
    assert "broken failed (broken cannot play); using good from now on" in log


def test_a_player_process_that_exits_with_an_error_demotes_and_replays(pack: CuePack) -> None:
    false = CommandBackend("false", [sys.executable, "-c", "raise SystemExit(1)"])
    good = FakeBackend("good")
    with AudioPlayer(pack, [false, good]) as player:
        player.play("switch_sides")
        assert wait_until(lambda: good.names == ["switch_sides"])
        assert player.backend_name == "good"


def test_when_every_backend_fails_cues_are_dropped_quietly(
    pack: CuePack, capfd: pytest.CaptureFixture[str]
) -> None:
    with AudioPlayer(pack, [FakeBackend("a", fail=True), FakeBackend("b", fail=True)]) as player:
        player.play("rest")
        player.play("rest")
        assert player.wait_idle()
        assert player.backend_name == "b"
    assert capfd.readouterr() == ("", "")


def test_volume_scales_once_per_change_and_is_cached(pack: CuePack) -> None:
    backend = FakeBackend()
    with AudioPlayer(pack, [backend], volume=100) as player:
        player.play("work_start")
        assert player.wait_idle()
        player.volume = 50
        assert player.volume == 50
        player.play("work_start")
        assert player.wait_idle()
        player.play("work_start")
        assert player.wait_idle()
    full, half, again = backend.sounds
    assert full is pack["work_start"]
    assert half.peak() == pytest.approx(full.peak() / 4, rel=0.02)
    assert again is half  # cached, not scaled again


def test_muted_volume_zero_and_unknown_cues_play_nothing(pack: CuePack) -> None:
    backend = FakeBackend()
    with AudioPlayer(pack, [backend], muted=True) as player:
        player.play("rest")
        player.muted = False
        player.volume = 0
        player.play("rest")
        player.volume = 70
        player.play("no_such_cue")
        assert player.wait_idle()
        assert not player.muted
    assert backend.names == []
    assert "unknown cue 'no_such_cue'" in audio_log_file().read_text(encoding="utf-8")


def test_muting_cuts_the_cue_that_is_sounding(pack: CuePack) -> None:
    backend = FakeBackend(sustain=True)
    with AudioPlayer(pack, [backend]) as player:
        player.play("session_complete")
        assert player.wait_idle()
        player.muted = True
        assert player.wait_idle()
        assert backend.playbacks[0].stopped


def test_settings_give_the_player_its_volume_and_mute(pack: CuePack) -> None:
    with AudioPlayer.create(Settings(volume=33, muted=True), pack=pack) as player:
        assert (player.volume, player.muted) == (33, True)


def test_play_after_close_is_ignored(pack: CuePack) -> None:
    backend = FakeBackend()
    player = AudioPlayer(pack, [backend])
    player.close()
    player.play("rest")
    player.close()
    assert backend.names == []


# --- backends -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("", ["auto"]),
        ("auto", ["auto"]),
        ("off", ["off"]),
        ("aplay, bell", ["aplay", "bell"]),
        ("nonsense", ["auto"]),
    ],
)
def test_supple_audio_selects_backends(
    value: str, names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPLE_AUDIO", value)
    assert audio_mode() == names


def test_auto_ends_with_the_bell_and_explains_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # as if not installed
    backends, skipped = chosen_backends(names=["auto"])
    assert [b.name for b in backends] == ["bell"]
    assert any(s.startswith("simpleaudio: simpleaudio is not installed") for s in skipped)
    assert "aplay: aplay is not installed" in skipped


def test_a_command_backend_writes_each_cue_once_and_cleans_up(tmp_path: Path) -> None:
    log = tmp_path / "args.txt"
    script = f"import sys; open({str(log)!r}, 'a').write(sys.argv[1] + '\\n')"
    backend = CommandBackend("fake", [sys.executable, "-c", script])
    sound = synthesise("countdown")
    play_blocking(backend, sound)
    play_blocking(backend, sound)
    files = log.read_text(encoding="utf-8").split()
    assert len(files) == 2 and files[0] == files[1]
    written = Path(files[0])
    assert written.read_bytes() == sound.wav_bytes()
    assert written.parent.stat().st_mode & 0o077 == 0  # private folder
    backend.close()
    assert not written.parent.exists()


def test_play_blocking_reports_why_a_player_failed() -> None:
    script = "import sys; sys.stderr.write('audio open error: no card\\n'); sys.exit(1)"
    backend = CommandBackend("fake", [sys.executable, "-c", script])
    with pytest.raises(BackendError, match="audio open error: no card"):
        play_blocking(backend, synthesise("countdown"))
    backend.close()


def test_the_bell_calls_the_ui_and_a_failing_callback_is_a_backend_error() -> None:
    rung: list[str] = []
    BellBackend(rung.append).play(synthesise("rest"))
    assert rung == ["rest"]

    def broken(name: str) -> None:
        raise RuntimeError("no screen")

    with pytest.raises(BackendError, match="no screen"):
        BellBackend(broken).play(synthesise("rest"))


def test_probe_outputs_lists_every_output_in_order() -> None:
    names = [status.name for status in probe_outputs()]
    assert names == ["simpleaudio", "pw-play", "paplay", "aplay", "afplay", "bell"]


# --- speech ---------------------------------------------------------------------------------


def test_speech_is_silent_and_recorded_with_supple_audio_off() -> None:
    speaker = Speaker.create(enabled=True)
    assert not speaker.available
    speaker.speak("Switch   sides\n")
    assert speaker.spoken == ["Switch sides"]
    speaker.close()


def test_speech_does_nothing_unless_enabled() -> None:
    speaker = Speaker.create(enabled=False)
    speaker.speak("Rest")
    assert speaker.spoken == []


def test_speech_runs_the_program_with_the_text(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    script = f"import sys; open({str(out)!r}, 'a').write(sys.argv[1] + '\\n')"
    speaker = Speaker([sys.executable, "-c", script], enabled=True)
    speaker.speak("--Rest 10 seconds.")  # never passed as an option
    assert wait_until(lambda: out.exists() and out.read_text(encoding="utf-8") != "")
    speaker.close()
    assert out.read_text(encoding="utf-8") == "Rest 10 seconds.\n"


# --- the whole chain: engine -> runner -> AudioCues -> player -------------------------------


def test_a_session_plays_the_planned_sounds_through_the_player(pack: CuePack) -> None:
    backend = FakeBackend()
    player = AudioPlayer(pack, [backend])
    speaker = Speaker(None, enabled=True)
    cues = AudioCues(player, speaker)
    clock = FakeClock(0.0)
    runner = SessionRunner(small_routine(), clock=clock, cues=cues)
    runner.start()
    assert player.wait_idle()
    ms = 0
    while runner.status is None:
        ms += 100
        clock.now = ms / 1000
        if runner.tick():
            assert player.wait_idle()
    cues.close()
    assert backend.names == [sound for _, sound in EXPECTED]
    assert speaker.spoken[0] == "Get ready: Stretch."
    assert speaker.spoken[-1] == "Session complete. Well done!"  # the runner's closing words


def test_the_simpleaudio_that_crashes_python_3_12_is_never_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.audio import backends

    monkeypatch.setattr(backends, "simpleaudio_distribution", lambda: "simpleaudio")
    monkeypatch.setattr(backends.sys, "version_info", (3, 13, 0))
    with pytest.raises(backends.BackendError, match="312compat"):
        backends.SimpleAudioBackend.load()


def test_the_fixed_simpleaudio_loads_on_any_python(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.audio import backends

    pytest.importorskip("simpleaudio")
    monkeypatch.setattr(backends, "simpleaudio_distribution", lambda: "simpleaudio-312compat")
    monkeypatch.setattr(backends.sys, "version_info", (3, 13, 0))
    assert backends.SimpleAudioBackend.load().name == "simpleaudio"


@pytest.mark.parametrize(("opens", "used"), [(False, "bell"), (True, "simpleaudio")])
def test_an_alsa_device_that_cannot_open_is_passed_over_before_the_first_cue(
    pack: CuePack, monkeypatch: pytest.MonkeyPatch, opens: bool, used: str
) -> None:
    import tui.audio.alsa

    monkeypatch.setattr(
        tui.audio.alsa, "default_device_status", lambda: (opens, "cannot open the default device")
    )
    alsa, aplay, bell = FakeBackend("simpleaudio"), FakeBackend("aplay"), FakeBackend("bell")
    changes: list[str] = []
    with AudioPlayer(pack, [alsa, aplay, bell], on_backend_change=changes.append) as player:
        assert player.wait_probed()
        assert player.backend_name == used
        player.play("rest")
        assert player.wait_idle()
    assert (alsa.names, bell.names) == ((["rest"], []) if opens else ([], ["rest"]))
    assert changes == ([] if opens else ["aplay", "bell"])


def test_with_no_sound_device_the_session_says_so_and_does_not_speak(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.audio.alsa
    from tui.audio.output import open_sound

    monkeypatch.setattr(tui.audio.alsa, "default_device_status", lambda: (False, "no device"))
    monkeypatch.setenv("SUPPLE_AUDIO", "simpleaudio,bell")
    sound = open_sound(small_routine(), Settings(voice=True))
    try:
        assert sound.output == "bell"
        assert sound.voice is None
        assert sound.description == (
            "Sound: no sound device works, so the terminal bell rings at each cue."
        )
    finally:
        sound.close()
