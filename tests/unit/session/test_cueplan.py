"""Which sound and words go with each engine event, by hand and driven by the engine."""

from __future__ import annotations

import pytest

from tests.support.cue_routine import EXPECTED, small_routine
from tui.audio.synth import SOUND_NAMES
from tui.core.routine.model import Tempo
from tui.core.session.cue_plan import (
    PRIORITY,
    Cue,
    CueSelector,
    plan_cues,
    sound_for,
    speech_for,
)
from tui.core.session.engine import CueEvent, CueKind, SegmentRecord, SegmentStatus, SessionEngine
from tui.core.session.timeline import Segment, SegmentKind, compile_timeline


def start(kind: SegmentKind, at: float = 0.0, segment: int = 0) -> CueEvent:
    return CueEvent(CueKind.SEGMENT_START, segment, at, segment_kind=kind)


def end(kind: SegmentKind, at: float, status: SegmentStatus = SegmentStatus.DONE) -> CueEvent:
    record = SegmentRecord(0, 0, "X", kind, None, None, None, 30.0, 30.0, status)
    return CueEvent(CueKind.SEGMENT_END, 0, at, record=record)


# --- sound_for ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "sound"),
    [
        (SegmentKind.GET_READY, "get_ready"),
        (SegmentKind.HOLD, "work_start"),
        (SegmentKind.SET, "work_start"),
        (SegmentKind.INTERVAL, "work_start"),
        (SegmentKind.REST, "rest"),
        (SegmentKind.SWITCH, "switch_sides"),
    ],
)
def test_each_segment_kind_starts_with_its_sound(kind: SegmentKind, sound: str) -> None:
    assert sound_for(start(kind)) == sound


def test_countdown_ticks_and_a_distinct_last_tick() -> None:
    counts = [CueEvent(CueKind.COUNTDOWN, 0, 27.0 + i, count=c) for i, c in enumerate((3, 2, 1))]
    assert [sound_for(e) for e in counts] == ["countdown", "countdown", "countdown_final"]


@pytest.mark.parametrize(
    ("phase", "sound"),
    [("up", "tempo_up"), ("hold", "tempo_hold"), ("down", "tempo_down"), ("pause", "tempo_pause")],
)
def test_tempo_phases(phase: str, sound: str) -> None:
    assert sound_for(CueEvent(CueKind.TEMPO, 0, 1.0, phase=phase, rep=1)) == sound


def test_text_step_and_session_events() -> None:
    assert sound_for(CueEvent(CueKind.TEXT, 0, 3.0, text="Breathe")) == "text_cue"
    assert sound_for(CueEvent(CueKind.STEP_DONE, 0, 3.0)) == "step_done"
    assert sound_for(CueEvent(CueKind.SESSION_DONE, 0, 3.0)) == "session_complete"


def test_only_finished_work_segments_sound_set_done() -> None:
    assert sound_for(end(SegmentKind.HOLD, 30.0)) == "set_done"
    assert sound_for(end(SegmentKind.SET, 30.0)) == "set_done"
    assert sound_for(end(SegmentKind.REST, 30.0)) is None
    assert sound_for(end(SegmentKind.HOLD, 30.0, SegmentStatus.SKIPPED)) is None
    assert sound_for(end(SegmentKind.HOLD, 30.0, SegmentStatus.PARTIAL)) is None


def test_every_planned_sound_exists_in_the_pack_and_has_a_priority() -> None:
    assert set(PRIORITY) == set(SOUND_NAMES)


# --- speech_for -----------------------------------------------------------------------------


