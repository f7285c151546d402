"""A patient's FHIR transaction Bundle (``supple history --format fhir``) read back as sessions.

Only supple's own Bundles are read: the Patient's identifier names the
patient; each Procedure coded exercise therapy is a session, identified by
its ``urn:supple:record`` identifier; Observations find their session by
``partOf``, and pain before and after by ``method``.  A Bundle carries no
segments, so a session read from one has none (its "this hurts" count comes
from the exercise-duration note).  Every problem is listed with where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tui.core.exports.fhir import (
    BODY_SITES,
    CREDIT_TEXT,
    DONE_SHARE_TEXT,
    EXERCISE_CODE,
    NEXT_DAY_CODE,
    PAIN_CODE,
)
from tui.core.exports.fhir_transaction import (
    EFFORT_CODE,
    EXERCISE_THERAPY_CODE,
    PAIN_TIMING,
    ClinicPatient,
)
from tui.core.history.records import SessionRow, canonical_session_id
from tui.core.history.rows import SESSION_ROW_COLUMNS
from tui.core.history.times import stored_time
from tui.core.session.ratings import NextDay

#: A Procedure's status back as a session's (``stopped`` cannot tell partial from abandoned).
_SESSION_STATUS = {
    "completed": "completed",
    "stopped": "partial",
    "not-done": "not_today",
    "in-progress": None,
}
_TITLE_PREFIX = "Home exercise routine: "
_NOTE_PREFIX = "The patient's note: "
_HURT_COUNT = re.compile(r"(\d+) marked as hurting")
#: A pain rating's site by its SNOMED CT body structure (the export's own codes).
_SITE_BY_CODE = {code: site for site, (code, _display) in BODY_SITES.items()}
_NEXT_DAY_COLUMN = SESSION_ROW_COLUMNS.index("next_day")
assert SESSION_ROW_COLUMNS[_NEXT_DAY_COLUMN + 1] == "next_day_at"
_NEXT_DAY_ANSWERS = frozenset(answer.value for answer in NextDay)


@dataclass(frozen=True)
class BundleSessions:
    """A Bundle's patient and sessions: session rows (history's stored form) and hurt counts."""

    patient: ClinicPatient
    sessions: tuple[tuple[SessionRow, int], ...]


def _code(resource: dict[str, Any]) -> str | None:
    try:
        return str(resource["code"]["coding"][0]["code"])
    except (KeyError, IndexError, TypeError):
        return None


def _patient(entries: list[dict[str, Any]], problems: list[str]) -> ClinicPatient | None:
    patients = [e for e in entries if e["resource"].get("resourceType") == "Patient"]
    if len(patients) != 1:
        problems.append(f"entry: expected one Patient, found {len(patients)}")
        return None
    try:
        identifier = patients[0]["resource"]["identifier"][0]
        return ClinicPatient(str(identifier["value"]), str(identifier["system"]))
    except (KeyError, IndexError, TypeError):
        problems.append("Patient: no identifier with a system and a value")
        return None


def _procedure_row(entry: dict[str, Any], where: str, problems: list[str]) -> SessionRow | None:
    resource = entry["resource"]
    try:
        session_id = canonical_session_id(str(resource["identifier"][0]["value"]))
        period = resource["performedPeriod"]
        started = stored_time(str(period["start"]))
        ended = stored_time(str(period["end"])) if "end" in period else None
        status = _SESSION_STATUS[resource["status"]]
    except (KeyError, IndexError, TypeError, ValueError):
        problems.append(f"{where}: not a supple session (identifier, performedPeriod, status)")
        return None
    if started is None or (status is None) != (ended is None):
        problems.append(f"{where}: its period and status do not agree")
        return None
    title = str(resource.get("code", {}).get("text", "")).removeprefix(_TITLE_PREFIX)
    notes = None
    for note in resource.get("note") or []:
        notes = str(note.get("text", "")).removeprefix(_NOTE_PREFIX) or None
    # The history's columns; done share and credit come from the exercise Observation, pain
    # by site and the next-day check from theirs.
    return (session_id, title, "", "", "", started, ended, status, 0, None, None, None, notes,
            None, None, *(None,) * (len(SESSION_ROW_COLUMNS) - 15))  # fmt: skip


def _rating(resource: dict[str, Any], where: str, problems: list[str]) -> int | None:
    value = (resource.get("valueQuantity") or {}).get("value")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        problems.append(f"{where}: expected a whole number 0-10, got {value!r}")
        return None
    return value


def _apply(
    row: list[Any], hurt: list[int], resource: dict[str, Any], where: str, problems: list[str]
) -> None:
    """Put one Observation's value into its session's row (pain, effort) or hurt count."""
    code = _code(resource)
    if code == PAIN_CODE:
        method = (resource.get("method") or {}).get("coding") or [{}]
        timing = method[0].get("code") if method[0].get("system") == PAIN_TIMING else None
        if timing == "during-session":
            return  # given on "this hurts": the session's hurt count says it was
        if timing not in ("before-session", "after-session"):
            problems.append(f"{where}: a pain rating that says neither before, during nor after")
            return
        row[_pain_column(resource, timing)] = _rating(resource, where, problems)
    elif code == NEXT_DAY_CODE:
        answer = ((resource.get("valueCodeableConcept") or {}).get("coding") or [{}])[0]
        if answer.get("code") in _NEXT_DAY_ANSWERS:
            row[_NEXT_DAY_COLUMN] = answer["code"]
            row[_NEXT_DAY_COLUMN + 1] = stored_time(str(resource.get("effectiveDateTime", "")))
    elif code == EFFORT_CODE:
        row[11] = _rating(resource, where, problems)
    elif code == EXERCISE_CODE:
        for note in resource.get("note") or []:
            found = _HURT_COUNT.search(str(note.get("text", "")))
            if found:
                hurt[0] = int(found.group(1))
        _apply_credit(row, resource)


def _pain_column(resource: dict[str, Any], timing: str) -> int:
    """The row column of a pain rating: the session's own, or by site (its ``bodySite``)."""
    which = "before" if timing == "before-session" else "after"
    coding = ((resource.get("bodySite") or {}).get("coding") or [{}])[0]
    site = _SITE_BY_CODE.get(str(coding.get("code")))
    if site is None:
        return SESSION_ROW_COLUMNS.index(f"pain_{which}")
    return SESSION_ROW_COLUMNS.index(f"pain_{site.value}_{which}")


