"""The app's messages: what screens, the command palette and worker threads ask the app to do.

Each is handled by :class:`tui.app.supple_app.SuppleApp`, whoever posts it: the home
screen's keys, a command of the palette (:mod:`tui.app.palette`) or, for the
last two, a thread of the audio player or the history writer.  Messages that a
widget posts to the screen holding it stay with the widget, as Textual's own
do (``RatingScale.Picked``, ``TextButton.Pressed``): they are that widget's
interface, not the app's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.core.routine.model import Routine


class StartRoutine(Message):
    """Start a session of a loaded routine (the home screen's choice)."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class StartRoutineFile(Message):
    """Load the routine file at ``path`` and start it (the palette's "Start: ...")."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class OpenSettings(Message):
    """Show the settings dialog."""


class OpenHistory(Message):
    """Show the history screens."""


class OpenProgress(Message):
    """Show the progress screen (pain chart and adherence), over the history list."""


class WriteReport(Message):
    """Write the clinic report to a file and say where it is."""


class SoundCheck(Message):
    """Play the test cue and say which output played it."""


class SetHighContrast(Message):
    """Switch the high-contrast look on or off (remembered in the settings)."""

    def __init__(self, on: bool) -> None:
        super().__init__()
        self.on = on


class BellCue(Message):
    """The audio player's last-resort output wants a cue shown (posted from its thread)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class HistoryProblem(Message):
    """The history could not be written (posted from the writer's thread)."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem
