"""History exports: the JSON backup (and its import), CSV and a plain-text table.

JSON is the lossless backup format::

    {"format": "supple-history", "version": 1, "sessions": [...]}

Each session carries the keys the history issue lists (``id``, ``routine``
with ``title``/``path``/``sha256``, ``started_at``, ``ended_at``, ``status``,
``preview``, ``pain_before``, ``pain_after``, ``effort``, ``notes``,
``segments``) and, so that nothing stored is lost, ``app_version``; each
segment carries ``step``, ``name``, ``kind``, ``side``, ``rep``, ``set``,
``planned_seconds``, ``actual_seconds``, ``status``, ``hurt`` plus ``index``
(its place in the timeline) and ``ended_at``.  The three extra keys are
optional on import, so a file with only the listed keys imports too.  Times
are RFC 3339 in UTC (``+00:00``).

:func:`parse_history_json` checks a whole document and reports every problem
at once, naming where each is, before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO, Any

from tui.core.history.store import (
    HistoryStore,
    ImportBatch,
    LoggedSegment,
    RoutineRef,
    SegmentRow,
    Session,
    SessionRow,
    SessionSummary,
    batch_of,
    canonical_session_id,
    make_segment,
    stored_time,
    tally_of,
    to_local,
)
from tui.core.session.engine import SegmentStatus
from tui.core.session.status import SessionStatus
from tui.core.session.timeline import SegmentKind

FORMAT_NAME = "supple-history"
FORMAT_VERSION = 1

#: Shown under every table of ratings (see docs/DOMAIN "Measuring pain and effort").
RATINGS_NOTICE = "supple records what you report; it does not assess you."


class HistoryImportError(ValueError):
    """A backup file that cannot be imported; ``problems`` says every reason and where."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        shown = list(self.problems[:10])
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more")
        super().__init__(f"{source} is not a supple history backup: " + "; ".join(shown))


# --------------------------------------------------------------------------- JSON out


def rfc3339(moment: datetime) -> str:
    """``moment`` as RFC 3339 in UTC with seconds (and microseconds when present)."""
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    return utc.isoformat()  # microseconds only when there are some


def _opt_time(moment: datetime | None) -> str | None:
    return None if moment is None else rfc3339(moment)


def segment_to_json(segment: LoggedSegment) -> dict[str, Any]:
    """One segment in the backup shape."""
    return {
        "index": segment.index,
        "step": segment.step,
        "name": segment.name,
        "kind": segment.kind.value,
        "side": segment.side,
        "rep": segment.rep,
        "set": segment.set,
        "planned_seconds": segment.planned_seconds,
        "actual_seconds": segment.actual_seconds,
        "status": segment.status.value,
        "hurt": segment.hurt,
        "ended_at": rfc3339(segment.ended_at),
    }


def session_to_json(session: Session) -> dict[str, Any]:
    """One session in the backup shape."""
    return {
        "id": session.id,
        "routine": {
            "title": session.routine.title,
            "path": session.routine.path,
            "sha256": session.routine.sha256,
        },
        "app_version": session.app_version,
        "started_at": rfc3339(session.started_at),
        "ended_at": _opt_time(session.ended_at),
        "status": None if session.status is None else session.status.value,
        "preview": session.preview,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "effort": session.effort,
        "notes": session.notes,
        "segments": [segment_to_json(s) for s in session.segments],
    }


def history_to_json(sessions: Iterable[Session]) -> dict[str, Any]:
    """The whole backup document."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sessions": [session_to_json(s) for s in sessions],
    }


def write_json(sessions: Iterable[Session], out: IO[str]) -> None:
    """Write the backup document to ``out``, one session per line.

    The same document as :func:`history_to_json`, laid out so that a large
    history is written quickly and still reads (and diffs) line by line.
    """
    _write_lines((json.dumps(session_to_json(s), **_COMPACT) for s in sessions), out)


def write_store_json(
    store: HistoryStore,
    out: IO[str],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    routine: str | None = None,
    include_preview: bool = False,
) -> None:
    """:func:`write_json` of the store's matching sessions, built by SQLite (fast)."""
    _write_lines(store.session_json_lines(since, until, routine, include_preview), out)


_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


def _write_lines(lines: Iterable[str], out: IO[str]) -> None:
    out.write(f'{{"format":"{FORMAT_NAME}","version":{FORMAT_VERSION:d},"sessions":[')
    separator = "\n"
    for line in lines:
        out.write(separator)
        out.write(line)
        separator = ",\n"
    out.write("\n]}\n")


