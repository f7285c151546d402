"""supple today, learn, remind, run --programme, check, show and schema for programmes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import icalendar
import pytest

from tui.cli import main
from tui.core import locations

BUNDLED = "six-weeks-after-injection"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_today_asks_for_the_start_then_prints_the_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "today", BUNDLED, "--now", "2026-12-01 08:00")
    assert code == 0 and "The start is not set yet" in out
    code, out, _ = _run(capsys, "today", "--start", "2026-12-01 10:00", "--now", "2026-12-10 12:00")
    assert code == 0
    assert "Day 9 after your injection (week 2)." in out
    assert "Phase 3 of 3: Stretching, strengthening and walking." in out
    assert "  Walking: 0 of 1 session done (5 days a week; 0 so far this week)" in out
    assert "Next session: Stretches with a nerve glide." in out
    state = locations.user_programmes_dir() / "state.json"
    assert state.stat().st_mode & 0o777 == 0o600


def test_run_refuses_a_programme_session_before_the_gate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _run(capsys, "today", BUNDLED, "--start", "2026-12-01 10:00", "--now", "2026-12-01 10:00")
    code, _, err = _run(
        capsys, "run", "--programme", BUNDLED, "--plain", "--now", "2026-12-02 09:00"
    )
    assert code == 1
    assert "sessions may start today at 10:00" in err


def test_learn_lists_every_card(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "learn", BUNDLED)
    assert code == 0
    assert "[phase: Rest day; read before your first session]" in out
    assert "If you have diabetes" in out and "[days 0-2]" in out


def test_show_lists_the_walk_for_each_week(capsys: pytest.CaptureFixture[str]) -> None:
    path = locations.bundled_programmes_dir() / BUNDLED / "programme.toml"
    code, out, _ = _run(capsys, "show", str(path))
    assert code == 0
    assert "  week 2: 10 min" in out and "  week 6: 30 min" in out


def test_check_takes_a_programme_and_schema_prints_its_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = locations.bundled_programmes_dir() / BUNDLED
    code, out, _ = _run(capsys, "check", str(folder))
    assert code == 0 and f"{folder / 'programme.toml'}: ok" in out
    broken = tmp_path / "p.toml"
    broken.write_text('[programme]\ntitle = "x"\n[[phase]]\nname = "a"\ndays = "9-2"\n')
    code, out, _ = _run(capsys, "check", str(broken))
    assert code == 1 and f"{broken}:5: phase 1" in out
    code, out, _ = _run(capsys, "schema", "--programme")
    assert json.loads(out)["title"] == "supple programme"
    code, out, _ = _run(capsys, "schema")
    assert json.loads(out)["title"] == "supple routine"


def test_remind_writes_an_ics_and_installs_and_removes_a_user_timer(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    private_locations: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _run(capsys, "today", BUNDLED, "--start", "2026-12-01 10:00", "--now", "2026-12-01 10:00")
    ics = tmp_path / "plan.ics"
    code, _, _ = _run(capsys, "remind", "--ics", str(ics), "--at", "09:00,18:00")
    assert code == 0 and ics.stat().st_mode & 0o777 == 0o600
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 4  # two phases with sessions, two times each

    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")  # as if systemd is here
    code, out, _ = _run(capsys, "remind", "install", "--at", "09:00,18:00")
    folder = private_locations["xdg_config"] / "systemd" / "user"
    timer = folder / "supple-remind.timer"
    assert code == 0 and timer.is_file() and (folder / "supple-remind.service").is_file()
    assert "OnCalendar=*-*-* 18:00:00" in timer.read_text()
    assert timer.stat().st_mode & 0o777 == 0o600
    code, out, _ = _run(capsys, "remind", "status")
    assert "daily at 09:00, 18:00" in out
    code, out, _ = _run(capsys, "remind", "remove")
    assert code == 0 and not timer.exists() and not (folder / "supple-remind.service").exists()


def test_notify_only_speaks_while_a_session_is_due(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "today", BUNDLED, "--start", "2026-12-01 10:00", "--now", "2026-12-01 10:00")
    code, out, _ = _run(capsys, "remind", "notify", "--now", "2026-12-01 12:00")
    assert code == 0 and out == ""  # before the gate: nothing is due
    code, out, _ = _run(capsys, "remind", "notify", "--now", "2026-12-03 12:00")
    assert "Time for your session: First week after your injection" in out


def test_a_programme_session_runs_the_walk_at_this_weeks_length(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import argparse

    from tui.commands.run_command import programme_routine

    _run(capsys, "today", BUNDLED, "--start", "2026-12-01 10:00", "--now", "2026-12-01 10:00")
    args = argparse.Namespace(
        programme=BUNDLED, routine="walking.toml", now="2026-12-24 12:00", db=None
    )
    routine = programme_routine(args)  # day 23: week 4
    assert routine.title == "Walking"
    assert routine.steps[0].blocks[0].seconds == 20 * 60
    assert routine.steps[0].blocks[1].seconds == 2 * 60


def test_without_systemd_install_writes_a_cron_line_to_a_file_and_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    code, out, _ = _run(capsys, "remind", "install", BUNDLED, "--at", "07:30")
    cron = locations.reminders_dir() / "crontab.txt"
    assert code == 0 and "crontab -e" in out and str(cron) in out
    assert cron.read_text().startswith("30 7 * * * ")
    assert cron.stat().st_mode & 0o777 == 0o600
    assert not (locations.systemd_user_dir() / "supple-remind.timer").exists()
    _, out, _ = _run(capsys, "remind", "status")
    assert "A cron line waits" in out
    _run(capsys, "remind", "remove")
    assert not cron.exists()


def test_show_takes_a_programme_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", BUNDLED)
    assert code == 0 and out.startswith("Six weeks after a lumbar epidural injection\n")


def test_today_by_week_and_programme_export_show_adherence_by_phase_and_week(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.support.history_factory import finished_session, open_store

    db = tmp_path / "history.db"
    first = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    with open_store(db) as store:
        for day, hour in ((0, 0), (0, 6), (1, 0)):
            when = first + timedelta(days=day, hours=hour)
            finished_session(store, title="First week after your injection", started_at=when)
    _run(capsys, "today", BUNDLED, "--start", "2026-12-01 10:00", "--now", "2026-12-01 10:00")
    code, out, _ = _run(capsys, "today", "--by-week", "--db", str(db), "--now", "2026-12-03 20:00")
    assert code == 0
    assert "adherence by phase and week (day 2)" in out
    assert "2. Gentle first week  1     1-2   3 of 4    75% so far  5            3" in out
    csv_file = tmp_path / "weeks.csv"
    code, _, err = _run(
        capsys,
        "programme",
        "export",
        "--db",
        str(db),
        "--out",
        str(csv_file),
        "--now",
        "2026-12-03 20:00",
    )
    assert code == 0 and "Wrote" in err and csv_file.stat().st_mode & 0o777 == 0o600
    lines = csv_file.read_text().splitlines()
    assert lines[0].startswith("programme,phase_number,phase,week,")
    assert lines[1].startswith(
        "Six weeks after a lumbar epidural injection,2,Gentle first week,1,1,2,"
    )


def test_remind_ics_keeps_daily_phases_daily_and_refuses_days_short_of_a_prescription(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(locations.bundled_programmes_dir() / BUNDLED, folder)
    path = folder / "programme.toml"
    # The therapist's variant: stretches on 5 days a week too, so phase 3 is never daily.
    text = path.read_text().replace("sessions_per_day = 1\ndays_per_week = 7", "days_per_week = 5")
    path.write_text(text)
    _run(capsys, "today", str(path), "--start", "2026-12-01 10:00", "--now", "2026-12-01 10:00")
    ics = tmp_path / "plan.ics"
    code, _, _ = _run(capsys, "remind", "--ics", str(ics))
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    rules = {str(e["summary"]): e["rrule"] for e in events}
    assert code == 0 and rules["supple: Gentle first week"]["FREQ"] == ["DAILY"]
    # Strengthening 3 days and walking and stretching 5 days a week: Monday to Friday.
    walk = rules["supple: Stretching, strengthening and walking"]
    assert walk["FREQ"] == ["WEEKLY"] and walk["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    code, _, _ = _run(capsys, "remind", "--ics", str(ics), "--days", "mon,tue,thu,fri,sat")
    walk = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[-1]["rrule"]
    assert code == 0 and walk["BYDAY"] == ["MO", "TU", "TH", "FR", "SA"]
    code, _, err = _run(capsys, "remind", "--ics", str(ics), "--days", "sat,sun")
    assert code == 1 and "give at least 5 days" in err


def test_a_plain_programme_session_first_shows_the_cards_to_read_before_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import plain

    started: list[str] = []

    def run_plain(routine: object, **_: object) -> int:
        started.append(capsys.readouterr().out)  # what was printed before the session
        return 0

    monkeypatch.setattr(plain, "run_plain", run_plain)
    _run(capsys, "today", BUNDLED, "--start", "2026-12-01 10:00", "--now", "2026-12-01 10:00")
    code, _, _ = _run(capsys, "run", "--programme", BUNDLED, "--plain", "--now", "2026-12-02 12:00")
    assert code == 0
    [before] = started
    assert "Warning signs: when to stop and call" in before
