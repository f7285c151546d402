"""The routines a user can pick: the bundled library and their own folder.

A routine is named by its file's stem (``lumbar-stretches`` for
``lumbar-stretches.toml``).  The user's own folder
(:func:`tui.core.locations.user_routines_dir`) is searched before the bundled
library, so a user's file can stand in for a bundled one of the same name.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.core import locations
from tui.core.routine.loader import load_routine
from tui.core.routine.model import RoutineError
from tui.core.routine.routine_files import SUFFIX, routine_files
from tui.core.safe_text import shown

Origin = Literal["bundled", "yours"]


@dataclass(frozen=True)
class RoutineEntry:
    """One routine file as listed for the user.

    ``title`` is the routine's title, or the file name when the file is broken;
    ``problem`` is then the first problem found (``None`` for a good file).
    """

    name: str
    title: str
    path: Path
    origin: Origin
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file loads without problems."""
        return self.problem is None


class RoutineNotFoundError(LookupError):
    """No routine file matches a name or path; the message lists what exists."""


def list_routines() -> list[RoutineEntry]:
    """Every bundled routine, then every routine in the user's folder, each sorted by name.

    A broken file is listed with its first problem; it never stops the listing.
    """
    return _entries(locations.bundled_routines_dir(), "bundled") + _entries(
        locations.user_routines_dir(), "yours"
    )


def routine_names() -> list[str]:
    """The names (stems) of every routine, the user's first, without duplicates."""
    names: dict[str, None] = {}
    for folder in (locations.user_routines_dir(), locations.bundled_routines_dir()):
        for path in routine_files(folder):
            names.setdefault(path.stem)
    return sorted(names)


def resolve_routine(name_or_path: str | Path) -> Path:
    """The routine file for ``name_or_path``.

    An existing file is used as given; otherwise the text is taken as a routine
    name (with or without ``.toml``) and looked up in the user's folder, then in
    the bundled library.  Raises :class:`RoutineNotFoundError` otherwise, with
    the available names and a "did you mean" for a near miss.
    """
    given = Path(name_or_path)
    if given.is_file():
        return given
    if given.is_dir():
        raise RoutineNotFoundError(f"{given} is a folder, not a routine file")
    text = str(name_or_path)
    looks_like_name = "/" not in text and "\\" not in text and text not in ("", ".", "..")
    if looks_like_name:
        stem = text[: -len(SUFFIX)] if text.endswith(SUFFIX) else text
        for folder in (locations.user_routines_dir(), locations.bundled_routines_dir()):
            candidate = folder / f"{stem}{SUFFIX}"
            if candidate.is_file():
                return candidate
    names = routine_names()
    message = f"no routine file or routine named {text!r}"
    guess = _closest(Path(text).stem, names)
    if guess:
        message += f" (did you mean {guess!r}?)"
    if names:
        message += ". Available routines: " + ", ".join(names)
    raise RoutineNotFoundError(message)


def _closest(text: str, names: list[str]) -> str | None:
    """The name the user most likely meant: a unique name containing ``text``, or a near miss."""
    lowered = text.lower()
    containing = [name for name in names if lowered and lowered in name.lower()]
    if len(containing) == 1:
        return containing[0]
    close = difflib.get_close_matches(lowered, names, n=1, cutoff=0.6)
    return close[0] if close else None


def _entries(folder: Path, origin: Origin) -> list[RoutineEntry]:
    entries: list[RoutineEntry] = []
    for path in routine_files(folder):
        try:
            routine = load_routine(path)
        except RoutineError as exc:
            problem = _problem_summary(exc)
            entries.append(RoutineEntry(path.stem, path.name, path, origin, problem))
            continue
        entries.append(RoutineEntry(path.stem, routine.title, path, origin))
    return entries


def _problem_summary(error: RoutineError) -> str:
    """The first problem without the file name, and how many more there are."""
    if not error.problems:
        return "cannot be read"
    first = error.problems[0]
    text = f"line {first.line}: {first.message}" if first.line > 0 else first.message
    more = len(error.problems) - 1
    if more:
        text += f" (and {more} more problem{'s' if more > 1 else ''})"
    return shown(text)