def open_private(path: Path) -> IO[str]:
    """Open ``path`` for writing text, created readable by the user alone (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


# --------------------------------------------------------------------------- JSON in


class _Checker:
    """Collects problems with their location instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def obj(self, value: object, where: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {_kind(value)}")
            return None
        return value

    def keys(
        self, value: dict[str, Any], where: str, required: Iterable[str], optional: Iterable[str]
    ) -> bool:
        required = tuple(required)
        allowed = set(required) | set(optional)
        ok = True
        for key in required:
            if key not in value:
                self.fail(where, f'missing "{key}"')
                ok = False
        for key in value:
            if key not in allowed:
                self.fail(where, f'unknown key "{key}"')
                ok = False
        return ok

    def text(self, value: object, where: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.fail(where, f"expected text, got {_kind(value)}")
            return None
        return value

    def integer(
        self,
        value: object,
        where: str,
        *,
        optional: bool = False,
        low: int | None = None,
        high: int | None = None,
    ) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"expected a whole number, got {_kind(value)}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(where, f"must be from {low} to {high}, got {value}")
            return None
        return value

    def number(self, value: object, where: str, *, optional: bool = False) -> float | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"expected a number of seconds, got {_kind(value)}")
            return None
        if not math.isfinite(value) or value < 0:
            self.fail(where, f"must be a finite number of seconds, 0 or more, got {value}")
            return None
        return float(value)

    def boolean(self, value: object, where: str) -> bool | None:
        if not isinstance(value, bool):
            self.fail(where, f"expected true or false, got {_kind(value)}")
            return None
        return value

    def moment(self, value: object, where: str, *, optional: bool = False) -> datetime | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.fail(where, f"expected an RFC 3339 time, got {_kind(value)}")
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(where, f"not an RFC 3339 time: {value!r}")
            return None
        if parsed.tzinfo is None:
            self.fail(where, f"time has no UTC offset: {value!r}")
            return None
        return parsed.astimezone(UTC)

    def choice(self, value: object, where: str, choices: Sequence[str]) -> str | None:
        if value not in choices:
            self.fail(where, f"must be one of {', '.join(choices)}, got {value!r}")
            return None
        assert isinstance(value, str)
        return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 40 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_SESSION_STATUS_VALUES = tuple(s.value for s in SessionStatus)
_KIND_VALUES = tuple(k.value for k in SegmentKind)
_SEGMENT_STATUS_VALUES = tuple(s.value for s in SegmentStatus)
_SESSION_REQUIRED = (
    "id",
    "routine",
    "started_at",
    "ended_at",
    "status",
    "preview",
    "pain_before",
    "pain_after",
    "effort",
    "notes",
    "segments",
)
_SEGMENT_REQUIRED = (
    "step",
    "name",
    "kind",
    "side",
    "rep",
    "set",
    "planned_seconds",
    "actual_seconds",
    "status",
    "hurt",
)


def _check_document(check: _Checker, document: object, source: str) -> list[object]:
    """Check a backup's top level; returns its raw sessions (empty when unusable).

    A document that is not an object at all is refused at once.
    """
    top = check.obj(document, "top level")
    if top is None:
        raise HistoryImportError(source, check.problems)
    check.keys(top, "top level", ("format", "version", "sessions"), ())
    if "format" in top and top["format"] != FORMAT_NAME:
        check.fail("format", f'expected "{FORMAT_NAME}", got {_kind(top["format"])}')
    if "version" in top and top["version"] != FORMAT_VERSION:
        check.fail(
            "version",
            f"this supple reads version {FORMAT_VERSION}, the file is {_kind(top['version'])}",
        )
    raw_sessions = top.get("sessions")
    if "sessions" in top and not isinstance(raw_sessions, list):
        check.fail("sessions", f"expected a list, got {_kind(raw_sessions)}")
    return raw_sessions if isinstance(raw_sessions, list) else []


def parse_history_json(document: object, source: str = "the file") -> list[Session]:
    """Check a whole backup document and return its sessions.

    Raises :class:`HistoryImportError` listing every problem, each with the
    place it was found (``sessions[3].segments[2].status: ...``).
    """
    check = _Checker()
    raw_sessions = _check_document(check, document, source)
    sessions: list[Session] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_sessions):
        parsed = _parse_session(check, raw, f"sessions[{number}]")
        if parsed is None:
            continue
        if parsed.id in seen:
            check.fail(f"sessions[{number}].id", f"the same id as sessions[{seen[parsed.id]}]")
            continue
        seen[parsed.id] = number
        sessions.append(parsed)
    if check.problems:
        raise HistoryImportError(source, check.problems)
    return sessions


