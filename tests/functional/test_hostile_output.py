"""Hostile text from history files, backups and file names never reaches a terminal raw.

Each command runs as a real process and its output is checked as bytes: no ESC,
BEL or other C0 control but line breaks and tabs, no C1 control, no bidi
override or zero-width character.  Refusals exit 1, never 70.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import paths
from tests.support.history_factory import finished_session
from tests.support.routine_texts import HEADER, HOLD
from tui.core.history import HistoryStore
from tui.core.history.backup import write_store_json
from tui.core.locations import user_routines_dir

#: A title that retitles the window, clears the screen, writes the clipboard (OSC 52),
#: starts a C1 sequence and reverses the text after it.
HOSTILE = "Back\x1b]0;owned\x07\x1b[2J\x1b]52;c;cGF3bmVk\x07\x9b31m\u202eenil\u200b"
#: A file name with the same sort of thing (a file name cannot hold "/" or NUL).
HOSTILE_NAME = "evil\x1b]0;owned\x07\x9b2J\u202e"

#: C0 but tab and line breaks (CSV ends lines with CR LF), DEL, C1 (in UTF-8), bidi and
#: zero-width characters, the byte-order mark.
_RAW = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xa9]|\xef\xbb\xbf"
)


def raw_controls(data: bytes) -> list[bytes]:
    """Every byte sequence in ``data`` a terminal would act on rather than show."""
    return _RAW.findall(data)


def supple(*args: str) -> subprocess.CompletedProcess[bytes]:
    """``supple ARGS`` as a real process, its output as bytes (never a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        cwd=paths.REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A history file (a patient's, opened with --db) whose every text is hostile."""
    db = tmp_path / "patient.sqlite3"
    with HistoryStore.open(db) as store:
        finished_session(store, title=HOSTILE, notes=HOSTILE + "\n" + HOSTILE, name=HOSTILE)
    return db


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "fhir"])
def test_history_output_holds_no_raw_control(hostile_db: Path, fmt: str) -> None:
    # A FHIR transaction needs the clinic's patient id; the collection needs none.
    extra = ["--bundle", "collection"] if fmt == "fhir" else []
    done = supple("history", "--db", str(hostile_db), "--format", fmt, *extra)
    assert done.returncode == 0, done.stderr
    assert (raw_controls(done.stdout), raw_controls(done.stderr)) == ([], [])
    if fmt == "json":  # escaped, not changed: the backup still holds the text exactly
        [session] = json.loads(done.stdout)["sessions"]
        assert (session["routine"]["title"], session["segments"][0]["name"]) == (HOSTILE, HOSTILE)


def test_a_hostile_backup_is_refused_naming_the_place_and_printing_nothing_raw(
    hostile_db: Path, tmp_path: Path
) -> None:
    exported = supple("history", "--db", str(hostile_db), "--format", "json")
    backup = tmp_path / "backup.json"
    backup.write_bytes(exported.stdout)
    done = supple("history", "import", str(backup), "--db", str(tmp_path / "new.sqlite3"))
    assert done.returncode == 1
    assert b"sessions[0].routine.title: holds \\x1b" in done.stderr
    assert b"sessions[0].segments[0].name: holds \\x1b" in done.stderr
    assert (raw_controls(done.stdout), raw_controls(done.stderr)) == ([], [])


def _good_backup(tmp_path: Path) -> str:
    with HistoryStore.open(tmp_path / "good.sqlite3") as store:
        finished_session(store)
        out = io.StringIO()
        write_store_json(store, out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('"pain_before":5', '"pain_before":' + "9" * 5000, b"a number 5000 digits long"),
        ('"started_at":"2024', '"started_at":"9999', b"in the years 2000 to 2100"),
        (
            '"segments":[',
            '"segments":[' + "[" * 100_000 + "]" * 100_000 + ",",
            b"hundreds deep",
        ),
    ],
    ids=["5000 digits", "year 9999", "100k deep"],
)
def test_imports_that_crashed_are_refused_with_status_1(
    tmp_path: Path, old: str, new: str, words: bytes
) -> None:
    text = _good_backup(tmp_path)
    assert old in text
    backup = tmp_path / "backup.json"
    backup.write_text(text.replace(old, new, 1))
    done = supple("history", "import", str(backup), "--db", str(tmp_path / "new.sqlite3"))
    assert (done.returncode, words in done.stderr) == (1, True), done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_importing_a_device_is_refused_at_once(tmp_path: Path, device: str) -> None:
    done = supple("history", "import", device, "--db", str(tmp_path / "new.sqlite3"))
    assert (done.returncode, b"a device or a pipe, not a file" in done.stderr) == (1, True)


def test_check_show_and_run_show_a_hostile_file_name_visibly(tmp_path: Path) -> None:
    good = tmp_path / f"{HOSTILE_NAME}.toml"
    good.write_text(HEADER + HOLD, encoding="utf-8")
    broken = tmp_path / f"{HOSTILE_NAME}-broken.toml"
    broken.write_text(HEADER + "[[step]]\nkind = 3\n", encoding="utf-8")
    for args in (
        ("check", str(good), str(broken)),
        ("show", str(good)),
        ("show", str(broken)),
        ("run", str(broken)),
        ("show", str(tmp_path / f"{HOSTILE_NAME}-missing")),
    ):
        done = supple(*args)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert (raw_controls(done.stdout), raw_controls(done.stderr)) == ([], []), args
    checked = supple("check", str(good))
    assert checked.stdout.endswith(b"evil\\x1b]0;owned\\x07\\x9b2J<U+202E>.toml: ok\n")


def test_list_shows_hostile_names_and_never_blocks_on_a_fifo_or_device() -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / f"{HOSTILE_NAME}.toml").write_text(HEADER + HOLD, encoding="utf-8")
    (folder / f"{HOSTILE_NAME}-broken.toml").write_text("[routine", encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    done = supple("list")  # the timeout fails the test if it blocks
    assert done.returncode == 0, done.stderr
    assert (raw_controls(done.stdout), raw_controls(done.stderr)) == ([], [])
    assert b"pipe" not in done.stdout and b"zero" not in done.stdout  # not files: not listed
    fifo = supple("check", str(folder / "pipe.toml"))
    assert (fifo.returncode, b"not a routine file" in fifo.stdout) == (1, True)


def test_history_messages_show_a_hostile_file_name_visibly(tmp_path: Path) -> None:
    missing = supple("history", "--db", str(tmp_path / f"{HOSTILE_NAME}.sqlite3"))
    assert missing.returncode == 1
    assert b"evil\\x1b]0;owned" in missing.stderr
    backup = tmp_path / f"{HOSTILE_NAME}.json"
    backup.write_text(_good_backup(tmp_path))
    imported = supple("history", "import", str(backup), "--db", str(tmp_path / "new.sqlite3"))
    assert imported.returncode == 0, imported.stderr
    assert b"1 session added" in imported.stdout
    for done in (missing, imported):
        assert (raw_controls(done.stdout), raw_controls(done.stderr)) == ([], [])
