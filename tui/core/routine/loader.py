"""Read a routine file (TOML, format version 1) into a :class:`~tui.core.routine.model.Routine`.

Every problem in a file is collected and raised at once as a
:class:`~tui.core.routine.model.RoutineError`, each as ``FILE:LINE: message`` naming
the step by number and name, so a therapist can fix a file in one pass.  No
input makes :func:`parse_routine` raise anything else.

A routine file is data: the loader never evaluates anything and never reads
any other file.  The rules (keys, defaults, bounds) are stated once, in the key
tables of :mod:`tui.core.routine.spec`; this module checks a document against
them in one pass (:class:`_RoutineChecker`), asking :mod:`tui.core.routine.toml_lines`
for the line of each problem.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui.core.routine.durations import DurationError, format_duration, parse_duration
from tui.core.routine.model import (
    ROUTINE_FORMAT_VERSION,
    Block,
    PainSite,
    Problem,
    Routine,
    RoutineError,
    Sides,
    Step,
    StepKind,
    Tempo,
    TextCue,
)
from tui.core.routine.problem_words import (
    as_toml,
    bounds_words,
    did_you_mean,
    kind_list,
    step_prefix,
)
from tui.core.routine.spec import (
    BLOCK_KEYS,
    CUE_KEYS,
    MAX_LINE_LENGTH,
    MAX_STEPS,
    ROUTINE_KEYS,
    STEP_KEYS,
    TEMPO_KEYS,
    TEMPO_PHASE_HIGH,
    TEMPO_REP_HIGH,
    TEMPO_REP_LOW,
    TEMPO_TEXT,
    TOP_KEYS,
    KeySpec,
    cue_unit,
    pain_levels_problem,
)
from tui.core.routine.toml_lines import (
    KeyPath,
    LineMap,
    decode_text,
    read_routine_file,
    routine_bytes,
    step_header_lines,
)
from tui.core.routine.toml_reading import read_document
from tui.core.safe_text import LINE_BREAKS, first_unsafe

#: At most this many problems are listed for one file; the rest are counted.
MAX_PROBLEMS = 100

_ROUTINE_SPEC = {k.name: k for k in ROUTINE_KEYS}
_STEP_SPEC = {k.name: k for k in STEP_KEYS}
_TEMPO_SPEC = {k.name: k for k in TEMPO_KEYS}
_BLOCK_SPEC = {k.name: k for k in BLOCK_KEYS}
_CUE_SPEC = {k.name: k for k in CUE_KEYS}

_TEMPO_TEXT = re.compile(TEMPO_TEXT)


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


class _RoutineChecker:
    """Walks a parsed document, collecting problems and building the routine."""

    def __init__(
        self, filename: str, source: str, unreadable: frozenset[KeyPath] = frozenset()
    ) -> None:
        self.filename = filename
        self.source = source
        #: Keys on lines set aside for a syntax mistake (already reported; not "missing").
        self.unreadable = unreadable
        self.problems: list[Problem] = []
        #: Required keys left unreported because their line was set aside.
        self._set_aside = 0
        self._line_map: LineMap | None = None
        self._step_lines: list[int] | None = None

    @property
    def lines(self) -> LineMap:
        """The full line map, built only when a problem needs a line number."""
        if self._line_map is None:
            self._line_map = LineMap(self.source)
        return self._line_map

    def step_line(self, index: int, count: int) -> int:
        """Line of step ``index``'s header, cheaply when steps are plain [[step]] tables."""
        if self._step_lines is None:
            self._step_lines = step_header_lines(self.source)
        if len(self._step_lines) == count:
            return self._step_lines[index]
        return self.lines.line(("step", index))

    def add(self, path: KeyPath, message: str, prefix: str = "") -> None:
        self.problems.append(Problem(self.filename, self.lines.line(path), prefix + message))

    @property
    def faults(self) -> int:
        """Problems found so far, counting required keys set aside with their line."""
        return len(self.problems) + self._set_aside

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

    def _missing(self, path: KeyPath, spec: KeySpec, prefix: str) -> None:
        if (*path, spec.name) in self.unreadable:
            self._set_aside += 1
            return
        example = f" (e.g. {spec.example})" if spec.example else ""
        self.add(path, f"missing {spec.name!r}{example}", prefix)

    # ----------------------------------------------------------------- tables and values

    def table(
        self,
        raw: dict[str, Any],
        path: KeyPath,
        specs: Mapping[str, KeySpec],
        prefix: str,
        where: str,
    ) -> dict[str, Any] | None:
        """Check a table against ``specs``; its values by name, or None on any problem."""
        before = self.faults
        for key in raw:
            if key not in specs:
                self.add(
                    (*path, key), f"unknown key {key!r}" + did_you_mean(key, list(specs)), prefix
                )
        values: dict[str, Any] = {}
        for spec in specs.values():
            if spec.name not in raw:
                if spec.required:
                    self._missing(path, spec, prefix + (f"{where}: " if not prefix else ""))
                continue
            value = self.value(raw[spec.name], (*path, spec.name), spec, prefix)
            if value is not None:
                values[spec.name] = value
        return values if self.faults == before else None

    def value(self, raw: object, path: KeyPath, spec: KeySpec, prefix: str) -> Any:
        """The checked value of one key (None after adding a problem)."""
        match spec.type:
            case "text" | "paragraph":
                return self._text(raw, path, spec, prefix)
            case "whole":
                return self._whole(raw, path, spec, prefix)
            case "duration":
                return self._duration(raw, path, spec, prefix)
            case "bool":
                if isinstance(raw, bool):
                    return raw
                self.add(path, f"{spec.name!r} must be true or false, got {as_toml(raw)}", prefix)
                return None
            case "choice":
                return self._choice(raw, path, spec, prefix)
            case "version":
                if (
                    isinstance(raw, int)
                    and not isinstance(raw, bool)
                    and raw == ROUTINE_FORMAT_VERSION
                ):
                    return raw
                self.add(
                    path, f"'version' must be {ROUTINE_FORMAT_VERSION}, got {as_toml(raw)}", prefix
                )
                return None
            case "lines":
                return self._lines(raw, path, spec, prefix)
            case "tempo":
                return self._tempo(raw, path, prefix)
            case "blocks":
                return self._blocks(raw, path, spec, prefix)
            case "cues":
                return self._cues(raw, path, spec, prefix)
        return None  # pragma: no cover - every type is handled above

    def _text(self, raw: object, path: KeyPath, spec: KeySpec, prefix: str) -> str | None:
        name = spec.name
        if not isinstance(raw, str):
            self.add(path, f"{name!r} must be text in quotes, got {as_toml(raw)}", prefix)
            return None
        if spec.required and not raw.strip():
            self.add(path, f"{name!r} must not be empty", prefix)
            return None
        if spec.max_length is not None and len(raw) > spec.max_length:
            self.add(
                path,
                f"{name!r} must be at most {spec.max_length} characters long, got {len(raw)}",
                prefix,
            )
            return None
        if spec.type == "text" and any(char in raw for char in LINE_BREAKS):
            self.add(path, f"{name!r} must be a single line of text", prefix)
            return None
        unsafe = first_unsafe(raw, LINE_BREAKS)
        if unsafe is not None:
            self.add(
                path,
                f"holds {unsafe}, which a screen would not show as text (a control, "
                f"direction or invisible character): {name!r} must not contain control characters",
                prefix,
            )
            return None
        return raw.strip() if spec.type == "text" else raw.strip("\n")

    def _whole(self, raw: object, path: KeyPath, spec: KeySpec, prefix: str) -> int | None:
        number: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            number = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        if number is None or not (
            (spec.low is None or number >= spec.low) and (spec.high is None or number <= spec.high)
        ):
            self.add(
                path,
                f"{spec.name!r} must be a whole number {bounds_words(spec)}, got {as_toml(raw)}",
                prefix,
            )
            return None
        return number

    def _duration(self, raw: object, path: KeyPath, spec: KeySpec, prefix: str) -> float | None:
        try:
            seconds = parse_duration(raw)
        except DurationError as exc:
            expected = f"{spec.name!r} must be a duration {bounds_words(spec)}"
            self.add(path, f"{expected}, got {as_toml(raw)} ({exc})", prefix)
            return None
        if (spec.low is not None and seconds < spec.low) or (
            spec.high is not None and seconds > spec.high
        ):
            expected = f"{spec.name!r} must be a duration {bounds_words(spec)}"
            shown = as_toml(raw)
            if not isinstance(raw, str) and seconds >= 60:
                shown += f" ({format_duration(seconds)})"
            self.add(path, f"{expected}, got {shown}", prefix)
            return None
        return seconds

    def _choice(self, raw: object, path: KeyPath, spec: KeySpec, prefix: str) -> str | None:
        if isinstance(raw, str) and raw in spec.choices:
            return raw
        options = ", ".join(f'"{c}"' for c in spec.choices)
        hint = ""
        if isinstance(raw, str):
            close = difflib.get_close_matches(raw.lower().strip(), spec.choices, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
        self.add(path, f"{spec.name!r} must be one of {options}, got {as_toml(raw)}{hint}", prefix)
        return None

    def _lines(
        self, raw: object, path: KeyPath, spec: KeySpec, prefix: str
    ) -> tuple[str, ...] | None:
        if not isinstance(raw, list):
            self.add(
                path,
                f'{spec.name!r} must be a list of text lines, like ["First rule.", '
                f'"Second rule."], got {as_toml(raw)}',
                prefix,
            )
            return None
        if spec.max_length is not None and len(raw) > spec.max_length:
            self.add(
                path,
                f"{spec.name!r} may have at most {spec.max_length} lines, got {len(raw)}",
                prefix,
            )
            return None
        line_spec = KeySpec(
            f"{spec.name} line", "text", "", "", required=True, max_length=MAX_LINE_LENGTH
        )
        lines: list[str] = []
        for index, item in enumerate(raw):
            line = self._text(item, (*path, index), line_spec, prefix)
            if line is not None and spec.choices:  # each one of the choices, once
                line = self._listed_choice(line, lines, (*path, index), spec, prefix)
            if line is not None:
                lines.append(line)
        return tuple(lines) if len(lines) == len(raw) else None

    def _listed_choice(
        self, line: str, earlier: list[str], path: KeyPath, spec: KeySpec, prefix: str
    ) -> str | None:
        if line in earlier:
            self.add(path, f'{spec.name!r} lists "{line}" twice', prefix)
            return None
        if line not in spec.choices:
            options = ", ".join(f'"{c}"' for c in spec.choices)
            self.add(path, f"each of {spec.name!r} must be one of {options}, got {line!r}", prefix)
            return None
        return line

    def _tempo(self, raw: object, path: KeyPath, prefix: str) -> Tempo | None:
        phases: dict[str, float] | None
        if isinstance(raw, str):
            phases = self._tempo_from_text(raw, path, prefix)
        elif isinstance(raw, dict):
            phases = self.table(raw, path, _TEMPO_SPEC, f"{prefix}tempo: ", "tempo")
        else:
            self.add(
                path,
                "'tempo' must be a table like { up = 2, hold = 1, down = 2 } or text like "
                f'"2-1-2", got {as_toml(raw)}',
                prefix,
            )
            return None
        if phases is None:
            return None
        tempo = Tempo(**{phase: phases.get(phase, 0.0) for phase in _TEMPO_SPEC})
        if not TEMPO_REP_LOW <= tempo.seconds <= TEMPO_REP_HIGH:
            self.add(
                path,
                f"one rep at this tempo takes {format_duration(tempo.seconds)}; it must take "
                f"from {TEMPO_REP_LOW:g} s to {TEMPO_REP_HIGH:g} s",
                prefix,
            )
            return None
        return tempo

    def _tempo_from_text(self, raw: str, path: KeyPath, prefix: str) -> dict[str, float] | None:
        """The phases of a tempo written as text ("2-1-2"), by name."""
        if len(raw) > 40 or _TEMPO_TEXT.fullmatch(raw) is None:
            self.add(
                path,
                f"'tempo' text must be up-hold-down seconds like \"2-1-2\" (or "
                f'up-hold-down-pause like "2-1-2-1"), got {as_toml(raw)}',
                prefix,
            )
            return None
        numbers = [float(part) for part in raw.split("-")]
        numbers += [0.0] * (len(_TEMPO_SPEC) - len(numbers))  # the pause may be left out
        phases = dict(zip(_TEMPO_SPEC, numbers, strict=True))
        for key, seconds in phases.items():
            if seconds > TEMPO_PHASE_HIGH:
                self.add(
                    path,
                    f"tempo {key!r} must be at most {TEMPO_PHASE_HIGH:g} s, got {seconds:g}",
                    prefix,
                )
                return None
        return phases

    def _table_list(
        self, raw: object, path: KeyPath, spec: KeySpec, prefix: str, what: str, example: str
    ) -> list[dict[str, Any]] | None:
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.add(path, f"{spec.name!r} must be a list of tables like {example}", prefix)
            return None
        if spec.max_length is not None and len(raw) > spec.max_length:
            self.add(
                path,
                f"{spec.name!r} may have at most {spec.max_length} {what}s, got {len(raw)}",
                prefix,
            )
            return None
        return raw

    def _blocks(
        self, raw: object, path: KeyPath, spec: KeySpec, prefix: str
    ) -> tuple[Block, ...] | None:
        items = self._table_list(
            raw, path, spec, prefix, "block", '[{ label = "Walk", duration = "5m" }]'
        )
        if items is None:
            return None
        if not items:
            self.add(path, "'blocks' needs at least one block", prefix)
            return None
        blocks: list[Block] = []
        for index, item in enumerate(items):
            values = self.table(
                item, (*path, index), _BLOCK_SPEC, f"{prefix}block {index + 1}: ", "block"
            )
            if values is not None:
                blocks.append(Block(label=values["label"], seconds=values["duration"]))
        return tuple(blocks) if len(blocks) == len(items) else None

    def _cues(
        self, raw: object, path: KeyPath, spec: KeySpec, prefix: str
    ) -> tuple[TextCue, ...] | None:
        items = self._table_list(
            raw, path, spec, prefix, "cue", '[{ at = "15s", text = "Breathe out slowly" }]'
        )
        if items is None:
            return None
        cues: list[TextCue] = []
        for index, item in enumerate(items):
            values = self.table(
                item, (*path, index), _CUE_SPEC, f"{prefix}cue {index + 1}: ", "cue"
            )
            if values is not None:
                cues.append(TextCue(at=values["at"], text=values["text"]))
        if len(cues) != len(items):
            return None
        return tuple(sorted(cues, key=lambda cue: cue.at))