def parse_history_batch(document: object, source: str = "the file") -> ImportBatch:
    """:func:`parse_history_json` giving the stored form (an :class:`ImportBatch`).

    Accepts and rejects exactly the documents :func:`parse_history_json` does,
    with the same problems listed: a session that is not entirely valid on the
    short path below is checked by the same code as there.
    """
    check = _Checker()
    raw_sessions = _check_document(check, document, source)
    entries: list[tuple[SessionRow, tuple[SegmentRow, ...]]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_sessions):
        entry = _quick_session(raw)
        if entry is None:
            parsed = _parse_session(check, raw, f"sessions[{number}]")
            if parsed is None:
                continue
            entry = batch_of((parsed,)).sessions[0]
        sid = entry[0][0]
        if sid in seen:
            check.fail(f"sessions[{number}].id", f"the same id as sessions[{seen[sid]}]")
            continue
        seen[sid] = number
        entries.append(entry)
    if check.problems:
        raise HistoryImportError(source, check.problems)
    return ImportBatch(tuple(entries))


_SESSION_KEYS = frozenset(_SESSION_REQUIRED)
_SESSION_ALLOWED = _SESSION_KEYS | {"app_version"}
_ROUTINE_KEYS = frozenset(("title", "path", "sha256"))


def _rating(value: object) -> bool:
    return value is None or (type(value) is int and 0 <= value <= 10)


def _quick_session(raw: object) -> tuple[SessionRow, tuple[SegmentRow, ...]] | None:
    """A session's stored rows if it is entirely valid, else ``None`` (then checked fully).

    Never accepts what :func:`_parse_session` rejects, and gives the rows
    :func:`batch_of` makes of what :func:`_parse_session` returns.
    """
    if type(raw) is not dict:
        return None
    keys = raw.keys()
    if not (keys >= _SESSION_KEYS and keys <= _SESSION_ALLOWED):
        return None
    raw_id, routine, version = raw["id"], raw["routine"], raw.get("app_version", "")
    if type(raw_id) is not str or type(routine) is not dict or type(version) is not str:
        return None
    try:
        sid = canonical_session_id(raw_id)
    except ValueError:
        return None
    if routine.keys() != _ROUTINE_KEYS:
        return None
    title, path, sha = routine["title"], routine["path"], routine["sha256"]
    if type(title) is not str or type(path) is not str or type(sha) is not str:
        return None
    raw_start, raw_end, status = raw["started_at"], raw["ended_at"], raw["status"]
    if type(raw_start) is not str:
        return None
    started = stored_time(raw_start)
    if started is None:
        return None
    ended: str | None = None
    if raw_end is None or status is None:
        if raw_end is not None or status is not None:
            return None
    else:
        if type(raw_end) is not str or status not in _SESSION_STATUS_VALUES:
            return None
        ended = stored_time(raw_end)
        # Stored times are fixed-width UTC text: they compare as the times do.
        if ended is None or ended < started:
            return None
    preview, notes = raw["preview"], raw["notes"]
    before, after, effort = raw["pain_before"], raw["pain_after"], raw["effort"]
    if not (
        type(preview) is bool
        and (notes is None or type(notes) is str)
        and _rating(before)
        and _rating(after)
        and _rating(effort)
    ):
        return None
    raw_segments = raw["segments"]
    if type(raw_segments) is not list:
        return None
    fallback = ended or started
    segments = []
    for position, raw_segment in enumerate(raw_segments):
        row = _quick_segment_row(sid, raw_segment, position, fallback)
        if row is None:
            return None
        segments.append(row)
    head = (sid, title, path, sha, version, started, ended, status)
    return (
        (*head, int(preview), before, after, effort, notes or None),
        tuple(segments),
    )