def seg(kind: SegmentKind, **fields: object) -> Segment:
    values: dict[str, object] = {"kind": kind, "step": 0, "name": "Hamstring stretch"}
    values.update(fields)
    return Segment(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("segment", "words"),
    [
        (seg(SegmentKind.GET_READY, seconds=5.0), "Get ready: Hamstring stretch."),
        (
            seg(SegmentKind.HOLD, side="left", rep=1, of=3, seconds=30.0),
            "Hamstring stretch, left side: hold 30 seconds.",
        ),
        (seg(SegmentKind.HOLD, side="left", rep=2, of=3, seconds=30.0), "Hold 2 of 3, left side."),
        (
            seg(SegmentKind.HOLD, rep=1, of=1, seconds=90.0),
            "Hamstring stretch: hold 1 minute 30 seconds.",
        ),
        (seg(SegmentKind.REST, seconds=10.0), "Rest 10 seconds."),
        (seg(SegmentKind.SWITCH, side="right", seconds=5.0), "Switch to the right side."),
        (
            seg(SegmentKind.SET, name="Bridge", set=1, of=3, reps=10, seconds=60.0),
            "Bridge, set 1 of 3: 10 reps.",
        ),
        (seg(SegmentKind.SET, name="Bridge", set=2, of=3, reps=10), "Set 2 of 3: 10 reps."),
        (seg(SegmentKind.SET, name="Bridge", set=1, of=1, reps=8), "Bridge: 8 reps."),
        (
            seg(SegmentKind.INTERVAL, label="Easy walk", rep=1, seconds=180.0),
            "Easy walk, 3 minutes.",
        ),
    ],
)
def test_segment_starts_are_announced(segment: Segment, words: str) -> None:
    assert speech_for(start(segment.kind), segment) == words


def test_spoken_tempo_gives_the_rep_with_its_first_phase() -> None:
    tempo = Tempo(up=2.0, hold=1.0, down=2.0)
    paced = seg(SegmentKind.SET, tempo=tempo, reps=10, set=1)
    words = [
        speech_for(CueEvent(CueKind.TEMPO, 0, 1.0, phase=phase, rep=3), paced, speak_tempo=True)
        for phase in ("up", "hold", "down")
    ]
    assert words == ["3 up", "hold", "down"]


def test_counts_tempo_text_and_the_end_are_spoken() -> None:
    assert speech_for(CueEvent(CueKind.COUNTDOWN, 0, 1.0, count=2), None) == "2"
    down = CueEvent(CueKind.TEMPO, 0, 1.0, phase="down", rep=1)
    assert speech_for(down, None) is None  # tempo words only when the patient asks for them
    assert speech_for(down, None, speak_tempo=True) == "down"
    pause = CueEvent(CueKind.TEMPO, 0, 1.0, phase="pause", rep=1)
    assert speech_for(pause, None, speak_tempo=True) is None
    assert speech_for(CueEvent(CueKind.TEXT, 0, 1.0, text="Breathe out"), None) == "Breathe out"
    # Without the runner's closing words nothing is known to praise.
    assert speech_for(CueEvent(CueKind.SESSION_DONE, 0, 1.0), None) == "Session complete."
    done = CueEvent(CueKind.SESSION_DONE, 0, 1.0, text="Mostly skipped: this session does not")
    assert speech_for(done, None) == "Mostly skipped: this session does not"
    assert speech_for(CueEvent(CueKind.STEP_DONE, 0, 1.0), None) is None


# --- one cue per instant --------------------------------------------------------------------


def test_a_hand_built_sequence_gives_one_sound_per_instant() -> None:
    timeline = [
        seg(SegmentKind.HOLD, side="left", rep=1, of=1, seconds=4.0),
        seg(SegmentKind.SWITCH, side="right", seconds=2.0),
        seg(SegmentKind.HOLD, side="right", rep=1, of=1, seconds=4.0),
    ]
    events = [
        start(SegmentKind.HOLD, 0.0, 0),
        CueEvent(CueKind.TEXT, 0, 1.0, text="Relax your foot"),
        CueEvent(CueKind.COUNTDOWN, 0, 1.0, count=3),
        CueEvent(CueKind.COUNTDOWN, 0, 2.0, count=2),
        CueEvent(CueKind.COUNTDOWN, 0, 3.0, count=1),
        end(SegmentKind.HOLD, 4.0),
        start(SegmentKind.SWITCH, 4.0, 1),
        CueEvent(CueKind.COUNTDOWN, 1, 5.0, count=1),
        end(SegmentKind.SWITCH, 6.0),
        start(SegmentKind.HOLD, 6.0, 2),
        end(SegmentKind.HOLD, 10.0),
        CueEvent(CueKind.STEP_DONE, 2, 10.0),
        CueEvent(CueKind.SESSION_DONE, 2, 10.0),
    ]
    assert plan_cues(events, timeline) == [
        Cue(0.0, "work_start", "Hamstring stretch, left side: hold 4 seconds."),
        Cue(1.0, "countdown", "Relax your foot"),
        Cue(2.0, "countdown", "2"),
        Cue(3.0, "countdown_final", "1"),
        Cue(4.0, "switch_sides", "Switch to the right side."),
        Cue(5.0, "countdown_final", "1"),
        Cue(6.0, "work_start", "Hamstring stretch, right side: hold 4 seconds."),
        Cue(10.0, "session_complete", "Session complete."),
    ]


