"""Opening the history for a reader or a recorder: the two ways every front end uses.

:func:`open_for_reading` is the one "read-only, else an upgraded copy in
memory"; :func:`private_store_opener` what a recorder opens for writing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.core import locations
from tui.core.history.records import SchemaVersionError
from tui.core.history.store import HistoryStore


def open_for_reading(path: Path | str | None = None) -> HistoryStore:
    """The history at ``path`` (default: the user's own), opened so that nothing writes to it.

    The one way the history command, the report and the history screens open
    a history they only read: read-only when its schema is this supple's, and
    an older file through an upgraded copy in memory (the file is not changed).
    Raises :class:`SchemaVersionError` for a file of a newer supple and
    :class:`HistoryUnavailable` for a missing file or one that is no history.
    """
    target = locations.history_db() if path is None else Path(path)
    try:
        return HistoryStore.open(target, read_only=True)
    except SchemaVersionError as exc:
        if exc.found > exc.supported:
            raise
        return HistoryStore.snapshot(target)


def private_store_opener(
    path: Path | str | None = None, **kwargs: Any
) -> Callable[[], HistoryStore]:
    """A function that opens the store for writing at ``path`` (for :class:`SessionRecorder`)."""

    def opener() -> HistoryStore:
        return HistoryStore.open(path, **kwargs)

    return opener
