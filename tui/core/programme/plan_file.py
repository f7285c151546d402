"""Read a programme file (TOML, format version 1) into a :class:`Programme`.

Every problem is collected and raised at once as a
:class:`~tui.core.routine.model.RoutineError`, each as ``FILE:LINE: message``: a
missing or broken routine, phases that overlap or leave gaps, a bad criterion,
a bad date.  Syntax mistakes are explained by the routine room's
:func:`~tui.core.routine.toml_reading.read_document`, lines found by its
:class:`~tui.core.routine.toml_lines.LineMap` and values named by its
:mod:`~tui.core.routine.problem_words`; the keys are those of
:mod:`tui.core.programme.plan_keys`.

Unlike a routine, a programme reads other files: the routines its phases use.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui.core.programme.plan import (
    Card,
    CountsFrom,
    Criteria,
    Phase,
    PhaseRoutine,
    Programme,
    Progression,
    StartGate,
)
from tui.core.programme.plan_keys import (
    CARD_KEYS,
    CRITERIA_KEYS,
    GATE_KEYS,
    MAX_CARDS,
    MAX_FILE_BYTES,
    MAX_PHASES,
    MAX_PROGRESSIONS,
    PHASE_KEYS,
    PHASE_ROUTINE_KEYS,
    PROGRAMME_KEYS,
    PROGRESSION_KEYS,
    TOP_KEYS,
)
from tui.core.programme.value_checks import ValueChecker
from tui.core.regular_file import read_regular_file
from tui.core.routine.durations import format_duration
from tui.core.routine.model import PainSite, Problem, Routine, RoutineError, StepKind
from tui.core.routine.problem_words import as_toml, did_you_mean
from tui.core.routine.toml_lines import KeyPath, LineMap, decode_text, read_routine_file
from tui.core.routine.toml_reading import read_document

_HEADER = re.compile(r"^[ \t]*\[[ \t]*programme[ \t]*\][ \t]*(#.*)?$", re.MULTILINE)


def is_programme_text(text: str) -> bool:
    """True when ``text`` has a ``[programme]`` table: it is a programme, not a routine."""
    return _HEADER.search(text) is not None


def is_programme_file(path: Path) -> bool:
    """True for a readable ``.toml`` file with a ``[programme]`` table (never a pipe or device)."""
    try:
        data = read_regular_file(path, MAX_FILE_BYTES + 1)
    except OSError:
        return False
    return is_programme_text(data.decode("utf-8", errors="replace"))


def load_programme(path: str | Path, *, open_pictures: bool = False) -> Programme:
    """Read and check the programme file at ``path`` and the routines it uses.

    ``open_pictures`` (``supple check``) also opens every picture those routines
    name, so that their problems come with the programme's own, all at once.
    """
    path = Path(path)
    data = read_routine_file(path)  # a regular file only, never blocking on a pipe
    programme = parse_programme(data, str(path), base=path.parent, open_pictures=open_pictures)
    return replace(programme, source=path)


def parse_programme(
    text: str | bytes,
    filename: str = "<programme>",
    *,
    base: Path | None = None,
    open_pictures: bool = False,
) -> Programme:
    """Check programme ``text`` and build the :class:`Programme` it describes.

    Routine paths are read relative to ``base`` (the programme's folder; the
    current folder when ``None``).  Raises :class:`RoutineError` listing every
    problem found; nothing else.
    """
    data = text.encode("utf-8", errors="replace") if isinstance(text, str) else bytes(text)
    if len(data) > MAX_FILE_BYTES:
        limit = f"a programme file may be at most {MAX_FILE_BYTES // 1024} KiB"
        raise RoutineError([Problem(filename, 0, f"the file is too large: {limit}")])
    read = read_document(decode_text(data, filename), filename)
    if read.document is None:
        raise RoutineError(list(read.problems))
    checker = _ProgrammeChecker(filename, read.text, base or Path("."), open_pictures)
    checker.problems.extend(read.problems)
    programme = checker.programme(read.document)
    if checker.problems:
        # The programme's own problems first, by line; then each routine's (its pictures).
        order = sorted(checker.problems, key=lambda p: (p.file != filename, p.file, p.line))
        raise RoutineError(order)
    assert programme is not None  # built whenever there are no problems
    return replace(programme, sha256=hashlib.sha256(data).hexdigest())


def resolve_phase_routine(ref: str, base: Path) -> Path:
    """The file of routine ``ref``: a path relative to ``base``, else a routine's name.

    Raises :class:`LookupError` (with the routine library's words) when there is none.
    """
    if "/" in ref or "\\" in ref or ref.endswith(".toml"):
        path = base / ref
        if not path.is_file():
            raise LookupError(f"no routine file {ref!r} beside the programme ({path})")
        return path
    from tui.core.routine.library import resolve_routine  # reads the user's folder too

    return resolve_routine(ref)


class _ProgrammeChecker(ValueChecker):
    """Walks a parsed programme, collecting problems and building it."""

    def __init__(self, filename: str, source: str, base: Path, open_pictures: bool) -> None:
        super().__init__(filename, LineMap(source))
        self.base = base
        self.open_pictures = open_pictures
        self.routines: dict[str, Routine] = {}
        #: Each phase's number, name and days, as far as they could be read.
        self.ranges: list[tuple[int, str, int, int]] = []

    def programme(self, document: dict[str, Any]) -> Programme | None:
        """Check the whole document and build the programme (None on any problem)."""
        for key in document:
            if key not in TOP_KEYS:
                self.add((key,), f"unknown key {key!r}" + did_you_mean(key, TOP_KEYS))
        header = self.one_table(document, "programme", required=True)
        fields = self.table(header, ("programme",), PROGRAMME_KEYS, "[programme]: ")
        gate_raw = self.one_table(document, "gate", required=False)
        gate = self.table(gate_raw, ("gate",), GATE_KEYS, "[gate]: ")
        phases = self.phases(self.table_list(document, "phase", MAX_PHASES, required=True))
        names = [p.name for p in phases or ()]
        cards = self.cards(self.table_list(document, "card", MAX_CARDS), names)
        progressions = self.progressions(
            self.table_list(document, "progression", MAX_PROGRESSIONS), phases or ()
        )
        if self.problems or fields is None or gate is None or not phases:
            return None
        return Programme(
            title=fields["title"],
            therapist=fields["therapist"],
            contact=fields["contact"],
            description=fields["description"],
            counts_from=CountsFrom(fields["counts_from"]),
            start=fields["start"],
            gate=StartGate(gate["not_before"], gate["meanwhile"]),
            phases=tuple(phases),
            cards=tuple(cards),
            progressions=tuple(progressions),
            pain_sites=tuple(PainSite(site) for site in fields["pain_sites"]),
        )

    def one_table(self, document: dict[str, Any], key: str, *, required: bool) -> dict[str, Any]:
        """The table at ``key`` (empty, with a problem, when it is missing or not a table)."""
        raw = document.get(key)
        if raw is None:
            if required:
                self.add((), f"missing the [{key}] table")
            return {}
        if not isinstance(raw, dict):
            self.add((key,), f"{key!r} must be a table, written [{key}]")
            return {}
        return raw

    def table_list(
        self, document: dict[str, Any], key: str, most: int, *, required: bool = False
    ) -> list[dict[str, Any]]:
        """The ``[[key]]`` tables (empty, with a problem, when they are written wrongly)."""
        raw = document.get(key)
        if raw is None:
            if required:
                self.add((), f"no phases: add at least one [[{key}]] table")
            return []
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.add((key,), f"write each {key} as a [[{key}]] table (with double brackets)")
            return []
        if len(raw) > most:
            self.add((key, most), f"too many [[{key}]] tables: {len(raw)} (at most {most})")
            return []
        return raw

    # ----------------------------------------------------------------- phases

    def phases(self, items: list[dict[str, Any]]) -> list[Phase] | None:
        """Every phase, checked, with their days side by side; None on any problem."""
        phases: list[Phase | None] = [
            self.phase(i, item, len(items)) for i, item in enumerate(items)
        ]
        self.phase_days()  # also for phases with other problems: every problem at once
        built = [p for p in phases if p is not None]
        return built if len(built) == len(items) else None

    def phase(self, index: int, raw: dict[str, Any], count: int) -> Phase | None:
        """One ``[[phase]]`` table as a :class:`Phase` (None on any problem)."""
        path: KeyPath = ("phase", index)
        name = raw.get("name")
        shown = f' "{name}"' if isinstance(name, str) and 0 < len(name) <= 80 else ""
        prefix = f"phase {index + 1}{shown}: "
        before = len(self.problems)
        values = self.table(raw, path, PHASE_KEYS, prefix)
        days = self.phase_range(raw, path, prefix)
        if days is not None:
            self.ranges.append((index + 1, name if isinstance(name, str) else "", *days))
        routines = self.phase_routines(raw, path, prefix)
        move_on = self.criteria(raw.get("move_on"), (*path, "move_on"), prefix)
        if move_on is not None and index == count - 1:
            self.add((*path, "move_on"), "the last phase has no next phase to move on to", prefix)
        if values is None or days is None or routines is None or len(self.problems) > before:
            return None
        return Phase(
            name=values["name"],
            first_day=days[0],
            last_day=days[1],
            routines=routines,
            move_on=move_on,
            description=values["description"],
            line=self.lines.line(path),
        )

    def phase_range(
        self, raw: dict[str, Any], path: KeyPath, prefix: str
    ) -> tuple[int, int] | None:
        """A phase's first and last day, from exactly one of days or weeks."""
        if ("days" in raw) == ("weeks" in raw):
            said = "both" if "days" in raw else "neither"
            self.add(path, f'give either days (e.g. days = "1-7") or weeks, not {said}', prefix)
            return None
        key = "days" if "days" in raw else "weeks"
        spec = next(k for k in PHASE_KEYS if k.name == key)
        found: tuple[int, int] | None = self.day_range(raw[key], (*path, key), spec, "")
        return found

    def phase_days(self) -> None:
        """Each phase must begin the day after the one before: no overlap, no gap."""
        for earlier, later in itertools.pairwise(self.ranges):
            number, name, first, last = later
            _, earlier_name, earlier_first, earlier_last = earlier
            if earlier[0] != number - 1:
                continue  # the phase between has no readable days (already reported)
            path: KeyPath = ("phase", number - 1)
            prefix = f'phase {number} "{name}": '
            if first <= earlier_last:
                self.add(
                    path,
                    f"its days ({first}-{last}) overlap phase {number - 1} "
                    f'"{earlier_name}" ({earlier_first}-{earlier_last}); it should '
                    f"begin on day {earlier_last + 1}",
                    prefix,
                )
            elif first > earlier_last + 1:
                self.add(
                    path,
                    f"days {earlier_last + 1}-{first - 1} belong to no phase: "
                    f'phase {number - 1} "{earlier_name}" ends on day {earlier_last}',
                    prefix,
                )

    def phase_routines(
        self, raw: dict[str, Any], path: KeyPath, prefix: str
    ) -> tuple[PhaseRoutine, ...] | None:
        """A phase's routines, each found, loaded and given its prescription."""
        items = raw.get("routines", [])
        spec_days = raw.get("days_per_week", 7)
        spec_sessions = raw.get("sessions_per_day", 1)
        where: KeyPath = (*path, "routines")
        if not isinstance(items, list):
            self.add(
                where,
                f"'routines' must be a list like [\"lumbar-stretches\"], got {as_toml(items)}",
                prefix,
            )
            return None
        found: list[PhaseRoutine] = []
        for index, item in enumerate(items):
            entry = self.phase_routine(item, (*where, index), prefix, spec_sessions, spec_days)
            if entry is not None:
                found.append(entry)
        return tuple(found) if len(found) == len(items) else None

    def phase_routine(
        self, item: object, path: KeyPath, prefix: str, sessions: object, days: object
    ) -> PhaseRoutine | None:
        """One entry of ``routines`` (a name, a path or a table)."""
        if isinstance(item, dict):
            values = self.table(item, path, PHASE_ROUTINE_KEYS, prefix)
            if values is None:
                return None
            ref = values["use"]
            sessions = values["sessions_per_day"] or sessions
            days = values["days_per_week"] or days
        elif isinstance(item, str) and item.strip():
            ref = item.strip()
        else:
            self.add(
                path, f"a routine must be a name or path in quotes, got {as_toml(item)}", prefix
            )
            return None
        routine = self.routine(ref, path, prefix)
        if routine is None or not isinstance(sessions, int) or not isinstance(days, int):
            return None  # a bad prescription was reported by the phase's own keys
        source = routine.source or Path(ref)
        return PhaseRoutine(ref, source, routine.title, sessions, days)

    def routine(self, ref: str, path: KeyPath, prefix: str) -> Routine | None:
        """The routine ``ref`` names, loaded once (None, with a problem, if it cannot be)."""
        if ref in self.routines:
            return self.routines[ref]
        from tui.core.routine.loader import load_routine

        try:
            routine = load_routine(resolve_phase_routine(ref, self.base))
        except LookupError as exc:
            self.add(path, f"routine {ref!r} not found: {exc}", prefix)
            return None
        except RoutineError as exc:
            first = exc.problems[0] if exc.problems else "cannot be read"
            self.add(path, f"routine {ref!r} has problems (first: {first})", prefix)
            return None
        if self.open_pictures:
            from tui.core.routine.picture_files import picture_problems

            self.problems.extend(picture_problems(routine))
        self.routines[ref] = routine
        return routine

    def criteria(self, raw: object, path: KeyPath, prefix: str) -> Criteria | None:
        """A phase's ``move_on`` table as :class:`Criteria` (None when absent or wrong)."""
        if raw is None:
            return None
        if not isinstance(raw, dict) or not raw:
            self.add(
                path,
                "'move_on' must be a table of criteria like { pain_after_at_most = 3, "
                'on_sessions = "5 of last 7", adherence_at_least = "80%" }',
                prefix,
            )
            return None
        values = self.table(raw, path, CRITERIA_KEYS, f"{prefix}move_on: ")
        if values is None:
            return None
        pain, sessions = values["pain_after_at_most"], values["on_sessions"]
        if (pain is None) != (sessions is None):
            given, needs = ("pain_after_at_most", "on_sessions")[:: 1 if pain is not None else -1]
            self.add(path, f"{given!r} needs {needs!r} beside it", f"{prefix}move_on: ")
            return None
        return Criteria(pain, sessions, values["adherence_at_least"])

    # ----------------------------------------------------------------- cards and progressions

    def cards(self, items: list[dict[str, Any]], phase_names: list[str]) -> list[Card]:
        """Every ``[[card]]`` that is right (the others are reported)."""
        cards: list[Card] = []
        for index, raw in enumerate(items):
            path: KeyPath = ("card", index)
            prefix = f"card {index + 1}: "
            values = self.table(raw, path, CARD_KEYS, prefix)
            if values is None:
                continue
            if (values["day"] is None) == (values["phase"] is None):
                self.add(path, "give either day or phase (when the card is shown)", prefix)
                continue
            if values["phase"] is not None and values["phase"] not in phase_names:
                hint = did_you_mean(values["phase"], phase_names)
                self.add((*path, "phase"), f"no phase named {values['phase']!r}{hint}", prefix)
                continue
            first, last = values["day"] or (None, None)
            cards.append(
                Card(
                    values["title"],
                    values["text"],
                    first,
                    last,
                    values["phase"],
                    values["show_before_first_session"],
                )
            )
        return cards

    def progressions(
        self, items: list[dict[str, Any]], phases: Sequence[Phase]
    ) -> list[Progression]:
        """Every ``[[progression]]`` that fits its routine (the others are reported)."""
        used = {r.ref for phase in phases for r in phase.routines}
        found: list[Progression] = []
        for index, raw in enumerate(items):
            path: KeyPath = ("progression", index)
            prefix = f"progression {index + 1}: "
            values = self.table(raw, path, PROGRESSION_KEYS, prefix)
            if values is None:
                continue
            entry = Progression(
                values["routine"],
                values["step"],
                values["block"],
                values["from_week"],
                values["add_per_week"],
                values["up_to"],
            )
            written = self.progression_fits(entry, used, path, prefix)
            if written is not None:
                found.append(replace(entry, written=written))
        return found

    def progression_fits(
        self, entry: Progression, used: set[str], path: KeyPath, prefix: str
    ) -> float | None:
        """The named block's written length, or None (with a problem) if there is none."""
        routine = self.routines.get(entry.routine)
        if entry.routine not in used or routine is None:
            hint = did_you_mean(entry.routine, sorted(used))
            self.add((*path, "routine"), f"no phase uses routine {entry.routine!r}{hint}", prefix)
            return None
        steps = [s for s in routine.steps if s.name == entry.step]
        if not steps or steps[0].kind is not StepKind.INTERVAL:
            names = [s.name for s in routine.steps if s.kind is StepKind.INTERVAL]
            hint = did_you_mean(entry.step, names)
            self.add(
                (*path, "step"),
                f"{routine.title!r} has no interval step named {entry.step!r}{hint}",
                prefix,
            )
            return None
        blocks = [b for b in steps[0].blocks if b.label == entry.block]
        if not blocks:
            labels = [b.label for b in steps[0].blocks]
            hint = did_you_mean(entry.block, labels)
            self.add(
                (*path, "block"), f"step {entry.step!r} has no block {entry.block!r}{hint}", prefix
            )
            return None
        if entry.up_to < blocks[0].seconds:
            self.add(
                (*path, "up_to"),
                f"'up_to' ({format_duration(entry.up_to)}) is shorter than the block as written "
                f"({format_duration(blocks[0].seconds)})",
                prefix,
            )
            return None
        return blocks[0].seconds
