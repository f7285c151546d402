"""The programmes a patient can follow: their own folder, then the bundled ones, by name.

A programme is named by its file's stem; a bundled programme lives in a
folder of its own with the routines it uses beside it
(``programmes/six-weeks-after-injection/programme.toml`` is named
``six-weeks-after-injection``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.core import locations
from tui.core.programme.plan_file import is_programme_file

#: The file name of a programme kept in a folder of its own.
FOLDER_FILE = "programme.toml"


@dataclass(frozen=True)
class ProgrammeEntry:
    """One programme file and the name it goes by."""

    name: str
    path: Path


def list_programmes() -> list[ProgrammeEntry]:
    """The user's programmes, then the bundled ones, each sorted by name."""
    entries: list[ProgrammeEntry] = []
    for folder in (locations.user_programmes_dir(), locations.bundled_programmes_dir()):
        entries.extend(_folder_programmes(folder))
    return entries


def _folder_programmes(folder: Path) -> list[ProgrammeEntry]:
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    found: list[ProgrammeEntry] = []
    for child in children:
        if child.is_dir() and (child / FOLDER_FILE).is_file():
            found.append(ProgrammeEntry(child.name, child / FOLDER_FILE))
        elif child.suffix == ".toml" and child.is_file() and is_programme_file(child):
            found.append(ProgrammeEntry(child.stem, child))
    return found


def resolve_programme(name_or_path: str) -> Path:
    """The programme file for ``name_or_path``: a file as given, else a programme's name.

    Raises :class:`LookupError` naming the programmes there are.
    """
    given = Path(name_or_path)
    if given.is_file():
        return given
    if given.is_dir() and (given / FOLDER_FILE).is_file():
        return given / FOLDER_FILE
    stem = name_or_path.removesuffix(".toml")
    for entry in list_programmes():
        if entry.name == stem:
            return entry.path
    names = ", ".join(entry.name for entry in list_programmes()) or "none"
    raise LookupError(f"no programme file or programme named {name_or_path!r} (there are: {names})")
