"""The clinic report: content, escaping, no network references, the command, Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from tests.support.history_factory import begin, record
from tests.support.planned_history import (
    NOW,
    STRETCHES,
    Planned,
    build_history,
    planned_history,
)
from tui.cli import main
from tui.core.history import HistoryStore
from tui.core.report import gather_report, render_report
from tui.core.session.status import SessionStatus

UNTIL = NOW.date()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    odd = Planned('<script>alert("x")</script> & co', NOW - timedelta(days=2, hours=3), 4, 4)
    sessions = [*planned_history(), odd]
    return build_history(tmp_path_factory.mktemp("report") / "history.sqlite3", sessions)


def report_for(path: Path, since: date | None = None, until: date | None = UNTIL) -> str:
    with HistoryStore.open(path, read_only=True) as store:
        data = gather_report(store, since=since, until=until, now=NOW, tz=UTC, app_version="9.9")
        return render_report(data)  # the sessions' table is read from the open store


@pytest.fixture(scope="module")
def page(history: Path) -> str:
    return report_for(history)


def test_report_has_every_section(page: str) -> None:
    for section in ("summary", "prescription", "adherence", "pain", "exercises", "notes"):
        assert f'<section id="{section}"' in page
    assert '<section id="sessions"' in page
    assert "Period: <b>20 Feb 2025 to 12 Mar 2025</b>" in page
    assert "Generated 2025-03-12 18:00 (UTC+00:00) by supple 9.9" in page
    assert "does not assess you" in page


def test_prescription_comes_from_the_routine(page: str) -> None:
    assert "<h3>Lumbar stretches</h3>" in page
    assert "2 sessions a day, every day" in page
    assert "Lying hamstring stretch" in page  # a step of the bundled routine
    # A routine whose file is nowhere to be found says so instead of guessing steps.
    assert "was not available" in page


def test_adherence_by_week(page: str) -> None:
    # Lumbar stretches, week of 24 Feb: twice a day but once on 25 Feb and 28 Feb... 11 of 14
    # (78.6 %, rounded half up).
    row = re.search(r"<tr><td>24 Feb 2025</td>(.*?)</tr>", page, re.S)
    assert row is not None
    assert '<td class="num">11</td><td class="num">14</td><td class="num">79%</td>' in row.group(1)
    assert "so far" in page


def test_user_text_is_escaped(page: str) -> None:
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "Left leg &lt;b&gt;tingled&lt;/b&gt; &amp; &quot;burned&quot;" in page
    assert "<b>tingled" not in page


def test_no_network_resources(page: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert "<link" not in page.lower()
    assert "<script" not in page.lower()
    assert "<!DOCTYPE svg" not in page  # no DTD named on the web


def test_chart_is_inline_svg_from_pygal(page: str) -> None:
    svg = re.search(r"<figure><svg.*?</svg>", page, re.S)
    assert svg is not None
    assert "<path" in svg.group(0)
    assert "7-day average" in svg.group(0)


def test_print_rules(page: str) -> None:
    assert "@page" in page and "@media print" in page
    assert "break-inside: avoid" in page
    assert "display: table-header-group" in page


def test_sessions_and_exercises(page: str) -> None:
    sessions = re.search(r'<section id="sessions">.*?</section>', page, re.S)
    assert sessions is not None
    # 52 sessions of the fixed history plus the odd one; previews left out.
    assert sessions.group(0).count('<td class="when">') == 53
    assert "[preview]" not in page
    exercises = re.search(r'<section id="exercises".*?</section>', page, re.S)
    assert exercises is not None
    assert '<td>Piriformis stretch</td><td class="num">' in exercises.group(0)
    assert '<span class="hurt">2</span>' in exercises.group(0)


def test_date_range(history: Path) -> None:
    page = report_for(history, since=date(2025, 3, 10), until=date(2025, 3, 11))
    sessions = re.search(r'<section id="sessions">.*?</section>', page, re.S)
    assert sessions is not None
    days = set(re.findall(r'<td class="when">(\d{4}-\d\d-\d\d)', sessions.group(0)))
    assert days == {"2025-03-10", "2025-03-11"}


def test_empty_history(tmp_path: Path) -> None:
    page = report_for(build_history(tmp_path / "empty.sqlite3", []))
    assert "No sessions in this period." in page
    assert "No pain ratings in this period." in page
    assert "<svg" not in page


# --------------------------------------------------------------------------- the command


def _fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), os.stat(path).st_mtime_ns, sorted(os.listdir(path.parent))


def test_command_writes_a_private_file_and_leaves_the_history_alone(
    history: Path, tmp_path: Path
) -> None:
    before = _fingerprint(history)
    out = tmp_path / "report.html"
    code = main(
        ["report", "--db", str(history), "--since", "2025-03-01", "--until", "2025-03-12",
         "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert "<h1>Home exercise report</h1>" in out.read_text(encoding="utf-8")
    assert _fingerprint(history) == before


def test_command_reports_problems_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    assert main(["report", "--db", str(tmp_path / "none.sqlite3"), "--out", str(out)]) == 1
    assert "no history file" in capsys.readouterr().err
    db = build_history(tmp_path / "h.sqlite3", [Planned(STRETCHES, NOW, 3, 2)])
    args = ["report", "--db", str(db), "--since", "2025-03-05", "--until", "2025-03-01"]
    assert main([*args, "--out", str(out)]) == 1
    assert "before --since" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------- Chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_chromium_renders_the_chart_and_the_table(page: str, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    url = report.as_uri()
    dom = chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr
    assert "<svg" in dom.stdout and "</svg>" in dom.stdout
    assert dom.stdout.count('<td class="when">') == 53
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, "--hide-scrollbars", "--window-size=900,2400",
                      f"--screenshot={shot}", url)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
    pdf = tmp_path / "report.pdf"
    result = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    assert result.returncode == 0, result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 2


def test_a_mostly_skipped_session_is_listed_but_not_counted(tmp_path: Path) -> None:
    day = NOW.replace(hour=8) - timedelta(days=1)
    sessions = [
        Planned(STRETCHES, day, 5, 4),
        Planned(STRETCHES, day + timedelta(hours=9), 5, 5, skipped=6),  # every part skipped
    ]
    page = report_for(build_history(tmp_path / "h.sqlite3", sessions))
    # One of the two prescribed sessions that day counted: 1/2, not 2/2.
    assert '<td class="day part"><span>1/2</span></td>' in page
    assert "1 of 2 sessions counted (1 with too little done)." in page
    assert "Sessions that count<b>1</b>" in page
    rows = re.findall(r'<tr><td class="when">.*?</tr>', page, re.S)
    assert [
        re.findall(r'<td class="num">(\d+%)</td><td class="counts-(\w+)">', r) for r in rows
    ] == [
        [("100%", "yes")],
        [("0%", "no")],
    ]


def test_hurt_ratings_and_not_today_in_the_sessions_table(tmp_path: Path) -> None:
    path = build_history(tmp_path / "h.sqlite3", [])
    day = NOW - timedelta(days=1)
    with HistoryStore.open(path) as store:
        hurt = begin(store, started_at=day, pain_before=3)
        store.add_segment(hurt, record(0, name="Bird-dog", hurt=True, pain_now=7), ended_at=day)
        store.add_segment(hurt, record(1, name="Bridge", hurt=True, pain_now=5), ended_at=day)
        store.finish_session(hurt, SessionStatus.PARTIAL, ended_at=day + timedelta(minutes=5))
        skipped = begin(store, started_at=day + timedelta(hours=2), pain_before=8)
        store.finish_session(skipped, SessionStatus.NOT_TODAY, ended_at=day + timedelta(hours=2))
    page = report_for(path)
    sessions = re.search(r'<section id="sessions">.*?</section>', page, re.S)
    assert sessions is not None
    assert '<span class="hurt">2 (pain 7, 5)</span>' in sessions.group(0)
    assert '<td class="status-not_today">Not today</td>' in sessions.group(0)
    assert "1 partial, 0 abandoned, 1 not today" in page
