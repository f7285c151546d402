"""Segments and records in words: each channel, and the channels agreeing with each other."""

from __future__ import annotations

import pytest

from tui.core.routine.model import Tempo
from tui.core.session.engine import SegmentRecord, SegmentStatus
from tui.core.session.timeline import Segment, SegmentKind
from tui.core.session.words import (
    clock_text,
    count_text,
    end_heading,
    exercise_count_text,
    heading,
    next_text,
    own_pace_text,
    plain_number,
    record_part,
    record_title,
    rep_count_text,
    segment_line,
    segment_name,
    side_text,
    spoken_line,
    tempo_words,
)


def seg(kind: SegmentKind, **fields: object) -> Segment:
    values: dict[str, object] = {"kind": kind, "step": 0, "name": "Bridge"}
    values.update(fields)
    return Segment(**values)  # type: ignore[arg-type]


def record(kind: SegmentKind, **fields: object) -> SegmentRecord:
    values: dict[str, object] = {
        "index": 0,
        "step": 0,
        "name": "Bridge",
        "kind": kind,
        "side": None,
        "rep": None,
        "set": None,
        "planned_seconds": 30.0,
        "actual_seconds": 30.0,
        "status": SegmentStatus.DONE,
    }
    values.update(fields)
    return SegmentRecord(**values)  # type: ignore[arg-type]


def test_clock_text() -> None:
    assert clock_text(5) == "0:05"
    assert clock_text(754) == "12:34"
    assert clock_text(3725) == "1:02:05"
    # The history's lengths (formerly tui.core.progress.format_duration).
    assert clock_text(65) == "1:05"
    assert clock_text(None) == "-"
    assert clock_text(64.6) == "1:05"


def test_screen_headings_and_counts() -> None:
    assert heading(seg(SegmentKind.SET, set=1, of=3)) == "REPS"
    assert heading(seg(SegmentKind.SWITCH, side="right")) == "SWITCH SIDES"
    assert heading(seg(SegmentKind.INTERVAL, label="Easy walk")) == "EASY WALK"
    assert count_text(seg(SegmentKind.HOLD, rep=2, of=3)) == "Hold 2 of 3"
    assert count_text(seg(SegmentKind.INTERVAL, rep=2, of=3)) == "Round 2 of 3"
    assert count_text(seg(SegmentKind.INTERVAL, rep=1, of=1)) == ""
    assert count_text(seg(SegmentKind.REST, seconds=10.0)) == ""
    assert side_text("left") == "LEFT"
    assert side_text(None) == ""
    assert end_heading(True) == "WELL DONE"
    assert end_heading(False) == "STOPPED"
    assert exercise_count_text(0, 4) == "Exercise 1 of 4"
    assert rep_count_text(4, 10) == "rep 4 of 10"
    assert own_pace_text(8) == "8 reps at your own pace: press d when done"


def test_next_line() -> None:
    assert next_text(None) == "Next: the end"
    assert next_text(seg(SegmentKind.REST, seconds=10.0)) == "Next: Rest 10 s"
    assert next_text(seg(SegmentKind.GET_READY, seconds=5.0)) == "Next: Bridge (get ready)"
    hold = seg(SegmentKind.HOLD, side="left", rep=1, of=2, seconds=30.0)
    assert next_text(hold) == "Next: Bridge, left side: hold 1 of 2"
    walk = seg(SegmentKind.INTERVAL, label="Easy walk", rep=1, of=2, seconds=180.0)
    assert next_text(walk) == "Next: Easy walk, 3 min"


def test_plain_and_spoken_lines_name_a_set_in_the_same_order() -> None:
    first = seg(SegmentKind.SET, set=1, of=3, side="left", reps=10, tempo=Tempo(2, 2, 2))
    assert (
        segment_line(first) == "Bridge, set 1 of 3, left side: 10 reps, 2 s up, 2 s hold, 2 s down"
    )
    assert spoken_line(first) == "Bridge, set 1 of 3, left side: 10 reps."
    later = seg(SegmentKind.SET, set=2, of=3, side="left", reps=10)
    assert segment_line(later).startswith("Set 2 of 3, left side: 10 reps, at your own pace")
    assert spoken_line(later) == "Set 2 of 3, left side: 10 reps."


def test_tempo_and_numbers() -> None:
    assert tempo_words(Tempo(2, 0, 2.5)) == "2 s up, 2.5 s down"
    assert plain_number(2.0) == "2"
    assert plain_number(1.5) == "1.5"


@pytest.mark.parametrize(
    ("finished", "title", "part", "name"),
    [
        (record(SegmentKind.SET, set=2, side="left"), "Bridge", "set 2, left side", None),
        (record(SegmentKind.HOLD, rep=1, side="right"), "Bridge", "hold 1, right side", None),
        (record(SegmentKind.INTERVAL, rep=2), "Bridge", "round 2", "Bridge, round 2"),
        (record(SegmentKind.REST), "Bridge (rest)", "", "Bridge (rest)"),
        (record(SegmentKind.GET_READY), "Bridge (get ready)", "", "Bridge (get ready)"),
        (
            record(SegmentKind.SWITCH, side="right"),
            "Bridge (switch sides)",
            "to the right side",
            "Bridge (switch sides), to the right side",
        ),
    ],
)
def test_a_finished_segment_is_named_alike_in_the_summary_and_the_history(
    finished: SegmentRecord, title: str, part: str, name: str | None
) -> None:
    assert record_title(finished) == title
    assert record_part(finished) == part
    assert segment_name(finished) == (name or f"{title}, {part}")
