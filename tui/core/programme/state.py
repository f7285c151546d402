"""The patient's own programme state: the start they set and the moves they confirmed.

Kept in ``<data>/programmes/state.json`` (folder 0700, file 0600), written
atomically (a temporary file in the same folder, then a rename), so a crash
leaves the old state or the new one, never half of either.  Each programme is
keyed by its title; ``current`` names the programme ``supple today`` last used.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.core import locations
from tui.core.programme.schedule import ConfirmedMove, ProgrammeState

STATE_VERSION = 1


def state_file() -> Path:
    """Where the programme state lives."""
    return locations.user_programmes_dir() / "state.json"


@dataclass(frozen=True)
class StateBook:
    """Every programme's state and the programme in use."""

    programmes: dict[str, ProgrammeState] = field(default_factory=dict)
    #: The programme file ``supple today`` last used (a path or a name).
    current: str | None = None

    def of(self, title: str) -> ProgrammeState:
        """The state of the programme titled ``title`` (empty when none was saved)."""
        return self.programmes.get(title, ProgrammeState())


def read_state(path: Path | None = None) -> StateBook:
    """The saved state; an empty one when there is none or it cannot be read."""
    path = path or state_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return StateBook()
    if not isinstance(raw, dict):
        return StateBook()
    programmes: dict[str, ProgrammeState] = {}
    saved = raw.get("programmes")
    for title, entry in (saved if isinstance(saved, dict) else {}).items():
        state = _state_from(entry)
        if state is not None:
            programmes[str(title)] = state
    current = raw.get("current")
    return StateBook(programmes, current if isinstance(current, str) else None)


def _state_from(entry: Any) -> ProgrammeState | None:
    if not isinstance(entry, dict):
        return None
    try:
        start = datetime.fromisoformat(entry["start"]) if entry.get("start") else None
        moves = tuple(
            ConfirmedMove(int(move["to_phase"]), datetime.fromisoformat(move["at"]))
            for move in entry.get("moves", ())
        )
    except (KeyError, TypeError, ValueError):
        return None
    return ProgrammeState(start, moves)


def write_state(book: StateBook, path: Path | None = None) -> Path:
    """Save ``book`` atomically, readable by the patient alone; returns the file."""
    path = path or state_file()
    locations.ensure_private_dir(path.parent)
    data = {
        "version": STATE_VERSION,
        "current": book.current,
        "programmes": {
            title: {
                "start": state.start.isoformat() if state.start else None,
                "moves": [{"to_phase": m.to_phase, "at": m.at.isoformat()} for m in state.moves],
            }
            for title, state in sorted(book.programmes.items())
        },
    }
    handle, temporary = tempfile.mkstemp(prefix=".state-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, ensure_ascii=False)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def with_start(book: StateBook, title: str, start: datetime) -> StateBook:
    """``book`` with the start of programme ``title`` set (its confirmed moves kept)."""
    old = book.of(title)
    return StateBook({**book.programmes, title: ProgrammeState(start, old.moves)}, book.current)


def with_move(book: StateBook, title: str, move: ConfirmedMove) -> StateBook:
    """``book`` with a confirmed move for ``title`` (once per phase moved to)."""
    old = book.of(title)
    if any(m.to_phase == move.to_phase for m in old.moves):
        return book
    state = ProgrammeState(old.start, (*old.moves, move))
    return StateBook({**book.programmes, title: state}, book.current)


def with_current(book: StateBook, current: str) -> StateBook:
    """``book`` with ``current`` as the programme in use."""
    return StateBook(dict(book.programmes), current)
