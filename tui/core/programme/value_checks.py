"""Checking one value or one table of a programme file against its key in the spec.

:class:`ValueChecker` holds the problems found so far and words each the way
the file is written (:mod:`tui.core.routine.problem_words`); the programme
loader builds on it for the checks that span tables (phases, cards,
progressions).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from tui.core.programme.plan import PROGRAMME_FORMAT_VERSION, first_day_of_week
from tui.core.programme.plan_keys import (
    DAY_RANGE,
    FIRST_USE,
    K_OF_LAST_M,
    MAX_DAY,
    MAX_LAST_SESSIONS,
    MAX_WEEK,
    PERCENT,
    ProgrammeKey,
)
from tui.core.routine.durations import DurationError, format_duration, parse_duration
from tui.core.routine.model import Problem
from tui.core.routine.problem_words import as_toml, did_you_mean
from tui.core.routine.spec import forbidden_characters
from tui.core.routine.toml_lines import KeyPath, LineMap
from tui.core.safe_text import LINE_BREAKS

_CONTROL = re.compile(f"[{forbidden_characters('paragraph')}]")


class ValueChecker:
    """Checks values against :class:`ProgrammeKey` entries, collecting problems."""

    def __init__(self, filename: str, lines: LineMap) -> None:
        self.filename = filename
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: KeyPath, message: str, prefix: str = "") -> None:
        """Note a problem at the line of ``path``."""
        self.problems.append(Problem(self.filename, self.lines.line(path), prefix + message))

    def table(
        self, raw: dict[str, Any], path: KeyPath, keys: tuple[ProgrammeKey, ...], prefix: str
    ) -> dict[str, Any] | None:
        """Check one table against ``keys``: its values (defaults filled in), or None."""
        before = len(self.problems)
        specs = {k.name: k for k in keys}
        for key in raw:
            if key not in specs:
                hint = did_you_mean(key, list(specs))
                self.add((*path, key), f"unknown key {key!r}{hint}", prefix)
        values: dict[str, Any] = {}
        for spec in keys:
            if spec.name not in raw:
                if spec.required:
                    example = f" (e.g. {spec.example})" if spec.example else ""
                    self.add(path, f"missing {spec.name!r}{example}", prefix)
                values[spec.name] = self.default(spec)
                continue
            values[spec.name] = self.value(raw[spec.name], (*path, spec.name), spec, prefix)
        return values if len(self.problems) == before else None

    def default(self, spec: ProgrammeKey) -> Any:
        """The value a key left out takes."""
        if spec.type == "start":
            return None
        return spec.default

    # ----------------------------------------------------------------- values

    def value(self, raw: object, path: KeyPath, spec: ProgrammeKey, prefix: str) -> Any:
        """The checked value of one key (None after adding a problem)."""
        match spec.type:
            case "text" | "paragraph":
                return self.text(raw, path, spec, prefix)
            case "whole":
                return self.whole(raw, path, spec, prefix)
            case "bool":
                if isinstance(raw, bool):
                    return raw
                self.add(path, f"{spec.name!r} must be true or false, got {as_toml(raw)}", prefix)
            case "choice":
                if isinstance(raw, str) and raw in spec.choices:
                    return raw
                options = ", ".join(f'"{c}"' for c in spec.choices)
                self.add(
                    path, f"{spec.name!r} must be one of {options}, got {as_toml(raw)}", prefix
                )
            case "duration":
                return self.duration(raw, path, spec, prefix)
            case "version":
                if raw == PROGRAMME_FORMAT_VERSION and not isinstance(raw, bool):
                    return raw
                self.add(path, f"'version' must be {PROGRAMME_FORMAT_VERSION}, got {as_toml(raw)}")
            case "start":
                return self.start(raw, path, prefix)
            case "days" | "weeks":
                return self.day_range(raw, path, spec, prefix)
            case "k_of_m":
                return self.k_of_m(raw, path, prefix)
            case "percent":
                return self.percent(raw, path, prefix)
            case "sites":
                return self.sites(raw, path, spec, prefix)
            case "routines" | "criteria":
                return raw  # checked by the phase, which knows its prescription
        return None

    def sites(
        self, raw: object, path: KeyPath, spec: ProgrammeKey, prefix: str
    ) -> tuple[str, ...] | None:
        """A list of ``spec.choices``, each at most once; None after a problem."""
        options = ", ".join(f'"{c}"' for c in spec.choices)
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            self.add(path, f"{spec.name!r} must be a list such as [{options}]", prefix)
        elif any(item not in spec.choices for item in raw):
            self.add(path, f"each of {spec.name!r} must be one of {options}", prefix)
        elif len(set(raw)) != len(raw):
            self.add(path, f"{spec.name!r} lists a site twice", prefix)
        else:
            return tuple(raw)
        return None

    def text(self, raw: object, path: KeyPath, spec: ProgrammeKey, prefix: str) -> str | None:
        """One line (or a paragraph) of text, stripped; None after a problem."""
        name = spec.name
        if not isinstance(raw, str):
            self.add(path, f"{name!r} must be text in quotes, got {as_toml(raw)}", prefix)
        elif spec.required and not raw.strip():
            self.add(path, f"{name!r} must not be empty", prefix)
        elif spec.max_length is not None and len(raw) > spec.max_length:
            self.add(path, f"{name!r} must be at most {spec.max_length} characters", prefix)
        elif spec.type == "text" and any(char in raw for char in LINE_BREAKS):
            self.add(path, f"{name!r} must be a single line of text", prefix)
        elif _CONTROL.search(raw):
            self.add(path, f"{name!r} must not contain control characters", prefix)
        else:
            return raw.strip() if spec.type == "text" else raw.strip("\n")
        return None

    def whole(self, raw: object, path: KeyPath, spec: ProgrammeKey, prefix: str) -> int | None:
        """A whole number within the key's bounds; None after a problem."""
        low, high = spec.low or 0, spec.high or 0
        if isinstance(raw, int) and not isinstance(raw, bool) and low <= raw <= high:
            return raw
        words = f"from {low:g} to {high:g}"
        self.add(path, f"{spec.name!r} must be a whole number {words}, got {as_toml(raw)}", prefix)
        return None

    def duration(self, raw: object, path: KeyPath, spec: ProgrammeKey, prefix: str) -> Any:
        """Seconds within the key's bounds; None after a problem."""
        low, high = spec.low or 0, spec.high or 0
        expected = f"{spec.name!r} must be a duration from {format_duration(low)} to "
        expected += format_duration(high)
        try:
            seconds = parse_duration(raw)
        except DurationError as exc:
            self.add(path, f"{expected}, got {as_toml(raw)} ({exc})", prefix)
            return None
        if not low <= seconds <= high:
            self.add(path, f"{expected}, got {as_toml(raw)}", prefix)
            return None
        return seconds

    def start(self, raw: object, path: KeyPath, prefix: str) -> datetime | None:
        """Day 0's moment (a date is its midnight); None for "first use" or a problem."""
        if raw == FIRST_USE:
            return None
        if isinstance(raw, datetime):
            return raw
        if isinstance(raw, date):
            return datetime.combine(raw, time())
        hint = ""
        if isinstance(raw, str) and re.fullmatch(r"\s*\d{4}-\d\d-\d\d.*", raw):
            hint = " (write the date without quotes)"
        self.add(
            path,
            f"'start' must be a date like 2026-12-01, a date and time like 2026-12-01T10:30, "
            f'or "{FIRST_USE}", got {as_toml(raw)}{hint}',
            prefix,
        )
        return None

    def day_range(
        self, raw: object, path: KeyPath, spec: ProgrammeKey, prefix: str
    ) -> tuple[int, int] | None:
        """The first and last day of a day or week range; None after a problem."""
        weeks = spec.type == "weeks"
        low, high = (1, MAX_WEEK) if weeks else (0, MAX_DAY)
        text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
        match = DAY_RANGE.fullmatch(text) if isinstance(text, str) else None
        if match is not None:
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if low <= first <= last <= high:
                return (
                    (first_day_of_week(first), first_day_of_week(last) + 6)
                    if weeks
                    else (
                        first,
                        last,
                    )
                )
        unit = "weeks" if weeks else "days"
        self.add(
            path,
            f'{spec.name!r} must be one of {unit} {low}-{high} or a range like "{low}-{low + 6}" '
            f"(first to last), got {as_toml(raw)}",
            prefix,
        )
        return None

    def k_of_m(self, raw: object, path: KeyPath, prefix: str) -> tuple[int, int] | None:
        """(K, M) from "K of last M"; None after a problem."""
        match = K_OF_LAST_M.fullmatch(raw) if isinstance(raw, str) else None
        if match is not None:
            k, m = int(match.group(1)), int(match.group(2))
            if 1 <= k <= m <= MAX_LAST_SESSIONS:
                return (k, m)
        self.add(
            path,
            f"'on_sessions' must be like \"5 of last 7\" (at least 1, and at most the last "
            f"{MAX_LAST_SESSIONS} sessions), got {as_toml(raw)}",
            prefix,
        )
        return None

    def percent(self, raw: object, path: KeyPath, prefix: str) -> int | None:
        """A whole percentage from "80%"; None after a problem."""
        match = PERCENT.fullmatch(raw) if isinstance(raw, str) else None
        if match is not None and 1 <= int(match.group(1)) <= 100:
            return int(match.group(1))
        self.add(
            path,
            f"'adherence_at_least' must be a percentage from 1% to 100% in quotes, like "
            f'"80%", got {as_toml(raw)}',
            prefix,
        )
        return None
