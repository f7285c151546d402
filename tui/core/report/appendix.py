"""What the clinic report's appendix shows: each routine's pictures and the programme's cards.

The pictures are read with the checks of ``supple check``
(:mod:`tui.core.routine.picture_files`), so the report shows only what a
session would: a picture that cannot be shown is named with its reason
instead.  The cards are those of the programme the patient uses now (the one
named last), when there is one.  :func:`tui.core.report.page.render_report`
writes them; this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.programme.plan import Card
from tui.core.report.gather import ReportData
from tui.core.routine.picture_files import Picture, PictureError, step_picture


@dataclass(frozen=True)
class StepPicture:
    """One step's picture for the report, or why it cannot be shown."""

    step: str
    picture: Picture | None
    #: Why the picture is left out (empty when it is shown).
    problem: str = ""
    #: What the picture shows, in words (shown with the picture, and instead of it).
    alt: str = ""


@dataclass(frozen=True)
class RoutinePictures:
    """The pictures of one routine in the report."""

    title: str
    pictures: tuple[StepPicture, ...]


@dataclass(frozen=True)
class ReportAppendix:
    """The report's appendix: pictures by routine, and the programme's cards."""

    routines: tuple[RoutinePictures, ...] = ()
    programme_title: str = ""
    cards: tuple[Card, ...] = ()

    @property
    def empty(self) -> bool:
        """True when there is nothing to put in an appendix."""
        return not self.routines and not self.cards


def gather_appendix(data: ReportData, *, with_programme: bool = True) -> ReportAppendix:
    """The pictures of the report's routines, and the current programme's cards.

    ``with_programme`` False leaves the programme out (a report of another
    history than the patient's own).
    """
    routines: list[RoutinePictures] = []
    for section in data.routines:
        routine = section.info.routine
        if routine is None:
            continue
        found: list[StepPicture] = []
        for step in routine.steps:
            if not step.image:
                continue
            try:
                picture = step_picture(routine, step)
            except PictureError as exc:
                found.append(StepPicture(step.name, None, str(exc), step.image_alt))
            else:
                found.append(StepPicture(step.name, picture, alt=step.image_alt))
        if found:
            routines.append(RoutinePictures(routine.title, tuple(found)))
    title, cards = _programme_cards() if with_programme else ("", ())
    return ReportAppendix(tuple(routines), title, cards)


def _programme_cards() -> tuple[str, tuple[Card, ...]]:
    """The current programme's title and cards ("" and none without a readable one)."""
    from tui.core.programme.current import open_programme
    from tui.core.programme.state import read_state
    from tui.core.routine.model import RoutineError

    book = read_state()
    if book.current is None:
        return "", ()
    try:
        programme, _ = open_programme(None, book)
    except (LookupError, RoutineError, OSError):
        return "", ()  # the report is about the history; the programme is extra
    return programme.title, programme.cards
