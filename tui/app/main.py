"""Entry point of the full-screen app (``supple`` and ``supple run ROUTINE``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.routine.model import Routine

#: Seconds a busy thread may hold the interpreter before another gets a turn.
CUE_SWITCH_INTERVAL = 0.001


def run_app(
    routine: Path | Routine | None,
    *,
    speed: float = 1.0,
    db: Path | None = None,
    sound: bool = True,
) -> int:
    """Run the app; with ``routine`` start that session at once, else open the home screen.

    ``routine`` is a routine file, or a routine already loaded (``supple run``
    checks the file before it chooses between this app and plain mode).

    ``speed`` runs the session faster (a therapist's dry run, saved as a
    preview); ``db`` is the history file (default: the user's); ``sound``
    False plays no cues (the screen still flashes).  Returns the exit code.
    """
    loaded: Routine | None = None
    if not isinstance(routine, str | os.PathLike):
        loaded = routine
    else:
        # Only this path reads a routine file; the home screen's first frame
        # does not wait for the loader (tomllib, hashlib).
        from tui.core.routine.loader import load_routine
        from tui.core.routine.model import RoutineError

        try:
            loaded = load_routine(routine)
        except RoutineError as exc:
            print(f"supple: {routine} has problems:", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"supple: can't read {routine}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    from tui.app.supple_app import SuppleApp

    # The audio player's thread must get the interpreter back within about a
    # millisecond of a cue even while the screen is redrawing (the default
    # 5 ms switch interval let cues at a segment boundary wait 15-30 ms).
    sys.setswitchinterval(CUE_SWITCH_INTERVAL)
    app = SuppleApp(loaded, speed=speed, db=db, sound=sound)
    result = app.run()
    if app.unsaved:
        return report_unsaved(app.unsaved)
    if app.return_code not in (None, 0):
        return int(app.return_code or 1)
    return int(result or 0)


def report_unsaved(unsaved: list[tuple[str, str | None]]) -> int:
    """After the screen is restored: why each session is not saved, and the copy to keep.

    The reasons go to standard error, a session saved nowhere to standard
    output as JSON (``supple history import`` reads it).  Returns exit code 1.
    """
    for problem, copy in unsaved:
        print(f"supple: {problem}", file=sys.stderr)
        if copy is not None:
            sys.stdout.write(copy)
    sys.stdout.flush()
    return 1
