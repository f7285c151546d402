"""``supple remind``: reminders of a programme's sessions, only when the patient asks.

``--ics FILE`` writes an iCalendar file for any calendar app (events on the
prescribed days only: ``--days`` names the patient's weekdays);
``install`` writes a systemd user timer and service (a cron line to a file,
never into the crontab, where there is no systemd) that runs ``remind notify``,
which shows a desktop notification only while a session is still due;
``remove`` undoes it and ``status`` says what is installed.  Files are 0600,
folders 0700.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from tui.errors import UserError

#: Set (tests set it) to never call systemctl or notify-send.
NO_DESKTOP_ENV = "SUPPLE_NO_DESKTOP"
DEFAULT_TIMES = "09:00"


def register(subparsers: Any) -> None:
    """Add ``remind`` to the command line."""
    from tui.commands.programme_command import add_programme_argument

    remind = subparsers.add_parser(
        "remind",
        help="reminders of your programme: a calendar file, or a desktop notification",
        description="Reminders of your programme's sessions, only when you ask: --ics FILE "
        "writes a calendar file; 'install' sets up a daily desktop notification (a systemd "
        "user timer), shown only while a session is still due; 'remove' undoes it; "
        "'status' says what is installed.",
    )
    remind.add_argument("--ics", type=Path, metavar="FILE", help="write an iCalendar file")
    remind.add_argument(
        "--at", default=DEFAULT_TIMES, metavar="TIMES", help="times, e.g. 09:00,18:00"
    )
    remind.add_argument(
        "--days",
        metavar="DAYS",
        help="weekdays for phases on fewer than 7 days a week, e.g. mon,wed,fri "
        "(default: spread over the week)",
    )
    remind.add_argument("--programme", metavar="PROGRAMME", help="a programme file or name")
    remind.set_defaults(handler=ics_command)
    actions = remind.add_subparsers(dest="action", metavar="ACTION")
    install = actions.add_parser("install", help="set up the daily notification")
    install.add_argument(
        "--at", default=DEFAULT_TIMES, metavar="TIMES", help="times, e.g. 09:00,18:00"
    )
    add_programme_argument(install)
    install.set_defaults(handler=install_command)
    actions.add_parser("remove", help="remove the notification").set_defaults(
        handler=remove_command
    )
    actions.add_parser("status", help="say what is installed").set_defaults(handler=status_command)
    notify = actions.add_parser("notify", help="notify now if a session is due (the timer runs it)")
    add_programme_argument(notify)
    notify.set_defaults(handler=notify_command)


def _days(text: str | None) -> tuple[int, ...] | None:
    from tui.core.programme.reminders import parse_days

    try:
        return None if text is None else parse_days(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _times(text: str) -> Any:
    from tui.core.programme.reminders import parse_times

    try:
        return parse_times(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def ics_command(args: argparse.Namespace) -> int:
    """``supple remind --ics FILE [--at TIMES] [--days DAYS] [--programme PROGRAMME]``."""
    from tui.commands.programme_command import open_programme, write_private
    from tui.core.programme.reminders import programme_calendar
    from tui.core.programme.schedule import start_of

    if args.ics is None:
        raise UserError("say what to do: --ics FILE, install, remove or status (see --help)")
    programme, book = open_programme(args.programme)
    state = book.of(programme.title)
    start = start_of(programme, state)
    if start is None:
        raise UserError("set your programme's start first: supple today --start WHEN")
    start = start if start.tzinfo else start.astimezone()
    try:
        data = programme_calendar(programme, start, state.moves, _times(args.at), _days(args.days))
    except ValueError as exc:  # the patient's days do not hold a phase's prescription
        raise UserError(str(exc)) from None
    write_private(args.ics, data.decode("utf-8"))
    from tui.core.safe_text import shown

    print(f"Wrote {shown(str(args.ics))}: open it with your calendar app to add the reminders.")
    return 0


def _desktop_allowed() -> bool:
    return not os.environ.get(NO_DESKTOP_ENV) and "PYTEST_CURRENT_TEST" not in os.environ


def _systemctl(*words: str) -> None:
    if _desktop_allowed() and shutil.which("systemctl"):
        import subprocess

        subprocess.run(["systemctl", "--user", *words], check=False, timeout=30)


def install_command(args: argparse.Namespace) -> int:
    """``supple remind install [--at TIMES] [PROGRAMME]``: the timer (or a cron line to a file)."""
    from tui.commands.programme_command import open_programme, write_private
    from tui.core import locations
    from tui.core.programme.reminders import cron_line, timer_units
    from tui.core.programme.state import write_state

    programme, book = open_programme(args.programme)
    write_state(book)
    assert book.current is not None
    command = [sys.executable, "-m", "tui", "remind", "notify", book.current]
    times = _times(args.at)
    if shutil.which("systemctl") is None:
        path = locations.reminders_dir() / "crontab.txt"
        write_private(path, cron_line(command, times) + "\n")
        print(f"There is no systemd here. A cron line is in {path};")
        print("add it yourself with 'crontab -e' (supple does not edit your crontab).")
        return 0
    folder = locations.systemd_user_dir()
    for name, text in timer_units(command, times).items():
        write_private(folder / name, text)
        print(f"Wrote {folder / name}")
    _systemctl("daemon-reload")
    _systemctl("enable", "--now", "supple-remind.timer")
    shown = ", ".join(f"{t:%H:%M}" for t in times)
    print(f"Reminders for {programme.title!r} at {shown}, only while a session is due.")
    print("Undo with: supple remind remove")
    return 0


def remove_command(args: argparse.Namespace) -> int:
    """``supple remind remove``: the timer and service, and supple's cron file."""
    from tui.core import locations
    from tui.core.programme.reminders import SERVICE_NAME, TIMER_NAME

    _systemctl("disable", "--now", TIMER_NAME)
    removed = False
    for path in (
        locations.systemd_user_dir() / TIMER_NAME,
        locations.systemd_user_dir() / SERVICE_NAME,
        locations.reminders_dir() / "crontab.txt",
    ):
        if path.exists():
            path.unlink()
            print(f"Removed {path}")
            removed = True
    _systemctl("daemon-reload")
    if not removed:
        print("No reminders were installed.")
    else:
        print("If you added the cron line to your crontab, remove it with 'crontab -e'.")
    return 0


