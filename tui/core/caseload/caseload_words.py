"""The caseload in words: the cells of each patient's line, for the screen and the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from tui.core.caseload.patient_line import DEFAULT_PER_WEEK, PatientLine
from tui.core.exports.table import RATINGS_NOTICE

#: The columns of the caseload, in order.
CASELOAD_HEADER = (
    "Patient",
    "Last session",
    "7 days",
    "30 days",
    "Pain 7 d",
    "Change",
    "Hurt 7 d",
    "Safety 7 d",
    "Flags",
)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def line_cells(line: PatientLine) -> tuple[str, ...]:
    """One patient's cells, in :data:`CASELOAD_HEADER` order (UTC dates)."""
    counts = line.counts
    change = line.pain_change
    return (
        counts.patient,
        "" if counts.last_session is None else counts.last_session.date().isoformat(),
        f"{counts.sessions_7d}/{DEFAULT_PER_WEEK}",
        f"{counts.sessions_30d}/{DEFAULT_PER_WEEK * 30 // 7}",
        _number(counts.pain_7d),
        "" if change is None else f"{change:+g}",
        str(counts.hurt_7d) if counts.hurt_7d else "",
        str(counts.safety_7d) if counts.safety_7d else "",
        ", ".join(flag.value for flag in line.flags),
    )


def format_caseload(lines: Sequence[PatientLine]) -> str:
    """The caseload as a plain-text table, flagged patients first, with a closing note."""
    rows = [CASELOAD_HEADER, *(line_cells(line) for line in lines)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(CASELOAD_HEADER))]
    text = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    noun = "patient" if len(lines) == 1 else "patients"
    text.append("")
    text.append(
        f"{len(lines)} {noun}. Sessions against {DEFAULT_PER_WEEK} a week; pain is the mean "
        f"before sessions. {RATINGS_NOTICE}"
    )
    return "\n".join(text) + "\n"
