"""The full-screen app in a real terminal (tmux): ``kill`` and a closed terminal save the
session as partial and restore the terminal; keys come from the terminal whatever stdin is.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import paths
from tui.core.history import HistoryStore
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (CI installs it)"),
]

ROUTINE = paths.FIXTURES / "short-routine.toml"


class Terminal:
    """One tmux server of its own (its own socket), with one 100x30 window."""

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.base = ["tmux", "-L", name]
        self.env = env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def state(self) -> str:
        """Whether the alternate screen, mouse reporting and the cursor are on."""
        fields = "#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag}"
        return self.tmux("display-message", "-p", fields).strip()

    def app_pid(self) -> int:
        pane = self.tmux("display-message", "-p", "#{pane_pid}").strip()
        found = subprocess.run(["pgrep", "-P", pane], capture_output=True, text=True)
        return int(found.stdout.split()[0])

    def wait_for(self, ready: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"the terminal never showed {what}:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {**os.environ, "TERM": "xterm-256color"}
    term = Terminal(f"supple-test-{os.getpid()}-{tmp_path.name}", env)
    yield term
    subprocess.run([*term.base, "kill-server"], env=env, capture_output=True, check=False)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_saves_the_session_as_partial_and_restores_the_terminal(
    terminal: Terminal, tmp_path: Path, stop: signal.Signals
) -> None:
    db = tmp_path / "h.sqlite3"
    command = f"{sys.executable} -m tui run {ROUTINE} --db {db} --no-sound; echo EXIT=$?; sleep 120"
    terminal.tmux("new-session", "-d", "-x", "100", "-y", "30", command)
    terminal.wait_for(lambda s: "Before you start" in s, "the first question")
    terminal.tmux("send-keys", "s")  # no pain rating
    terminal.wait_for(lambda s: "stop rules" in s, "the stop rules")
    terminal.tmux("send-keys", "Enter")
    terminal.wait_for(lambda s: "Hold 1 of 2" in s, "the first hold")
    assert terminal.state() == "1 1 1 0"  # alternate screen, mouse on, cursor hidden
    os.kill(terminal.app_pid(), stop)
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "the app's end", timeout=10)
    assert f"EXIT={128 + stop}" in screen
    assert terminal.state() == "0 0 0 1"  # all restored
    with HistoryStore.open(db, read_only=True) as store:
        [session] = store.sessions_with_segments()
    assert session.status is SessionStatus.PARTIAL
    # The hold in progress when the signal came is recorded, as partial.
    assert session.segments[-1].name == "Lying hamstring stretch"
    assert session.segments[-1].status is SegmentStatus.PARTIAL


@pytest.mark.parametrize("redirect", ["< /dev/null", "<&-"], ids=["dev-null", "closed"])
def test_with_input_not_a_terminal_the_app_reads_keys_from_the_terminal(
    terminal: Terminal, tmp_path: Path, redirect: str
) -> None:
    db = tmp_path / "h.sqlite3"
    command = (
        f"{sys.executable} -m tui run {ROUTINE} --db {db} --no-sound {redirect}; "
        "echo EXIT=$?; sleep 120"
    )
    terminal.tmux("new-session", "-d", "-x", "100", "-y", "30", command)
    terminal.wait_for(lambda s: "Before you start" in s, "the first question")
    terminal.tmux("send-keys", "s")
    terminal.wait_for(lambda s: "stop rules" in s, "the stop rules")
    terminal.tmux("send-keys", "Enter")
    terminal.wait_for(lambda s: "Hold 1 of 2" in s, "the first hold")
    terminal.tmux("send-keys", "q")  # read from the terminal: the question comes
    terminal.wait_for(lambda s: "Stop the session now?" in s, "the question before stopping")
    os.kill(terminal.app_pid(), signal.SIGTERM)
    terminal.wait_for(lambda s: "EXIT=" in s, "the app's end", timeout=10)
    with HistoryStore.open(db, read_only=True) as store:
        [session] = store.sessions_with_segments()
    assert session.status is SessionStatus.PARTIAL


def test_a_picture_is_drawn_and_the_terminal_question_leaves_the_keys_working(
    terminal: Terminal, tmp_path: Path
) -> None:
    """textual-image asks the terminal what it can draw (with the app suspended), once."""
    db = tmp_path / "h.sqlite3"
    pictured = paths.FIXTURES / "pictured" / "pictured-routine.toml"
    command = (
        f"{sys.executable} -m tui run {pictured} --db {db} --no-sound; echo EXIT=$?; sleep 120"
    )
    terminal.tmux("new-session", "-d", "-x", "100", "-y", "30", command)
    terminal.wait_for(lambda s: "stop rules" in s, "the stop rules")
    terminal.tmux("send-keys", "Enter")
    terminal.wait_for(lambda s: "Hold 1 of 2" in s, "the first hold")

    def picture_beside_instructions(screen: str) -> bool:
        return any(
            "On hands and knees" in line and "▀" * 10 in line for line in screen.splitlines()
        )

    terminal.wait_for(picture_beside_instructions, "the picture (in half blocks)")
    assert terminal.state() == "1 1 1 0"  # back in the app's screen after the question
    terminal.tmux("send-keys", "q")
    terminal.wait_for(lambda s: "Stop the session now?" in s, "the question before stopping")
    os.kill(terminal.app_pid(), signal.SIGTERM)
    terminal.wait_for(lambda s: "EXIT=" in s, "the app's end", timeout=10)
    assert terminal.state() == "0 0 0 1"
