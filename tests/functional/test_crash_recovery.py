"""Killing a writer at random points never loses or damages a committed session.

A writer process (tests/history_writer.py) writes sessions segment by segment
and prints a line after each commit.  The test SIGKILLs it after a random
short delay, many times over the same file, and after every kill checks the
file's integrity, that everything the writer reported as committed is there,
and that the interrupted session is found and can be closed as abandoned.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import paths
from tui.core.history import HistoryStore
from tui.core.session.status import SessionStatus

WRITER = paths.HISTORY_WRITER
KILLS = 25
SEGMENTS = 6

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only"),
]


def run_and_kill(path: Path, delay: float) -> list[str]:
    """Start a writer, SIGKILL it ``delay`` seconds after it is ready; return its lines."""
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), "0", str(SEGMENTS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(delay)  # a random kill point, not a wait for time to pass
    writer.send_signal(signal.SIGKILL)
    rest = writer.stdout.read()
    writer.wait()
    return rest.splitlines()


def test_random_kills_lose_no_committed_session(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    rng = random.Random(20240301)
    committed: dict[str, int] = {}  # finished session -> segments reported
    abandoned: dict[str, int] = {}
    for _ in range(KILLS):
        lines = run_and_kill(path, rng.uniform(0.0, 0.06))
        open_segments: dict[str, int] = {}
        for line in lines:
            word, sid, *rest = line.split()
            if word == "begin":
                open_segments[sid] = 0
            elif word == "seg":
                open_segments[sid] = int(rest[0]) + 1
            elif word == "done":
                committed[sid] = open_segments.pop(sid)
        with HistoryStore.open(path) as store:
            assert store.integrity_check() == "ok"
            unfinished = {s.id: len(s.segments) for s in store.unfinished_sessions()}
            for sid, reported in open_segments.items():
                if sid in unfinished:
                    # One more segment may have committed just before the kill.
                    assert unfinished[sid] in (reported, reported + 1)
                else:
                    # Or the finish committed and the kill came before the "done" line.
                    finished = store.session(sid)
                    assert finished is not None
                    assert finished.status is SessionStatus.COMPLETED
                    committed[sid] = len(finished.segments)
            for sid in unfinished:
                closed = store.abandon(sid)
                assert closed.status is SessionStatus.ABANDONED
                abandoned[sid] = len(closed.segments)

    with HistoryStore.open(path, read_only=True) as store:
        assert store.integrity_check() == "ok"
        stored = {s.id: s for s in store.sessions_with_segments()}
    for sid, segments in committed.items():
        session = stored[sid]
        assert (session.status, len(session.segments)) == (SessionStatus.COMPLETED, SEGMENTS)
        assert segments == SEGMENTS
        assert [s.position for s in session.segments] == list(range(SEGMENTS))
    for sid, segments in abandoned.items():
        assert (stored[sid].status, len(stored[sid].segments)) == (
            SessionStatus.ABANDONED,
            segments,
        )
    assert len(committed) > 0
    assert len(abandoned) > KILLS // 2  # most kills landed inside a session
