"""Every file supple writes is 0600 and every folder it makes 0700, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.core.locations import (
    append_privately,
    ensure_private_dir,
    make_private_dirs,
    replaced_privately,
)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The worst umask: everything a process makes would be readable by everyone."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_private(tmp_path: Path) -> None:
    with replaced_privately(tmp_path / "out.csv") as out:
        out.write("x")
    assert mode(tmp_path / "out.csv") == 0o600


def test_an_existing_open_file_is_replaced_by_a_private_one(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old text, longer than the new")
    target.chmod(0o666)
    with replaced_privately(target) as out:
        out.write("new")
    assert (mode(target), target.read_text()) == (0o600, "new")


def test_a_file_written_whole_is_0600_under_a_umask_that_takes_write_away(
    tmp_path: Path,
) -> None:
    os.umask(0o277)
    with replaced_privately(tmp_path / "out.json") as out:
        out.write("{}")
    assert mode(tmp_path / "out.json") == 0o600


def test_appending_keeps_what_is_there_and_makes_it_private(tmp_path: Path) -> None:
    target = tmp_path / "crash.log"
    target.write_text("first\n")
    target.chmod(0o644)
    with append_privately(target) as out:
        out.write("second\n")
    assert (mode(target), target.read_text()) == (0o600, "first\nsecond\n")


def test_every_folder_made_is_private_and_existing_ones_are_left(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    deep = tmp_path / "a" / "b" / "c"
    make_private_dirs(deep)
    assert [mode(p) for p in (tmp_path, tmp_path / "a", tmp_path / "a" / "b", deep)] == [
        0o755,
        0o700,
        0o700,
        0o700,
    ]


def test_supples_own_folder_is_made_private_even_if_it_existed(tmp_path: Path) -> None:
    own = tmp_path / "supple"
    own.mkdir(mode=0o755)
    ensure_private_dir(own / "logs")
    assert (mode(own), mode(own / "logs")) == (0o755, 0o700)
    ensure_private_dir(own)
    assert mode(own) == 0o700
