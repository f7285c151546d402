"""The clinic report's programme section: the patient's own history only."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from tests.support.planned_history import Planned, build_history
from tui.core import locations
from tui.core.programme.state import StateBook, with_current, with_start, write_state
from tui.core.report.report_file import write_report_file

TITLE = "Six weeks after a lumbar epidural injection"


def test_the_patients_report_shows_the_programme_by_phase_and_week(tmp_path: Path) -> None:
    start = datetime.now().astimezone().replace(hour=0, minute=5) - timedelta(days=3)
    sessions = [
        Planned("First week after your injection", start + timedelta(days=day, hours=10), 5, 3)
        for day in (1, 2)
    ]
    own = locations.history_db()
    own.parent.mkdir(parents=True, exist_ok=True)
    build_history(own, sessions)
    write_state(with_current(with_start(StateBook(), TITLE, start), "six-weeks-after-injection"))

    out = tmp_path / "report.html"
    write_report_file(out)
    page = out.read_text(encoding="utf-8")
    section = re.search(r'<section id="programme">(.*?)</section>', page, re.S)
    assert section is not None
    assert f"{TITLE}: day 3, counted from" in section.group(1)
    assert "<th>Adherence</th>" in section.group(1)
    row = "<td>2. Gentle first week</td><td>1</td><td>1-3</td><td>2 of 6</td><td>33% so far</td>"
    assert row + "<td>5</td><td>3</td></tr>" in section.group(1)

    # Another history (a patient's file in the clinic) is not this programme's.
    write_report_file(out, db=own)
    assert '<section id="programme">' not in out.read_text(encoding="utf-8")
