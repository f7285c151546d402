"""Waiting in a Pilot test for the app's workers, and what they draw, without sleeping."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot


async def settle(pilot: Pilot[Any]) -> None:
    """Let the screens' workers read the store and draw what they read (never a sleep).

    A drawn result may start another worker (a longer streak, the routines), so
    this waits again, a bounded number of times.
    """
    for _ in range(10):
        # A cancelled worker (its result no longer wanted) is never waited for: it would raise.
        running = [w for w in pilot.app.workers if w.is_running and not w.is_cancelled]
        if not running:
            await pilot.pause()
            return
        await pilot.app.workers.wait_for_complete(running)
        await pilot.pause()
    raise AssertionError("the history screens' workers never settled")
