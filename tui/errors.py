"""The one error type every front end turns into a plain message."""

from __future__ import annotations


class UserError(Exception):
    """A problem to show the user as one plain message (no traceback), exit code 1."""
