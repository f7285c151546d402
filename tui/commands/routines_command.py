"""Routine commands for therapists: ``check``, ``show``, ``list``, ``schema`` and ``new``.

Plain text only (no Rich, no Textual), so these start quickly and their
output can be read in any terminal, piped, or pasted into an e-mail.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core import locations
from tui.core.routine.starter import SCHEMA_FILE_NAME, STARTER_ROUTINE
from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.routine.model import Routine

# The routine model, the loader, the library, the timeline, the schema and the
# plan's wording (tui.core.session.describe) are imported by the commands that use
# them: a bare `supple` builds this parser on its way to the home screen and
# should not wait for them.


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the routine commands to the ``supple`` command line."""
    check = subparsers.add_parser(
        "check",
        help="check routine and programme files and list every problem",
        description="Check routine files (and programme files: a .toml with a [programme] "
        "table, with the routines it uses). Prints FILE:LINE: problem for each problem, or "
        "FILE: ok; exits 0 when every file is valid and 1 otherwise. A folder checks every "
        ".toml file in it and in its subfolders.",
    )
    check.add_argument(
        "files", nargs="+", metavar="FILE", help="routine file (.toml), or a folder of them"
    )
    check.set_defaults(handler=check_command)

    show = subparsers.add_parser(
        "show",
        help="show a routine's plan: steps, dosage and total time",
        description="Show the plan of a routine for review: its prescription, safety rules, "
        "each step's dosage and the total time.",
    )
    show.add_argument(
        "routine", metavar="ROUTINE", help="a routine file or name, or a programme file"
    )
    show.add_argument("--json", action="store_true", help="print the timeline of segments as JSON")
    show.set_defaults(handler=show_command)

    listing = subparsers.add_parser(
        "list",
        help="list the bundled routines and your own",
        description="List the bundled routines and the routines in your own routine folder.",
    )
    listing.set_defaults(handler=list_command)

    schema = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the routine format (for editors)",
        description="Print the JSON Schema of the routine format. Editors such as VS Code "
        "with Even Better TOML (Taplo) use it through a '#:schema' comment.",
    )
    schema.add_argument(
        "--programme", action="store_true", help="the programme format's schema instead"
    )
    schema.set_defaults(handler=schema_command)

    new = subparsers.add_parser(
        "new",
        help="write a commented starter routine to edit",
        description="Write a commented starter routine to FILE, and the JSON Schema beside it "
        f"as {SCHEMA_FILE_NAME} for editor completion.",
    )
    new.add_argument("file", metavar="FILE", help="the routine file to write (.toml)")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")
    new.add_argument(
        "--no-schema",
        action="store_true",
        help=f"do not write {SCHEMA_FILE_NAME} beside the routine",
    )
    new.set_defaults(handler=new_command)


# --------------------------------------------------------------------------- check


def check_command(args: argparse.Namespace) -> int:
    """``supple check FILE...``: every problem of every file, exit 1 if any."""
    from tui.core.routine.model import RoutineError
    from tui.core.safe_text import shown

    all_ok = True
    for name in _routine_files(args.files):
        if isinstance(name, _EmptyFolder):
            all_ok = False
            print(f"{shown(str(name.path))}: no routine files (.toml) in this folder")
            continue
        try:
            _check_one(Path(name))
        except RoutineError as exc:
            all_ok = False
            for problem in exc.problems:
                print(problem)
            continue
        print(f"{shown(name)}: ok")
    return 0 if all_ok else 1


def _check_one(path: Path) -> None:
    """Load a routine, or a programme (a file with a [programme] table) and its routines.

    Then open every picture they name (loading alone reads no file but the routine's), so
    that their problems come with the others, all at once.
    """
    from tui.core.programme.plan_file import is_programme_file, load_programme
    from tui.core.routine.loader import load_routine
    from tui.core.routine.model import RoutineError
    from tui.core.routine.picture_files import picture_problems

    if is_programme_file(path):
        load_programme(path, open_pictures=True)  # the routines' pictures with its own problems
        return
    problems = picture_problems(load_routine(path))
    if problems:
        raise RoutineError(problems)


class _EmptyFolder:
    """A folder given to ``check`` that holds no routine file (itself a failure)."""

    def __init__(self, path: Path) -> None:
        self.path = path