def _quick_segment_row(sid: str, raw: object, position: int, fallback: str) -> SegmentRow | None:
    """A segment's stored row if it is entirely valid, else ``None`` (as :func:`_quick_segment`)."""
    if type(raw) is not dict:
        return None
    keys = raw.keys()
    if not (keys >= _SEGMENT_KEYS and keys <= _SEGMENT_ALLOWED):
        return None
    name, side, kind, status = raw["name"], raw["side"], raw["kind"], raw["status"]
    index = raw.get("index", 0)
    planned, actual = raw["planned_seconds"], raw["actual_seconds"]
    if not (
        type(name) is str
        and (side is None or type(side) is str)
        and type(kind) is str
        and kind in _KINDS
        and type(status) is str
        and status in _SEGMENT_STATUSES
        and type(raw["hurt"]) is bool
        and _small_int(raw["step"])
        and _small_int(raw["rep"], optional=True)
        and _small_int(raw["set"], optional=True)
        and type(index) is int
        and 0 <= index <= 1_000_000
        and _seconds(planned, optional=True)
        and _seconds(actual)
    ):
        return None
    at = fallback
    if "ended_at" in raw:
        text = raw["ended_at"]
        if type(text) is not str:
            return None
        stored = stored_time(text)
        if stored is None:
            return None
        at = stored
    return (
        sid,
        position,
        index,
        raw["step"],
        name,
        kind,
        side,
        raw["rep"],
        raw["set"],
        None if planned is None else round(float(planned), 3),
        round(float(actual), 3),
        status,
        int(raw["hurt"]),
        at,
    )


def _parse_session(check: _Checker, raw: object, where: str) -> Session | None:
    before = len(check.problems)
    item = check.obj(raw, where)
    if item is None:
        return None
    check.keys(item, where, _SESSION_REQUIRED, ("app_version",))
    sid: str | None = None
    raw_id = check.text(item.get("id"), f"{where}.id")
    if raw_id is not None:
        try:
            sid = canonical_session_id(raw_id)
        except ValueError:
            check.fail(f"{where}.id", f"not a UUID: {raw_id!r}")
    routine = check.obj(item.get("routine"), f"{where}.routine")
    ref: RoutineRef | None = None
    if routine is not None:
        check.keys(routine, f"{where}.routine", ("title", "path", "sha256"), ())
        title = check.text(routine.get("title"), f"{where}.routine.title")
        path = check.text(routine.get("path"), f"{where}.routine.path")
        sha = check.text(routine.get("sha256"), f"{where}.routine.sha256")
        if title is not None and path is not None and sha is not None:
            ref = RoutineRef(title, path, sha)
    version = check.text(item.get("app_version", ""), f"{where}.app_version")
    started = check.moment(item.get("started_at"), f"{where}.started_at")
    ended = check.moment(item.get("ended_at"), f"{where}.ended_at", optional=True)
    raw_status = item.get("status")
    status: SessionStatus | None = None
    if raw_status is not None:
        chosen = check.choice(raw_status, f"{where}.status", _SESSION_STATUS_VALUES)
        status = None if chosen is None else SessionStatus(chosen)
    if (raw_status is None) != (item.get("ended_at") is None) and "status" in item:
        check.fail(where, "status and ended_at must both be given or both be null")
    if started is not None and ended is not None and ended < started:
        check.fail(f"{where}.ended_at", "is before started_at")
    preview = check.boolean(item.get("preview"), f"{where}.preview")
    ratings = {
        name: check.integer(item.get(name), f"{where}.{name}", optional=True, low=0, high=10)
        for name in ("pain_before", "pain_after", "effort")
    }
    notes = check.text(item.get("notes"), f"{where}.notes", optional=True)
    raw_segments = item.get("segments")
    segments: list[LoggedSegment] = []
    if not isinstance(raw_segments, list):
        check.fail(f"{where}.segments", f"expected a list, got {_kind(raw_segments)}")
    else:
        for position, raw_segment in enumerate(raw_segments):
            segment = _parse_segment(
                check, raw_segment, f"{where}.segments[{position}]", position, ended or started
            )
            if segment is not None:
                segments.append(segment)
    if len(check.problems) > before:
        return None
    assert sid is not None and ref is not None and version is not None and started is not None
    assert preview is not None
    frozen = tuple(segments)
    return Session(
        id=sid,
        routine=ref,
        app_version=version,
        started_at=started,
        ended_at=ended,
        status=status,
        preview=preview,
        pain_before=ratings["pain_before"],
        pain_after=ratings["pain_after"],
        effort=ratings["effort"],
        notes=notes or None,
        tally=tally_of(frozen),
        segments=frozen,
    )


