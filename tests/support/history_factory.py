"""Small builders for history tests: segment records and ready-made sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.core.history import HistoryStore
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.ratings import NextDay, SitePain
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
SHA = "a" * 64


def record(
    index: int = 0,
    *,
    step: int = 0,
    name: str = "Hamstring stretch",
    kind: SegmentKind = SegmentKind.HOLD,
    side: str | None = "left",
    rep: int | None = 1,
    set_: int | None = None,
    planned: float | None = 30.0,
    actual: float = 30.0,
    status: SegmentStatus = SegmentStatus.DONE,
    hurt: bool = False,
    pain_now: int | None = None,
) -> SegmentRecord:
    """A segment record with sensible defaults."""
    return SegmentRecord(
        index=index,
        step=step,
        name=name,
        kind=kind,
        side=side,
        rep=rep,
        set=set_,
        planned_seconds=planned,
        actual_seconds=actual,
        status=status,
        hurt=hurt,
        pain_now=pain_now,
    )


def begin(
    store: HistoryStore,
    *,
    title: str = "Morning back routine",
    started_at: datetime = T0,
    preview: bool = False,
    pain_before: int | None = None,
) -> str:
    """Start a session in ``store``."""
    return store.begin_session(
        title,
        "/routines/morning.toml",
        SHA,
        "0.1.0",
        preview,
        started_at=started_at,
        pain_before=pain_before,
    )


def finished_session(
    store: HistoryStore,
    *,
    title: str = "Morning back routine",
    started_at: datetime = T0,
    segments: int = 3,
    status: SessionStatus = SessionStatus.COMPLETED,
    preview: bool = False,
    pain_before: int | None = 5,
    pain_after: int | None = 3,
    effort: int | None = 4,
    notes: str | None = None,
    name: str = "Hamstring stretch",
) -> str:
    """A session with ``segments`` done holds, finished ten minutes after it started."""
    sid = begin(store, title=title, started_at=started_at, preview=preview, pain_before=pain_before)
    for i in range(segments):
        store.add_segment(
            sid, record(i, name=name, rep=i + 1), ended_at=started_at + timedelta(seconds=30 * i)
        )
    store.finish_session(
        sid,
        status,
        ended_at=started_at + timedelta(minutes=10),
        pain_after=pain_after,
        effort=effort,
        notes=notes,
    )
    return sid


def open_store(path: Path) -> HistoryStore:
    """A writable store at ``path``."""
    return HistoryStore.open(path)


def by_site_session(store: HistoryStore, *, answer: NextDay | None = NextDay.WORSE) -> str:
    """A session rated by site (leg 6, back 3 before; back 4 after), checked the next day."""
    sid = store.begin_session(
        "Sciatica",
        "/r.toml",
        "a" * 64,
        "0.1",
        False,
        started_at=T0,
        pain_before=6,
        sites_before=SitePain(leg=6, back=3),
    )
    store.add_segment(sid, record(0), ended_at=T0 + timedelta(seconds=30))
    store.finish_session(
        sid,
        "completed",
        ended_at=T0 + timedelta(minutes=10),
        pain_after=4,
        sites_after=SitePain(leg=None, back=4),
    )
    store.record_next_day(sid, answer, T0 + timedelta(days=1))
    return sid