def _routine_files(names: list[str]) -> Iterator[str | _EmptyFolder]:
    """Each name given, with a folder replaced by its ``.toml`` files (sorted, hidden skipped)."""
    for name in names:
        path = Path(name)
        if not path.is_dir():
            yield name
            continue
        found = sorted(
            p
            for p in path.rglob("*.toml")
            if not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not found:
            yield _EmptyFolder(path)
        yield from (str(p) for p in found)


# --------------------------------------------------------------------------- show


def show_command(args: argparse.Namespace) -> int:
    """``supple show ROUTINE [--json]``: the plan a therapist reviews."""
    import json

    from tui.core.session.describe import plan_text
    from tui.core.session.timeline import compile_timeline, total_seconds

    if _show_programme(args.routine):
        return 0
    routine = _load(args.routine)
    if routine is None:
        return 1
    if args.json:
        segments = compile_timeline(routine)
        plan = {
            "title": routine.title,
            "total_seconds": total_seconds(segments),
            "segments": [segment.to_json() for segment in segments],
        }
        print(json.dumps(plan, indent=2, ensure_ascii=False))
    else:
        import shutil

        print(plan_text(routine, width=shutil.get_terminal_size().columns))
    return 0


def _show_programme(name: str) -> bool:
    """Print a programme's plan, week by week, when ``name`` is a programme file or name."""
    from tui.core.programme.plan_file import is_programme_file, load_programme
    from tui.core.programme.plan_library import list_programmes
    from tui.core.programme.plan_words import plan_lines
    from tui.core.routine.model import RoutineError

    path = Path(name)
    if not path.is_file():
        named = [e.path for e in list_programmes() if e.name == name.removesuffix(".toml")]
        if not named:
            return False
        path = named[0]
    if not is_programme_file(path):
        return False
    try:
        programme = load_programme(path)
    except RoutineError as exc:
        raise UserError(f"the programme has problems:\n{exc}") from None
    print("\n".join(plan_lines(programme)))
    return True


def _load(name: str) -> Routine | None:
    from tui.core.routine.library import RoutineNotFoundError, resolve_routine
    from tui.core.routine.loader import load_routine
    from tui.core.routine.model import RoutineError

    try:
        path = resolve_routine(name)
    except RoutineNotFoundError as exc:
        raise UserError(str(exc)) from None
    try:
        return load_routine(path)
    except RoutineError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


# --------------------------------------------------------------------------- list


def list_command(args: argparse.Namespace) -> int:
    """``supple list``: bundled routines, the user's own, and where to put new ones."""
    from tui.core.routine.library import list_routines
    from tui.core.safe_text import shown

    entries = list_routines()
    folder = shown(str(locations.user_routines_dir()))
    bundled = [e for e in entries if e.origin == "bundled"]
    yours = [e for e in entries if e.origin == "yours"]
    # Names come from file names and titles from files: shown visibly, never raw.
    width = max((len(shown(e.name)) for e in entries), default=0) + 2

    print("Bundled routines:")
    for entry in bundled:
        print(f"  {shown(entry.name):<{width}}{shown(entry.title)}")
    if not bundled:
        print("  (none found)")
    print()
    print(f"Your routines, in {folder}:")
    for entry in yours:
        if entry.ok:
            print(f"  {shown(entry.name):<{width}}{shown(entry.title)}")
        else:
            print(f"  {shown(entry.name):<{width}}BROKEN: {shown(entry.problem or '')}")
    if not yours:
        print("  (none yet)")
    print()
    example = locations.user_routines_dir() / "my-routine.toml"
    print(f"To add one: supple new {_quote(shown(str(example)))}")
    print("then edit it, check it with: supple check FILE")
    print("and open it by its name: supple show my-routine")
    return 0


def _quote(text: str) -> str:
    return f'"{text}"' if any(c in text for c in " '\"$`\\") else text


# --------------------------------------------------------------------------- schema and new


def schema_command(args: argparse.Namespace) -> int:
    """``supple schema``: the JSON Schema, indented by 2."""
    import json

    from tui.core.programme.plan_schema import programme_schema
    from tui.core.routine.schema import routine_schema

    schema = programme_schema() if args.programme else routine_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def new_command(args: argparse.Namespace) -> int:
    """``supple new FILE``: write the starter routine (and the schema beside it)."""
    import json

    from tui.core.routine.schema import routine_schema
    from tui.core.safe_text import shown

    path = Path(args.file)
    if path.suffix != ".toml":
        path = path.with_name(path.name + ".toml")
    if path.exists() and not args.force:
        raise UserError(f"{path} already exists; use --force to replace it")
    if path.is_dir():
        raise UserError(f"{path} is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(STARTER_ROUTINE, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"Wrote {shown(str(path))}")
    if not args.no_schema:
        schema_path = path.parent / SCHEMA_FILE_NAME
        if args.force or not schema_path.exists():
            try:
                schema_path.write_text(
                    json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8",
                )
                print(
                    f"Wrote {shown(str(schema_path))} (editors use it for completion and checking)"
                )
            except OSError as exc:
                print(
                    f"Could not write {shown(str(schema_path))}: {exc.strerror or exc}",
                    file=sys.stderr,
                )
    print(f"Edit it, then check it with: supple check {_quote(shown(str(path)))}")
    return 0
