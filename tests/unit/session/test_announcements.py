"""Moments said aloud for a patient who is not looking: halfway, ten seconds left, what is next."""

from __future__ import annotations

from tui.core.routine.loader import parse_routine
from tui.core.session.cue_plan import plan_cues
from tui.core.session.engine import Announcement, CueEvent, CueKind, SessionEngine
from tui.core.session.timeline import compile_timeline

ROUTINE = """
[routine]
title = "Ears"
get_ready = "5s"

[[step]]
kind = "hold"
name = "Bird dog"
sides = "both"
hold = "30s"
reps = 2
rest = "15s"
switch = "5s"

[[step]]
kind = "hold"
name = "Short"
hold = "10s"

[[step]]
kind = "reps"
name = "Bridge"
reps = 10
tempo = "2-1-2"
"""


def drive(engine: SessionEngine, *, extend_at: float | None = None) -> list[CueEvent]:
    events = engine.start(0.0)
    ms = 0
    while not engine.ended:
        ms += 100
        now = ms / 1000
        events += engine.advance(now)
        if extend_at is not None and abs(now - extend_at) < 1e-9:
            events += engine.extend(now)
    return events


def announced(events: list[CueEvent]) -> list[tuple[float, str]]:
    return [(round(e.at, 3), e.text or "") for e in events if e.kind is CueKind.ANNOUNCE]


def test_holds_rests_and_long_parts_are_announced_at_their_moments() -> None:
    events = drive(SessionEngine(parse_routine(ROUTINE)))
    # get ready 5 s; hold 1 left 0-30 (from 5); rest 15 s; hold 2 left; switch 5 s; ...
    said = announced(events)
    assert said[:4] == [
        (20.0, Announcement.HALFWAY),
        (25.0, Announcement.TEN_LEFT),
        (37.0, Announcement.NEXT),
        (65.0, Announcement.HALFWAY),
    ]
    # The 10 s hold (from 165 s) is too short for either; the paced set (from 180 s) gets
    # neither, since its tempo is said.
    assert said[-1] == (150.0, Announcement.TEN_LEFT)


def test_the_words_spoken() -> None:
    routine = parse_routine(ROUTINE)
    cues = plan_cues(drive(SessionEngine(routine)), compile_timeline(routine))
    spoken = [c.speech for c in cues if c.speech]
    assert "Halfway." in spoken
    assert "Ten seconds left." in spoken
    assert "Next: Bird dog, left side: hold 2 of 2." in spoken
    # An announcement has no sound of its own: the instant at 20 s is speech only.
    assert [(c.sound, c.speech) for c in cues if c.at == 20.0] == [(None, "Halfway.")]


def test_each_announcement_is_made_once_even_after_ten_more_seconds() -> None:
    engine = SessionEngine(parse_routine(ROUTINE))
    said = announced(drive(engine, extend_at=21.0))
    first_hold = [what for at, what in said if at < 40]
    assert first_hold.count(Announcement.HALFWAY) == 1
    assert first_hold.count(Announcement.TEN_LEFT) == 1
    # ten seconds left moves with the extension: the hold now ends at 45 s
    assert (35.0, Announcement.TEN_LEFT) in said


def test_ten_more_seconds_in_a_paced_set_is_one_more_rep_at_the_same_tempo() -> None:
    routine = parse_routine(
        '[routine]\ntitle = "T"\nget_ready = "0s"\n'
        '[[step]]\nkind = "reps"\nname = "Bridge"\nreps = 2\ntempo = "1-1-1"\n'
    )
    engine = SessionEngine(routine)
    events = engine.start(0.0)
    events += engine.advance(4.0)  # rep 2 began at 3 s
    events += engine.extend(4.0)
    assert engine.reps_now() == 3
    assert engine.duration() == 9.0  # three reps of 3 s, not 6 + 10
    position = engine.tempo_position(7.5)
    assert position is not None and (position.rep, position.reps, position.phase) == (3, 3, "hold")
    now = 4.0
    while not engine.ended and now < 20:
        now += 0.5
        events += engine.advance(now)
    assert engine.ended and now == 9.0  # the set ended after its third rep, at 9 s
    tempo = [(e.rep, e.phase, e.count) for e in events if e.kind is CueKind.TEMPO]
    assert tempo[-3:] == [(3, "up", 3), (3, "hold", 3), (3, "down", 3)]
    assert len(tempo) == 9
