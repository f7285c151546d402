"""supple's commands in the command palette (ctrl+p), beside Textual's own.

One :class:`SuppleCommands` provider: start any routine of the library
("Start: Lumbar stretches"), the history, progress, the clinic report,
settings, a sound test and the high-contrast look.  Every command posts one
of :mod:`tui.app.messages` to the app, which does the work (and refuses what
would leave a session under way).  The library is read when the palette
opens (:meth:`SuppleCommands.startup`, in a thread, or taken from the home
screen when it has read it already): never before the first frame, and never
while the patient types.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from tui.app.messages import (
    OpenHistory,
    OpenProgress,
    OpenSettings,
    SetHighContrast,
    SoundCheck,
    StartRoutineFile,
    WriteReport,
)
from tui.core.safe_text import shown

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.style import Style

    from tui.core.config import Settings


class PaletteHost(Protocol):
    """What the provider reads of the app (:class:`tui.app.supple_app.SuppleApp`)."""

    settings: Settings

    @property
    def in_session(self) -> bool:
        """True while a session is under way."""

    def library_routines(self) -> list[tuple[str, Path]] | None:
        """The routines the home screen has read, as (title, file); ``None`` if it has not."""


@dataclass(frozen=True)
class Command:
    """One palette entry: what it is called, its help line, and the message it posts."""

    name: str
    help: str
    message: Callable[[], Message]


def routine_commands(routines: list[tuple[str, Path]]) -> list[Command]:
    """A "Start: TITLE" command for each (title, file) of the library, in its order."""
    return [
        Command(f"Start: {shown(title)}", f"Start a session of {shown(path.name)}", _starter(path))
        for title, path in routines
    ]


def _starter(path: Path) -> Callable[[], Message]:
    return lambda: StartRoutineFile(path)


def app_commands() -> list[Command]:
    """supple's screens and tasks: each leaves the screen it is opened over."""
    return [
        Command("History", "Your past sessions", OpenHistory),
        Command("Progress", "Pain over time and how often you exercised", OpenProgress),
        Command(
            "Report for your therapist",
            "Write the clinic report to a file and show where it is",
            WriteReport,
        ),
        Command("Settings", "Volume, mute, spoken cues and the look", OpenSettings),
        Command("Sound test", "Play the test cue and say which output played it", SoundCheck),
    ]


def contrast_command(high_contrast: bool) -> Command:
    """ "High contrast on" (or "off" when it is on now)."""
    on = not high_contrast
    return Command(
        f"High contrast {'on' if on else 'off'}",
        "White on black with yellow highlights" if on else "Back to your theme",
        lambda: SetHighContrast(on),
    )


def read_routines() -> list[tuple[str, Path]]:
    """Every routine of the library that loads, as (title, file) (disk work: run in a thread)."""
    from tui.core.routine.library import list_routines

    return [(entry.title, entry.path) for entry in list_routines() if entry.ok]


class SuppleCommands(Provider):
    """supple's commands: a routine, history, progress, report, settings, sound, contrast."""

    def __init__(self, screen: Screen[Any], match_style: Style | None = None) -> None:
        super().__init__(screen, match_style)
        self.commands: list[Command] = []

    @property
    def supple(self) -> PaletteHost:
        """The app (this provider is installed by :class:`~tui.app.supple_app.SuppleApp` only)."""
        return cast("PaletteHost", self.app)

    async def startup(self) -> None:
        """Gather the commands once, when the palette opens.

        While a session is under way only the contrast is offered: the others
        would leave the session.
        """
        app = self.supple
        contrast = contrast_command(app.settings.high_contrast)
        if app.in_session:
            self.commands = [contrast]
            return
        routines = app.library_routines()
        if routines is None:
            routines = await asyncio.to_thread(read_routines)
        self.commands = [*app_commands(), contrast, *routine_commands(routines)]

    def _run(self, command: Command) -> Callable[[], None]:
        def run() -> None:
            self.app.post_message(command.message())

        return run

    async def discover(self) -> Hits:
        """Every command, for the palette before anything is typed."""
        for command in self.commands:
            yield DiscoveryHit(command.name, self._run(command), help=command.help)

    async def search(self, query: str) -> Hits:
        """The commands whose name matches what was typed."""
        matcher = self.matcher(query)
        for command in self.commands:
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.name),
                    self._run(command),
                    text=command.name,
                    help=command.help,
                )
