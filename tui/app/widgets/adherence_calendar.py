"""The adherence calendar: weeks by days, each day marked by sessions done against the plan."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.app.theme import theme_style
from tui.core.progress_reading import RoutineProgress


class AdherenceCalendarView(Static):
    """Weeks by days, each day marked by sessions done against the prescription."""

    def show(self, progress: RoutineProgress | None) -> None:
        """Draw ``progress``'s calendar (or a note when there is none)."""
        if progress is None:
            self.update(Text("No sessions that count yet.", "dim"))
            return
        good = theme_style(self, "success", "green")
        part = theme_style(self, "warning", "yellow")
        cal = progress.calendar
        text = Text()
        text.append("Week of   M T W T F S S  done\n", "bold")
        for week in cal.weeks:
            text.append(f"{week.monday:%d %b %y} ")
            for day in week.days:
                level = day.level
                if level == "full":
                    text.append("■ ", good)
                elif level == "part":
                    text.append("◧ ", part)
                elif level == "none":
                    text.append("· ", "dim")
                else:
                    text.append("  ")
            figure = f"{week.percent:>3}%"
            text.append(f" {figure}" + (" so far" if week.in_progress else ""))
            text.append("\n")
        text.append("■", good)
        text.append(" all done  ")
        text.append("◧", part)
        text.append(" some  · none\n", "")
        text.append("Sessions that counted vs prescribed.", "dim")
        self.update(text)
