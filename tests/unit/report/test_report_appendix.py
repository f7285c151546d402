"""The clinic report's appendix: each routine's pictures inline, the programme's cards."""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.planned_history import NOW, build_history
from tui.cli import main
from tui.core.history import HistoryStore
from tui.core.programme.plan import Card
from tui.core.report import ReportData, gather_report, render_report
from tui.core.report.appendix import ReportAppendix, gather_appendix
from tui.core.routine.loader import load_routine

PICTURED = paths.FIXTURES / "pictured"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportData]:
    path = build_history(tmp_path_factory.mktemp("appendix") / "history.sqlite3")
    # Open while the page is written: the report reads its sessions' table as it writes it.
    with HistoryStore.open(path, read_only=True) as store:
        yield gather_report(store, since=None, until=NOW.date(), now=NOW, tz=UTC)


def with_routine(data: ReportData, routine_file: Path) -> ReportData:
    """``data`` whose first routine is the one in ``routine_file``."""
    first = data.routines[0]
    info = replace(first.info, routine=load_routine(routine_file))
    return replace(data, routines=(replace(first, info=info), *data.routines[1:]))


def appendix_of(page: str) -> str:
    found = re.search(r'<section id="appendix">.*?</section>', page, re.S)
    assert found is not None, "no appendix"
    return found.group(0)


def test_each_picture_is_inline_with_its_words(data: ReportData) -> None:
    pictured = with_routine(data, PICTURED / "pictured-routine.toml")
    section = appendix_of(render_report(pictured, gather_appendix(pictured, with_programme=False)))
    encoded = base64.b64encode((PICTURED / "pictures" / "bird-dog.png").read_bytes()).decode()
    assert f'src="data:image/png;base64,{encoded}"' in section
    assert 'alt="On hands and knees, one arm reaching forward and the opposite leg back"' in section
    assert "<b>Bird-dog</b>" in section
    assert "Knee to chest" not in section  # no picture, nothing to show


def test_a_picture_that_cannot_be_shown_is_named_with_why(data: ReportData, tmp_path: Path) -> None:
    text = (PICTURED / "pictured-routine.toml").read_text(encoding="utf-8")
    text = text.replace('name = "Bird-dog"', 'name = "Bird-dog <b>"')
    (tmp_path / "r.toml").write_text(text, encoding="utf-8")
    pictured = with_routine(data, tmp_path / "r.toml")
    section = appendix_of(render_report(pictured, gather_appendix(pictured, with_programme=False)))
    assert "<img" not in section
    assert "Bird-dog &lt;b&gt;: no picture shown (the picture" in section
    assert "is not there" in section


def test_the_words_and_the_cards_are_escaped(data: ReportData) -> None:
    appendix = ReportAppendix(
        programme_title='Weeks & "phases"',
        cards=(
            Card(
                "Warning <signs>",
                "Call <b>now</b>.\n\nSecond part.",
                phase="Rest",
                before_first_session=True,
            ),
        ),
    )
    section = appendix_of(render_report(data, appendix))
    assert "<h3>Education cards: Weeks &amp; &quot;phases&quot;</h3>" in section
    assert "<h4>Warning &lt;signs&gt;</h4>" in section
    assert "<p>Call &lt;b&gt;now&lt;/b&gt;.</p>" in section and "<p>Second part.</p>" in section
    assert "Phase: Rest; read before your first session." in section


def test_without_pictures_or_cards_there_is_no_appendix(data: ReportData) -> None:
    assert '<section id="appendix"' not in render_report(data, ReportAppendix())
    assert '<section id="appendix"' not in render_report(data)


def test_supple_report_shows_the_bundled_programmes_cards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.core import locations

    build_history(locations.history_db())
    assert main(["today", "six-weeks-after-injection", "--start", "2025-03-01 10:00"]) == 0
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out)]) == 0
    section = appendix_of(out.read_text(encoding="utf-8"))
    assert "Education cards: Six weeks after a lumbar epidural injection" in section
    assert "Warning signs: when to stop and call" in section
    capsys.readouterr()


def test_the_bundled_routine_pictures_appear_in_the_report(
    data: ReportData, tmp_path: Path
) -> None:
    shutil.copytree(paths.TESTS.parent / "routines", tmp_path / "routines")
    pictured = with_routine(data, tmp_path / "routines" / "core-strength.toml")
    section = appendix_of(render_report(pictured, gather_appendix(pictured, with_programme=False)))
    assert section.count("<img ") == 2
