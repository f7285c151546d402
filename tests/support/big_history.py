"""A large, realistic history: ten years, three sessions a day.

Used by the history benchmarks (``benchmarks/bench_history.py``,
``benchmarks/bench_history_screens.py``), which import it from here so tests
and benchmarks share one generator::

    from tests.support.big_history import fill_history
    fill_history(Path("big.sqlite3"))

The data is generated from a fixed seed, so every run builds the same file.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.core.history import HistoryStore, LoggedSegment, RoutineRef, Session, tally_of
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

#: (kind, step, name, side, rep, set, planned seconds) for one fifteen-segment session.
_Template = tuple[SegmentKind, int, str, str | None, int | None, int | None, float]

ROUTINES: dict[str, tuple[_Template, ...]] = {
    "Lumbar home programme": (
        (SegmentKind.GET_READY, 0, "Hamstring stretch", None, None, None, 5.0),
        (SegmentKind.HOLD, 0, "Hamstring stretch", "left", 1, None, 30.0),
        (SegmentKind.REST, 0, "Hamstring stretch", None, None, None, 10.0),
        (SegmentKind.HOLD, 0, "Hamstring stretch", "left", 2, None, 30.0),
        (SegmentKind.SWITCH, 0, "Hamstring stretch", "right", None, None, 5.0),
        (SegmentKind.HOLD, 0, "Hamstring stretch", "right", 1, None, 30.0),
        (SegmentKind.REST, 0, "Hamstring stretch", None, None, None, 10.0),
        (SegmentKind.HOLD, 0, "Hamstring stretch", "right", 2, None, 30.0),
        (SegmentKind.GET_READY, 1, "Cat-camel", None, None, None, 5.0),
        (SegmentKind.SET, 1, "Cat-camel", None, None, 1, 40.0),
        (SegmentKind.REST, 1, "Cat-camel", None, None, None, 60.0),
        (SegmentKind.SET, 1, "Cat-camel", None, None, 2, 40.0),
        (SegmentKind.GET_READY, 2, "Glute bridge", None, None, None, 5.0),
        (SegmentKind.SET, 2, "Glute bridge", None, None, 1, 60.0),
        (SegmentKind.REST, 2, "Glute bridge", None, None, None, 60.0),
    ),
    "Sciatica glides and press-ups": (
        (SegmentKind.GET_READY, 0, "Sciatic nerve glide", None, None, None, 5.0),
        (SegmentKind.SET, 0, "Sciatic nerve glide", "left", None, 1, 50.0),
        (SegmentKind.SWITCH, 0, "Sciatic nerve glide", "right", None, None, 5.0),
        (SegmentKind.SET, 0, "Sciatic nerve glide", "right", None, 1, 50.0),
        (SegmentKind.GET_READY, 1, "Prone press-up", None, None, None, 5.0),
        (SegmentKind.SET, 1, "Prone press-up", None, None, 1, 40.0),
        (SegmentKind.REST, 1, "Prone press-up", None, None, None, 60.0),
        (SegmentKind.SET, 1, "Prone press-up", None, None, 2, 40.0),
        (SegmentKind.GET_READY, 2, "Piriformis stretch", None, None, None, 5.0),
        (SegmentKind.HOLD, 2, "Piriformis stretch", "left", 1, None, 30.0),
        (SegmentKind.SWITCH, 2, "Piriformis stretch", "right", None, None, 5.0),
        (SegmentKind.HOLD, 2, "Piriformis stretch", "right", 1, None, 30.0),
        (SegmentKind.GET_READY, 3, "Pelvic tilt", None, None, None, 5.0),
        (SegmentKind.SET, 3, "Pelvic tilt", None, None, 1, 45.0),
        (SegmentKind.REST, 3, "Pelvic tilt", None, None, None, 30.0),
    ),
    "Stenosis walking intervals": (
        (SegmentKind.GET_READY, 0, "Walking", None, None, None, 5.0),
        (SegmentKind.INTERVAL, 0, "Walking", None, 1, None, 180.0),
        (SegmentKind.INTERVAL, 0, "Walking", None, 1, None, 60.0),
        (SegmentKind.INTERVAL, 0, "Walking", None, 2, None, 180.0),
        (SegmentKind.INTERVAL, 0, "Walking", None, 2, None, 60.0),
        (SegmentKind.INTERVAL, 0, "Walking", None, 3, None, 180.0),
        (SegmentKind.INTERVAL, 0, "Walking", None, 3, None, 60.0),
        (SegmentKind.GET_READY, 1, "Knee-to-chest", None, None, None, 5.0),
        (SegmentKind.HOLD, 1, "Knee-to-chest", "left", 1, None, 25.0),
        (SegmentKind.SWITCH, 1, "Knee-to-chest", "right", None, None, 5.0),
        (SegmentKind.HOLD, 1, "Knee-to-chest", "right", 1, None, 25.0),
        (SegmentKind.REST, 1, "Knee-to-chest", None, None, None, 15.0),
        (SegmentKind.HOLD, 1, "Knee-to-chest", "left", 2, None, 25.0),
        (SegmentKind.SWITCH, 1, "Knee-to-chest", "right", None, None, 5.0),
        (SegmentKind.HOLD, 1, "Knee-to-chest", "right", 2, None, 25.0),
    ),
}

_NOTES = (
    "Tight on the left today.",
    'Left knee "clicked" on the bridge, no pain after.',
    "Walked a little further, legs tingled at the end.",
    "Short on time, stopped early.",
)


def generate_sessions(
    *,
    years: int = 10,
    per_day: int = 3,
    seed: int = 20240301,
    end: datetime | None = None,
) -> Iterator[Session]:
    """Yield ``years`` x 365 x ``per_day`` sessions of fifteen segments, oldest first."""
    rng = random.Random(seed)
    titles = list(ROUTINES)
    last_day = (end or datetime(2026, 1, 1, tzinfo=UTC)).replace(hour=0, minute=0, second=0)
    first_day = last_day - timedelta(days=365 * years)
    pain = 6.0
    for day_number in range(365 * years):
        day = first_day + timedelta(days=day_number)
        pain = min(8.0, max(1.0, pain + rng.uniform(-0.35, 0.3)))
        for slot in range(per_day):
            started = day + timedelta(hours=7 + 5 * slot, minutes=rng.randint(0, 50))
            yield _session(rng, titles[(day_number + slot) % len(titles)], started, pain)


def _session(rng: random.Random, title: str, started: datetime, pain: float) -> Session:
    roll = rng.random()
    status = (
        SessionStatus.COMPLETED
        if roll < 0.9
        else SessionStatus.PARTIAL
        if roll < 0.97
        else SessionStatus.ABANDONED
    )
    moment = started
    segments = []
    for position, (kind, step, name, side, rep, set_, planned) in enumerate(ROUTINES[title]):
        outcome = rng.random()
        seg_status = (
            SegmentStatus.DONE
            if outcome < 0.92
            else SegmentStatus.SKIPPED
            if outcome < 0.97
            else SegmentStatus.PARTIAL
        )
        actual = {
            SegmentStatus.DONE: planned,
            SegmentStatus.SKIPPED: round(rng.uniform(0, 2), 1),
            SegmentStatus.PARTIAL: round(planned * rng.uniform(0.2, 0.9), 1),
        }[seg_status]
        moment += timedelta(seconds=actual + rng.uniform(0, 3))
        segments.append(
            LoggedSegment(
                position=position,
                index=position,
                step=step,
                name=name,
                kind=kind,
                side=side,
                rep=rep,
                set=set_,
                planned_seconds=planned,
                actual_seconds=actual,
                status=seg_status,
                hurt=kind.is_work and rng.random() < 0.02,
                ended_at=moment,
            )
        )
    before = round(pain) if rng.random() < 0.9 else None
    after = None
    if before is not None and status is not SessionStatus.ABANDONED and rng.random() < 0.9:
        after = max(0, min(10, before - rng.choice((-1, 0, 0, 1, 1, 2))))
    frozen = tuple(segments)
    return Session(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        routine=RoutineRef(title, f"/home/patient/routines/{title.lower()}.toml", "0" * 64),
        app_version="0.1.0",
        started_at=started,
        ended_at=moment + timedelta(seconds=20),
        status=status,
        preview=rng.random() < 0.01,
        pain_before=before,
        pain_after=after,
        effort=rng.choice((None, 2, 3, 3, 4, 4, 5, 6)),
        notes=rng.choice(_NOTES) if rng.random() < 0.05 else None,
        tally=tally_of(frozen),
        segments=frozen,
    )


def fill_history(
    path: Path,
    *,
    years: int = 10,
    per_day: int = 3,
    seed: int = 20240301,
    end: datetime | None = None,
) -> int:
    """Create (or add to) the history at ``path`` with generated sessions; returns how many."""
    sessions = list(generate_sessions(years=years, per_day=per_day, seed=seed, end=end))
    with HistoryStore.open(path) as store:
        store.import_sessions(sessions)
    return len(sessions)


def write_backup(path: Path, *, count: int, seed: int = 20240301) -> int:
    """Write a JSON backup of ``count`` generated sessions to ``path``; returns its size in bytes.

    Ten years of sessions, as many a day as ``count`` needs, written straight
    from the generator (no database), the way ``supple history --format json``
    lays a backup out.  100,000 sessions make about 400 MB.
    """
    from itertools import islice

    from tui.core.history.backup import write_json

    per_day = -(-count // (365 * 10))
    sessions = islice(generate_sessions(years=10, per_day=per_day, seed=seed), count)
    with path.open("w", encoding="utf-8") as out:
        write_json(sessions, out)
    return path.stat().st_size
