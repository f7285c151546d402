"""Plain mode, end to end, for issue 10's safe session: the stop rules before the first part
and on request, "this hurts" that pauses, asks and offers three choices, "not today" at the
stop level, and the notice at it.  In-process on a fake clock, plus one real process.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.plain_script import FakeLog, FakeTime, Item, ScriptedLines, routine
from tui.core.routine.model import SAFETY_CONFIRM_DAILY, Routine
from tui.core.session.engine import SegmentStatus
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind
from tui.plain.guide import PlainResult, PlainSession


@dataclass
class Run:
    outcome: PlainResult
    lines: list[str]
    log: FakeLog
    time: FakeTime

    @property
    def out(self) -> str:
        return "\n".join(self.lines)


def play(script: Sequence[Item], *, r: Routine | None = None, today: bool = False) -> Run:
    time = FakeTime()
    r = r if r is not None else routine()
    log = FakeLog()
    out = io.StringIO()
    session = PlainSession(
        routine=r,
        runner=SessionRunner(r, clock=time, history=log),
        lines=ScriptedLines(time, script),
        out=out,
        log=log,
        sleep=time.sleep,
        started_today=lambda: today,
    )
    return Run(session.run(), out.getvalue().splitlines(), log, time)


def test_the_stop_rules_come_before_the_first_part() -> None:
    run = play(["3", ""])
    lines = run.lines
    rules = lines.index("Your therapist's stop rules")
    first = lines.index("Exercise 1 of 4: Lying hamstring stretch")
    assert lines.index("Pain 3 (mild).") < rules < first
    assert lines[rules + 1] == "- Stop if pain spreads further down your leg."
    assert "Who to contact: Test clinic, 555-0100" in lines[rules:first]
    assert run.log.calls[0] == ("begin", 3)  # recorded once confirmed


def test_q_at_the_stop_rules_starts_nothing() -> None:
    run = play(["3", "q"])
    assert run.outcome.status is None and run.outcome.exit_code == 0
    assert run.lines[-1] == "Stopped before the session started; nothing was saved."
    assert run.log.calls == []
    assert "Exercise 1 of 4: Lying hamstring stretch" not in run.lines


def test_the_rules_command_pauses_the_clock_until_enter() -> None:
    run = play(["2", "", "wait 5", "i", 100.0, "", "q", "y", "", "", ""])
    lines = run.lines
    shown = [i for i, line in enumerate(lines) if line == "Your therapist's stop rules"]
    assert len(shown) == 2  # before the session, and on "i"
    assert "The clock is paused. Press Enter to carry on:" in lines
    assert "Resumed." in lines[shown[1] :]
    # The 100 s waited with the rules open are not session time: 2 s into the first hold.
    hold = [r for r in run.outcome.records if r.kind is SegmentKind.HOLD]
    assert [r.actual_seconds for r in hold] == [pytest.approx(2.0, abs=0.1)]


def test_a_routine_without_a_contact_shows_the_fallback() -> None:
    run = play(["2", ""], r=routine(contact=""))
    assert "Who to contact: Ask your therapist for a contact number." in run.lines


@pytest.mark.parametrize(
    ("answer", "status"),
    [("c", SessionStatus.COMPLETED), ("s", SessionStatus.COMPLETED), ("q", SessionStatus.PARTIAL)],
)
def test_this_hurts_pauses_asks_and_does_what_was_chosen(
    answer: str, status: SessionStatus
) -> None:
    # 3 get ready + 2 s into the first hold; the 50 s wait comes while the question is open.
    run = play(["3", "", "wait 5", "h", 50.0, "7", answer, "", "", ""])
    lines = run.lines
    at = lines.index('"This hurts" noted during Lying hamstring stretch. The clock is paused.')
    assert lines[at + 1] == "How bad is it now?"
    assert "Pain 7 (severe)." in lines[at:]
    assert "Your therapist's stop rules" in lines[at:]
    o = run.outcome
    assert o.status is status
    [hurt] = [r for r in o.records if r.hurt]
    assert hurt.pain_now == 7
    # The 50 s paused do not count: 2 s done when stopped, the whole 30 s hold carried on.
    assert hurt.actual_seconds == pytest.approx(30.0 if answer == "c" else 2.0, abs=0.1)
    later = [r for r in o.records if r.name == "Lying hamstring stretch" and r.index > hurt.index]
    if answer == "c":
        assert hurt.status is SegmentStatus.DONE and later
        assert all(r.status is SegmentStatus.DONE for r in later)
    elif answer == "s":
        assert hurt.status is SegmentStatus.SKIPPED
        assert later and all(r.status is SegmentStatus.SKIPPED for r in later)
        assert any(r.name == "Glute bridge" and r.status is SegmentStatus.DONE for r in o.records)
    else:
        assert hurt.status is SegmentStatus.PARTIAL and not later
        assert "Ending the session. What you did is saved." in lines
    # 7 rated on "this hurts" is at the default stop level (6): the notice.
    assert o.safety_shown
    assert (
        'You rated your pain 7 when you pressed "this hurts" during Lying hamstring stretch.'
        in lines
    )


def test_pain_seven_before_offers_not_today() -> None:
    run = play(["7", ""])
    lines = run.lines
    assert "You rated your pain 7 before the session." in lines
    assert run.outcome.status is SessionStatus.NOT_TODAY
    assert run.outcome.pain_before == 7 and run.outcome.records == ()
    assert run.log.calls == [("not_today", 7)]
    assert "Not today: recorded for your therapist. No session was started." in lines
    assert "Summary" not in lines


def test_start_anyway_at_the_stop_level() -> None:
    run = play(["7", "s", "", "", ""])
    assert run.outcome.status is SessionStatus.COMPLETED
    assert run.log.calls[0] == ("begin", 7)


def test_caution_band_says_take_it_gently() -> None:
    run = play(["4", ""])
    assert "You rated your pain 4 before the session: take it gently today." in run.lines
    assert run.outcome.status is SessionStatus.COMPLETED


@pytest.mark.parametrize(("before", "after"), [("3", "8"), ("8", "9")])
def test_the_notice_at_the_stop_level_with_a_default_routine(before: str, after: str) -> None:
    r = routine()
    assert (r.pain_caution, r.pain_stop, r.after_injection) == (4, 6, False)
    start = "s" if int(before) >= r.pain_stop else ""
    run = play([before, start, "q", "y", after, "", ""], r=r)
    assert run.outcome.safety_shown
    assert any(
        line.startswith(f"You rated your pain {after} after the session") for line in run.lines
    )
    assert "Seek emergency care at once if you notice any of these:" in run.lines
    assert "injection" not in run.out  # no after_injection: no injection signs


def test_once_a_day_shows_the_rules_only_before_the_first_session_of_the_day() -> None:
    daily = routine(safety_confirm=SAFETY_CONFIRM_DAILY)
    assert "Your therapist's stop rules" in play(["2", ""], r=daily).lines
    later = play(["2"], r=daily, today=True)
    assert "Your therapist's stop rules" not in later.lines
    # ... unless pain before is in the caution or stop band.
    assert "Your therapist's stop rules" in play(["5", ""], r=daily, today=True).lines


@pytest.mark.slow
def test_not_today_from_a_real_process_is_in_the_history(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    run = subprocess.run(
        [sys.executable, "-m", "tui", "run", "core-strength", "--plain", "--db", str(db)],
        input="8\n\n",
        capture_output=True,
        text=True,
        cwd=paths.REPO,
        env=dict(os.environ, SUPPLE_AUDIO="off"),
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout.splitlines()
    assert "Your therapist's stop rules" in out
    assert "Not today: recorded for your therapist. No session was started." in out
    listed = subprocess.run(
        [sys.executable, "-m", "tui", "history", "--format", "json", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=paths.REPO,
        timeout=60,
    )
    [session] = json.loads(listed.stdout)["sessions"]
    assert (session["status"], session["pain_before"], session["segments"]) == (
        "not_today",
        8,
        [],
    )
    table = subprocess.run(
        [sys.executable, "-m", "tui", "history", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=paths.REPO,
        timeout=60,
    )
    assert "Not today" in table.stdout
