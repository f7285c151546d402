"""The pain chart of the progress screen (textual-plotext): before, after, the 7-day average,
and leg and back pain as two lines where sessions were rated by site."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from textual_plotext import PlotextPlot

from tui.core.progress import (
    SITE_LINE_LABELS,
    ChartPainPoint,
    pain_chart_series,
    site_lines_words,
)


class PainChart(PlotextPlot):
    """Pain before and after each session, with the 7-day average."""

    _last: tuple[Sequence[ChartPainPoint], date, date, tzinfo | None] | None = None

    def on_resize(self) -> None:
        # How many points fit depends on the width: draw again for the new size.
        if self._last is not None:
            self.draw(*self._last)

    def draw(
        self,
        points: Sequence[ChartPainPoint],
        start: date,
        end: date,
        tz: tzinfo | None,
    ) -> str:
        """Plot ``points`` from ``start`` to ``end`` (local days); returns the lines by site
        in words (:func:`~tui.core.progress.site_lines_words`, "" without any)."""
        self._last = (points, start, end, tz)
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        width = max(40, self.size.width or 80)
        series = pain_chart_series(points, tz, start, max_points=2 * width)
        span = max(1, (end - start).days + 1)
        if series.bucket_days == 1:
            plt.title("Pain 0-10, all routines (daily averages)")
        elif series.bucket_days:
            plt.title(f"Pain 0-10, all routines (averages of {series.bucket_days} days)")
        else:
            plt.title("Pain 0-10, all routines")
        if series.empty:
            plt.title("Pain 0-10: no ratings in this period")
        else:
            if series.before:
                xs, ys = zip(*series.before, strict=True)
                plt.scatter(list(xs), list(ys), marker="dot", color="blue", label="before")
            if series.after:
                xs, ys = zip(*series.after, strict=True)
                plt.scatter(list(xs), list(ys), marker="x", color="magenta", label="after")
            if series.average:
                xs, ys = zip(*series.average, strict=True)
                plt.plot(list(xs), list(ys), marker="braille", color="green", label="7-day avg")
            # Pain by site: two lines, told apart by their marks as well as their colours.
            for line, label, marker, color in zip(
                (series.leg, series.back),
                SITE_LINE_LABELS,
                ("+", "o"),
                ("orange", "cyan"),
                strict=True,
            ):
                if line:
                    xs, ys = zip(*line, strict=True)
                    plt.plot(list(xs), list(ys), marker=marker, color=color, label=label)
        plt.ylim(0, 10)
        plt.xlim(0, span)
        plt.yticks([0, 2, 4, 6, 8, 10])
        ticks = 4 if width < 90 else 6
        positions = [float(round(span * i / (ticks - 1))) for i in range(ticks)]
        labels = [(start + timedelta(days=int(p))).strftime("%d %b %y") for p in positions]
        plt.xticks(positions, labels)
        self.refresh()
        return site_lines_words(series)
