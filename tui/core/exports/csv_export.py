"""The history as CSV: one row per session, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import IO

from tui.core.exports.cells import (
    hurt_cell,
    minutes_cell,
    next_day_cell,
    number_cell,
    percent_cell,
    status_cell,
)
from tui.core.history import HurtRating, SessionSummary, to_local
from tui.core.safe_text import LINE_BREAKS, shown, spreadsheet_cell

CSV_COLUMNS = (
    "date",
    "time",
    "routine",
    "duration_min",
    "status",
    "preview",
    "pain_before",
    "pain_after",
    "pain_change",
    "effort",
    "segments_done",
    "segments_skipped",
    "segments_partial",
    "hurt_marks",
    "work_done_percent",
    "counted",
    "hurt_pain",
    "pain_leg_before",
    "pain_leg_after",
    "pain_back_before",
    "pain_back_after",
    "next_day",
    "notes",
)


def write_csv(
    sessions: Iterable[SessionSummary],
    out: IO[str],
    *,
    tz: tzinfo | None = None,
    hurt: Mapping[str, Sequence[HurtRating]] | None = None,
) -> None:
    """One row per session with a header row; dates and times in local time.

    Segment counts are over exercise segments (holds, sets, intervals);
    ``pain_change`` is after minus before (negative means less pain);
    ``work_done_percent`` is the share of the planned exercise time done and
    ``counted`` whether the session counts toward the plan (blank while unfinished).
    ``hurt_pain`` lists the pain rated on "this hurts" (``hurt``, by session
    id), e.g. ``Bird-dog 7; Bridge 5``.  ``pain_leg_*`` and ``pain_back_*`` are
    the pain by site where the routine asked (``pain_before`` and ``pain_after``
    are then the worse of them); ``next_day`` the next-day check's answer
    (``better``, ``same``, ``worse``; ``skipped``; blank when not asked).
    Text cells (routine, notes, exercise names) are made safe by :func:`_text_cell`;
    numbers never are.
    """
    hurt = hurt or {}
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        local = to_local(s.started_at, tz)
        change = s.pain_change
        writer.writerow(
            (
                local.date().isoformat(),
                local.strftime("%H:%M"),
                _text_cell(s.routine.title),
                minutes_cell(s),
                status_cell(s),
                "yes" if s.preview else "no",
                number_cell(s.pain_before),
                number_cell(s.pain_after),
                "" if change is None else f"{change:+d}",
                number_cell(s.effort),
                s.tally.done,
                s.tally.skipped,
                s.tally.partial,
                s.tally.hurt,
                percent_cell(s.done_share),
                "" if s.credited is None else ("yes" if s.credited else "no"),
                _text_cell(hurt_cell(hurt.get(s.id, ()))),
                number_cell(s.pain_leg_before),
                number_cell(s.pain_leg_after),
                number_cell(s.pain_back_before),
                number_cell(s.pain_back_after),
                next_day_cell(s),
                _text_cell(s.notes or ""),
            )
        )


def _text_cell(text: str) -> str:
    """A cell of text from the history: shown visibly, and never read as a formula.

    Control characters are written visibly (a CSV is often looked at in a
    terminal, and the JSON backup is the lossless copy); a leading ``=``,
    ``+``, ``-`` or ``@`` gets a ``'`` so a spreadsheet shows it as text.
    """
    return spreadsheet_cell(shown(text, LINE_BREAKS))


def csv_text(
    sessions: Iterable[SessionSummary],
    *,
    tz: tzinfo | None = None,
    hurt: Mapping[str, Sequence[HurtRating]] | None = None,
) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO(newline="")
    write_csv(sessions, buffer, tz=tz, hurt=hurt)
    return buffer.getvalue()
