"""Plain-text mode driven in-process: a fake clock and scripted input, so nothing waits."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pytest

from tests.support.plain_script import FakeLog, FakeTime, Item, ScriptedLines, routine
from tui.core.routine.model import Routine, Step, StepKind, Tempo, TextCue
from tui.core.session.engine import CueEvent, CueKind, SegmentRecord, SegmentStatus
from tui.core.session.runner import SessionRunner
from tui.core.session.safety import RECORD_DISCLAIMER
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import Segment, SegmentKind, compile_timeline, total_seconds
from tui.core.session.words import event_line, segment_line, spoken_duration
from tui.plain.closing_summary import summary_lines
from tui.plain.guide import (
    TICK,
    PlainResult,
    PlainSession,
)
from tui.plain.lines import StreamLines

# --------------------------------------------------------------------------- fakes


@dataclass
class Run:
    outcome: PlainResult
    out: str
    log: FakeLog
    time: FakeTime
    runner: SessionRunner
    session: PlainSession

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def play(
    script: Sequence[Item],
    *,
    r: Routine | None = None,
    speed: float = 1.0,
    interactive: bool = False,
    mute: Callable[[], bool] | None = None,
    before_run: Callable[[PlainSession], None] | None = None,
) -> Run:
    time = FakeTime()
    r = r if r is not None else routine()
    log = FakeLog()
    runner = SessionRunner(r, clock=time, speed=speed, history=log)
    out = io.StringIO()
    session = PlainSession(
        routine=r,
        runner=runner,
        lines=ScriptedLines(time, script, interactive=interactive),
        out=out,
        log=log,
        sleep=time.sleep,
        toggle_mute=mute,
        preamble=("Sound: off.",),
    )
    if before_run is not None:
        before_run(session)
    outcome = session.run()
    return Run(outcome, out.getvalue(), log, time, runner, session)


def planned(r: Routine | None = None) -> float:
    return total_seconds(compile_timeline(r or routine()))


# --------------------------------------------------------------------------- lines


def segs(r: Routine | None = None) -> tuple[Segment, ...]:
    return compile_timeline(r or routine())


def first(kind: SegmentKind, **match: object) -> Segment:
    for seg in segs():
        if seg.kind is kind and all(getattr(seg, k) == v for k, v in match.items()):
            return seg
    raise AssertionError(f"no {kind} segment with {match}")


def test_segment_lines_read_like_a_coach() -> None:
    assert segment_line(first(SegmentKind.GET_READY)) == (
        "Get ready: Lying hamstring stretch, 3 seconds"
    )
    assert segment_line(first(SegmentKind.HOLD, rep=1, side="left")) == (
        "Lying hamstring stretch, left side: hold 30 seconds"
    )
    assert segment_line(first(SegmentKind.HOLD, rep=2, side="right")) == (
        "Hold 2 of 2, right side: 30 seconds"
    )
    assert segment_line(first(SegmentKind.REST)) == "Rest 10 seconds"
    assert segment_line(first(SegmentKind.SWITCH)) == "Switch to the right side"
    assert segment_line(first(SegmentKind.SET, name="Glute bridge", set=1)) == (
        "Glute bridge, set 1 of 3: 10 reps, 2 s up, 2 s hold, 2 s down"
    )
    assert segment_line(first(SegmentKind.SET, name="Glute bridge", set=2)) == (
        "Set 2 of 3: 10 reps, 2 s up, 2 s hold, 2 s down"
    )
    assert segment_line(first(SegmentKind.SET, name="Cat-camel")) == (
        "Cat-camel: 8 reps, at your own pace; type d when the set is done"
    )
    assert segment_line(first(SegmentKind.INTERVAL, label="Sit and rest", rep=2)) == (
        "Sit and rest: 1 minute (round 2 of 2)"
    )


def test_spoken_durations() -> None:
    assert spoken_duration(1) == "1 second"
    assert spoken_duration(30) == "30 seconds"
    assert spoken_duration(60) == "1 minute"
    assert spoken_duration(150) == "2 minutes 30 seconds"
    assert spoken_duration(2.5) == "2.5 seconds"


def test_tempo_prints_the_rep_with_its_first_phase_then_each_phase_word() -> None:
    seg = first(SegmentKind.SET, name="Glute bridge", set=1)
    up = CueEvent(CueKind.TEMPO, 0, 0.0, phase="up", rep=3)
    hold = CueEvent(CueKind.TEMPO, 0, 0.0, phase="hold", rep=3)
    down = CueEvent(CueKind.TEMPO, 0, 0.0, phase="down", rep=3)
    pause = CueEvent(CueKind.TEMPO, 0, 0.0, phase="pause", rep=3)
    assert event_line(up, seg) == "Rep 3 of 10: up"
    assert (event_line(hold, seg), event_line(down, seg)) == ("hold", "down")
    assert event_line(pause, seg) is None
    assert event_line(CueEvent(CueKind.COUNTDOWN, 0, 0.0, count=2), seg) == "2"
    assert event_line(CueEvent(CueKind.TEXT, 0, 0.0, text="Breathe"), seg) == "Breathe"
    assert event_line(CueEvent(CueKind.SESSION_DONE, 0, 0.0), seg) == "Session complete"
    assert event_line(CueEvent(CueKind.SEGMENT_END, 0, 0.0), seg) is None


# --------------------------------------------------------------------------- whole sessions


def test_a_whole_session_from_a_script() -> None:
    # hurt 5 s in (first hold); the self-paced Cat-camel set starts 374 s in: done 3 s later.
    run = play(
        ["4", "", "wait 5", "hurt", "", "", 372.0, "d", "7", "6", "5", "Felt tight on the left"]
    )
    lines = run.lines
    out = run.out
    for expected in (
        "Sound: off.",
        "Exercise 1 of 4: Lying hamstring stretch",
        "Loop a towel round one foot. Straighten the knee.",
        "Lying hamstring stretch, left side: hold 30 seconds",
        "Breathe out slowly",
        "Rest 10 seconds",
        "Switch to the right side",
        "Set 2 of 3: 10 reps, 2 s up, 2 s hold, 2 s down",
        "Rep 10 of 10: up",
        "down",
        "Step done: Glute bridge",
        "Rest 15 seconds",
        "Walk at an easy pace: 2 minutes (round 1 of 2)",
        "Session complete. Well done!",
    ):
        assert expected in lines, expected
    assert lines.count("3") >= 5 and lines.count("1") >= 5
    assert "Step done: Rest" not in lines
    # The clock ran the plan plus the self-paced set's 3 s (and no waiting after the end).
    cat = [r for r in run.outcome.records if r.name == "Cat-camel" and r.kind is SegmentKind.SET]
    assert cat[0].status is SegmentStatus.DONE
    assert cat[0].actual_seconds == pytest.approx(3.0, abs=TICK)  # the question stopped the clock
    assert cat[0].reps_done == 7  # "How many did you do?"
    assert run.time.now - 500.0 == pytest.approx(planned() + 3.0, abs=2 * TICK)
    assert "(No more commands: the session runs on to its end.)" in lines
    o = run.outcome
    assert o.status is SessionStatus.COMPLETED
    assert (o.pain_before, o.pain_after, o.effort, o.note) == (4, 6, 5, "Felt tight on the left")
    assert o.exit_code == 0
    # "hurt" came 5 s in: during the first hold.
    hurt = [r for r in o.records if r.hurt]
    assert [(r.kind, r.side, r.rep) for r in hurt] == [(SegmentKind.HOLD, "left", 1)]
    # The history got everything, in order, and finish exactly once at the very end.
    assert run.log.calls[0] == ("begin", 4)
    assert run.log.named("segment") == list(o.records)
    assert run.log.named("ended") == [SessionStatus.COMPLETED]
    assert run.log.named("pain_after") == [6]
    assert run.log.named("note") == ["Felt tight on the left"]
    assert run.log.calls[-1] == ("finish", None)
    # Pain rose 2 points and a part hurt: the notice, then the summary.
    assert o.safety_shown
    assert "You rated your pain 6 after the session and 4 before it." in lines
    assert "- Stop if pain spreads further down your leg." in lines
    assert "- Test clinic, 555-0100" in lines
    assert out.index("Seek emergency care") < out.index("Summary")
    assert "Pain before 4, after 6: 2 points higher (worse)." in lines
    assert "Effort: 5." in lines
    assert lines[-1] == RECORD_DISCLAIMER


@pytest.mark.parametrize("after_injection", [False, True])
def test_injection_signs_only_for_a_routine_after_an_injection(after_injection: bool) -> None:
    r = routine(
        steps=(Step(StepKind.HOLD, "S", hold=5.0),),
        after_injection=after_injection,
        warning_signs=("pain that wakes you at night",),
    )
    run = play(["2", "", "6", ""], r=r)
    assert run.outcome.safety_shown
    lines = run.lines
    emergency = lines.index("Seek emergency care at once if you notice any of these:")
    clinic = lines.index("Stop the exercises and contact your clinic if you notice:")
    own = lines.index("Your therapist also asks you to contact the clinic if you notice:")
    assert emergency < clinic < own
    assert "- numbness, weakness or pain in both legs" in lines[emergency:clinic]
    assert "- pain that wakes you at night" in lines[own:]
    for sign in ("- fever or chills", "- bleeding from the injection site that does not stop"):
        assert (sign in lines[clinic:own]) is after_injection
    assert ("injection" in run.out) is after_injection


def test_no_notice_without_a_rise_or_a_hurt_mark() -> None:
    run = play(["4", "", "4", ""], r=routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),)))
    assert not run.outcome.safety_shown
    assert "Seek emergency care" not in run.out
    assert RECORD_DISCLAIMER in run.lines


def test_speed_runs_faster_and_says_it_is_a_preview() -> None:
    run = play(["2", ""], speed=10.0, r=routine(steps=routine().steps[:2]))
    took = run.time.now - 500.0
    assert took == pytest.approx(planned(routine(steps=routine().steps[:2])) / 10, abs=0.1)
    assert "Preview at 10 times speed." in run.lines
    assert any("preview at 10 times speed" in line for line in run.lines)
    assert run.outcome.status is SessionStatus.COMPLETED


def test_the_loop_wakes_every_tick_of_real_time() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),), get_ready=0.0)
    run = play(["0", ""], r=r)
    # End of input at once: every wait is one tick of the fake clock.
    assert run.time.slept == pytest.approx(5.0, abs=TICK + 1e-9)


def test_end_of_input_skips_the_questions_and_runs_to_the_end() -> None:
    run = play([])
    o = run.outcome
    assert o.status is SessionStatus.COMPLETED
    assert (o.pain_before, o.pain_after, o.effort, o.note) == (None, None, None, None)
    assert run.lines.count("(skipped)") == 4  # before, after, effort, note
    assert "(End of input: the session runs on to its end.)" in run.lines
    # The self-paced set cannot be marked done by anyone: it is skipped, not left hanging.
    cat = [r for r in o.records if r.name == "Cat-camel" and r.kind is SegmentKind.SET]
    assert cat[0].status is SegmentStatus.SKIPPED
    assert "Skipped: no more input to mark this set done." in run.lines


def test_end_of_input_while_paused_resumes() -> None:
    run = play(["", "", "p"], r=routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),)))
    assert "Paused. Type r (or press Enter) to resume." in run.lines
    assert "Resuming." in run.lines
    assert run.outcome.status is SessionStatus.COMPLETED


def test_no_pain_question_before_when_the_routine_says_so() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),), ask_pain_before=False)
    run = play(["", "3"], r=r)
    assert run.outcome.pain_before is None
    assert run.outcome.pain_after == 3
    assert run.lines.count("What number would you give your pain right now?") == 1


def test_a_wrong_answer_is_asked_again() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),))
    run = play(["11", "seven", "7", "s", "", "t", ""], r=r)
    assert run.outcome.pain_before == 7
    assert run.outcome.pain_after is None
    assert run.outcome.effort == 10
    assert run.lines.count("Please type a whole number from 0 to 10, or press Enter to skip.") == 2


def test_a_skipped_rating_says_skipped() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),))
    run = play(["4", "", "", "skip", "Fine"], r=r)
    assert (run.outcome.pain_before, run.outcome.pain_after, run.outcome.effort) == (4, None, None)
    after = run.lines.index("Pain (0-10):", run.lines.index("Pain 4 (moderate).") + 1)
    assert run.lines[after + 1 : after + 3] == ["", "(skipped)"]  # the echoed answer, its word
    assert run.lines.count("(skipped)") == 2  # pain after, effort; the note was given


def test_the_effort_question_is_supples_own() -> None:
    run = play(["4", "", "3", "6", ""], r=routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),)))
    assert "How hard was that? (optional)" in run.lines
    assert "Effort 6 (hard work)." in run.lines
    assert not any("borg" in line.lower() or "strong" in line for line in run.lines)


def test_pause_resume_keeps_exercise_time_exact() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=30.0),), get_ready=0.0)
    run = play(["", "", "wait 10", "p", 120.0, "r"], r=r)
    hold = run.outcome.records[0]
    assert hold.actual_seconds == pytest.approx(30.0)
    assert run.time.now - 500.0 == pytest.approx(150.0, abs=2 * TICK)
    assert "Resumed." in run.lines


def test_quit_keeps_the_session_as_partial_and_still_asks_pain_after() -> None:
    run = play(["3", "", "wait 8", "q", "y", "3", "", ""])
    o = run.outcome
    assert o.status is SessionStatus.PARTIAL
    assert o.records[-1].status is SegmentStatus.PARTIAL
    assert o.pain_after == 3
    assert ("Stopped early: this session does not count toward your plan.") in run.lines
    assert run.log.named("ended") == [SessionStatus.PARTIAL]
    assert o.exit_code == 0


def test_skip_back_extend_and_status() -> None:
    r = routine(steps=routine().steps[:1])
    run = play(["", "", "wait 4", "s", "b", "e", "w", "?", "d"], r=r)
    lines = run.lines
    assert "Skipped." in lines and "Back." in lines
    assert "Added 10 seconds." in lines
    assert (
        "Now: Lying hamstring stretch, left side: hold 30 seconds. 40 seconds left in this part."
        in lines
    )
    assert any(line.startswith("About ") and "left in the session" in line for line in lines)
    assert "Commands (type one and press Enter):" in lines
    assert "This part is timed; it ends by itself. Type s to skip it." in lines
    statuses = [(rec.kind, rec.status) for rec in run.outcome.records]
    assert (SegmentKind.HOLD, SegmentStatus.SKIPPED) in statuses
    # Commands are echoed in a transcript when input is not a terminal.
    assert "> s" in lines


def test_a_script_answers_after_the_session_from_its_first_non_command() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=30.0),), get_ready=0.0)
    # "" is not a command, so it and everything after it answer the questions after the
    # session: "s" there skips the effort question instead of skipping the hold.
    run = play(["2", "", "", "s", "Felt fine"], r=r)
    o = run.outcome
    assert o.pain_before == 2
    assert o.records[0].status is SegmentStatus.DONE  # nothing skipped or stopped
    assert o.status is SessionStatus.COMPLETED
    assert (o.pain_after, o.effort) == (None, None)
    assert o.note == "Felt fine"
    assert "Paused. Type r (or press Enter) to resume." not in run.lines


def test_unknown_commands_at_a_terminal_get_help() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),), get_ready=0.0)
    run = play(["", "", "nonsense", "7"], r=r, interactive=True)
    assert "Unknown command 'nonsense'. Type ? for the list." in run.lines
    assert "Unknown command '7'. Type ? for the list." in run.lines


def test_an_empty_line_pauses_at_a_terminal() -> None:
    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),), get_ready=0.0)
    typed = play(["", "", "wait 1", "", 30.0, "", "", "", ""], r=r, interactive=True)
    assert "Paused. Type r (or press Enter) to resume." in typed.lines
    assert "Resumed." in typed.lines
    assert typed.time.now - 500.0 == pytest.approx(35.0, abs=2 * TICK)
    assert "> " not in typed.out  # a terminal echoes typing itself


def test_mute_toggles_through_the_sound_output() -> None:
    state = {"muted": False}

    def toggle() -> bool:
        state["muted"] = not state["muted"]
        return state["muted"]

    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),))
    run = play(["", "", "m", "m"], r=r, mute=toggle)
    assert "Sound off." in run.lines and "Sound on." in run.lines
    silent = play(["", "", "m"], r=r)
    assert "Sound is off for this session." in silent.lines


def test_ctrl_c_saves_a_partial_session_without_more_questions() -> None:
    def press() -> None:
        raise KeyboardInterrupt

    run = play(["5", "", "wait 10", press, "7", "7"])
    o = run.outcome
    assert o.interrupted and o.exit_code == 130
    assert o.status is SessionStatus.PARTIAL
    assert o.pain_before == 5 and o.pain_after is None
    assert run.log.named("ended") == [SessionStatus.PARTIAL]
    assert run.log.calls[-1] == ("finish", None)
    assert run.log.named("finish") == [None]
    assert "Summary" in run.lines
    assert "Traceback" not in run.out


def test_ctrl_c_by_signal_handler_stops_at_the_next_tick() -> None:
    holder: list[PlainSession] = []

    def press() -> None:
        holder[0].interrupt()

    run = play(["5", "", "wait 10", press], before_run=holder.append)
    o = run.outcome
    assert o.interrupted and o.status is SessionStatus.PARTIAL
    assert "Stopping. What you did is saved." in run.lines
    assert run.log.named("ended") == [SessionStatus.PARTIAL]
    assert run.log.named("finish") == [None]
    # 10 s of session, then at most one more tick.
    assert run.time.now - 500.0 == pytest.approx(10.0, abs=2 * TICK)


def test_ctrl_c_during_a_question_stops_asking() -> None:
    holder: list[PlainSession] = []

    def press() -> None:
        holder[0].interrupt()

    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),))
    run = play(["3", "", "q", "y", press, "7", "5"], r=r, before_run=holder.append)
    assert run.outcome.pain_after is None and run.outcome.effort is None
    assert run.outcome.status is SessionStatus.PARTIAL


class ClosedPipe(io.StringIO):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, text: str) -> int:
        if self.limit <= 0:
            raise BrokenPipeError
        self.limit -= 1
        return super().write(text)


def test_output_closing_stops_the_session_and_still_saves_it() -> None:
    time = FakeTime()
    log = FakeLog()
    r = routine()
    runner = SessionRunner(r, clock=time, history=log)
    session = PlainSession(
        routine=r,
        runner=runner,
        lines=ScriptedLines(time, ["3"]),
        out=ClosedPipe(limit=20),
        log=log,
        sleep=time.sleep,
    )
    outcome = session.run()
    assert outcome.status is SessionStatus.PARTIAL
    assert log.named("finish") == [None]


def test_summary_counts_each_segment_once_after_back() -> None:
    def rec(index: int, status: SegmentStatus, hurt: bool = False) -> SegmentRecord:
        return SegmentRecord(
            index, 0, "Bridge", SegmentKind.SET, None, None, index, 10.0, 5.0, status, hurt
        )

    records = [
        rec(1, SegmentStatus.SKIPPED, hurt=True),
        rec(1, SegmentStatus.DONE),
        rec(2, SegmentStatus.PARTIAL),
    ]
    lines = summary_lines(
        records,
        status=SessionStatus.PARTIAL,
        pain_before=None,
        pain_after=8,
        effort=None,
        preview=False,
        speed=1.0,
        planned_work=3,
    )
    assert "Done: 1 of 3 exercise parts." in lines
    assert not any(line.startswith("Skipped") for line in lines)
    assert "Stopped part way: Bridge, set 2." in lines
    assert 'Marked "this hurts": Bridge, set 1.' in lines
    assert "Pain after: 8 (severe)." in lines


# --------------------------------------------------------------------------- real input


def test_stream_lines_over_a_pipe_never_block() -> None:
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "r", encoding="utf-8") as stream:
        lines = StreamLines(stream)
        assert not lines.interactive
        assert lines.read_line(0) is None and not lines.at_eof  # nothing yet, no waiting
        os.write(write_fd, b"7\nhurt\r\npartial ")
        assert lines.read_line(0) == "7"
        assert lines.read_line(0) == "hurt"
        assert lines.read_line(0) is None
        os.write(write_fd, "line é\nlast".encode())
        os.close(write_fd)
        assert lines.read_line(0) == "partial line é"
        assert lines.read_line(0) == "last"
        assert lines.read_line(0) is None
        assert lines.at_eof


def test_stream_lines_without_a_descriptor_use_a_thread() -> None:
    lines = StreamLines(io.StringIO("a\nb\n"), interactive=False)
    got = [lines.read_line(1.0), lines.read_line(1.0)]
    assert got == ["a", "b"]
    assert lines.read_line(1.0) is None
    assert lines.at_eof


def test_plain_mode_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys, tui.plain, tui.plain.guide, tui.core.history.session_log, "
        "tui.core.session.safety, tui.core.session.ratings, tui.session_setup, "
        "tui.commands.run_command; "
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


class StampedOut(io.StringIO):
    """Output that notes the fake time each line was written."""

    def __init__(self, time: FakeTime) -> None:
        super().__init__()
        self.time = time
        self.stamps: list[tuple[float, str]] = []

    def write(self, text: str) -> int:
        for line in text.splitlines():
            self.stamps.append((self.time.now, line))
        return super().write(text)


@pytest.mark.parametrize("speed", [1.0, 7.0])
def test_cue_lines_come_within_a_millisecond_of_their_moment(speed: float) -> None:
    step = Step(StepKind.REPS, "Bridge", reps=2, tempo=Tempo(1.5, 0.7, 1.3))
    hold = Step(StepKind.HOLD, "Hold", hold=10.0, cues=(TextCue(2.3, "Breathe"),))
    r = routine(steps=(hold, step), get_ready=0.0)
    time = FakeTime()
    out = StampedOut(time)
    runner = SessionRunner(r, clock=time, speed=speed)
    PlainSession(r, runner, ScriptedLines(time, []), out, sleep=time.sleep).run()
    start = next(t for t, line in out.stamps if line.startswith("Hold:"))
    at = {line: (t - start) * speed for t, line in out.stamps}
    assert at["Breathe"] == pytest.approx(2.3, abs=0.001 * speed)
    assert at["1"] == pytest.approx(9.0, abs=0.001 * speed)
    assert at["Rep 2 of 2: up"] == pytest.approx(10.0 + 3.5, abs=0.001 * speed)
    assert at["Session complete. Well done!"] == pytest.approx(17.0, abs=0.001 * speed)


def test_ctrl_c_at_the_first_question_saves_nothing() -> None:
    holder: list[PlainSession] = []

    def press() -> None:
        holder[0].interrupt()

    run = play([press, "3"], before_run=holder.append)
    assert run.outcome.status is None and run.outcome.exit_code == 130
    assert run.log.calls == []
    assert run.lines[-1] == "Stopped before the session started; nothing was saved."
    assert "Summary" not in run.lines


def test_q_asks_first_and_anything_but_yes_carries_on() -> None:
    run = play(["3", "", "wait 2", "q", "", "wait 1", "q", "y", "3", "", ""])
    assert "Carrying on." in run.lines
    assert run.outcome.status is SessionStatus.PARTIAL
    asked = [line for line in run.lines if line.startswith("Stop the session now?")]
    assert len(asked) == 2


def test_help_is_one_command_per_line() -> None:
    from tui.plain.typed import HELP_LINES

    commands = [line for line in HELP_LINES if ":" in line.split(" ", 1)[0]]
    assert len(commands) >= 12
    assert all(line.count(": ") == 1 or line.startswith("?") for line in commands)


def test_a_note_with_control_characters_is_cleaned_and_the_patient_told() -> None:
    from tui.core.safe_text import CLEANED_NOTE
    from tui.plain.questions import Questions

    out = io.StringIO()
    lines = StreamLines(io.StringIO("knee \x1b[Afine\u202e\n"), interactive=False)
    note = Questions(lines, out, lambda: False).note()
    assert note == "knee [Afine"
    assert CLEANED_NOTE in out.getvalue()


def test_plain_output_shows_hostile_text_visibly() -> None:
    from tui.plain.questions import Questions

    out = io.StringIO()
    Questions(StreamLines(io.StringIO(""), interactive=False), out, lambda: False).say(
        "An unfinished session of Back\x1b]0;owned\x07\u202e\nfrom Monday"
    )
    assert (
        out.getvalue() == "An unfinished session of Back\\x1b]0;owned\\x07<U+202E>\nfrom Monday\n"
    )


def test_plain_mode_says_what_a_steps_picture_shows_instead_of_drawing_it() -> None:
    base = routine()
    first_step = replace(
        base.steps[0], image="pictures/stretch.png", image_alt="Lying on the back, one leg raised"
    )
    run = play(["", ""], r=replace(base, steps=(first_step, *base.steps[1:])))
    lines = run.lines
    at = lines.index("Exercise 1 of 4: Lying hamstring stretch")
    assert lines[at + 1 : at + 3] == [
        "Loop a towel round one foot. Straighten the knee.",
        "Picture: Lying on the back, one leg raised",
    ]
    assert "Picture:" not in "\n".join(lines[at + 3 :])  # the other steps have none
