"""Every path supple uses, in one place.

User data (history) lives in the platform's user data folder, settings in its
config folder, and the user's own routines in ``<data>/routines``; on Linux
that is ``$XDG_DATA_HOME/supple`` and ``$XDG_CONFIG_HOME/supple``.
``SUPPLE_DATA_DIR`` and ``SUPPLE_CONFIG_DIR`` override them (tests use these).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from importlib.resources import files
from io import TextIOWrapper
from pathlib import Path
from typing import IO

import platformdirs

APP_NAME = "supple"


def data_dir() -> Path:
    """Folder for the history database and the user's own routines."""
    override = os.environ.get("SUPPLE_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Folder for ``config.toml``."""
    override = os.environ.get("SUPPLE_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The settings file."""
    return config_dir() / "config.toml"


def history_db() -> Path:
    """The default history database."""
    return data_dir() / "history.sqlite3"


def caseload_db() -> Path:
    """A therapist's caseload: many patients' sessions (``supple clinic``)."""
    return data_dir() / "caseload.sqlite3"


def fhir_server_file() -> Path:
    """The clinic's FHIR server address and token (``supple send --setup``; 0600)."""
    return config_dir() / "fhir-server.toml"


def fhir_sent_file() -> Path:
    """What ``supple send`` has sent, session by session (0600)."""
    return data_dir() / "fhir-sent.json"


def user_routines_dir() -> Path:
    """Where a user keeps their own routine files."""
    return data_dir() / "routines"


def reports_dir() -> Path:
    """Where the app writes the clinic reports it is asked for (``supple report --out`` chooses)."""
    return data_dir() / "reports"


def bundled_routines_dir() -> Path:
    """The routine library shipped with supple."""
    return Path(str(files("tui.routines")))


def user_programmes_dir() -> Path:
    """Where a user keeps programme files (and supple the programme state)."""
    return data_dir() / "programmes"


def bundled_programmes_dir() -> Path:
    """The programmes shipped with supple."""
    return Path(str(files("tui.programmes")))


def systemd_user_dir() -> Path:
    """Where systemd looks for the user's own units ($XDG_CONFIG_HOME/systemd/user)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def reminders_dir() -> Path:
    """Where supple keeps what it wrote for reminders (a cron line where there is no systemd)."""
    return data_dir() / "reminders"


def bundled_sounds_dir() -> Path:
    """The cue sounds shipped with supple."""
    return Path(str(files("tui.sounds")))


def make_private_dirs(path: Path) -> Path:
    """Create ``path`` and its missing parents, each folder made here readable by the user alone.

    Every folder this creates is 0700 whatever the umask (``mkdir -p`` would
    make the parents by the umask); folders that already exist, such as the
    one a ``--db`` file is put in, are left as they are.
    """
    missing: list[Path] = []
    folder = path
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made by someone else meanwhile: theirs, left alone
        folder.chmod(0o700)  # mkdir's mode is masked by the umask
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create one of supple's own folders (and parents) readable by the user alone (0700).

    Unlike :func:`make_private_dirs`, the folder itself is made 0700 even if it existed.
    """
    make_private_dirs(path)
    path.chmod(0o700)
    return path


@contextlib.contextmanager
def replaced_privately(path: Path) -> Iterator[IO[str]]:
    """Write the text file ``path`` whole or not at all, readable by the user alone (0600).

    The text goes to a new file beside ``path`` that replaces it only once
    everything is written and synced, so a full disk or a killed process
    leaves ``path`` as it was (never empty, never half written), and the new
    file is 0600 whatever mode an existing ``path`` had.  A symbolic link is
    kept: its target is replaced.  ``path`` that exists but is no regular
    file (``/dev/stdout``, a pipe) is written directly.
    """
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        with open(target, "w", encoding="utf-8", newline="") as direct:
            yield direct
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            os.fchmod(out.fileno(), 0o600)  # exactly 0600: the umask may have taken bits off
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def append_privately(path: Path) -> TextIOWrapper:
    """Open the log ``path`` to add text to it, readable and writable by the user alone.

    For logs (``crash.log``, ``audio.log``), which grow a line at a time;
    a file written whole goes through :func:`replaced_privately`.  The file is
    0600 whatever the umask, and an existing one is made 0600 before a line is
    added (a log made by an older supple under umask 000 stops being 0666).
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        return open(fd, "a", encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        raise


def write_private_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` whole or not at all, readable by the user alone (0600).

    The folder is made private first; :func:`replaced_privately` does the writing.
    """
    ensure_private_dir(path.parent)
    with replaced_privately(path) as out:
        out.write(text)
    return path
