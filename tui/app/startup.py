"""When the work that follows the first frame starts.

Textual hands each frame to a writer thread, which needs the interpreter lock
to put it on the terminal.  Work started from ``call_after_refresh`` runs the
moment the first frame is rendered (the home screen's footer and library
load, the check for sessions a crash left open) and kept that thread waiting:
on the bench machine the home screen's frame reached the terminal at 194 ms
from start (median of 9 launches in tmux), against 185 ms with that work
started from a timer instead.  A timer of 0 and one of :data:`SETTLE`
measured the same there; the 30 ms leave room on slower machines, where
writing a frame takes longer, and nobody notices the footer 30 ms later.
"""

from __future__ import annotations

#: Seconds between the first frame and the work that follows it.
SETTLE = 0.03