def status_command(args: argparse.Namespace) -> int:
    """``supple remind status``: which reminder files are installed."""
    from tui.core import locations
    from tui.core.programme.reminders import TIMER_NAME

    timer = locations.systemd_user_dir() / TIMER_NAME
    cron = locations.reminders_dir() / "crontab.txt"
    if timer.exists():
        when = [
            line.split(" ", 1)[1]
            for line in timer.read_text().splitlines()
            if line.startswith("OnCalendar=")
        ]
        print(f"Installed: {timer} (daily at {', '.join(w[:5] for w in when)})")
    if cron.exists():
        print(f"A cron line waits in {cron} (supple does not edit your crontab)")
    if not timer.exists() and not cron.exists():
        print("No reminders are installed. Set them up with: supple remind install --at 09:00")
    return 0


def notify_command(args: argparse.Namespace) -> int:
    """``supple remind notify [PROGRAMME]``: a desktop notification only while a session is due."""
    from tui.commands.programme_command import now_of, open_programme
    from tui.core.programme.current import view_of

    programme, book = open_programme(args.programme)
    view = view_of(programme, book, now_of(args))
    due = view.next_session
    if due is None:
        return 0
    message = f"Time for your session: {due.title}. Start it with: supple run --programme"
    if _desktop_allowed() and shutil.which("notify-send"):
        import subprocess

        subprocess.run(["notify-send", "supple", message], check=False, timeout=30)
    else:
        print(message)
    return 0
