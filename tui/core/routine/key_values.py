"""Checking one value of a routine file against its key in :mod:`tui.core.routine.spec`.

:class:`RoutineKeyChecker` holds the problems found so far and words each the
way the file is written (:mod:`tui.core.routine.problem_words`); the routine
loader (:mod:`tui.core.routine.loader`) builds on it for the checks that span
a whole step or file (foreign keys, cues inside their unit, pain levels).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from tui.core.routine.durations import DurationError, format_duration, parse_duration
from tui.core.routine.model import ROUTINE_FORMAT_VERSION, Block, Problem, Tempo, TextCue
from tui.core.routine.problem_words import as_toml, bounds_words, did_you_mean
from tui.core.routine.spec import (
    BLOCK_KEYS,
    CUE_KEYS,
    MAX_LINE_LENGTH,
    PICTURE_PATH,
    TEMPO_KEYS,
    TEMPO_PHASE_HIGH,
    TEMPO_REP_HIGH,
    TEMPO_REP_LOW,
    TEMPO_TEXT,
    KeySpec,
)
from tui.core.routine.toml_lines import KeyPath, LineMap
from tui.core.safe_text import LINE_BREAKS, first_unsafe

_TEMPO_SPEC = {k.name: k for k in TEMPO_KEYS}
_BLOCK_SPEC = {k.name: k for k in BLOCK_KEYS}
_CUE_SPEC = {k.name: k for k in CUE_KEYS}

_TEMPO_TEXT = re.compile(TEMPO_TEXT)
_PICTURE_PATH = re.compile(PICTURE_PATH)


class RoutineKeyChecker:
    """Checks values and tables against :class:`KeySpec` entries, collecting problems."""

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

    @property
    def lines(self) -> LineMap:
        """The full line map, built only when a problem needs a line number."""
        if self._line_map is None:
            self._line_map = LineMap(self.source)
        return self._line_map

    def add(self, path: KeyPath, message: str, prefix: str = "") -> None:
        self.problems.append(Problem(self.filename, self.lines.line(path), prefix + message))

    @property
    def faults(self) -> int:
        """Problems found so far, counting required keys set aside with their line."""
        return len(self.problems) + self._set_aside

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
            case "picture":
                return self._picture(raw, path, spec, prefix)
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
        if spec.type != "paragraph" and any(char in raw for char in LINE_BREAKS):
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
        return raw.strip() if spec.type != "paragraph" else raw.strip("\n")

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
            if line is not None and spec.choices:
                line = self._listed_choice(line, lines, (*path, index), spec, prefix)
            if line is not None:
                lines.append(line)
        return tuple(lines) if len(lines) == len(raw) else None

    def _listed_choice(
        self, line: str, earlier: list[str], path: KeyPath, spec: KeySpec, prefix: str
    ) -> str | None:
        """``line`` when it is one of ``spec.choices`` not listed before (``pain_sites``)."""
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

    def _picture(self, raw: object, path: KeyPath, spec: KeySpec, prefix: str) -> str | None:
        """A picture's path: relative, inside the routine's folder, a PNG or JPEG by name.

        Whether the file is there and really a picture is :mod:`tui.core.routine.pictures`'s
        to check (``supple check``): a routine is read without opening any other file.
        """
        text = self._text(raw, path, spec, prefix)
        if text is None:
            return None
        if not text:
            self.add(
                path, "'image' must not be empty: name a picture, or leave 'image' out", prefix
            )
            return None
        if text.startswith("/") or "\\" in text or ":" in text:
            self.add(
                path,
                f"'image' must be a path inside the routine's folder, written with / between "
                f'folders, like "pictures/bird-dog.png", got {as_toml(raw)}',
                prefix,
            )
            return None
        if any(part in ("", ".", "..") for part in text.split("/")):
            self.add(
                path,
                "'image' must name a picture inside the routine's folder: no '..', '.' or "
                f"empty folder names, got {as_toml(raw)}",
                prefix,
            )
            return None
        if _PICTURE_PATH.fullmatch(text) is None:
            self.add(
                path,
                f"'image' must be a PNG or JPEG picture (.png, .jpg or .jpeg), got {as_toml(raw)}",
                prefix,
            )
            return None
        return text
