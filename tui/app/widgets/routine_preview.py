"""The home screen's preview of the highlighted routine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.app.library_view import LibraryItem


def preview_text(item: LibraryItem) -> Text:
    """The preview as styled text (no colours: the theme's CSS colours it)."""
    # Imported here: the home screen's first frame shows no routine yet.
    from tui.core.routine.model import StepKind
    from tui.core.session.describe import prescription, reflow, step_dose, total_time
    from tui.core.session.safety import FALLBACK_CONTACT

    text = Text()
    routine = item.routine
    if routine is None:
        text.append(f"{item.entry.path.name}\n", "bold")
        text.append("This routine file has problems, so it can't be started.\n\n")
        for problem in item.problems:
            text.append(f"- {problem}\n")
        text.append(
            "\nAsk whoever wrote it to correct it, or check it with: "
            f"supple check {item.entry.path}\n",
            "italic",
        )
        return text
    text.append(f"{routine.title}\n", "bold")
    if routine.author:
        text.append(f"by {routine.author}\n", "italic")
    details = [total_time(routine).capitalize()]
    how_often = prescription(routine)
    if how_often:
        details.append(how_often)
    text.append(" - ".join(details) + "\n")
    if item.today is not None:
        # Only sessions that count toward the plan; the others are named, not added.
        if routine.sessions_per_day:
            line = f"Today: {item.today} of {routine.sessions_per_day} sessions done"
        else:
            line = f"Today: {item.today} {'session' if item.today == 1 else 'sessions'} done"
        if item.today_not_counted:
            line += f" (not counted: {item.today_not_counted})"
        text.append(f"{line}\n", "bold")
    if routine.description:
        text.append(f"\n{reflow(routine.description)}\n")
    text.append("\nSteps\n", "bold underline")
    number = 0
    for step in routine.steps:
        if step.kind is StepKind.REST:
            text.append(f"   {step_dose(step)}\n", "dim")
            continue
        number += 1
        text.append(f"{number:2}. ")
        text.append(step.name, "bold")
        text.append(f": {step_dose(step)}\n")
    if routine.safety:
        text.append("\nYour therapist's advice\n", "bold underline")
        for line in routine.safety:
            text.append(f"- {line}\n")
    text.append("\nContact: ", "bold")
    text.append(f"{routine.contact or FALLBACK_CONTACT}\n")
    return text


class RoutinePreview(Static):
    """Shows one :class:`LibraryItem`; the home screen calls :meth:`show`."""

    def show(self, item: LibraryItem | None) -> None:
        """Show ``item`` (``None``: nothing to show)."""
        if item is None:
            self.update(
                "No routines found. Put your routine files (.toml) in your routines folder."
            )
            return
        self.set_class(item.routine is None, "-broken")
        self.update(preview_text(item))
