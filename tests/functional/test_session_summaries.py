"""The app's summary and plain mode's count a session the same way, with one function.

Skip a hold, go back to it, then finish: both say two parts done and none
skipped (:func:`tui.core.session.outcome.outcome_of`: the latest outcome of
each part counts).
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from tests.support.app_drive import advance, answer_after, run_to_end, start
from tests.support.fake_clock import FakeClock
from tests.support.plain_script import FakeLog, FakeTime, ScriptedLines
from tui.app.screens.summary import SummaryScreen
from tui.app.supple_app import SuppleApp
from tui.core.config import Settings
from tui.core.routine.model import Routine, Step, StepKind
from tui.core.session.engine import SegmentStatus
from tui.core.session.outcome import outcome_of
from tui.core.session.runner import SessionRunner
from tui.plain.guide import PlainSession

ROUTINE = Routine(
    title="Two holds",
    get_ready=3.0,
    steps=(Step(StepKind.HOLD, "Stretch", hold=5.0, reps=2, rest=3.0),),
)


def skip_back_finish_in_plain_mode() -> tuple[list[str], PlainSession]:
    time = FakeTime()
    log = FakeLog()
    out = io.StringIO()
    session = PlainSession(
        routine=ROUTINE,
        runner=SessionRunner(ROUTINE, clock=time, history=log),
        # Into the first hold, skip it, and back at once (the end of input finishes).
        lines=ScriptedLines(time, ["3", "", "wait 3.5", "s", "b"]),
        out=out,
        log=log,
        sleep=time.sleep,
    )
    session.run()
    return out.getvalue().splitlines(), session


async def skip_back_finish_in_the_app() -> SummaryScreen:
    clock = FakeClock()
    app = SuppleApp(
        ROUTINE,
        clock=clock,
        today=lambda: date(2025, 3, 3),
        sound=False,
        history=False,
        settings=Settings(),
        check_unfinished=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "3")
        await advance(pilot, clock, 3.5)  # into the first hold
        await pilot.press("s", "b")
        await run_to_end(pilot, clock)
        await answer_after(pilot, None, None, None)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        return summary


async def test_skip_back_finish_is_summarised_alike_by_the_app_and_plain_mode() -> None:
    lines, plain = skip_back_finish_in_plain_mode()
    summary = await skip_back_finish_in_the_app()
    plain_records = plain.runner.engine.records
    app_records = summary.result.records
    statuses = [(r.index, r.status) for r in app_records if r.kind.is_work]
    assert statuses == [
        (1, SegmentStatus.SKIPPED),
        (1, SegmentStatus.DONE),
        (3, SegmentStatus.DONE),
    ]
    assert [(r.index, r.status) for r in plain_records if r.kind.is_work] == statuses
    # One count for both, from the one function.
    assert summary.result.outcome() == outcome_of(app_records)
    counted = outcome_of(plain_records)
    assert (len(counted.done), len(counted.skipped)) == (2, 0)
    assert "Done: 2 of 2 exercise parts." in lines
    assert not any(line.startswith("Skipped: ") for line in lines)
    assert dict(summary.result.lines())["Holds and sets"] == "2 done, 0 skipped"


# --------------------------------------------------------------------------- the closing words

#: Half of it is enough to count for this routine.
HALF_COUNTS = replace(ROUTINE, counts_when_done=50)


def skip_the_second_hold_in_plain_mode() -> list[str]:
    time = FakeTime()
    log = FakeLog()
    out = io.StringIO()
    PlainSession(
        routine=HALF_COUNTS,
        runner=SessionRunner(HALF_COUNTS, clock=time, history=log),
        # Through the first hold and its rest, skip the second hold.
        lines=ScriptedLines(time, ["3", "", "wait 11.5", "s"]),
        out=out,
        log=log,
        sleep=time.sleep,
    ).run()
    return out.getvalue().splitlines()


async def skip_the_second_hold_in_the_app() -> tuple[SummaryScreen, str]:
    """The summary and its heading (read while the app runs)."""
    clock = FakeClock()
    app = SuppleApp(
        HALF_COUNTS,
        clock=clock,
        today=lambda: date(2025, 3, 3),
        sound=False,
        history=False,
        settings=Settings(),
        check_unfinished=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "3")
        await advance(pilot, clock, 11.5)  # through the first hold and its rest
        await pilot.press("s")  # the last part: the session is over
        await answer_after(pilot, None, None, None)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        return summary, str(summary.query_one("#summary-heading").render())


async def test_the_app_and_plain_mode_close_with_the_same_words() -> None:
    lines = skip_the_second_hold_in_plain_mode()
    summary, heading = await skip_the_second_hold_in_the_app()
    words = "Done with 1 exercise part skipped. Well done!"
    assert lines[lines.index("Summary") + 1] == words
    assert heading == words
    assert dict(summary.result.lines())["Done"] == "50% of the planned exercise time"
    assert not summary.has_class("-partial")
