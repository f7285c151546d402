"""Which process is writing a session: the ``writer`` column of an unfinished session.

Recovery at start-up never offers to close a session another running supple
is still writing; these two functions say who that is and whether it runs.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def this_writer() -> str:
    """This process, as the ``writer`` column names it: pid, host and boot."""
    return f"{os.getpid()}@{socket.gethostname()}@{_boot_id()}"


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def writer_alive(writer: str | None) -> bool:
    """True when ``writer`` names a process that is still running on this computer."""
    if not writer:
        return False
    pid_text, _, rest = writer.partition("@")
    host, _, boot = rest.partition("@")
    if host != socket.gethostname() or boot != _boot_id() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # os.kill(pid, 0) would terminate the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