_SEGMENT_KEYS = frozenset(_SEGMENT_REQUIRED)
_SEGMENT_ALLOWED = _SEGMENT_KEYS | {"index", "ended_at"}
_KINDS = {kind.value: kind for kind in SegmentKind}
_SEGMENT_STATUSES = {status.value: status for status in SegmentStatus}


def _small_int(value: object, *, optional: bool = False) -> bool:
    if value is None:
        return optional
    return type(value) is int and 0 <= value <= 10_000


def _seconds(value: Any, *, optional: bool = False) -> bool:
    if value is None:
        return optional
    kind = type(value)
    return (kind is float or kind is int) and 0 <= value < math.inf


def _quick_segment(
    raw: object, position: int, fallback_time: datetime | None
) -> LoggedSegment | None:
    """The segment if it is entirely valid, else ``None`` (the full check then says why).

    A backup of ten years holds over 150,000 segments; checking each the slow,
    explaining way would take seconds, so valid ones take this short path.
    """
    if type(raw) is not dict:
        return None
    keys = raw.keys()
    if not (keys >= _SEGMENT_KEYS and keys <= _SEGMENT_ALLOWED):
        return None
    name, side = raw["name"], raw["side"]
    kind = _KINDS.get(raw["kind"]) if type(raw["kind"]) is str else None
    status = _SEGMENT_STATUSES.get(raw["status"]) if type(raw["status"]) is str else None
    index = raw.get("index", 0)
    if not (
        type(name) is str
        and (side is None or type(side) is str)
        and kind is not None
        and status is not None
        and type(raw["hurt"]) is bool
        and _small_int(raw["step"])
        and _small_int(raw["rep"], optional=True)
        and _small_int(raw["set"], optional=True)
        and type(index) is int
        and 0 <= index <= 1_000_000
        and _seconds(raw["planned_seconds"], optional=True)
        and _seconds(raw["actual_seconds"])
    ):
        return None
    at = fallback_time
    if "ended_at" in raw:
        text = raw["ended_at"]
        if type(text) is not str:
            return None
        try:
            at = datetime.fromisoformat(text)
        except ValueError:
            return None
        if at.tzinfo is None:
            return None
        at = at.astimezone(UTC)
    if at is None:
        return None
    planned = raw["planned_seconds"]
    return make_segment(
        (
            position,
            index,
            raw["step"],
            name,
            kind,
            side,
            raw["rep"],
            raw["set"],
            None if planned is None else float(planned),
            float(raw["actual_seconds"]),
            status,
            raw["hurt"],
            at,
        )
    )


def _parse_segment(
    check: _Checker, raw: object, where: str, position: int, fallback_time: datetime | None
) -> LoggedSegment | None:
    quick = _quick_segment(raw, position, fallback_time)
    if quick is not None:
        return quick
    before = len(check.problems)
    item = check.obj(raw, where)
    if item is None:
        return None
    check.keys(item, where, _SEGMENT_REQUIRED, ("index", "ended_at"))
    step = check.integer(item.get("step"), f"{where}.step", low=0, high=10_000)
    index = check.integer(item.get("index", 0), f"{where}.index", low=0, high=1_000_000)
    name = check.text(item.get("name"), f"{where}.name")
    kind = check.choice(item.get("kind"), f"{where}.kind", _KIND_VALUES)
    side = check.text(item.get("side"), f"{where}.side", optional=True)
    rep = check.integer(item.get("rep"), f"{where}.rep", optional=True, low=0, high=10_000)
    set_ = check.integer(item.get("set"), f"{where}.set", optional=True, low=0, high=10_000)
    planned = check.number(item.get("planned_seconds"), f"{where}.planned_seconds", optional=True)
    actual = check.number(item.get("actual_seconds"), f"{where}.actual_seconds")
    status = check.choice(item.get("status"), f"{where}.status", _SEGMENT_STATUS_VALUES)
    hurt = check.boolean(item.get("hurt"), f"{where}.hurt")
    if "ended_at" in item:
        at = check.moment(item.get("ended_at"), f"{where}.ended_at")
    else:
        at = fallback_time
    if len(check.problems) > before or at is None:
        return None
    assert step is not None and index is not None and name is not None and kind is not None
    assert actual is not None and status is not None and hurt is not None
    return LoggedSegment(
        position=position,
        index=index,
        step=step,
        name=name,
        kind=SegmentKind(kind),
        side=side,
        rep=rep,
        set=set_,
        planned_seconds=planned,
        actual_seconds=actual,
        status=SegmentStatus(status),
        hurt=hurt,
        ended_at=at,
    )


