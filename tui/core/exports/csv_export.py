"""The history as CSV: one row per session, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta, tzinfo
from typing import IO, Any

from tui.core.exports.cells import (
    hurt_cell,
    minutes_text,
    next_day_text,
    number_cell,
    percent_cell,
    status_text,
)
from tui.core.history import HurtRating, SessionSummary, to_local
from tui.core.history.times import from_stored, to_stored
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


#: A session as the CSV writes it: a row of
#: :data:`~tui.core.history.queries.FLAT_SUMMARY_COLUMNS`.
FlatSummary = Sequence[Any]


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
    write_flat_csv((flat_summary(s) for s in sessions), out, tz=tz, hurt=hurt)


def write_flat_csv(
    rows: Iterable[FlatSummary],
    out: IO[str],
    *,
    tz: tzinfo | None = None,
    hurt: Mapping[str, Sequence[HurtRating]] | None = None,
) -> None:
    """:func:`write_csv` of sessions as flat rows (``HistoryStore.each_flat_summary``).

    What ``supple history --format csv`` writes from: no Python value is made
    per session, the cells come straight from the stored columns.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_CsvCells(tz, hurt or {}).row(r) for r in rows)


def flat_summary(s: SessionSummary) -> tuple[Any, ...]:
    """A session value as the flat row the store's query gives for it."""
    duration = s.duration
    return (
        s.id,
        to_stored(s.started_at),
        s.routine.title,
        None if duration is None else duration // timedelta(microseconds=1),
        None if s.status is None else s.status.value,
        int(s.preview),
        s.pain_before,
        s.pain_after,
        s.effort,
        s.tally.done,
        s.tally.skipped,
        s.tally.partial,
        s.tally.hurt,
        s.done_share,
        None if s.credited is None else int(s.credited),
        s.pain_leg_before,
        s.pain_leg_after,
        s.pain_back_before,
        s.pain_back_after,
        None if s.next_day is None else s.next_day.value,
        int(s.next_day_at is not None),
        s.notes,
    )


class _CsvCells:
    """The cells of each flat row; a routine's title is made safe once, not once a row."""

    def __init__(self, tz: tzinfo | None, hurt: Mapping[str, Sequence[HurtRating]]) -> None:
        self.tz = tz
        self.hurt = hurt
        self.titles: dict[str, str] = {}

    def row(self, r: FlatSummary) -> tuple[object, ...]:
        """One session's cells, in the order of :data:`CSV_COLUMNS`."""
        (sid, started, title, micros, status, preview, before, after, effort) = r[:9]
        done, skipped, partial, hurt, share, credited = r[9:15]
        leg_before, leg_after, back_before, back_after, next_day, asked, notes = r[15:22]
        local = to_local(from_stored(started), self.tz).isoformat(timespec="minutes")
        safe_title = self.titles.get(title)
        if safe_title is None:
            safe_title = self.titles[title] = _text_cell(title)
        rated = self.hurt.get(sid)
        return (
            local[:10],
            local[11:16],
            safe_title,
            minutes_text(micros),
            status_text(status),
            "yes" if preview else "no",
            number_cell(before),
            number_cell(after),
            "" if before is None or after is None else f"{after - before:+d}",
            number_cell(effort),
            done,
            skipped,
            partial,
            hurt,
            percent_cell(share),
            "" if credited is None else ("yes" if credited else "no"),
            _text_cell(hurt_cell(rated)) if rated else "",
            number_cell(leg_before),
            number_cell(leg_after),
            number_cell(back_before),
            number_cell(back_after),
            next_day_text(next_day, bool(asked)),
            _text_cell(notes) if notes else "",
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
