"""A supple process that started a session and died without finishing it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

CRASH = textwrap.dedent(
    """
    import sys
    from tui.core.session.engine import SegmentRecord, SegmentStatus
    from tui.core.history import HistoryStore
    from tui.core.session.timeline import SegmentKind
    store = HistoryStore.open(sys.argv[1])
    sid = store.begin_session("Crashed routine", "/r.toml", "0" * 64, "0", False, pain_before=4)
    rec = SegmentRecord(1, 0, "Bridge", SegmentKind.SET, None, None, 1, 30.0, 30.0,
                        SegmentStatus.DONE)
    store.add_segment(sid, rec)
    print(sid)
    """
)


def crash_a_session(db: Path) -> str:
    """A supple process that started a session and died without finishing it."""
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(db)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()