def _read_document(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise HistoryImportError(str(path), ["the file does not exist"]) from exc
    except UnicodeDecodeError as exc:
        raise HistoryImportError(str(path), ["the file is not UTF-8 text"]) from exc
    except OSError as exc:
        raise HistoryImportError(str(path), [f"it can't be read ({exc.strerror})"]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise HistoryImportError(
            str(path), [f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from exc


def load_history_json(path: Path) -> list[Session]:
    """Read and check a backup file; :class:`HistoryImportError` says what is wrong."""
    return parse_history_json(_read_document(path), str(path))


def load_history_batch(path: Path) -> ImportBatch:
    """:func:`load_history_json` in the stored form, for :meth:`HistoryStore.import_batch`.

    The same checks and the same messages; several times faster on a large
    backup because it makes no :class:`Session` objects.
    """
    return parse_history_batch(_read_document(path), str(path))


# --------------------------------------------------------------------------- CSV and table

CSV_COLUMNS = (
    "date",
    "time",
    "routine",
    "duration_min",
    "status",
    "preview",
    "pain_before",
    "pain_after",
    "pain_change",
    "effort",
    "segments_done",
    "segments_skipped",
    "segments_partial",
    "hurt_marks",
    "notes",
)


def _minutes(session: SessionSummary) -> str:
    duration = session.duration
    return "" if duration is None else f"{duration.total_seconds() / 60:.1f}"


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def _status_text(session: SessionSummary) -> str:
    return "unfinished" if session.status is None else session.status.value


def write_csv(
    sessions: Iterable[SessionSummary], out: IO[str], *, tz: tzinfo | None = None
) -> None:
    """One row per session with a header row; dates and times in local time.

    Segment counts are over exercise segments (holds, sets, intervals);
    ``pain_change`` is after minus before (negative means less pain).
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        local = to_local(s.started_at, tz)
        change = s.pain_change
        writer.writerow(
            (
                local.date().isoformat(),
                local.strftime("%H:%M"),
                s.routine.title,
                _minutes(s),
                _status_text(s),
                "yes" if s.preview else "no",
                _blank(s.pain_before),
                _blank(s.pain_after),
                "" if change is None else f"{change:+d}",
                _blank(s.effort),
                s.tally.done,
                s.tally.skipped,
                s.tally.partial,
                s.tally.hurt,
                s.notes or "",
            )
        )


def csv_text(sessions: Iterable[SessionSummary], *, tz: tzinfo | None = None) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO(newline="")
    write_csv(sessions, buffer, tz=tz)
    return buffer.getvalue()


def format_table(sessions: Sequence[SessionSummary], *, tz: tzinfo | None = None) -> str:
    """A plain-text table for a terminal, oldest first as given, with a closing note."""
    header = ("Date", "Time", "Routine", "Min", "Status", "Pain", "Effort", "Done", "Skip", "Hurt")
    rows: list[tuple[str, ...]] = []
    for s in sessions:
        local = to_local(s.started_at, tz)
        if s.pain_before is None and s.pain_after is None:
            pain = ""
        else:
            before = "-" if s.pain_before is None else str(s.pain_before)
            after = "-" if s.pain_after is None else str(s.pain_after)
            pain = f"{before}->{after}"
        title = s.routine.title if len(s.routine.title) <= 32 else s.routine.title[:31] + "…"
        status = _status_text(s) + (" (preview)" if s.preview else "")
        rows.append(
            (
                local.date().isoformat(),
                local.strftime("%H:%M"),
                title,
                _minutes(s),
                status,
                pain,
                _blank(s.effort),
                str(s.tally.done),
                str(s.tally.skipped),
                str(s.tally.hurt) if s.tally.hurt else "",
            )
        )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    numeric = {3, 6, 7, 8, 9}

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    noun = "session" if len(rows) == 1 else "sessions"
    out.append("")
    out.append(f"{len(rows)} {noun}. Pain is 0-10 before->after; {RATINGS_NOTICE}")
    return "\n".join(out) + "\n"
