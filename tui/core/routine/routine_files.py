"""The routine files in a folder, and each one's title read without loading it.

:func:`routine_files` is the one rule for which files are routines (the
library lists them, the home screen shows them).  :func:`quick_title` reads a
title from the ``title = "..."`` line of the file's ``[routine]`` table with a
pattern, so the
home screen's first frame can list the routines before the loader (and
``tomllib``) is even imported; the loaded routine's title replaces it a moment
later, and a file that does not load is then marked as such.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The file suffix of a routine.
SUFFIX = ".toml"

#: ``title = "..."`` (a basic string without escapes) on a line of its own.
_TITLE = re.compile(r'^title\s*=\s*"([^"\\\n]*)"\s*(?:#.*)?$', re.MULTILINE)
#: The routine's table, where its title is.
_ROUTINE_TABLE = re.compile(r"^\[routine\]\s*(?:#.*)?$", re.MULTILINE)
#: Any table header: the routine's table ends at the next one.
_TABLE = re.compile(r"^\s*\[", re.MULTILINE)
#: Enough of a file for its title: routine files put it first.
_HEAD_BYTES = 4096


def routine_files(folder: Path) -> list[Path]:
    """The ``.toml`` files in ``folder``, sorted by name ([] when it cannot be read)."""
    try:
        return sorted(
            (p for p in folder.iterdir() if p.suffix == SUFFIX and p.is_file()),
            key=lambda p: p.name,
        )
    except OSError:
        return []  # no folder yet (or not readable): nothing to list


def quick_title(path: Path) -> str | None:
    """The routine's title as its ``[routine]`` table's ``title`` line gives it, or ``None``.

    Reads the start of the file only, parses nothing: ``None`` when the table
    or the line is missing, the title is escaped or empty, or the file cannot
    be read.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    routine = _ROUTINE_TABLE.search(head)
    if routine is None:
        return None
    after = _TABLE.search(head, routine.end())
    match = _TITLE.search(head, routine.end(), after.start() if after else len(head))
    if match is None:
        return None
    return match.group(1).strip() or None
