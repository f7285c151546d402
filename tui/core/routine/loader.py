"""Read a routine file (TOML, format version 1) into a :class:`~tui.core.routine.model.Routine`.

Every problem in a file is collected and raised at once as a
:class:`~tui.core.routine.model.RoutineError`, each as ``FILE:LINE: message`` naming
the step by number and name, so a therapist can fix a file in one pass.  No
input makes :func:`parse_routine` raise anything else.

A routine file is data: the loader never evaluates anything and never reads
any other file.  The rules (keys, defaults, bounds) are stated once, in the key
tables of :mod:`tui.core.routine.spec`; this module checks a document against
them in one pass (:class:`_RoutineChecker`, which checks each value through
:class:`~tui.core.routine.key_values.RoutineKeyChecker`), asking
:mod:`tui.core.routine.toml_lines` for the line of each problem.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui.core.routine.durations import format_duration
from tui.core.routine.key_values import RoutineKeyChecker
from tui.core.routine.model import (
    ROUTINE_FORMAT_VERSION,
    PainSite,
    Problem,
    Routine,
    RoutineError,
    Sides,
    Step,
    StepKind,
    TextCue,
)
from tui.core.routine.problem_words import (
    as_toml,
    did_you_mean,
    kind_list,
    step_prefix,
)
from tui.core.routine.spec import (
    MAX_STEPS,
    ROUTINE_KEYS,
    STEP_KEYS,
    TOP_KEYS,
    cue_unit,
    pain_levels_problem,
)
from tui.core.routine.toml_lines import (
    KeyPath,
    decode_text,
    read_routine_file,
    routine_bytes,
    step_header_lines,
)
from tui.core.routine.toml_reading import read_document

#: At most this many problems are listed for one file; the rest are counted.
MAX_PROBLEMS = 100

_ROUTINE_SPEC = {k.name: k for k in ROUTINE_KEYS}
_STEP_SPEC = {k.name: k for k in STEP_KEYS}


# --------------------------------------------------------------------------- entry points


def load_routine(path: str | Path) -> Routine:
    """Read and check the routine file at ``path``.

    The routine's ``source`` is set to ``path`` and ``sha256`` to the hash of
    the file's bytes.  Raises :class:`RoutineError` for an unreadable file too.
    """
    path = Path(path)
    name = str(path)
    data = read_routine_file(path)
    routine = parse_routine(data, name)
    return replace(routine, source=path)


def parse_routine(text: str | bytes, filename: str = "<routine>") -> Routine:
    """Check routine ``text`` (TOML) and build the :class:`Routine` it describes.

    Raises :class:`RoutineError` listing every problem found; nothing else.
    """
    data = routine_bytes(text, filename)
    source = decode_text(data, filename)
    read = read_document(source, filename)
    if read.document is None:
        raise RoutineError(list(read.problems))
    checker = _RoutineChecker(filename, read.text, read.unreadable)
    checker.problems.extend(read.problems)
    routine = checker.routine(read.document)
    checker.raise_if_any()
    assert routine is not None  # a routine is built whenever there are no problems
    return replace(routine, sha256=hashlib.sha256(data).hexdigest())


# --------------------------------------------------------------------------- checking


_KIND_NAMES = frozenset(kind.value for kind in StepKind)


class _RoutineChecker(RoutineKeyChecker):
    """Walks a parsed document, collecting problems and building the routine."""

    def __init__(
        self, filename: str, source: str, unreadable: frozenset[KeyPath] = frozenset()
    ) -> None:
        super().__init__(filename, source, unreadable)
        self._step_lines: list[int] | None = None

    def step_line(self, index: int, count: int) -> int:
        """Line of step ``index``'s header, cheaply when steps are plain [[step]] tables."""
        if self._step_lines is None:
            self._step_lines = step_header_lines(self.source)
        if len(self._step_lines) == count:
            return self._step_lines[index]
        return self.lines.line(("step", index))

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        problems = sorted(self.problems, key=lambda p: p.line)
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            last = problems[MAX_PROBLEMS]
            problems = problems[:MAX_PROBLEMS]
            problems.append(
                Problem(self.filename, last.line, f"... and {rest} more problems not listed")
            )
        raise RoutineError(problems)

    # ----------------------------------------------------------------- the whole file

    def routine(self, document: dict[str, Any]) -> Routine | None:
        for key in document:
            if key in TOP_KEYS:
                continue
            if key in _ROUTINE_SPEC:
                self.add((key,), f"{key!r} belongs in the [routine] table")
            elif key in _STEP_SPEC:
                self.add((key,), f"{key!r} belongs in a [[step]] table")
            else:
                self.add((key,), f"unknown key {key!r}" + did_you_mean(key, TOP_KEYS))

        header = document.get("routine")
        fields: dict[str, Any] | None = None
        if header is None:
            self.add((), 'missing the [routine] table (with at least: title = "...")')
        elif not isinstance(header, dict):
            self.add(("routine",), "'routine' must be a table, written [routine]")
        else:
            if not self._version_supported(header):
                return None
            fields = self.table(header, ("routine",), _ROUTINE_SPEC, "", "the [routine] table")

        steps = self.steps(document.get("step"))
        if fields is not None:
            self._pain_levels(fields)
        if fields is None or steps is None or self.problems:
            return None
        fields["pain_sites"] = tuple(PainSite(site) for site in fields.get("pain_sites", ()))
        return Routine(steps=steps, **fields)

    def _pain_levels(self, fields: dict[str, Any]) -> None:
        """The caution level must lie below the stop level (each may be left at its default)."""
        problem = pain_levels_problem(fields)
        if problem is not None:
            self.add(("routine", problem[0]), problem[1])

    def _version_supported(self, header: dict[str, Any]) -> bool:
        """False (with a problem) when the file is written for a future format."""
        version = header.get("version")
        if (
            isinstance(version, int)
            and not isinstance(version, bool)
            and version > ROUTINE_FORMAT_VERSION
        ):
            self.add(
                ("routine", "version"),
                f"this routine is written in format version {as_toml(version)}, but this supple "
                f"reads version {ROUTINE_FORMAT_VERSION} only: update supple, or ask for a version "
                f"{ROUTINE_FORMAT_VERSION} file",
            )
            return False
        return True

    def steps(self, raw: object) -> tuple[Step, ...] | None:
        if raw is None:
            self.add((), "no steps: add at least one [[step]] table")
            return None
        if isinstance(raw, dict):
            self.add(("step",), "write each step as [[step]] (with double brackets)")
            return None
        if not isinstance(raw, list):
            self.add(("step",), "'step' must be a list of [[step]] tables")
            return None
        if not raw:
            self.add(("step",), "no steps: add at least one [[step]] table")
            return None
        if len(raw) > MAX_STEPS:
            self.add(
                ("step", MAX_STEPS),
                f"too many steps: {len(raw)} (a routine may have at most {MAX_STEPS})",
            )
            return None
        steps: list[Step] = []
        for index, item in enumerate(raw):
            step = self.step(index, item, len(raw))
            if step is not None:
                steps.append(step)
        return tuple(steps) if len(steps) == len(raw) else None

    # ----------------------------------------------------------------- one step

    def step(self, index: int, raw: object, count: int) -> Step | None:
        """Check one ``[[step]]`` table and build its step (None on any problem)."""
        path: KeyPath = ("step", index)
        if not isinstance(raw, dict):
            self.add(path, f"step {index + 1} must be a table written [[step]], got {as_toml(raw)}")
            return None
        prefix = step_prefix(index + 1, raw)
        before = self.faults
        raw_kind = raw.get("kind")
        kind = StepKind(raw_kind) if isinstance(raw_kind, str) and raw_kind in _KIND_NAMES else None
        self._foreign_keys(raw, kind, path, prefix)
        values: dict[str, Any] = {}
        for spec in STEP_KEYS:
            if kind is not None and kind not in spec.kinds:
                continue
            if spec.name not in raw:
                if spec.required or (kind is not None and kind in spec.required_for):
                    self._missing(path, spec, prefix)
                continue
            value = self.value(raw[spec.name], (*path, spec.name), spec, prefix)
            if value is not None:
                values[spec.name] = value
        if kind is None:
            return None
        self._check_cues(kind, values, path, prefix)
        if kind in _STEP_SPEC["image"].kinds:  # elsewhere each key is already "does not apply"
            self._check_picture_words(raw, values, path, prefix)
        if self.faults > before:
            return None
        values["kind"] = kind
        if "sides" in values:
            values["sides"] = Sides(values["sides"])
        return Step(line=self.step_line(index, count), **values)

    def _foreign_keys(
        self, raw: dict[str, Any], kind: StepKind | None, path: KeyPath, prefix: str
    ) -> None:
        """Report keys that are unknown or belong to another kind of step."""
        for key in raw:
            spec = _STEP_SPEC.get(key)
            if spec is None:
                own = [k.name for k in STEP_KEYS if kind is None or kind in k.kinds]
                hint = did_you_mean(key, own) or did_you_mean(key, list(_STEP_SPEC))
                self.add((*path, key), f"unknown key {key!r}" + hint, prefix)
            elif kind is not None and kind not in spec.kinds:
                self.add(
                    (*path, key),
                    f"{key!r} does not apply to a {kind.value} step "
                    f"(it is for {kind_list(spec.kinds)} steps)",
                    prefix,
                )

    def _check_picture_words(
        self, raw: dict[str, Any], values: dict[str, Any], path: KeyPath, prefix: str
    ) -> None:
        """A picture needs its words (for plain mode and screen readers), and words a picture."""
        if "image" in raw and "image_alt" not in raw:
            self.add(
                (*path, "image"),
                "a picture needs 'image_alt': what it shows, in words, for patients who "
                'cannot see it (e.g. image_alt = "On hands and knees, one arm and the '
                'opposite leg stretched out")',
                prefix,
            )
        elif "image_alt" in raw and "image" not in raw:
            self.add((*path, "image_alt"), "'image_alt' describes a picture: add 'image'", prefix)
        elif "image_alt" in values and not values["image_alt"]:
            self.add((*path, "image_alt"), "'image_alt' must not be empty", prefix)

    def _check_cues(
        self, kind: StepKind, values: dict[str, Any], path: KeyPath, prefix: str
    ) -> None:
        """Report cues that fall outside the unit (hold, set, block) they count into."""
        cues: tuple[TextCue, ...] = values.get("cues", ())
        unit = cue_unit(kind, values) if cues else None
        if unit is None:
            return  # no cues, a unit with no fixed end, or the unit's length is itself wrong
        limit, words = unit
        for number, cue in enumerate(cues, start=1):
            if cue.at >= limit:
                self.add(
                    (*path, "cues", number - 1, "at"),
                    f"'at' ({format_duration(cue.at)}) must fall inside "
                    + words.format(format_duration(limit)),
                    f"{prefix}cue {number}: ",
                )
