"""The pictures a routine's steps name: found in the routine's folder, read bounded, checked.

A step's ``image`` is a path relative to the folder of its routine file (the
loader has already checked its shape: relative, no ``..``, a picture suffix).
This module reads the file itself, for ``supple check``, the session screen and
the clinic report alike, so all three refuse the same files: a path that leads
out of the routine's folder (through a link), anything but a regular file, a
file over :data:`MAX_PICTURE_BYTES`, contents that are not PNG or JPEG whatever
the name says, a picture Pillow cannot open, or one wider or taller than
:data:`MAX_PICTURE_PIXELS`.  The bytes are read once and checked as read, so
what is shown is what was checked.

Pillow is imported only here and only when a picture is read: a routine without
pictures never loads it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from tui.core.regular_file import NotAFileError, read_regular_file
from tui.core.routine.model import Problem, Routine, RoutineError, Step
from tui.core.routine.problem_words import step_prefix
from tui.core.routine.spec import MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS
from tui.core.routine.toml_lines import LineMap, decode_text, read_routine_file

#: How each picture format's files begin (their "magic bytes"), by the name Pillow gives it.
_SIGNATURES = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class Picture:
    """A step's picture, read and checked: its bytes, format, size in pixels and words."""

    data: bytes
    #: "PNG" or "JPEG".
    format: str
    width: int
    height: int
    #: What the picture shows, in words (the step's ``image_alt``).
    alt: str

    @property
    def media_type(self) -> str:
        """The picture's media type, e.g. ``image/png`` (for a ``data:`` URI)."""
        return f"image/{self.format.lower()}"


class PictureError(Exception):
    """A step's picture cannot be shown; the message says why, in a therapist's words."""


def picture_folder(routine: Routine) -> Path | None:
    """The folder a routine's pictures are found in (its file's), or None when not from a file."""
    return None if routine.source is None else routine.source.parent


def step_picture(routine: Routine, step: Step) -> Picture | None:
    """The checked picture of ``step``, or None when it names none.

    Raises :class:`PictureError` when the step names a picture that cannot be
    shown, or the routine was not read from a file (so has no folder).
    """
    if step.image is None:
        return None
    folder = picture_folder(routine)
    if folder is None:
        raise PictureError(f"the picture {step.image!r} has no folder to be found in")
    return read_picture(folder, step.image, step.image_alt)


def read_picture(folder: Path, image: str, alt: str = "") -> Picture:
    """Read and check the picture at ``image`` (relative to ``folder``).

    Raises :class:`PictureError` for every reason a picture cannot be shown.
    """
    data = _picture_bytes(folder, image)
    found = next((name for name, sig in _SIGNATURES.items() if data.startswith(sig)), None)
    if found is None:
        raise PictureError(
            f"the picture {image!r} is not a PNG or JPEG picture (its contents say "
            "otherwise, whatever its name): save it as PNG or JPEG"
        )
    width, height = _checked_size(data, found, image)
    return Picture(data=data, format=found, width=width, height=height, alt=alt)


def _picture_bytes(folder: Path, image: str) -> bytes:
    """The file's bytes, refused when outside ``folder``, not a file or too large."""
    base = folder.resolve()
    place = base / image
    try:
        real = place.resolve(strict=True)
    except FileNotFoundError:
        raise PictureError(
            f"the picture {image!r} is not there: put it at {place}, or correct the path"
        ) from None
    except (OSError, RuntimeError):  # a loop of links, a folder that cannot be read
        raise PictureError(f"the picture {image!r} cannot be read") from None
    if not real.is_relative_to(base):
        raise PictureError(
            f"the picture {image!r} leads outside the routine's folder (through a link): "
            "copy the picture itself into the folder"
        )
    try:
        data = read_regular_file(real, MAX_PICTURE_BYTES + 1)
    except IsADirectoryError:
        raise PictureError(f"the picture {image!r} is a folder, not a picture file") from None
    except NotAFileError:
        raise PictureError(f"the picture {image!r} is not a regular file") from None
    except OSError as exc:
        raise PictureError(f"the picture {image!r} cannot be read ({exc.strerror})") from None
    if len(data) > MAX_PICTURE_BYTES:
        limit = MAX_PICTURE_BYTES // (1024 * 1024)
        raise PictureError(
            f"the picture {image!r} is larger than {limit} MB: save it smaller (a simple "
            "drawing of a few hundred pixels is plenty for a terminal)"
        )
    return data


def _checked_size(data: bytes, found: str, image: str) -> tuple[int, int]:
    """The picture's width and height once Pillow has opened and decoded it."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=[found]) as picture:
            width, height = picture.size  # read from the header, before decoding
            if width > MAX_PICTURE_PIXELS or height > MAX_PICTURE_PIXELS:
                raise PictureError(
                    f"the picture {image!r} is {width} x {height} pixels: it may be at most "
                    f"{MAX_PICTURE_PIXELS} x {MAX_PICTURE_PIXELS} (save it smaller)"
                )
            picture.load()
    except PictureError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PictureError(
            f"the picture {image!r} cannot be opened as a picture (the file may be damaged "
            "or cut short): save it again as PNG or JPEG"
        ) from None
    return width, height


def picture_problems(routine: Routine) -> list[Problem]:
    """Every picture of ``routine`` that cannot be shown, as ``FILE:LINE: message``.

    For ``supple check``: a routine read from text (no file, so no folder) has
    none to check.
    """
    if routine.source is None:
        return []
    problems: list[Problem] = []
    lines: LineMap | None = None
    for index, step in enumerate(routine.steps):
        try:
            step_picture(routine, step)
        except PictureError as exc:
            if lines is None:
                lines = _line_map(routine.source)
            line = lines.line(("step", index, "image")) if lines is not None else step.line
            prefix = step_prefix(index + 1, {"name": step.name})
            problems.append(Problem(str(routine.source), line, prefix + str(exc)))
    return problems


def _line_map(source: Path) -> LineMap | None:
    """The routine file's line map, read again (None if it changed and cannot be read)."""
    try:
        return LineMap(decode_text(read_routine_file(source), str(source)))
    except RoutineError:  # the file changed since: the step header's line will do
        return None
