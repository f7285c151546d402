"""The picture of the current exercise, beside its instructions on the session screen.

The routine's pictures are read and checked once, in a thread, by
:mod:`tui.core.routine.picture_files` (the same checks as ``supple check``);
:meth:`ExercisePicture.show` then swaps the picture in when the step changes,
with no disk work on the UI thread.  A step without a picture, or with one that
cannot be shown, leaves the widget hidden: the instructions are enough, and a
session never stops for a picture.

The drawing is textual-image's: the terminal's own graphics (Kitty's protocol
or Sixel) where it has them, Unicode half blocks otherwise.  textual-image asks
the terminal what it can draw when it is first imported, by writing a query and
reading the answer from the keyboard input, which a running Textual app is
reading too; so it is imported once, with the app suspended
(:func:`load_image_widget`), and only by a session whose routine has a picture:
sessions without pictures never load it, nor Pillow.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, Any

from textual.app import App, SuspendNotSupported
from textual.containers import Container
from textual.widget import Widget

from tui.core.routine.model import Routine

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

#: A terminal cell's height over its width (most fonts draw cells about twice as tall).
CELL_ASPECT = 2.0

#: The textual-image widget class chosen for this terminal (set by load_image_widget).
_image_widget: type[Widget] | None = None


def load_image_widget(app: App[Any]) -> type[Widget]:
    """textual-image's widget for this terminal, imported once with the app suspended.

    Kitty's graphics or Sixel where the terminal answers that it has them, half
    blocks otherwise (and always without a terminal, as in tests, so pictures
    drawn there are the same on every machine).
    """
    global _image_widget
    if _image_widget is not None:
        return _image_widget
    if "textual_image" in sys.modules or app.is_headless:
        chosen = _import_image_widget()
    else:
        # The terminal's answers reach textual-image only while the app does not
        # read the input; suspending shows the shell for the moment of the query.
        try:
            with app.suspend():
                chosen = _import_image_widget()
        except SuspendNotSupported:  # no terminal to ask (a browser): half blocks
            chosen = _import_image_widget()
    _image_widget = chosen
    return chosen


def _import_image_widget() -> type[Widget]:
    from textual_image.widget import HalfcellImage, Image, SixelImage, TGPImage

    return Image if Image in (SixelImage, TGPImage) else HalfcellImage


def _decoded_pictures(routine: Routine) -> dict[int, PillowImage]:
    """Each step's picture that can be shown, decoded, by step index (off the UI thread)."""
    from PIL import Image

    from tui.core.routine.picture_files import PictureError, step_picture

    decoded: dict[int, PillowImage] = {}
    for index, step in enumerate(routine.steps):
        try:
            picture = step_picture(routine, step)
        except PictureError:
            continue  # `supple check` says why; the session goes on without it
        if picture is not None:
            image = Image.open(io.BytesIO(picture.data))
            image.load()
            decoded[index] = image
    return decoded


class ExercisePicture(Container):
    """The current step's picture, hidden while the step has none."""

    DEFAULT_CSS = """
    ExercisePicture {
        display: none;
        width: auto;
        height: auto;
    }
    ExercisePicture.-shown {
        display: block;
    }
    ExercisePicture > * {
        width: 100%;
        height: 100%;
    }
    """

    def __init__(self, routine: Routine, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.routine = routine
        self._pictures: dict[int, PillowImage] | None = None
        #: The step whose picture is wanted (shown once the pictures are read).
        self._step = -1
        self._shown = -1
        self._image: Widget | None = None

    def on_mount(self) -> None:
        self._image = load_image_widget(self.app)()
        self.mount(self._image)
        self.run_worker(self._read, thread=True, exclusive=True, name="pictures")

    def _read(self) -> None:
        pictures = _decoded_pictures(self.routine)
        self.app.call_from_thread(self._have, pictures)

    def _have(self, pictures: dict[int, PillowImage]) -> None:
        self._pictures = pictures
        self._draw()

    def show(self, step: int) -> None:
        """Show step ``step``'s picture (by index in the routine), or hide the widget."""
        self._step = step
        self._draw()

    def _draw(self) -> None:
        if self._pictures is None or self._image is None or self._step == self._shown:
            return
        self._shown = self._step
        picture = self._pictures.get(self._step)
        if picture is not None:
            self._image.image = picture  # type: ignore[attr-defined]
            self._fit()
        self.set_class(picture is not None, "-shown")

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """As wide as the picture is at the height the screen's CSS gives it.

        textual-image can find its width from its height only inside a parent of
        known width; this widget sits beside the instructions, which take the
        rest of the row, so it sets its own width.
        """
        picture = None if self._pictures is None else self._pictures.get(self._shown)
        if picture is None:
            return
        height = self.styles.height
        rows = int(height.value) if height is not None and height.is_cells else self.size.height
        width, tall = picture.size
        columns = max(1, round(rows * CELL_ASPECT * width / tall))
        if self.styles.width is None or self.styles.width.value != columns:
            self.styles.width = columns

    @property
    def step_shown(self) -> int | None:
        """The step whose picture is on screen, or None (tests read it)."""
        if self._pictures is None or self._shown not in self._pictures:
            return None
        return self._shown
