"""The whole session's progress bar, redrawn only when the session screen updates it."""

from __future__ import annotations

from textual import events, on
from textual.widgets import ProgressBar


class SessionProgress(ProgressBar):
    """A :class:`ProgressBar` without the once-a-second self-refresh.

    Textual's progress bar wakes every second to recompute its time estimate;
    this one shows no estimate (the screen shows the time left itself), so it
    skips that timer: a running session should cost as little CPU as a
    plain countdown.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(total=1, show_eta=False, show_percentage=False, id=id)

    @on(events.Mount)
    def _mounted(self, event: events.Mount) -> None:
        event.prevent_default()  # ProgressBar.on_mount would start the estimate timer
        self.update()
