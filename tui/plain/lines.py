"""Where plain mode's typed lines come from: standard input read without blocking the clock.

:class:`LineSource` is what the plain session reads (tests give it a script);
:class:`StreamLines` reads a real stream (standard input, a pipe) without
ever leaving a thread blocked in ``read`` when the session ends.
"""

from __future__ import annotations

import codecs
import collections
import os
import queue
import select
import threading
import time
from typing import Protocol, TextIO


class LineSource(Protocol):
    """Where typed lines come from (standard input, or a script in tests)."""

    @property
    def interactive(self) -> bool:
        """True when a person types at a terminal (their typing is echoed)."""

    @property
    def at_eof(self) -> bool:
        """True once the input has ended and every line was read."""

    def read_line(self, timeout: float | None) -> str | None:
        """The next line without its line ending, or ``None``.

        Waits at most ``timeout`` seconds (``None``: until a line or the end
        of input).  At the end of input it returns ``None`` at once.
        """


class StreamLines:
    """Lines from a text stream, read without blocking the session clock.

    On POSIX the file descriptor is watched with :func:`select.select` and
    read with :func:`os.read`, so no thread is left blocked in ``read`` when
    the session ends.  Elsewhere (or for a stream without a descriptor) a
    daemon thread feeds a queue.
    """

    def __init__(self, stream: TextIO, *, interactive: bool | None = None) -> None:
        self._stream = stream
        self._interactive = stream.isatty() if interactive is None else interactive
        self._lines: collections.deque[str] = collections.deque()
        self._eof = False
        self._fd: int | None = None
        self._queue: queue.SimpleQueue[str | None] | None = None
        try:
            fd = stream.fileno()
        except (OSError, AttributeError, ValueError):
            fd = None
        if fd is not None and os.name == "posix":
            self._fd = fd
            self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            self._partial = ""
        else:
            self._queue = queue.SimpleQueue()
            threading.Thread(target=self._pump, name="supple-stdin", daemon=True).start()

    @property
    def interactive(self) -> bool:
        """True when reading from a terminal."""
        return self._interactive

    @property
    def at_eof(self) -> bool:
        """True once the input ended and every line was handed out."""
        return self._eof and not self._lines

    def read_line(self, timeout: float | None) -> str | None:
        """The next line, waiting at most ``timeout`` seconds."""
        if self._lines:
            return self._lines.popleft()
        if self._eof:
            return None
        if self._queue is not None:
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                return None
            if item is None:
                self._eof = True
            return item
        return self._read_fd(timeout)

    def _read_fd(self, timeout: float | None) -> str | None:
        assert self._fd is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._lines and not self._eof:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._fd], [], [], wait)
            if not ready:
                return None
            try:
                chunk = os.read(self._fd, 65536)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if chunk:
                text = self._partial + self._decoder.decode(chunk)
            else:
                self._eof = True
                text = self._partial + self._decoder.decode(b"", final=True)
                if text and not text.endswith("\n"):
                    text += "\n"
            *complete, self._partial = text.split("\n")
            self._lines.extend(line.rstrip("\r") for line in complete)
        return self._lines.popleft() if self._lines else None

    def _pump(self) -> None:
        assert self._queue is not None
        try:
            for line in iter(self._stream.readline, ""):
                self._queue.put(line.rstrip("\r\n"))
        except (OSError, ValueError):
            pass
        self._queue.put(None)
