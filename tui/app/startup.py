"""When the work that follows the first frame starts.

Textual hands each frame to a writer thread, which needs the interpreter lock
to put it on the terminal.  Work started the moment the first frame is
rendered (the home screen's footer and library load, the check for sessions
a crash left open) kept that thread waiting: on the bench machine the home
screen reached the terminal 19 ms after it was rendered, against 1-2 ms for
a minimal Textual app (docs/performance.md).  That work now starts
:data:`SETTLE` seconds after the first frame, once the frame is out.
"""

from __future__ import annotations

#: Seconds between the first frame and the work that follows it.
SETTLE = 0.03
