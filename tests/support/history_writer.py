"""A writer process for the concurrency and crash tests.

    python tests/history_writer.py DB SESSIONS SEGMENTS [LABEL]

Writes SESSIONS sessions of SEGMENTS segments each (SESSIONS 0 = forever) and
prints, only after each commit, one line on standard output:

    ready                  the store is open
    begin <id>             the session row is committed
    seg <id> <position>    that segment is committed
    done <id>              the session is finished (status completed)
"""

from __future__ import annotations

import sys
from itertools import count

from tui.core.history import HistoryStore
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind


def main(argv: list[str]) -> int:
    path, sessions, segments = argv[0], int(argv[1]), int(argv[2])
    label = argv[3] if len(argv) > 3 else "writer"
    store = HistoryStore.open(path, busy_timeout=30.0)
    print("ready", flush=True)
    for number in count():
        if sessions and number >= sessions:
            break
        sid = store.begin_session(f"{label} {number}", "/r.toml", "0" * 64, "test", False)
        print(f"begin {sid}", flush=True)
        for index in range(segments):
            record = SegmentRecord(
                index=index,
                step=index // 3,
                name=f"Exercise {index // 3}",
                kind=SegmentKind.HOLD,
                side="left",
                rep=index % 3 + 1,
                set=None,
                planned_seconds=30.0,
                actual_seconds=30.0,
                status=SegmentStatus.DONE,
                hurt=False,
            )
            position = store.add_segment(sid, record)
            print(f"seg {sid} {position}", flush=True)
        store.finish_session(sid, SessionStatus.COMPLETED, pain_after=2, effort=3)
        print(f"done {sid}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
