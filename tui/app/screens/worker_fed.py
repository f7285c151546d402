"""A screen fed by thread workers: what they read is drawn on the UI thread once it is built.

The history screens read the store only in thread workers (``@work(thread=True)``)
and hand what they read to :meth:`WorkerFedScreen.deliver`.  A screen starts
its first read in ``compose``, so the read overlaps the building of the screen
and its first frame often already shows the data; what arrives before the
screen is mounted waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen
from textual.worker import get_current_worker

ResultT = TypeVar("ResultT")


class WorkerFedScreen(Screen[ResultT]):
    """A screen whose data is read in thread workers, never on the UI thread, and drawn here.

    What a cancelled worker read (a newer read replaced it) and what arrives
    for a screen that has gone are dropped.
    """

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: True once the screen's first data has been read and drawn.
        self.loaded = False
        self._built = False
        self._early: list[Callable[[], object]] = []

    def on_mount(self) -> None:
        # Textual runs every class's on_mount, the subclass's first: the screen is built now.
        self._built = True
        early, self._early = self._early, []
        for show in early:
            show()

    def deliver(
        self, show: Callable[[], object], *, dropped: Callable[[], object] | None = None
    ) -> None:
        """From a worker's thread: run ``show`` on the UI thread once the screen is built.

        ``dropped`` runs instead when the result is not wanted any more (to
        release what the worker opened).
        """
        if get_current_worker().is_cancelled:
            if dropped is not None:
                dropped()
            return
        self.app.call_from_thread(self._receive, show, dropped)

    def _receive(self, show: Callable[[], object], dropped: Callable[[], object] | None) -> None:
        if not self.is_attached:
            if dropped is not None:
                dropped()
        elif self._built:
            show()
        else:
            self._early.append(show)
