"""The history as a FHIR R4 ``transaction`` Bundle a FHIR server accepts.

The resources are :mod:`tui.core.exports.fhir`'s (the ``collection`` export)
plus what a server needs to file them under one patient and to recognise them
when they come again:

* a pseudonymous **Patient** carrying only the clinic-assigned id the patient
  entered in settings (``clinic_patient_id`` in ``clinic_id_system``);
* per session a **Procedure** (SNOMED CT 229065009 exercise therapy): the
  routine's title, the period, the status, the patient's note as an
  annotation;
* the collection's Observations (pain, exercise duration and whatever else it
  holds), each with the Patient as ``subject`` and the Procedure in
  ``partOf``; the pain ratings say *when* in ``method`` (:data:`PAIN_TIMING`
  codes ``before-session``, ``after-session``, or ``during-session`` for one
  given on "this hurts") and have distinct identifiers;
* the session's effort (0-10, supple's own wording) as an Observation.

Every resource carries an identifier in :data:`RECORD_SYSTEM` whose value is
a UUID derived from the session id, and every entry is a conditional update
(``PUT Type?identifier=system|value``): the server creates it the first time
and finds it again after, so sending the same history twice creates nothing.
References between entries use the entries' ``urn:uuid:`` full URLs, which
the server rewrites to its own ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.core.config import DEFAULT_CLINIC_ID_SYSTEM, Settings
from tui.core.exports.fhir import (
    CATEGORY_SYSTEM,
    PAIN_CODE,
    SNOMED,
    SUPPLE_CODES,
    UCUM,
    RatedSession,
    bundle_head,
    pain_id,
    session_observations,
    session_time,
    site_pain_id,
    stable_uuid,
    with_segments,
)
from tui.core.history import LoggedSegment, SessionSummary
from tui.core.routine.model import PainSite
from tui.core.session.ratings import EFFORT_LABELS, EFFORT_QUESTION, EFFORT_SCALE_NAME
from tui.core.session.status import SessionStatus

EXERCISE_THERAPY_CODE = "229065009"
EXERCISE_THERAPY_DISPLAY = "Exercise therapy"
#: The identifier system of every resource supple sends (values are UUIDs).
RECORD_SYSTEM = "urn:supple:record"
#: supple's code system for when a pain rating was taken.
PAIN_TIMING = "urn:supple:pain-timing"
EFFORT_CODE = "session-effort"

#: Namespace of the identifiers of the resources the collection export lacks.
_NAMESPACE = uuid.UUID("9a8c1d2e-3b4f-5a6b-8c7d-0e1f2a3b4c5d")

#: A session's status as a Procedure's: partial and abandoned sessions stopped early.
_PROCEDURE_STATUS = {
    SessionStatus.COMPLETED: "completed",
    SessionStatus.PARTIAL: "stopped",
    SessionStatus.ABANDONED: "stopped",
    SessionStatus.NOT_TODAY: "not-done",
}
assert set(_PROCEDURE_STATUS) == set(SessionStatus), "every session status has a Procedure status"
_STATUS_REASON = {
    SessionStatus.PARTIAL: "The patient ended the session before its end.",
    SessionStatus.ABANDONED: "The session was left unfinished and closed later.",
    SessionStatus.NOT_TODAY: "Not started: the pain before was at the routine's stop level.",
}


class ClinicIdMissing(Exception):
    """No clinic patient id in the settings: a transaction has no Patient to file under."""

    def __str__(self) -> str:
        return (
            "a FHIR transaction needs the id your clinic gave you: set clinic_patient_id "
            "(and clinic_id_system) in config.toml or run `supple send --setup` "
            "(docs/history.md); `--bundle collection` writes Observations without it"
        )


@dataclass(frozen=True)
class ClinicPatient:
    """Who the clinic knows the patient as: an id in the clinic's identifier system."""

    id: str
    system: str = DEFAULT_CLINIC_ID_SYSTEM

    @classmethod
    def from_settings(cls, settings: Settings) -> ClinicPatient | None:
        """The patient the settings name, or ``None`` before a clinic id is entered."""
        if settings.clinic_patient_id is None:
            return None
        return cls(settings.clinic_patient_id, settings.clinic_id_system)

    @property
    def full_url(self) -> str:
        """The Patient entry's ``urn:uuid:`` (stable for one id and system)."""
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.system}|{self.id}"))


def _conditional(resource: dict[str, Any], full_url: str) -> dict[str, Any]:
    """An entry that creates ``resource`` once and updates it after, found by its identifier."""
    identifier = resource["identifier"][0]
    search = f"identifier={identifier['system']}|{identifier['value']}"
    return {
        "fullUrl": full_url,
        "resource": resource,
        "request": {"method": "PUT", "url": f"{resource['resourceType']}?{search}"},
    }


def _record_entry(resource: dict[str, Any]) -> dict[str, Any]:
    return _conditional(resource, "urn:uuid:" + resource["identifier"][0]["value"])


def patient_entry(patient: ClinicPatient) -> dict[str, Any]:
    """The pseudonymous Patient: the clinic's id and nothing else about the person."""
    resource = {
        "resourceType": "Patient",
        "identifier": [{"system": patient.system, "value": patient.id}],
        "active": True,
    }
    return _conditional(resource, patient.full_url)


def _record_id(session: SessionSummary, what: str) -> str:
    return stable_uuid(_NAMESPACE, f"{session.id}/{what}")


def _identified(resource: dict[str, Any], value: str) -> dict[str, Any]:
    resource["identifier"] = [{"system": RECORD_SYSTEM, "value": value}]
    return resource