def _apply_credit(row: list[Any], resource: dict[str, Any]) -> None:
    """The done share (a percentage) and the credit from the exercise Observation's components."""
    for component in resource.get("component") or []:
        text = (component.get("code") or {}).get("text")
        if text == DONE_SHARE_TEXT:
            value = (component.get("valueQuantity") or {}).get("value")
            if isinstance(value, int | float) and 0 <= value <= 100:
                row[13] = round(value / 100, 4)
        elif text == CREDIT_TEXT and isinstance(component.get("valueBoolean"), bool):
            row[14] = int(component["valueBoolean"]) if row[7] is not None else None


def read_bundle(document: object) -> tuple[BundleSessions | None, list[str]]:
    """The patient and sessions of a supple transaction Bundle, and every problem found."""
    problems: list[str] = []
    if not isinstance(document, dict) or document.get("resourceType") != "Bundle":
        return None, ["top level: not a FHIR Bundle"]
    raw = document.get("entry")
    if document.get("type") != "transaction" or not isinstance(raw, list):
        return None, ['top level: expected a Bundle of type "transaction" with entries']
    entries = [e for e in raw if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    if len(entries) != len(raw):
        problems.append("entry: some entries hold no resource")
    patient = _patient(entries, problems)
    rows: dict[str, tuple[list[Any], list[int]]] = {}
    for number, entry in enumerate(entries):
        resource = entry["resource"]
        if resource.get("resourceType") == "Procedure" and _code(resource) == EXERCISE_THERAPY_CODE:
            row = _procedure_row(entry, f"entry[{number}]", problems)
            if row is not None:
                rows[str(entry.get("fullUrl"))] = (list(row), [0])
    for number, entry in enumerate(entries):
        resource = entry["resource"]
        if resource.get("resourceType") != "Observation":
            continue
        part_of = (resource.get("partOf") or [{}])[0].get("reference")
        if part_of not in rows:
            problems.append(f"entry[{number}]: an Observation of no session in the Bundle")
            continue
        _apply(*rows[part_of], resource, f"entry[{number}]", problems)
    if problems or patient is None:
        return None, problems
    sessions = tuple((tuple(row), hurt[0]) for row, hurt in rows.values())
    return BundleSessions(patient, sessions), []