def test_the_selector_only_ever_upgrades_within_an_instant() -> None:
    selector = CueSelector()
    picked = [
        selector.select(e, None)
        for e in (
            end(SegmentKind.HOLD, 40.0),
            CueEvent(CueKind.STEP_DONE, 0, 40.0),
            start(SegmentKind.GET_READY, 40.0),
            CueEvent(CueKind.TEMPO, 0, 40.0, phase="up", rep=1),
            CueEvent(CueKind.COUNTDOWN, 0, 42.0, count=3),
        )
    ]
    assert [c.sound if c else None for c in picked] == [
        "set_done",
        "step_done",
        None,  # get_ready ranks below the end of a step
        None,
        "countdown",
    ]


# --- driven by the engine, on a fake clock --------------------------------------------------


def drive(engine: SessionEngine, tick: int) -> list[CueEvent]:
    """Run the engine to its end on a fake clock advancing ``tick`` milliseconds a step."""
    events = engine.start(0.0)
    ms = 0
    while not engine.ended:
        ms += tick
        events += engine.advance(ms / 1000)
    return events


@pytest.mark.parametrize("tick", [100, 250, 1000])
def test_the_engine_drives_the_exact_sound_sequence(tick: int) -> None:
    routine = small_routine()
    timeline = compile_timeline(routine)
    cues = plan_cues(drive(SessionEngine(routine), tick), timeline)
    assert [(round(c.at, 3), c.sound) for c in cues] == EXPECTED


def test_the_engine_drives_the_spoken_cues() -> None:
    routine = small_routine()
    timeline = compile_timeline(routine)
    cues = plan_cues(drive(SessionEngine(routine), 100), timeline)
    spoken = [(round(c.at, 3), c.speech) for c in cues if c.speech]
    assert spoken[:6] == [
        (0.0, "Get ready: Stretch."),
        (2.0, "3"),
        (3.0, "2"),
        (4.0, "1"),
        (5.0, "Stretch, left side: hold 6 seconds."),
        (7.0, "Breathe out"),
    ]
    assert (15.0, "Hold 2 of 2, left side.") in spoken
    assert (21.0, "Switch to the right side.") in spoken
    assert (45.0, "Bridge: 2 reps.") in spoken
    assert not any(words in ("up", "hold", "down") for _, words in spoken)
    assert spoken[-1] == (55.0, "Session complete.")  # the engine alone: no closing words
    with_tempo = plan_cues(drive(SessionEngine(routine), 100), timeline, speak_tempo=True)
    assert (47.0, "hold") in [(round(c.at, 3), c.speech) for c in with_tempo]


def test_a_pause_shifts_the_cues_by_nothing_in_session_time() -> None:
    routine = small_routine()
    engine = SessionEngine(routine)
    events = engine.start(0.0)
    events += engine.advance(3.5)
    events += engine.pause(3.5)
    events += engine.advance(100.0)  # nothing happens while paused
    events += engine.resume(200.0)
    ms = 200_000
    while not engine.ended:
        ms += 100
        events += engine.advance(ms / 1000)
    cues = plan_cues(events, compile_timeline(routine))
    assert [(round(c.at, 3), c.sound) for c in cues] == EXPECTED


def test_back_while_paused_sounds_again_although_session_time_stood_still() -> None:
    routine = small_routine()
    engine = SessionEngine(routine)
    timeline = compile_timeline(routine)
    selector = CueSelector()
    heard: list[str | None] = []

    def feed(events: list[CueEvent]) -> None:
        for event in events:
            cue = selector.select(event, timeline[event.segment])
            if cue is not None and cue.sound is not None:
                heard.append(cue.sound)

    feed(engine.start(0.0))
    feed(engine.pause(0.0))
    feed(engine.back(1.0))  # restarts the get-ready at the same session time
    assert heard == ["get_ready", "get_ready"]

    again = SessionEngine(routine)
    events = [*again.start(0.0), *again.pause(0.0), *again.back(1.0)]
    assert [(c.at, c.sound) for c in plan_cues(events, timeline)] == [
        (0.0, "get_ready"),
        (0.0, "get_ready"),
    ]
