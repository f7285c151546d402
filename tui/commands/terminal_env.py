"""What the command line needs from its terminal: keys for the app, a screen that can draw it.

The full-screen app reads keys from standard input (Textual's driver reads
file descriptor 0).  When that is not a terminal (``< /dev/null``, a closed
input, a pipe) the keys are read from the terminal device itself, or supple
says it cannot; when ``TERM`` is unset or ``dumb`` the app cannot draw, and
plain text is used instead (:mod:`tui.commands.run_command` says so in one line).
"""

from __future__ import annotations

import io
import os
import sys

from tui.errors import UserError


def dumb_terminal() -> str | None:
    """Why this terminal cannot show the full-screen app (``TERM`` unset or dumb), or ``None``."""
    term = os.environ.get("TERM", "")
    if not term:
        return "TERM is not set"
    if term == "dumb":
        return "TERM is dumb"
    return None


def input_closed() -> bool:
    """True when supple was started with standard input closed (``<&-``)."""
    return sys.stdin is None


def keys_from_terminal() -> None:
    """Make standard input the terminal, for the full-screen app.

    Raises :class:`UserError` when standard input is not a terminal and the
    terminal device (``/dev/tty``) cannot be opened either.
    """
    if sys.stdin is not None and sys.stdin.isatty():
        return
    where = "closed" if sys.stdin is None else "not a terminal"
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except (OSError, AttributeError) as exc:
        reason = getattr(exc, "strerror", None) or "there is none"
        raise UserError(
            f"the full-screen app reads keys from a terminal; standard input is {where} and "
            f"the terminal itself can't be opened ({reason}). Use 'supple run ROUTINE --plain'."
        ) from None
    if fd != 0:
        os.dup2(fd, 0)
        os.close(fd)
    stream = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    sys.stdin = stream
    # Textual's driver reads the descriptor of sys.__stdin__ (None when input was closed).
    sys.__stdin__ = stream  # type: ignore[misc]
