"""The closing summary plain mode prints: what was done, skipped, stopped early and marked.

The counts and words are :mod:`tui.core.session.outcome`'s, the app's summary's too;
this module only lines them up as text for a terminal or a screen reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui.core.routine.model import DEFAULT_COUNTS_WHEN_DONE
from tui.core.session import ratings, safety
from tui.core.session.engine import SegmentRecord
from tui.core.session.outcome import closing_words, done_words, outcome_of
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import Segment
from tui.core.session.words import plain_number, segment_name


def summary_lines(
    records: Iterable[SegmentRecord],
    *,
    status: SessionStatus | None,
    pain_before: int | None,
    pain_after: int | None,
    effort: int | None,
    preview: bool,
    speed: float,
    planned_work: int | None = None,
    plan: Sequence[Segment] = (),
    counts_when_done: int = DEFAULT_COUNTS_WHEN_DONE,
    sites: tuple[ratings.SitePain, ratings.SitePain] | None = None,
) -> list[str]:
    """The closing summary: what was done, skipped, stopped early and marked, and the pain change.

    ``planned_work`` is the number of exercise segments (holds, sets, interval
    blocks) in the timeline, ``plan`` the timeline itself (for the done share)
    and ``counts_when_done`` the routine's threshold; ``sites`` the pain by site
    before and after, where asked.  The counts and words are
    :mod:`tui.core.session.outcome`'s, the app's summary's too.
    """
    outcome = outcome_of(records, plan)
    done = outcome.done
    lines = ["Summary", closing_words(status, outcome, counts_when_done)]
    unit = "exercise part" if (planned_work or len(done)) == 1 else "exercise parts"
    if planned_work is not None:
        lines.append(f"Done: {len(done)} of {planned_work} {unit}.")
    else:
        lines.append(f"Done: {len(done)} {unit}.")
    lines.append(f"That is {done_words(outcome)}.")
    if outcome.skipped:
        lines.append("Skipped: " + "; ".join(segment_name(r) for r in outcome.skipped) + ".")
    if outcome.partial:
        lines.append(
            "Stopped part way: " + "; ".join(segment_name(r) for r in outcome.partial) + "."
        )
    if outcome.hurt:
        lines.append(
            'Marked "this hurts": ' + "; ".join(segment_name(r) for r in outcome.hurt) + "."
        )
    lines.extend(_rating_lines(pain_before, pain_after, effort))
    if sites is not None:
        lines.append(f"By site (before -> after): {ratings.sites_text(*sites)}.")
    if preview:
        lines.append(
            f"This was a preview at {plain_number(speed)} times speed: it is recorded as a "
            "preview and not counted in your progress."
        )
    lines.append(safety.RECORD_DISCLAIMER)
    return lines


def _rating_lines(pain_before: int | None, pain_after: int | None, effort: int | None) -> list[str]:
    lines = []
    change = ratings.pain_change(pain_before, pain_after)
    if change is not None:
        lines.append(change.describe())
    elif pain_after is not None:
        lines.append(f"Pain after: {ratings.pain_label(pain_after)}.")
    elif pain_before is not None:
        lines.append(f"Pain before: {ratings.pain_label(pain_before)}.")
    if effort is not None:
        lines.append(f"Effort: {ratings.effort_label(effort)}.")
    return lines
