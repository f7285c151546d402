"""Odd environments: an ASCII output, closed or redirected input, TERM=dumb or unset, an
output that fills, a failing --out.  Each as a real process: a message, status 1 or 2."""

from __future__ import annotations

import errno
import os
import pty
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from tests.support.history_factory import finished_session
from tui.cli import main
from tui.core.exports import FORMATS, ExportFormat
from tui.core.history import HistoryStore, SessionFilter
from tui.core.locations import history_db

TINY = (
    '[routine]\nversion = 1\ntitle = "Étirements doux – matin"\nget_ready = 0\n'
    'ask_pain_before = false\n\n[[step]]\nkind = "hold"\nname = "Tenir"\nhold = "2s"\n'
)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture
def noted_history() -> Path:
    with HistoryStore.open() as store:
        finished_session(store, title="Étirements – matin", notes="Genou gêné, ça va")
    return history_db()


def supple(
    *args: str, env: dict[str, str] | None = None, shell_input: str = ""
) -> subprocess.CompletedProcess[str]:
    """``supple ARGS`` run by a shell, ``shell_input`` being its redirections (``<&-``)."""
    command = " ".join([f"'{sys.executable}' -m tui", *(f"'{a}'" for a in args), shell_input])
    return subprocess.run(
        ["bash", "-c", command],
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=120,
        check=False,
    )


def on_a_terminal(*args: str, env: dict[str, str | None]) -> tuple[int, str]:
    """``supple ARGS`` with its output on a terminal of its own, input /dev/null, no
    controlling terminal (so /dev/tty can't be opened); returns the status and output."""
    main_fd, side = pty.openpty()
    full = {**os.environ}
    for key, value in env.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    with open(os.devnull, "rb") as nothing:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", *args],
            stdin=nothing,
            stdout=side,
            stderr=side,
            env=full,
            start_new_session=True,
        )
    os.close(side)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([main_fd], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


# ----------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}],
    ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"],
)
def test_an_ascii_output_shows_escapes_instead_of_failing(
    tiny: Path, noted_history: Path, env: dict[str, str]
) -> None:
    shown = supple("show", str(tiny), env=env)
    assert (shown.returncode, shown.stderr) == (0, b"")
    assert b"\\xc9tirements doux \\u2013 matin" in shown.stdout
    table = supple("history", "--format", "table", env=env)
    assert table.returncode == 0, table.stderr
    assert b"\\xc9tirements \\u2013 matin" in table.stdout


# ----------------------------------------------------------------- input


def test_plain_mode_with_input_closed_says_so(tiny: Path) -> None:
    done = supple("run", str(tiny), "--plain", shell_input="<&-")
    assert done.returncode == 1
    assert b"standard input is closed" in done.stderr and b"Traceback" not in done.stderr


def test_the_app_without_a_terminal_to_read_keys_from_says_so(tiny: Path) -> None:
    code, out = on_a_terminal("run", str(tiny), env={"TERM": "xterm-256color"})
    assert code == 1, out
    assert "reads keys from a terminal" in out and "--plain" in out
    assert "Traceback" not in out


# ----------------------------------------------------------------- TERM


@pytest.mark.parametrize("term", ["dumb", None], ids=["TERM=dumb", "no TERM"])
def test_a_terminal_that_cannot_draw_gets_plain_mode_with_a_note(
    tiny: Path, tmp_path: Path, term: str | None
) -> None:
    db = tmp_path / "h.sqlite3"
    code, out = on_a_terminal(
        "run", str(tiny), "--speed", "1000", "--db", str(db), "--no-sound", env={"TERM": term}
    )
    why = "TERM is dumb" if term else "TERM is not set"
    assert (code, out.splitlines()[0].strip()) == (0, f"({why}: using plain-text mode.)"), out
    assert "Session complete" in out


def test_the_home_screen_on_a_dumb_terminal_says_why_not(tmp_path: Path) -> None:
    code, out = on_a_terminal(env={"TERM": "dumb"})
    assert code == 1
    assert "the home screen needs a terminal that can draw it (TERM is dumb)" in out


# ----------------------------------------------------------------- output that fails


@pytest.mark.parametrize(
    "args", [("list",), ("history", "--format", "json")], ids=["list", "history"]
)
def test_output_to_a_full_device_is_a_message_and_status_1(
    noted_history: Path, args: tuple[str, ...]
) -> None:
    done = supple(*args, shell_input="> /dev/full")
    assert done.returncode == 1, done.stderr
    assert done.stderr.decode().startswith("supple: could not write the output: the disk is full")
    assert b"Traceback" not in done.stderr


def test_a_failing_out_file_leaves_the_old_file_and_no_other(
    tmp_path: Path,
    noted_history: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def half_then_full(store: HistoryStore, filters: SessionFilter, out: IO[str]) -> None:
        out.write("half of it")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(FORMATS, "json", ExportFormat("fills the disk", half_then_full))
    target = tmp_path / "export.json"
    target.write_text("the export of last week", encoding="utf-8")
    assert main(["history", "--format", "json", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"can't write {target}: the disk is full. Nothing was written" in err
    assert target.read_text(encoding="utf-8") == "the export of last week"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]  # no temporary file left


def test_an_out_file_is_private_and_whole(tmp_path: Path, noted_history: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o666)
    assert main(["history", "--format", "csv", "--out", str(target)]) == 0
    assert target.stat().st_mode & 0o777 == 0o600
    assert "tirements" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_history_on_a_dumb_terminal_is_the_table_with_a_note(noted_history: Path) -> None:
    code, out = on_a_terminal("history", env={"TERM": "dumb"})
    assert code == 0
    assert out.splitlines()[0].strip() == "(TERM is dumb: showing the history as a table.)"
    assert "tirements" in out


# ----------------------------------------------------------------- a disk that is full for real


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs holding a history with one session and an old export, then filled."""
    from tests.support.fault_trials import fill, small_disk

    folder = tmp_path / "disk"
    with small_disk(folder, "512k") as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here (the fault suite injects the faults instead)")
        with HistoryStore.open(folder / "h.sqlite3") as store:
            finished_session(store, title="Étirements – matin")
        (folder / "export.json").write_text("the export of last week", encoding="utf-8")
        fill(folder)
        yield folder


def test_an_export_onto_a_full_disk_keeps_the_old_file(full_disk: Path) -> None:
    db, out = full_disk / "h.sqlite3", full_disk / "export.json"
    done = supple("history", "--db", str(db), "--format", "json", "--out", str(out))
    assert done.returncode == 1
    assert f"can't write {out}: the disk is full. Nothing was written".encode() in done.stderr
    assert out.read_text(encoding="utf-8") == "the export of last week"
    assert sorted(p.name for p in full_disk.iterdir()) == ["export.json", "filler", "h.sqlite3"]


def test_an_import_onto_a_full_disk_says_so_in_words(full_disk: Path, tmp_path: Path) -> None:
    source = tmp_path / "other.sqlite3"
    with HistoryStore.open(source) as store:
        for _ in range(20):
            finished_session(store, notes="x" * 500)
    backup = tmp_path / "backup.json"
    assert main(["history", "--db", str(source), "--format", "json", "--out", str(backup)]) == 0
    done = supple("history", "import", str(backup), "--db", str(full_disk / "h.sqlite3"))
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "the disk is full" in err and "Nothing was imported" in err
    for jargon in ("disk I/O error", "cannot rollback", "no transaction", "Traceback"):
        assert jargon not in err
