"""The ``supple`` command line.

Each sub-command lives in a module of :mod:`tui.commands` that exposes
``register(subparsers)``; handlers import anything heavy (Textual, SQLite
exports, audio) only when they run, so ``supple check`` stays quick.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.commands import (
    clinic_command,
    doctor_command,
    history_command,
    programme_command,
    remind_command,
    report_command,
    routines_command,
    run_command,
    send_command,
)
from tui.errors import UserError

#: The command modules, in the order their commands appear in --help.  Each
#: imports only argparse at module level: what a command needs, it imports when run.
COMMAND_MODULES = (
    run_command,
    programme_command,
    routines_command,
    history_command,
    report_command,
    send_command,
    clinic_command,
    remind_command,
    doctor_command,
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="supple",
        description="Guided physical-therapy home routines in your terminal.",
    )
    parser.add_argument("--version", action="version", version=f"supple {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``supple`` console script."""
    fit_standard_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = run_command.open_home  # a bare ``supple``: the home screen
    try:
        code = handler(args)
        sys.stdout.flush()  # a full disk behind stdout is told here, not at exit
    except UserError as exc:
        from tui.core.safe_text import LINE_BREAKS, shown

        # Messages quote file names and file contents: never let them reach the terminal raw.
        print(f"supple: {shown(str(exc), LINE_BREAKS)}", file=sys.stderr)
        _quiet_if_output_failed()
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_if_output_failed()
        return 0
    except OSError as exc:
        told = _tell_output_failure(exc)
        return _crashed() if told is None else told
    except Exception:  # the last line of defence: never show a traceback
        return _crashed()
    return int(code or 0)


def fit_standard_streams() -> None:
    """Make output survive any encoding, and keep file descriptor 0 taken.

    Text that the output's encoding cannot show (an ASCII locale,
    ``PYTHONIOENCODING``) is written as backslash escapes instead of ending
    supple.  With standard input closed (``<&-``) descriptor 0 is given
    ``/dev/null``, so no file supple opens later lands there; ``sys.stdin``
    stays ``None`` to say so (:func:`tui.commands.terminal_env.input_closed`).
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    if sys.stdin is None:
        with contextlib.suppress(OSError):
            fd = os.open(os.devnull, os.O_RDONLY)
            if fd != 0:
                os.close(fd)  # descriptor 0 was open after all


def _tell_output_failure(exc: OSError) -> int | None:
    """Exit code 1 and a message for output (or a disk) that fails; ``None`` for a bug."""
    from tui.core.history.storage_words import StorageTrouble, storage_trouble, storage_words

    failed_output = _quiet_if_output_failed()
    if storage_trouble(exc) not in (
        StorageTrouble.FULL,
        StorageTrouble.READ_ONLY,
        StorageTrouble.IO,
    ):
        return None if not failed_output else 1
    if exc.filename is None:  # a write to a file already open: standard output
        print(f"supple: could not write the output: {storage_words(exc)}.", file=sys.stderr)
    else:
        print(f"supple: can't write {exc.filename}: {storage_words(exc)}.", file=sys.stderr)
    return 1


def _quiet_if_output_failed() -> bool:
    """When standard output can't be written, send the rest to /dev/null; True if so.

    Otherwise Python would fail again flushing it at exit (status 120, a message).
    """
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        return True
    return False


def _crashed() -> int:
    log = _write_crash_log()
    print(
        "supple: something went wrong inside supple. Nothing you completed has been lost.\n"
        f"Details were written to {log}; please send that file to the developers.",
        file=sys.stderr,
    )
    return 70


def _write_crash_log() -> Path:
    from tui.core.locations import append_privately, data_dir, ensure_private_dir

    try:
        folder = ensure_private_dir(ensure_private_dir(data_dir()) / "logs")
        path = folder / "crash.log"
        with append_privately(path) as fh:
            fh.write(traceback.format_exc())
            fh.write("\n")
        return path
    except OSError:
        print(traceback.format_exc(), file=sys.stderr)
        return Path("(standard error)")


if __name__ == "__main__":
    raise SystemExit(main())
