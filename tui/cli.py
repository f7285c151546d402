"""The ``supple`` command line.

Each sub-command lives in a module of :mod:`tui.commands` that exposes
``register(subparsers)``; handlers import anything heavy (Textual, SQLite
exports, audio) only when they run, so ``supple check`` stays quick.
"""

from __future__ import annotations

import argparse
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
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = run_command.open_home  # a bare ``supple``: the home screen
    try:
        code = handler(args)
    except UserError as exc:
        print(f"supple: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # the last line of defence: never show a traceback
        log = _write_crash_log()
        print(
            "supple: something went wrong inside supple. Nothing you completed has been lost.\n"
            f"Details were written to {log}; please send that file to the developers.",
            file=sys.stderr,
        )
        return 70
    return int(code or 0)


def _write_crash_log() -> Path:
    from tui.core.locations import data_dir, ensure_private_dir

    try:
        folder = ensure_private_dir(data_dir() / "logs")
        path = folder / "crash.log"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
            fh.write("\n")
        return path
    except OSError:
        print(traceback.format_exc(), file=sys.stderr)
        return Path("(standard error)")


if __name__ == "__main__":
    raise SystemExit(main())
