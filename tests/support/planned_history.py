"""The fixed history the history screens are tested on: two routines over three weeks.

Written with the store's own API into a file, with "now" frozen at :data:`NOW`,
so what the screens show never depends on the real clock.  The Pilot tests and
the snapshot tests of the history screens share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.history_factory import record
from tui.core.history import HistoryStore
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

#: "Now" in every test: Wednesday 12 March 2025, 18:00 UTC.
NOW = datetime(2025, 3, 12, 18, 0, tzinfo=UTC)
STRETCHES = "Lumbar stretches"  # a bundled routine: 2 sessions a day, every day
WALKING = "Walking intervals"  # a bundled routine: 1 a day, 5 days a week


@dataclass(frozen=True)
class Planned:
    """One session of the fixed test history."""

    title: str
    started: datetime
    pain_before: int | None
    pain_after: int | None
    status: SessionStatus = SessionStatus.COMPLETED
    preview: bool = False
    effort: int | None = 3
    notes: str | None = None
    skipped: int = 0
    hurt: int = 0


def planned_history() -> list[Planned]:
    """Two routines over three weeks, pain easing, with a few odd sessions."""
    out: list[Planned] = []
    start = NOW.replace(hour=0) - timedelta(days=20)
    for day in range(21):
        base = start + timedelta(days=day)
        pain = max(1, 7 - day // 4)
        out.append(Planned(STRETCHES, base + timedelta(hours=8), pain, max(0, pain - 1)))
        if day % 3 != 1:
            out.append(Planned(STRETCHES, base + timedelta(hours=17), pain, pain))
        if day % 7 not in (2, 5):
            out.append(Planned(WALKING, base + timedelta(hours=12), pain, pain - 2))
    out.append(
        Planned(
            STRETCHES,
            start + timedelta(days=19, hours=20),
            3,
            6,
            status=SessionStatus.PARTIAL,
            notes='Left leg <b>tingled</b> & "burned" after the bridge',
            skipped=2,
            hurt=2,
        )
    )
    out.append(Planned(STRETCHES, start + timedelta(days=18, hours=21), None, None, preview=True))
    out.append(
        Planned(
            WALKING,
            start + timedelta(days=17, hours=19),
            4,
            None,
            status=SessionStatus.ABANDONED,
            effort=None,
        )
    )
    return out


def add_session(store: HistoryStore, p: Planned) -> str:
    """Write one planned session through the store's API, segment by segment."""
    path = f"/home/patient/routines/{p.title.lower().replace(' ', '-')}.toml"
    sid = store.begin_session(
        p.title, path, "b" * 64, "0.1.0", p.preview, started_at=p.started, pain_before=p.pain_before
    )
    moment = p.started
    names = ("Hamstring stretch", "Knee-to-chest", "Piriformis stretch")
    for i in range(6):
        name = names[i // 2]
        skipped = i < p.skipped
        hurt = i >= 6 - p.hurt
        moment += timedelta(seconds=35)
        store.add_segment(
            sid,
            record(
                i,
                step=i // 2,
                name=name,
                kind=SegmentKind.HOLD,
                side="left" if i % 2 == 0 else "right",
                rep=1,
                planned=30.0,
                actual=2.0 if skipped else 30.0,
                status=SegmentStatus.SKIPPED if skipped else SegmentStatus.DONE,
                hurt=hurt,
            ),
            ended_at=moment,
        )
    if p.status is SessionStatus.ABANDONED:
        store.abandon(sid)
    else:
        store.finish_session(
            sid,
            p.status,
            ended_at=moment + timedelta(seconds=30),
            pain_after=p.pain_after,
            effort=p.effort,
            notes=p.notes,
        )
    return sid


def build_history(path: Path, sessions: list[Planned] | None = None) -> Path:
    """A history file at ``path`` holding ``sessions`` (default: the fixed history)."""
    with HistoryStore.open(path) as store:
        for p in planned_history() if sessions is None else sessions:
            add_session(store, p)
    return path
