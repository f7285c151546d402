"""Routine commands for therapists: ``check``, ``show``, ``list``, ``schema`` and ``new``.

Plain text only (no Rich, no Textual), so these start quickly and their
output can be read in any terminal, piped, or pasted into an e-mail.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli import UserError
from tui.core import locations
from tui.core.durations import format_duration
from tui.core.routine import Routine, RoutineError, Sides, Step, StepKind, Tempo
from tui.core.starter import SCHEMA_FILE_NAME, STARTER_ROUTINE

if TYPE_CHECKING:
    from tui.core.timeline import Segment

# The loader, the library, the timeline and the schema are imported by the
# commands that use them: a bare `supple` builds this parser on its way to the
# home screen and should not wait for them.


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the routine commands to the ``supple`` command line."""
    check = subparsers.add_parser(
        "check",
        help="check routine files and list every problem",
        description="Check routine files. Prints FILE:LINE: problem for each problem, or "
        "FILE: ok; exits 0 when every file is valid and 1 otherwise.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="routine file (.toml)")
    check.set_defaults(handler=check_command)

    show = subparsers.add_parser(
        "show",
        help="show a routine's plan: steps, dosage and total time",
        description="Show the plan of a routine for review: its prescription, safety rules, "
        "each step's dosage and the total time.",
    )
    show.add_argument("routine", metavar="ROUTINE", help="a routine file, or a routine's name")
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
    from tui.core.loader import load_routine

    all_ok = True
    for name in args.files:
        try:
            load_routine(name)
        except RoutineError as exc:
            all_ok = False
            for problem in exc.problems:
                print(problem)
            continue
        print(f"{name}: ok")
    return 0 if all_ok else 1


# --------------------------------------------------------------------------- show


def show_command(args: argparse.Namespace) -> int:
    """``supple show ROUTINE [--json]``: the plan a therapist reviews."""
    from tui.core.timeline import compile_timeline, total_seconds

    routine = _load(args.routine)
    if routine is None:
        return 1
    segments = compile_timeline(routine)
    if args.json:
        plan = {
            "title": routine.title,
            "total_seconds": total_seconds(segments),
            "segments": [segment.to_json() for segment in segments],
        }
        print(json.dumps(plan, indent=2, ensure_ascii=False))
    else:
        print(format_plan(routine, segments))
    return 0


def _load(name: str) -> Routine | None:
    from tui.core.library import RoutineNotFoundError, resolve_routine
    from tui.core.loader import load_routine

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


def format_plan(routine: Routine, segments: tuple[Segment, ...]) -> str:
    """The routine's plan as plain text: header, numbered steps with dosage, total time."""
    from tui.core.timeline import SegmentKind, total_seconds

    lines = [routine.title, "=" * min(len(routine.title), 72)]
    if routine.author:
        lines.append(f"By: {routine.author}")
    if routine.description:
        lines += ["", routine.description.strip()]
    lines.append("")
    prescription = _prescription(routine)
    if prescription:
        lines.append(f"Prescription: {prescription}")
    if routine.get_ready > 0:
        lines.append(f"Get ready: {format_duration(routine.get_ready)} before each exercise")
    else:
        lines.append("Get ready: none (each exercise starts at once)")
    before = "before and after" if routine.ask_pain_before else "after"
    lines.append(f"Pain rating (0-10): asked {before} the session")
    if routine.voice is not None:
        lines.append(f"Spoken cues: {'on' if routine.voice else 'off'}")
    if routine.safety:
        lines += ["", "Safety:"]
        lines += [f"  - {rule}" for rule in routine.safety]
    if routine.contact:
        lines += ["", f"Contact: {routine.contact}"]

    lines += ["", "Steps:"]
    for index, step in enumerate(routine.steps):
        own = [s for s in segments if s.step == index and s.kind is not SegmentKind.GET_READY]
        timed = total_seconds(own)
        length = format_duration(timed)
        if any(s.open_ended for s in own):
            length = f"{length} + self-paced sets" if timed else "self-paced"
        lines.append(f"  {index + 1}. {step.name} [{step.kind.value}]: {dosage(step)}  ({length})")
        if step.instructions:
            for text in step.instructions.strip().splitlines():
                lines.append(f"       {text}".rstrip())
        for cue in step.cues:
            lines.append(f'       Cue at {format_duration(cue.at)}: "{cue.text}"')

    total = format_duration(total_seconds(segments))
    note = ""
    if any(s.open_ended for s in segments):
        note = " plus the time the patient takes for self-paced sets"
    lines += ["", f"Total time: {total}{note}"]
    return "\n".join(lines)


def _prescription(routine: Routine) -> str:
    parts: list[str] = []
    if routine.sessions_per_day is not None:
        count = routine.sessions_per_day
        parts.append(f"{count} session{'s' if count != 1 else ''} a day")
    if routine.days_per_week is not None:
        days = routine.days_per_week
        parts.append("every day" if days == 7 else f"{days} day{'s' if days != 1 else ''} a week")
    return ", ".join(parts)


def dosage(step: Step) -> str:
    """A step's dose in words, e.g. ``3 x 30 s hold per side, 10 s rest, 5 s to switch``."""
    if step.kind is StepKind.REST:
        return f"rest for {format_duration(step.duration or 0)}"
    if step.kind is StepKind.INTERVAL:
        blocks = ", then ".join(f"{b.label} {format_duration(b.seconds)}" for b in step.blocks)
        if step.repeat == 1:
            return blocks
        return f"{step.repeat} rounds of: {blocks}"

    two_sided = step.sides in (Sides.BOTH, Sides.ALTERNATE)
    parts: list[str] = []
    if step.kind is StepKind.HOLD:
        parts.append(f"{step.reps} x {format_duration(step.hold or 0)} hold")
        repeats = step.reps
        rest_text = f"{format_duration(step.rest)} rest"
    else:
        reps = f"{step.reps} rep{'s' if step.reps != 1 else ''}"
        parts.append(f"{step.sets} sets of {reps}" if step.sets != 1 else reps)
        repeats = step.sets
        rest_text = f"{format_duration(step.rest)} rest between sets"
    if two_sided:
        parts[0] += " per side"
    if step.sides is Sides.ALTERNATE:
        parts.append("alternating sides")
    elif step.sides in (Sides.LEFT, Sides.RIGHT):
        parts.append(f"{step.sides.value} side only")
    if step.kind is StepKind.REPS:
        parts.append(_tempo_words(step.tempo))
    if step.rest > 0 and (repeats > 1):
        parts.append(rest_text)
    if two_sided and step.switch > 0:
        parts.append(f"{format_duration(step.switch)} to switch")
    return ", ".join(parts)


def _tempo_words(tempo: Tempo | None) -> str:
    if tempo is None:
        return "at the patient's own pace (the patient ends each set)"
    phases = " ".join(f"{format_duration(secs)} {name}," for name, secs in tempo.phases())
    return f"tempo {phases.rstrip(',')} ({format_duration(tempo.seconds)} a rep)"


# --------------------------------------------------------------------------- list


def list_command(args: argparse.Namespace) -> int:
    """``supple list``: bundled routines, the user's own, and where to put new ones."""
    from tui.core.library import list_routines

    entries = list_routines()
    folder = locations.user_routines_dir()
    bundled = [e for e in entries if e.origin == "bundled"]
    yours = [e for e in entries if e.origin == "yours"]
    width = max((len(e.name) for e in entries), default=0) + 2

    print("Bundled routines:")
    for entry in bundled:
        print(f"  {entry.name:<{width}}{entry.title}")
    if not bundled:
        print("  (none found)")
    print()
    print(f"Your routines, in {folder}:")
    for entry in yours:
        if entry.ok:
            print(f"  {entry.name:<{width}}{entry.title}")
        else:
            print(f"  {entry.name:<{width}}BROKEN: {entry.problem}")
    if not yours:
        print("  (none yet)")
    print()
    example = folder / "my-routine.toml"
    print(f"To add one: supple new {_quote(str(example))}")
    print("then edit it, check it with: supple check FILE")
    print("and open it by its name: supple show my-routine")
    return 0


def _quote(text: str) -> str:
    return f'"{text}"' if any(c in text for c in " '\"$`\\") else text


# --------------------------------------------------------------------------- schema and new


def schema_command(args: argparse.Namespace) -> int:
    """``supple schema``: the JSON Schema, indented by 2."""
    from tui.core.schema import routine_schema

    print(json.dumps(routine_schema(), indent=2, ensure_ascii=False))
    return 0


def new_command(args: argparse.Namespace) -> int:
    """``supple new FILE``: write the starter routine (and the schema beside it)."""
    from tui.core.schema import routine_schema

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
    print(f"Wrote {path}")
    if not args.no_schema:
        schema_path = path.parent / SCHEMA_FILE_NAME
        if args.force or not schema_path.exists():
            try:
                schema_path.write_text(
                    json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8",
                )
                print(f"Wrote {schema_path} (editors use it for completion and checking)")
            except OSError as exc:
                print(f"Could not write {schema_path}: {exc.strerror or exc}", file=sys.stderr)
    print(f"Edit it, then check it with: supple check {_quote(str(path))}")
    return 0
