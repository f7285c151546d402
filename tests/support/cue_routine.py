"""A small routine and the cues it must give, shared by the cue-plan and audio tests."""

from __future__ import annotations

from tui.core.routine.model import Routine, Sides, Step, StepKind, Tempo, TextCue


def small_routine() -> Routine:
    return Routine(
        title="Sound check",
        get_ready=5.0,
        steps=(
            Step(
                StepKind.HOLD,
                "Stretch",
                sides=Sides.BOTH,
                hold=6.0,
                reps=2,
                rest=4.0,
                switch=3.0,
                cues=(TextCue(at=2.0, text="Breathe out"),),
            ),
            Step(StepKind.REPS, "Bridge", reps=2, sets=1, tempo=Tempo(up=2.0, hold=1.0, down=2.0)),
        ),
    )


#: Which sound the patient hears at which second of the session.
EXPECTED = [
    (0.0, "get_ready"),
    (2.0, "countdown"),
    (3.0, "countdown"),
    (4.0, "countdown_final"),
    (5.0, "work_start"),  # left hold 1
    (7.0, "text_cue"),
    (8.0, "countdown"),
    (9.0, "countdown"),
    (10.0, "countdown_final"),
    (11.0, "rest"),
    (12.0, "countdown"),
    (13.0, "countdown"),
    (14.0, "countdown_final"),
    (15.0, "work_start"),  # left hold 2
    (17.0, "text_cue"),
    (18.0, "countdown"),
    (19.0, "countdown"),
    (20.0, "countdown_final"),
    (21.0, "switch_sides"),  # 3 s: only "2" and "1"
    (22.0, "countdown"),
    (23.0, "countdown_final"),
    (24.0, "work_start"),  # right hold 1
    (26.0, "text_cue"),
    (27.0, "countdown"),
    (28.0, "countdown"),
    (29.0, "countdown_final"),
    (30.0, "rest"),
    (31.0, "countdown"),
    (32.0, "countdown"),
    (33.0, "countdown_final"),
    (34.0, "work_start"),  # right hold 2
    (36.0, "text_cue"),
    (37.0, "countdown"),
    (38.0, "countdown"),
    (39.0, "countdown_final"),
    (40.0, "step_done"),  # the step ends and the bridge's get-ready begins: step_done wins
    (42.0, "countdown"),
    (43.0, "countdown"),
    (44.0, "countdown_final"),
    (45.0, "work_start"),  # paced set: work_start wins over rep 1 "up"
    (47.0, "tempo_hold"),
    (48.0, "tempo_down"),
    (50.0, "tempo_up"),
    (52.0, "tempo_hold"),
    (53.0, "tempo_down"),
    (55.0, "session_complete"),
]
