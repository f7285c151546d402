"""A :class:`~tui.core.programme.phase_adherence.ProgrammeAdherence` as a table, in words and CSV.

One column list drives every front end: the progress screen's table, the
plain-text table of ``supple today --by-week``, the clinic report's table and
the CSV of ``supple programme export`` (which has plain numbers instead of words).
"""

from __future__ import annotations

import csv
import io

from tui.core.programme.phase_adherence import AdherenceStretch, ProgrammeAdherence
from tui.core.safe_text import shown, spreadsheet_cell

#: The columns shown to people, in order.
ADHERENCE_COLUMNS: tuple[str, ...] = (
    "Phase",
    "Week",
    "Days",
    "Sessions",
    "Adherence",
    "Pain before",
    "Pain after",
)

#: The columns of the CSV export, in order (documented in docs/history.md).
ADHERENCE_CSV_COLUMNS: tuple[str, ...] = (
    "programme",
    "phase_number",
    "phase",
    "week",
    "first_day",
    "last_day",
    "first_date",
    "last_date",
    "days",
    "prescribed_sessions",
    "credited_sessions",
    "finished_sessions",
    "adherence_percent",
    "pain_before_median",
    "pain_after_median",
    "in_progress",
)

#: Said under every adherence table: what the figures are and are not.
ADHERENCE_NOTE = (
    "Sessions: credited sessions of the prescribed (pro-rated for part weeks; "
    '"so far" for this week). Pain: the median of the ratings you gave (0-10).'
)


def _pain(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def _prescribed(value: float) -> str:
    """Prescribed sessions: whole when whole, else to one decimal (a part week)."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def stretch_cells(stretch: AdherenceStretch) -> tuple[str, ...]:
    """One row of the table in words, in the order of :data:`ADHERENCE_COLUMNS`."""
    week = "all" if stretch.week is None else str(stretch.week)
    days = (
        f"{stretch.first_day}"
        if stretch.first_day == stretch.last_day
        else f"{stretch.first_day}-{stretch.last_day}"
    )
    percent = stretch.percent
    shown = "—" if percent is None else f"{percent}%"
    if stretch.in_progress and percent is not None:
        shown += " so far"
    return (
        f"{stretch.phase_index + 1}. {stretch.phase_name}",
        week,
        days,
        f"{stretch.credited} of {_prescribed(stretch.prescribed)}",
        shown,
        _pain(stretch.pain_before),
        _pain(stretch.pain_after),
    )


def adherence_table_rows(report: ProgrammeAdherence) -> list[tuple[str, ...]]:
    """Every row in words: each phase's weeks, then the phase as a whole."""
    rows: list[tuple[str, ...]] = []
    for phase in report.phases:
        rows.extend(stretch_cells(week) for week in phase.weeks)
        if len(phase.weeks) > 1:
            rows.append(stretch_cells(phase.whole))
    return rows


def adherence_lines(report: ProgrammeAdherence) -> list[str]:
    """The table as plain text (a screen reader reads it row by row), with its note."""
    lines = [f"{report.programme.title}: adherence by phase and week (day {report.day})"]
    rows = adherence_table_rows(report)
    if not rows:
        return [*lines, "No sessions were due yet."]
    widths = [
        max(len(column), *(len(row[i]) for row in rows))
        for i, column in enumerate(ADHERENCE_COLUMNS)
    ]
    for row in (ADHERENCE_COLUMNS, *rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    return [*lines, ADHERENCE_NOTE]


def _csv_row(report: ProgrammeAdherence, stretch: AdherenceStretch) -> list[str]:
    percent = stretch.percent
    return [
        spreadsheet_cell(shown(report.programme.title)),
        str(stretch.phase_index + 1),
        spreadsheet_cell(shown(stretch.phase_name)),
        "" if stretch.week is None else str(stretch.week),
        str(stretch.first_day),
        str(stretch.last_day),
        report.date_of(stretch.first_day).isoformat(),
        report.date_of(stretch.last_day).isoformat(),
        str(stretch.days),
        f"{stretch.prescribed:.2f}",
        str(stretch.credited),
        str(stretch.sessions),
        "" if percent is None else str(percent),
        "" if stretch.pain_before is None else f"{stretch.pain_before:g}",
        "" if stretch.pain_after is None else f"{stretch.pain_after:g}",
        "yes" if stretch.in_progress else "no",
    ]


def adherence_csv(report: ProgrammeAdherence) -> str:
    """The table as CSV: a row per phase week, then one per phase (``week`` empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ADHERENCE_CSV_COLUMNS)
    for phase in report.phases:
        for week in phase.weeks:
            writer.writerow(_csv_row(report, week))
        writer.writerow(_csv_row(report, phase.whole))
    return out.getvalue()
