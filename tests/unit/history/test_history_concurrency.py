"""Two supple processes writing one history at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.history_factory import begin, record
from tui.core.history import HistoryStore

WRITER = paths.HISTORY_WRITER


@pytest.mark.slow
def test_two_processes_writing_at_once_keep_every_row(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    HistoryStore.open(path).close()
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(path), "15", "12", name],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0]
    done = sum(line.startswith("done ") for out in outputs for line in out.splitlines())
    with HistoryStore.open(path, read_only=True) as store:
        rows = [len(s.segments) for s in store.sessions_with_segments()]
    assert (done, len(rows), set(rows)) == (30, 30, {12})


def test_threads_with_their_own_stores_keep_every_segment(tmp_path: Path) -> None:
    path = tmp_path / "threads.sqlite3"
    with HistoryStore.open(path) as first:
        sid = begin(first)

    def write(offset: int) -> None:
        with HistoryStore.open(path) as store:
            for index in range(offset, offset + 25):
                store.add_segment(sid, record(index))

    threads = [threading.Thread(target=write, args=(n * 100,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with HistoryStore.open(path) as store:
        got = store.session(sid)
    assert got is not None
    assert [s.position for s in got.segments] == list(range(100))


def test_one_store_shared_by_threads_keeps_every_segment(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "shared.sqlite3") as store:
        sid = begin(store)

        def write() -> None:
            for index in range(25):
                store.add_segment(sid, record(index))

        threads = [threading.Thread(target=write) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert store.segment_count(sid) == 100
