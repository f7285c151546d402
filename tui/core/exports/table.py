"""The history as a plain-text table for a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from tui.core.exports.cells import minutes_cell, number_cell, percent_cell, status_words
from tui.core.history import SessionSummary, to_local
from tui.core.progress import credit_count

#: Shown under every table of ratings (see docs/DOMAIN "Measuring pain and effort").
RATINGS_NOTICE = "supple records what you report; it does not assess you."

_HEADER = (
    "Date",
    "Time",
    "Routine",
    "Min",
    "Status",
    "Pain",
    "Effort",
    "Done",
    "Skip",
    "Hurt",
    "Work",
    "Counts",
)
#: Columns of numbers, aligned right.
_NUMERIC = {3, 6, 7, 8, 9, 10}


def _row(s: SessionSummary, tz: tzinfo | None) -> tuple[str, ...]:
    local = to_local(s.started_at, tz)
    if s.pain_before is None and s.pain_after is None:
        pain = ""
    else:
        before = "-" if s.pain_before is None else str(s.pain_before)
        after = "-" if s.pain_after is None else str(s.pain_after)
        pain = f"{before}->{after}"
    title = s.routine.title if len(s.routine.title) <= 32 else s.routine.title[:31] + "…"
    return (
        local.date().isoformat(),
        local.strftime("%H:%M"),
        title,
        minutes_cell(s),
        status_words(s) + (" (preview)" if s.preview else ""),
        pain,
        number_cell(s.effort),
        str(s.tally.done),
        str(s.tally.skipped),
        str(s.tally.hurt) if s.tally.hurt else "",
        "" if s.done_share is None else f"{percent_cell(s.done_share)}%",
        "" if s.credited is None else ("yes" if s.credited else "no"),
    )


def format_table(sessions: Sequence[SessionSummary], *, tz: tzinfo | None = None) -> str:
    """A plain-text table for a terminal, oldest first as given, with a closing note."""
    rows = [_row(s, tz) for s in sessions]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(_HEADER)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in _NUMERIC else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    out = [line(_HEADER), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    out.append("")
    # Adherence counts only sessions that count toward the plan: say how many did.
    counted = credit_count(sessions)
    noun = "session" if len(rows) == 1 else "sessions"
    out.append(
        f"{len(rows)} {noun}. {_counted_words(counted.counted, counted.reasons())} "
        "Work is the share of the planned exercise time done. "
        f"Pain is 0-10 before->after; {RATINGS_NOTICE}"
    )
    return "\n".join(out) + "\n"


def _counted_words(counted: int, reasons: str) -> str:
    """How many finished, non-preview sessions count toward the plan, and why others do not."""
    text = f"{counted} counted toward the plan"
    return f"{text} (not counted: {reasons})." if reasons else f"{text}."
