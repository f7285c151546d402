"""End to end: ``supple run ROUTINE --plain --speed N`` as a real process with piped input,
then the session found in ``supple history --format json``.

This is the one test that takes a few real seconds: a bundled routine of 8 min 46 s
played 200 times faster.  Nothing sleeps; the process runs on its own clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.crash import crash_a_session
from tui.core.history import HistoryStore
from tui.core.session.status import SessionStatus

ROOT = paths.REPO
ROUTINE = "core-strength"  # the shortest bundled routine
SPEED = "200"


def supple(
    args: list[str], *, stdin: str = "", env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.slow
def test_plain_run_with_piped_input_is_saved_and_found_in_the_history(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    crashed = crash_a_session(db)  # an earlier supple died mid-session
    env = dict(os.environ)
    # Real audio backends, but only ones that go through ALSA, pointed at a sound card
    # that does not exist: the worst case for ALSA noise, and nothing can be heard.
    env["SUPPLE_AUDIO"] = "simpleaudio,aplay,bell"
    env["ALSA_CONFIG_PATH"] = str(ROOT / "tests" / "fixtures" / "alsa" / "nocard.conf")
    env["PYTHONWARNINGS"] = "default"
    # "a": close the crashed session (of another routine) as abandoned.
    # After "3": Enter confirms the stop rules; after "hurt": no rating, carry on (Enter twice).
    script = "a\n3\n\nwait 10\nhurt\n\n\nskip\n5\n4\nKnee felt tight on the left\n"

    run = supple(
        ["run", ROUTINE, "--plain", "--speed", SPEED, "--db", str(db)], stdin=script, env=env
    )

    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no traceback, no ALSA lib lines, no warnings
    out = run.stdout.splitlines()
    assert any(line.startswith("Sound: ") for line in out)
    assert any("closed as abandoned" in line for line in out)
    assert "Pelvic tilt: 12 reps, 2 s up, 2 s hold, 2 s down" in out
    assert "Rep 1 of 12: up" in out
    assert "Set 2 of 3: 10 reps, 2 s up, 2 s hold, 2 s down" in out
    assert "Switch to the right side" in out
    # The long first set skipped: 78 % of the planned exercise time, under the 80 % that counts.
    assert (
        "Partly done (78% of the planned exercise time; 80% counts): "
        "this session does not count toward your plan."
    ) in out
    assert "Seek emergency care at once if you notice any of these:" in out  # pain +2, a hurt mark
    assert not any("injection" in line for line in out)  # core strength: no injection signs
    assert "Pain before 3, after 5: 2 points higher (worse)." in out
    assert out[-1] == "supple records what you report; it does not assess you."
    assert "\x1b" not in run.stdout  # no colour codes or cursor movement

    listed = supple(["history", "--format", "json", "--db", str(db), "--include-previews"], env=env)
    assert listed.returncode == 0, listed.stderr
    sessions = {s["id"]: s for s in json.loads(listed.stdout)["sessions"]}
    assert sessions[crashed]["status"] == "abandoned"
    assert len(sessions[crashed]["segments"]) == 1  # what was done before the crash is kept
    [ours] = [s for sid, s in sessions.items() if sid != crashed]
    assert ours["status"] == "completed"
    assert ours["preview"] is True
    assert ours["routine"]["title"] == "Core strength"
    assert ours["routine"]["path"].endswith("core-strength.toml")
    assert len(ours["routine"]["sha256"]) == 64
    assert (ours["pain_before"], ours["pain_after"], ours["effort"]) == (3, 5, 4)
    assert ours["notes"] == "Knee felt tight on the left"
    segments = ours["segments"]
    assert len(segments) > 30
    hurt = [s for s in segments if s["hurt"]]
    assert [(s["name"], s["kind"], s["status"]) for s in hurt] == [
        ("Pelvic tilt", "set", "skipped")
    ]
    assert all(s["status"] == "done" for s in segments if not s["hurt"])

    # A preview is left out of the history unless asked for.
    plain = supple(["history", "--format", "json", "--db", str(db)], env=env)
    assert ours["id"] not in plain.stdout


KILLABLE = """[routine]
version = 1
title = "Killable"
get_ready = 0

[[step]]
kind = "hold"
name = "First hold"
hold = "2s"

[[step]]
kind = "reps"
name = "Bridge"
reps = 5

[[step]]
kind = "hold"
name = "Last hold"
hold = "2s"
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")
def test_a_plain_run_killed_mid_session_is_resumed_on_the_next_start(tmp_path: Path) -> None:
    routine = tmp_path / "killable.toml"
    routine.write_text(KILLABLE, encoding="utf-8")
    db = tmp_path / "history.sqlite3"
    args = [sys.executable, "-m", "tui", "run", str(routine), "--plain", "--speed", "100"]
    args += ["--db", str(db)]
    first = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert first.stdin is not None and first.stdout is not None
    first.stdin.write("3\n\n")  # pain 3, then Enter after the stop rules
    first.stdin.flush()
    # The self-paced set waits for "d": the process is killed there, mid-session.
    for line in first.stdout:
        if line.startswith("Bridge:"):
            break
    first.kill()
    first.wait()
    with HistoryStore.open(db, read_only=True) as store:
        [killed] = store.sessions_with_segments(include_preview=True)
    assert killed.status is None and [s.name for s in killed.segments] == ["First hold"]

    run = supple(args[3:], stdin="r\nd\n", env=dict(os.environ))

    assert run.returncode == 0, run.stderr
    out = run.stdout.splitlines()
    assert any(
        line.startswith("An unfinished session of Killable from ")
        and line.endswith("(1 exercise part done): type r to resume, a to close it as "
                          "abandoned, Enter to leave it.")
        for line in out
    )  # fmt: skip
    assert "Resuming after the last part you did. Type ? and Enter for the commands." in out
    assert "Bridge: 5 reps, at your own pace; type d when the set is done" in out
    assert "First hold: hold 2 seconds" not in out  # done before the kill
    assert "Done: 3 of 3 exercise parts." in out
    with HistoryStore.open(db, read_only=True) as store:
        [session] = store.sessions_with_segments(include_preview=True)
    assert session.id == killed.id and session.status is SessionStatus.COMPLETED
    assert [s.name for s in session.segments] == ["First hold", "Bridge", "Last hold"]
    assert session.pain_before == 3
