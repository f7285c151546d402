"""``supple doctor``: which sound outputs work here, a test cue, and where supple keeps things.

Plain text, always exit status 0: it is a report, not a check that fails.
Nothing from ALSA or a player reaches the terminal except as one line of
explanation per output.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO


def register(subparsers: Any) -> None:
    """Add ``doctor`` to the command line."""
    parser = subparsers.add_parser(
        "doctor",
        help="check sound output, play a test cue, and show where supple keeps its files",
        description=(
            "Report which audio outputs work on this machine (and why not), play a test "
            "cue through the first one that works, and show where supple keeps your "
            "history, settings and routines."
        ),
    )
    parser.add_argument("--no-sound", action="store_true", help="do not play the test cue")
    parser.set_defaults(handler=doctor_command)


def doctor_command(args: argparse.Namespace) -> int:
    """Print the report; always returns 0."""
    report(sys.stdout, play=not args.no_sound)
    return 0


def report(out: TextIO, *, play: bool = True) -> None:
    """Write the whole doctor report to ``out``."""
    from tui.audio.alsa import silence_alsa_errors

    silence_alsa_errors()
    _audio_section(out)
    _tts_section(out, play)
    _test_cue_section(out, play)
    _settings_section(out)
    _locations_section(out)


def _audio_section(out: TextIO) -> None:
    from tui.audio.backends import audio_mode, probe_outputs

    print("Audio outputs (tried in this order):", file=out)
    statuses = probe_outputs()
    width = max(len(s.name) for s in statuses)
    for status in statuses:
        mark = "yes" if status.usable else "no "
        print(f"  {status.name:<{width}}  {mark}  {status.detail}", file=out)
    mode = audio_mode()
    if mode != ["auto"]:
        print(
            f"  SUPPLE_AUDIO={os.environ.get('SUPPLE_AUDIO', '')}: using {', '.join(mode)}",
            file=out,
        )
    print(file=out)


#: What ``doctor`` says aloud to test speech.
SPOKEN_TEST = "This is supple. If you can hear this, spoken cues work."


def _tts_section(out: TextIO, play: bool) -> None:
    from tui.audio.speech import find_tts, tts_status
    from tui.core.config import load_settings

    print("Spoken cues (text to speech):", file=out)
    statuses = tts_status()
    width = max(len(name) for name in statuses)
    for name, path in statuses.items():
        print(f"  {name:<{width}}  {'found at ' + path if path else 'not installed'}", file=out)
    found = find_tts()
    if found is None:
        print(
            "  No speech program: spoken cues are unavailable (Debian: apt install espeak-ng).",
            file=out,
        )
    else:
        voice = load_settings()[0].voice
        state = "on" if voice else "off in your settings (voice = false)"
        print(f"  Spoken cues use {found[0]}: {state}.", file=out)
        if play:
            print(f'  Spoken test ("{SPOKEN_TEST}"): {_spoken_test(found[1])}.', file=out)
    print(file=out)


def _spoken_test(command: tuple[str, ...]) -> str:
    """Say :data:`SPOKEN_TEST` and tell truthfully whether the program could play it.

    espeak-ng exits 0 even when it has no sound device, so its error output is
    read too.
    """
    import subprocess

    try:
        done = subprocess.run(
            [*command, SPOKEN_TEST],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=15.0,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "started, but did not finish within 15 s"
    except OSError as exc:
        return f"failed: {exc.strerror or exc}"
    errors = [
        line.strip()
        for line in done.stderr.decode("utf-8", "replace").splitlines()
        if line.strip().lower().startswith("error")
    ]
    if done.returncode != 0 or errors:
        reason = errors[-1] if errors else f"exit status {done.returncode}"
        return f"failed, no sound was played ({reason[:120]})"
    return "spoken"


def _test_cue_section(out: TextIO, play: bool) -> None:
    from tui.audio.sound_check import TEST_CUE, play_test_cue
    from tui.core.config import load_settings

    if not play:
        print("Test cue: not played (--no-sound).", file=out)
        print(file=out)
        return

    def ring(_name: str) -> None:
        out.write("\a")
        out.flush()

    # At the user's volume, even when muted: the doctor is asked to make a sound.
    volume = load_settings()[0].volume or 80
    check = play_test_cue(volume, ring)
    for problem in check.pack_problems:
        print(f"Cue pack: {problem}", file=out)
    print(f"Test cue ({TEST_CUE}, volume {volume}):", file=out)
    for line in check.lines():
        print(f"  {line}", file=out)
    print(file=out)


def _settings_section(out: TextIO) -> None:
    from tui.core.config import load_settings
    from tui.core.locations import config_file

    settings, warnings = load_settings()
    where = config_file()
    state = "" if where.exists() else " (not created yet: defaults in use)"
    print(f"Settings: {where}{state}", file=out)
    print(
        f"  volume {settings.volume}, muted {'yes' if settings.muted else 'no'}, "
        f"voice {'on' if settings.voice else 'off'}",
        file=out,
    )
    if settings.keymap:
        keys = ", ".join(f"{name} = {keys}" for name, keys in sorted(settings.keymap.items()))
        print(f"  your keys: {keys}", file=out)
    for warning in warnings:
        print(f"  warning: {warning}", file=out)
    print(file=out)


def _locations_section(out: TextIO) -> None:
    from tui.audio.log import audio_log_file
    from tui.core import locations

    rows = [
        ("data", locations.data_dir()),
        ("history", locations.history_db()),
        ("your routines", locations.user_routines_dir()),
        ("bundled routines", locations.bundled_routines_dir()),
        ("config", locations.config_dir()),
        ("cue sounds", locations.bundled_sounds_dir()),
        ("audio log", audio_log_file()),
    ]
    print("Where supple keeps things:", file=out)
    width = max(len(name) for name, _ in rows)
    for name, path in rows:
        print(f"  {name:<{width}}  {path}", file=out)
