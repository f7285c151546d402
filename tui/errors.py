"""The one error type every front end turns into a plain message."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A problem to show the user as one plain message (no traceback), exit code 1."""


def no_history_file(path: Path) -> UserError:
    """The error for a ``--db`` that names no file.

    A mistyped patient file must never look like a patient who did nothing.
    """
    return UserError(
        f"there is no history file at {path}: check the path given to --db "
        "(supple makes its own history file when the first session is saved)"
    )
