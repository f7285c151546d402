"""Plain mode asks pain by site, and the next-day check once, the day after a session."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from tests.support.history_factory import T0, finished_session
from tests.support.plain_script import FakeLog, FakeTime, ScriptedLines, routine
from tui.core.history import HistoryStore
from tui.core.routine.model import PainSite, Step, StepKind
from tui.core.session.ratings import NEXT_DAY_QUESTION, NextDay, SitePain
from tui.core.session.runner import SessionRunner
from tui.core.session.safety import NEXT_DAY_WORSE_NOTE
from tui.plain.guide import PlainSession
from tui.plain.next_day_check import WORSE_FOLLOW_UP, ask_next_day

SHORT = (Step(StepKind.HOLD, "Knee to chest", hold=5.0),)


def play(script: list[str | float], *, worse: bool = False) -> tuple[FakeLog, str]:
    time = FakeTime()
    r = routine(steps=SHORT, pain_sites=(PainSite.LEG, PainSite.BACK), get_ready=0.0)
    log = FakeLog()
    out = io.StringIO()
    PlainSession(
        routine=r,
        runner=SessionRunner(r, clock=time, history=log),
        lines=ScriptedLines(time, script),
        out=out,
        log=log,
        sleep=time.sleep,
        next_day_worse=lambda: worse,
    ).run()
    return log, out.getvalue()


def test_each_site_is_asked_before_and_after_and_the_worse_is_the_pain() -> None:
    log, out = play(["5", "3", "", 10.0, "2", "", "", ""])
    assert "What number would you give your leg pain right now?" in out
    assert "What number would you give your back pain right now?" in out
    assert log.calls[:2] == [("begin", 5), ("sites_before", SitePain(leg=5, back=3))]
    # back skipped after: the leg's 2 is the pain after
    assert log.named("pain_after") == [2]
    assert log.named("sites_after") == [SitePain(leg=2, back=None)]
    assert "By site (before -> after): leg 5 -> 2 ▼, back 3 -> -." in out


def test_a_worse_next_morning_brings_the_stop_rules_with_its_note() -> None:
    _log, out = play(["1", "1", "", 10.0], worse=True)
    assert NEXT_DAY_WORSE_NOTE in out
    assert out.index(NEXT_DAY_WORSE_NOTE) < out.index("Knee to chest")


def ask(db: Path, now: date, answers: list[str | float]) -> str:
    out = io.StringIO()
    ask_next_day(ScriptedLines(FakeTime(), answers), out, db, now)
    return out.getvalue()


def test_the_next_day_check_is_asked_once_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore.open(db) as store:
        sid = finished_session(store, started_at=T0)
    morning = date(2024, 3, 2)
    first = ask(db, morning, ["worse"])
    assert NEXT_DAY_QUESTION in first and WORSE_FOLLOW_UP in first
    assert ask(db, morning, ["better"]) == ""
    with HistoryStore.open(db) as store:
        got = store.session(sid)
    assert got is not None and got.next_day is NextDay.WORSE


def test_no_answer_at_the_end_of_input_is_asked_again(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore.open(db) as store:
        finished_session(store, started_at=T0)
    morning = date(2024, 3, 2)
    assert NEXT_DAY_QUESTION in ask(db, morning, [])
    assert NEXT_DAY_QUESTION in ask(db, morning, ["s"])
    assert ask(db, morning, ["b"]) == ""


def test_a_typo_is_explained_and_asked_again(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore.open(db) as store:
        finished_session(store, started_at=T0)
    out = ask(db, date(2024, 3, 2), ["fine", "m"])
    assert "Please type better, same or worse" in out and "Noted: same." in out
