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
    number_cell,
    percent_cell,
    status_cell,
)
from tui.core.history import HurtRating, SessionSummary, to_local

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
    id), e.g. ``Bird-dog 7; Bridge 5``.
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
                s.routine.title,
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
                hurt_cell(hurt.get(s.id, ())),
                s.notes or "",
            )
        )


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
