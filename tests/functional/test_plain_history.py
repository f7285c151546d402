"""Plain mode with the real history: the recorder adapter, backups when the disk fails,
crash recovery at start-up, and the ``run`` command's errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.crash import crash_a_session
from tests.support.killed_session import kill_during
from tests.support.plain_script import FakeTime, ScriptedLines, routine
from tui import __version__
from tui.cli import main
from tui.core.config import Settings
from tui.core.history import HistoryStore, HistoryUnavailable
from tui.core.history.backup import load_history_json
from tui.core.history.recorder import SessionRecorder
from tui.core.history.recovery import abandon, find_unfinished
from tui.core.history.session_log import RecorderLog, open_recorder_log
from tui.core.routine.loader import load_routine
from tui.core.routine.model import Step, StepKind
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind, compile_timeline
from tui.plain.guide import PlainResult, PlainSession
from tui.session_setup import Recovery, SessionSetup

SHORT = paths.FIXTURES / "short-routine.toml"


def play_with(log: RecorderLog, script: list[str | float], speed: float = 1.0) -> str:
    time = FakeTime()
    runner = SessionRunner(log.routine, clock=time, speed=speed, history=log)
    out = io.StringIO()
    PlainSession(
        routine=log.routine,
        runner=runner,
        lines=ScriptedLines(time, list(script)),
        out=out,
        log=log,
        sleep=time.sleep,
    ).run()
    return out.getvalue()


def test_a_plain_session_is_saved_with_its_segments_and_ratings(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    r = routine()
    log = open_recorder_log(r, preview=True, db=db)
    play_with(
        log, ["3", "", "wait 5", "hurt", "", "", "skip", "", "5", "Stiff this morning"], speed=4.0
    )
    assert log.problem is None
    with HistoryStore.open(db, read_only=True) as store:
        assert store.sessions() == []  # a preview is left out by default
        [summary] = store.sessions(include_preview=True)
        session = store.session(summary.id)
    assert session is not None
    assert session.status is SessionStatus.COMPLETED
    assert session.preview
    assert (session.pain_before, session.pain_after, session.effort) == (3, None, 5)
    assert session.notes == "Stiff this morning"
    assert session.routine.title == r.title
    assert session.app_version == __version__
    assert len(session.segments) == len(compile_timeline(r))
    first_hold = session.segments[1]
    assert first_hold.kind is SegmentKind.HOLD
    assert first_hold.hurt and first_hold.status.value == "skipped"
    assert session.tally.hurt == 1


def test_when_the_history_cannot_be_written_a_backup_file_is_made(tmp_path: Path) -> None:
    def broken() -> HistoryStore:
        raise HistoryUnavailable("can't create the history at /nowhere: read-only file system")

    r = routine(steps=(Step(StepKind.HOLD, "S", hold=5.0),))
    log = RecorderLog(SessionRecorder(broken), r, preview=False, backup_dirs=(tmp_path / "b",))
    out = play_with(log, ["4", "", "", "", "note"])
    assert log.backup_file is not None and log.backup_file.is_file()
    problem = log.problem
    assert problem is not None
    assert f"supple history import {log.backup_file}" in problem
    assert problem in out.splitlines()
    [saved] = load_history_json(log.backup_file)
    assert saved.pain_before == 4 and saved.notes == "note"
    assert saved.status is SessionStatus.COMPLETED
    assert len(saved.segments) == 2


def test_unfinished_sessions_are_closed_as_abandoned_keeping_their_segments(
    tmp_path: Path,
) -> None:
    db = tmp_path / "h.sqlite3"
    sid = crash_a_session(db)
    found, problem = find_unfinished(db)
    assert problem is None
    assert [(c.session_id, c.routine.title, c.parts_done) for c in found] == [
        (sid, "Crashed routine", 1)
    ]
    assert abandon(db, sid) is None
    with HistoryStore.open(db, read_only=True) as store:
        session = store.session(sid)
    assert session is not None and session.status is SessionStatus.ABANDONED
    assert len(session.segments) == 1 and session.pain_before == 4
    assert find_unfinished(db) == ([], None)


def test_recovery_reports_an_unusable_history_instead_of_failing(tmp_path: Path) -> None:
    not_a_db = tmp_path / "h.sqlite3"
    not_a_db.write_text("this is not SQLite, it is a shopping list\n" * 100)
    found, problem = find_unfinished(not_a_db)
    assert found == []
    assert problem is not None and "unfinished sessions" in problem


def test_run_lists_every_problem_of_a_broken_routine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[routine]\ntitle = "Broken"\n\n[[step]]\nkind = "hold"\nname = "A"\nhold = -5\n\n'
        '[[step]]\nkind = "jump"\nname = "B"\n',
        encoding="utf-8",
    )
    assert main(["run", str(broken), "--plain", "--db", str(tmp_path / "h.db")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) >= 2
    assert all(line.startswith(f"{broken}:") for line in err)
    assert not (tmp_path / "h.db").exists()  # nothing started


def test_run_an_unknown_routine_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no-such-routine", "--plain"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("supple: no routine file or routine named 'no-such-routine'")
    assert "Traceback" not in err


@pytest.mark.parametrize("speed", ["0", "-2", "fast", "5000"])
def test_run_refuses_a_silly_speed(speed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "x", "--speed", speed])
    assert exit_info.value.code == 2
    assert "--speed" in capsys.readouterr().err


def test_bare_supple_without_a_terminal_explains_itself(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "--plain" in err


def test_run_without_a_terminal_falls_back_to_plain_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny = tmp_path / "tiny.toml"
    tiny.write_text(
        '[routine]\nversion = 1\ntitle = "Tiny"\nget_ready = 0\nask_pain_before = false\n\n'
        '[[step]]\nkind = "hold"\nname = "Hold"\nhold = "2s"\n',
        encoding="utf-8",
    )
    db = tmp_path / "h.sqlite3"
    # Standard input is pytest's (unreadable: the end of input at once); 1000x: 2 ms.
    assert main(["run", str(tiny), "--speed", "1000", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "(Output is not a terminal: using plain-text mode.)"
    assert out[1] == "Sound: off."
    assert "Hold: hold 2 seconds" in out and "Session complete. Well done!" in out
    with HistoryStore.open(db, read_only=True) as store:
        [saved] = store.sessions(include_preview=True)
    assert saved.status is SessionStatus.COMPLETED and saved.preview


def test_sound_adapter_plays_cues_through_the_audio_player_and_mutes() -> None:
    from tui.audio.output import no_sound, open_sound
    from tui.core.config import Settings
    from tui.core.session.engine import CueEvent, CueKind

    r = routine()
    sound = open_sound(r, Settings(voice=True))  # SUPPLE_AUDIO=off: recorded, not heard
    try:
        assert sound.cues is not None
        assert sound.output == "off" and sound.description == "Sound: off."
        seg = compile_timeline(r)[1]
        sound.cues.cue(CueEvent(CueKind.SEGMENT_START, 1, 0.0, segment_kind=seg.kind), seg)
        played = sound._audio.history if sound._audio is not None else []
        assert [c.sound for c in played] == ["work_start"]
        assert played[0].speech == "Lying hamstring stretch, left side: hold 30 seconds."
        assert not sound.muted
        assert sound.toggle_mute() is True and sound.label == "sound: muted"
        assert sound.toggle_mute() is False
    finally:
        sound.close()
    muted = open_sound(r, Settings(muted=True))
    assert muted.description.startswith("Sound: muted in your settings")
    muted.close()
    assert no_sound().cues is None and no_sound().description == "Sound: off."


# --------------------------------------------------------------------------- resuming


def resumable(db: Path, routine_file: Path, script: list[str | float]) -> tuple[str, PlainResult]:
    """A plain session of ``routine_file`` that first asks about unfinished sessions."""
    r = load_routine(routine_file)
    time = FakeTime()
    setup = SessionSetup(r, Settings(), db=db, clock=time)
    log = setup.open_log()
    out = io.StringIO()
    result = PlainSession(
        routine=r,
        runner=setup.runner(cues=None, history=log),
        lines=ScriptedLines(time, script),
        out=out,
        log=log,
        sleep=time.sleep,
        recovery=Recovery.find(setup, None),
    ).run()
    return out.getvalue(), result


def test_a_killed_session_is_resumed_at_the_next_part(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    killed = kill_during(db, SHORT, parts=3)  # killed half way through the second hold
    timeline = compile_timeline(load_routine(SHORT))
    out, result = resumable(db, SHORT, ["r"])
    lines = out.splitlines()
    question = next(line for line in lines if line.startswith("An unfinished session of"))
    assert question.startswith(
        "An unfinished session of Test routine: every kind of step from "
    ) and question.endswith(
        " (1 exercise part done): type r to resume, a to close it as abandoned, Enter to leave it."
    )
    at = lines.index("Resuming after the last part you did. Type ? and Enter for the commands.")
    # The hold cut off by the kill starts again from its beginning.
    assert lines[at + 1] == "Step 1 of 5: Lying hamstring stretch"
    assert lines[at + 3] == "Hold 2 of 2, left side: 5 seconds"
    assert "Before you start." not in lines  # asked when the session began
    assert result.status == SessionStatus.COMPLETED and result.pain_before == 4
    assert "Done: 10 of 11 exercise parts." in lines  # the self-paced set ran out of input
    with HistoryStore.open(db, read_only=True) as store:
        [session] = store.sessions_with_segments(include_preview=True)
    assert session.id == killed and session.status is SessionStatus.COMPLETED
    assert [s.index for s in session.segments] == list(range(len(timeline)))
    assert [s.position for s in session.segments] == list(range(len(timeline)))
    assert session.pain_before == 4


@pytest.mark.parametrize(("answer", "status"), [("a", SessionStatus.ABANDONED), ("", None)])
def test_a_killed_session_can_be_closed_or_left(
    tmp_path: Path, answer: str, status: SessionStatus | None
) -> None:
    db = tmp_path / "h.sqlite3"
    killed = kill_during(db, SHORT, parts=3)
    _, result = resumable(db, SHORT, [answer, "3"])
    assert result.pain_before == 3 and result.status == SessionStatus.COMPLETED
    with HistoryStore.open(db, read_only=True) as store:
        sessions = {s.id: s for s in store.sessions_with_segments(include_preview=True)}
    assert len(sessions) == 2 and sessions[killed].status is status
    assert len(sessions[killed].segments) == 3


def test_a_preview_with_nothing_done_is_closed_without_asking(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    killed = kill_during(db, SHORT, parts=1, speed=20.0)  # only the get-ready countdown
    assert find_unfinished(db) == ([], None)
    with HistoryStore.open(db, read_only=True) as store:
        found = store.session(killed)
    assert found is not None and found.status is SessionStatus.ABANDONED
