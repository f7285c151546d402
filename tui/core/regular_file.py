"""Reading a file named by the user, bounded: never a pipe, a device or more than a limit.

A routine file or a backup is named by whoever runs supple, and a folder of
routines may hold anything.  Opened without blocking and checked before
reading, a pipe (which would wait for a writer forever) or a device such as
/dev/zero or /dev/urandom (which never ends) is refused rather than read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotAFileError(OSError):
    """The path names a device, pipe or socket rather than a file."""


def open_regular_file(path: Path) -> BinaryIO:
    """The regular file at ``path`` opened for reading in binary, never blocking.

    Raises :class:`IsADirectoryError` for a folder, :class:`NotAFileError` for
    anything else that is not a regular file, and ``OSError`` as ``open`` does.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotAFileError(errno.EINVAL, "not a regular file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``, never blocking.

    Raises what :func:`open_regular_file` raises.
    """
    with open_regular_file(path) as handle:
        return handle.read(limit)
