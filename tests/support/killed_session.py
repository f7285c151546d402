"""A supple process killed in the middle of a session, for the resume tests.

    python tests/support/killed_session.py DB ROUTINE PARTS SPEED PAIN

Plays ROUTINE through the real runner and history log (the code the app and
plain mode use), on a clock of its own, until PARTS segments are recorded,
goes half way into the next one, prints the session's id and SIGKILLs itself:
no ``finally``, no final save, exactly what ``kill -9`` leaves behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tui.core.history.session_log import open_recorder_log
from tui.core.routine.loader import load_routine
from tui.core.session.runner import SessionRunner

HERE = Path(__file__)


def kill_during(db: Path, routine: Path, parts: int, *, speed: float = 1.0, pain: int = 4) -> str:
    """Run a session in another process until ``parts`` segments are recorded, then kill it.

    Returns the id of the session it left unfinished.
    """
    done = subprocess.run(
        [sys.executable, str(HERE), str(db), str(routine), str(parts), str(speed), str(pain)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done.stdout.strip()


def main(argv: list[str]) -> None:
    db, path, parts, speed, pain = (
        Path(argv[0]),
        Path(argv[1]),
        int(argv[2]),
        float(argv[3]),
        argv[4],
    )
    routine = load_routine(path)
    log = open_recorder_log(routine, preview=speed != 1.0, db=db)
    now = [0.0]
    runner = SessionRunner(routine, clock=lambda: now[0], speed=speed, history=log)
    log.begin(int(pain))
    runner.start()
    engine = runner.engine
    while len(engine.records) < parts:
        left = engine.remaining(runner.now())
        if left is None:  # a set the patient paces: they finish it after a while
            now[0] += 5.0 / speed
            runner.done()
        else:
            now[0] += left / speed
            runner.tick()
    left = engine.remaining(runner.now())
    now[0] += (left if left is not None else 4.0) / 2 / speed
    runner.tick()
    assert len(engine.records) == parts
    print(log.session_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(sys.argv[1:])