def procedure(session: SessionSummary, patient_url: str) -> dict[str, Any]:
    """The session as a Procedure: exercise therapy, the routine, its period and status."""
    period = {"start": session_time(session.started_at)}
    if session.ended_at is not None:
        period["end"] = session_time(session.ended_at)
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "status": "in-progress" if session.status is None else _PROCEDURE_STATUS[session.status],
        "code": {
            "coding": [
                {
                    "system": SNOMED,
                    "code": EXERCISE_THERAPY_CODE,
                    "display": EXERCISE_THERAPY_DISPLAY,
                }
            ],
            "text": f"Home exercise routine: {session.routine.title}",
        },
        "subject": {"reference": patient_url},
        "performedPeriod": period,
    }
    reason = _STATUS_REASON.get(session.status) if session.status is not None else None
    if reason is not None:
        resource["statusReason"] = {"text": reason}
    if session.notes:
        resource["note"] = [{"text": f"The patient's note: {session.notes}"}]
    return _identified(resource, _record_id(session, "procedure"))


def effort_observation(
    session: SessionSummary, patient_url: str, procedure_url: str
) -> dict[str, Any] | None:
    """The effort the patient reported after the session (0-10), if given."""
    if session.effort is None:
        return None
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey"}]}],
        "code": {
            "coding": [
                {"system": SUPPLE_CODES, "code": EFFORT_CODE, "display": "Session effort 0-10"}
            ],
            "text": (
                f"{EFFORT_QUESTION} ({EFFORT_SCALE_NAME}: 0 {EFFORT_LABELS[0]}, "
                f"10 {EFFORT_LABELS[10]})"
            ),
        },
        "subject": {"reference": patient_url},
        "partOf": [{"reference": procedure_url}],
        "effectiveDateTime": session_time(session.ended_at or session.started_at),
        "valueQuantity": {
            "value": session.effort,
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        },
    }
    return _identified(resource, _record_id(session, "effort"))


def _pain_timings(session: SessionSummary) -> dict[str, tuple[str, str]]:
    """The collection's pain Observation ids -> (``before`` or ``after``, what it records).

    What it records names its identifier: ``pain-before``, or by site ``pain-before-leg``.
    The ids are worked out as the collection does, without building its resources again.
    """
    timings: dict[str, tuple[str, str]] = {}
    for which in ("before", "after"):
        if (session.pain_before if which == "before" else session.pain_after) is not None:
            timings[pain_id(session.id, which)] = (which, f"pain-{which}")
    for which, sites in (("before", session.sites_before), ("after", session.sites_after)):
        for site in PainSite:
            if sites.of(site) is not None:
                what = f"pain-{which}-{site.value}"
                timings[site_pain_id(session, which, site)] = (which, what)
    return timings


def _tie(resource: dict[str, Any], patient_url: str, procedure_url: str, which: str | None) -> None:
    """Make a collection Observation the patient's, part of the session, and its timing plain."""
    resource["subject"] = {"reference": patient_url}
    resource["partOf"] = [{"reference": procedure_url}]
    if which is not None:
        resource["method"] = {
            "coding": [
                {
                    "system": PAIN_TIMING,
                    "code": f"{which}-session",
                    "display": f"Rated {which} the exercise session",
                }
            ],
            "text": f"{which} the session",
        }


def session_entries(
    session: SessionSummary, patient_url: str, rated: Sequence[LoggedSegment] | None = None
) -> list[dict[str, Any]]:
    """The transaction entries of one session: its Procedure, then its Observations.

    ``rated``: the session's segments with a pain rating (without it, those of
    a session read with its segments).
    """
    act = procedure(session, patient_url)
    procedure_url = "urn:uuid:" + act["identifier"][0]["value"]
    entries = [_record_entry(act)]
    timings = _pain_timings(session)
    for resource in session_observations(session, rated):
        # Built for this session alone, so changed in place (a deep copy cost a third of the time).
        record_id = resource.pop("id")  # the server gives its own ids; ours is the identifier
        # A pain rating neither before nor after was given on "this hurts", during the session.
        is_pain = resource["code"]["coding"][0]["code"] == PAIN_CODE
        timing = timings.get(record_id)
        which = timing[0] if timing else ("during" if is_pain else None)
        _tie(resource, patient_url, procedure_url, which)
        if timing is not None:
            record_id = _record_id(session, timing[1])
        entries.append(_record_entry(_identified(resource, record_id)))
    effort = effort_observation(session, patient_url, procedure_url)
    if effort is not None:
        entries.append(_record_entry(effort))
    return entries


def transaction_entries(
    sessions: Iterable[RatedSession], patient: ClinicPatient
) -> Iterator[dict[str, Any]]:
    """The ``transaction`` Bundle's entries: the Patient, then each session's (no previews)."""
    yield patient_entry(patient)
    patient_url = patient.full_url
    for session, rated in sessions:
        if not session.preview:
            yield from session_entries(session, patient_url, rated)


def transaction_bundle(
    sessions: Iterable[SessionSummary],
    patient: ClinicPatient,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A FHIR R4 ``transaction`` Bundle: the Patient, then each session's entries (no previews)."""
    return transaction_of(list(transaction_entries(with_segments(sessions), patient)), now=now)


def transaction_of(entries: list[dict[str, Any]], *, now: datetime | None = None) -> dict[str, Any]:
    """The ``transaction`` Bundle of ``entries``, stamped ``now``."""
    return {**bundle_head("transaction", now), "entry": entries}
