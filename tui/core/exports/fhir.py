"""The history as a FHIR R4 Bundle a clinic system can take in.

The Bundle (type ``collection``) holds Observations only:

* a pain score for each rating given (LOINC 72514-3, "Pain severity - 0-10
  verbal numeric rating [Score] - Reported"), category ``survey``, at the
  time it was asked: the session start for the rating before, the end for
  the rating after;
* an exercise duration per finished session (LOINC 55411-3), category
  ``activity``, over the session's period, valued in minutes spent in holds,
  sets and intervals; its note says how much of the planned exercise time was
  done and whether the session counts toward the plan, and the same two
  figures are in a ``component`` each (text codes: FHIR has no LOINC for them);
* a pain score (the same LOINC 72514-3) for each rating given when the
  patient pressed "this hurts", at the time that part ended, with a
  component naming the exercise (and side) and ``derivedFrom`` pointing at
  the session's exercise-duration Observation (supple exports no Procedure);
* where the routine asks pain by site, a pain score (LOINC 72514-3) for each
  site rated before and after, with a SNOMED CT ``bodySite``
  (:data:`BODY_SITES`: 61685007 lower limb structure, 77568009 structure of
  back of trunk); the session's own pain score is then the worse of them;
* the next-day check, when answered: an Observation (supple's code
  ``next-day-check``) valued better, same or worse, at the time it was asked.

supple stores no identity, so there is no Patient and no ``subject``: the
clinic attaches the Observations to its own patient record on import.
Preview runs are never exported here.  Resource ids are derived from the
session id, so exporting the same history twice gives the same ids.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from tui.core.history import LoggedSegment, Session, SessionSummary, utc_now
from tui.core.history.times import rfc3339
from tui.core.routine.model import PainSite
from tui.core.session.outcome import whole_percent
from tui.core.session.ratings import NEXT_DAY_QUESTION, PAIN_SITE_WORDS
from tui.core.session.status import SessionStatus

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
EXERCISE_CODE = "55411-3"
EXERCISE_DISPLAY = "Exercise duration"
#: The exercise Observation's component texts (no LOINC codes exist for them).
DONE_SHARE_TEXT = "Share of the planned exercise time done"
CREDIT_TEXT = "Counts toward the prescribed plan"

#: supple's code system for what supple records that has no standard code.
SUPPLE_CODES = "urn:supple:observation"
NEXT_DAY_CODE = "next-day-check"
#: The next-day check's answers as codes.
NEXT_DAY_SYSTEM = "urn:supple:next-day-answer"
SNOMED = "http://snomed.info/sct"
#: Each pain site as a SNOMED CT body structure (docs/history.md cites them).
BODY_SITES: dict[PainSite, tuple[str, str]] = {
    PainSite.LEG: ("61685007", "Lower limb structure"),
    PainSite.BACK: ("77568009", "Structure of back of trunk"),
}
assert set(BODY_SITES) == set(PainSite), "every pain site has a body structure code"

#: Namespace for the stable ids of exported resources.
_ID_NAMESPACE = uuid.UUID("4f3a51c2-7d0e-5b8e-9c61-2f0d3b8a9e17")
#: Namespaces' bytes, read once (``UUID.bytes`` is computed at each call).
_NAMESPACE_BYTES: dict[uuid.UUID, bytes] = {}
#: A hex digit with its top two bits set to the RFC 4122 variant (``10``).
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
#: :func:`rfc3339` of the few times one session's resources repeat (its start and end).
session_time = functools.lru_cache(maxsize=64)(rfc3339)


def stable_uuid(namespace: uuid.UUID, name: str) -> str:
    """``str(uuid.uuid5(namespace, name))``, without the UUID object (millions per export)."""
    prefix = _NAMESPACE_BYTES.get(namespace)
    if prefix is None:
        prefix = _NAMESPACE_BYTES[namespace] = namespace.bytes
    h = hashlib.sha1(prefix + name.encode(), usedforsecurity=False).hexdigest()
    # The version (5) and the RFC 4122 variant written over their bits, as uuid5 does.
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def _resource_id(session_id: str, what: str) -> str:
    return stable_uuid(_ID_NAMESPACE, f"{session_id}/{what}")


def pain_id(session_id: str, which: str) -> str:
    """The id of a session's pain Observation ``which`` (``"before"`` or ``"after"``)."""
    return _resource_id(session_id, f"pain-{which}")


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY_SYSTEM, "code": code, "display": display}]}]


def pain_observation(
    session: SessionSummary, which: str, value: int | None = None
) -> dict[str, Any] | None:
    """The pain Observation for ``which`` (``"before"`` or ``"after"``), if rated.

    ``value`` is a site's rating (:func:`site_pain_observations`); without it,
    the session's own pain before or after.
    """
    if value is None:
        value = session.pain_before if which == "before" else session.pain_after
    if value is None:
        return None
    at = session.started_at if which == "before" else (session.ended_at or session.started_at)
    return {
        "resourceType": "Observation",
        "id": pain_id(session.id, which),
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": {
            "coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
            "text": f"Pain {which} home exercise session",
        },
        "effectiveDateTime": session_time(at),
        "valueQuantity": {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"},
        "note": [{"text": f"Reported by the patient {which} '{session.routine.title}'."}],
    }


def site_pain_id(session: SessionSummary, which: str, site: PainSite) -> str:
    """The id of the pain Observation of ``site`` ``which`` (before or after) the session."""
    return _resource_id(session.id, f"pain-{which}-{site.value}")


def site_pain_observations(session: SessionSummary) -> list[dict[str, Any]]:
    """The pain Observations by site (leg, back), before then after, for the sites rated."""
    found = []
    for which, sites in (("before", session.sites_before), ("after", session.sites_after)):
        for site in PainSite:
            value = sites.of(site)
            resource = None if value is None else pain_observation(session, which, value)
            if resource is None:
                continue
            code, display = BODY_SITES[site]
            words = PAIN_SITE_WORDS[site]
            resource["id"] = site_pain_id(session, which, site)
            resource["code"]["text"] = f"{words.capitalize()} {which} home exercise session"
            resource["bodySite"] = {
                "coding": [{"system": SNOMED, "code": code, "display": display}],
                "text": words.removesuffix(" pain"),
            }
            found.append(resource)
    return found


def next_day_observation(session: SessionSummary) -> dict[str, Any] | None:
    """The next-day check's answer (better, same, worse), if one was given."""
    if session.next_day is None or session.next_day_at is None:
        return None
    answer = session.next_day.value
    return {
        "resourceType": "Observation",
        "id": _resource_id(session.id, "next-day"),
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": {
            "coding": [
                {"system": SUPPLE_CODES, "code": NEXT_DAY_CODE, "display": "Next-day check"}
            ],
            "text": NEXT_DAY_QUESTION,
        },
        "effectiveDateTime": rfc3339(session.next_day_at),
        "valueCodeableConcept": {
            "coding": [{"system": NEXT_DAY_SYSTEM, "code": answer, "display": answer}],
            "text": answer,
        },
        "note": [
            {"text": f"Asked the day after '{session.routine.title}'; reported by the patient."}
        ],
    }


def exercise_observation(session: SessionSummary) -> dict[str, Any] | None:
    """The exercise-duration Observation of a finished session."""
    if session.ended_at is None or session.status in (None, SessionStatus.NOT_TODAY):
        return None  # unfinished, or not started ("not today"): no exercise to report
    minutes = round(session.tally.exercise_seconds / 60, 2)
    return {
        "resourceType": "Observation",
        "id": _resource_id(session.id, "exercise-duration"),
        "status": "final",
        "category": _category("activity", "Activity"),
        "code": {
            "coding": [{"system": LOINC, "code": EXERCISE_CODE, "display": EXERCISE_DISPLAY}],
            "text": "Home exercise duration",
        },
        "effectivePeriod": {
            "start": session_time(session.started_at),
            "end": session_time(session.ended_at),
        },
        "valueQuantity": {"value": minutes, "unit": "min", "system": UCUM, "code": "min"},
        "note": [
            {
                "text": (
                    f"Home exercise routine '{session.routine.title}', {session.status.value}: "
                    f"{session.tally.done} exercise segments done, {session.tally.skipped} "
                    f"skipped, {session.tally.partial} cut short, {session.tally.hurt} "
                    f"marked as hurting. {_credit_note(session)}"
                )
            }
        ],
        "component": _credit_components(session),
    }


def _credit_note(session: SessionSummary) -> str:
    """The done share and the credit in words, for the note."""
    share = session.done_share
    done = (
        "No exercise was planned"
        if share is None
        else (f"{whole_percent(share)}% of the planned exercise time was done")
    )
    counts = "counts" if session.credited else "does not count"
    return f"{done}; the session {counts} toward the prescribed plan."


def _credit_components(session: SessionSummary) -> list[dict[str, Any]]:
    """The done share (percent) and the credit (true/false) as components."""
    out: list[dict[str, Any]] = []
    if session.done_share is not None:
        out.append(
            {
                "code": {"text": DONE_SHARE_TEXT},
                "valueQuantity": {
                    "value": whole_percent(session.done_share),
                    "unit": "%",
                    "system": UCUM,
                    "code": "%",
                },
            }
        )
    out.append(
        {
            "code": {"text": CREDIT_TEXT},
            "valueBoolean": bool(session.credited),
        }
    )
    return out


def hurt_observations(
    session: SessionSummary, rated: Sequence[LoggedSegment] | None = None
) -> list[dict[str, Any]]:
    """The pain Observations rated on "this hurts".

    ``rated`` holds the session's segments with a rating (more are skipped);
    without it they are those of a session read with its segments.
    """
    if rated is None:
        rated = session.segments if isinstance(session, Session) else ()
    exercise = exercise_observation(session) if rated else None
    found = []
    for seg in rated:
        if seg.pain_now is None:
            continue
        part = seg.name if seg.side is None else f"{seg.name}, {seg.side} side"
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _resource_id(session.id, f"pain-hurt-{seg.position}"),
            "status": "final",
            "category": _category("survey", "Survey"),
            "code": {
                "coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
                "text": 'Pain on "this hurts" during a home exercise',
            },
            "effectiveDateTime": rfc3339(seg.ended_at),
            "valueQuantity": {
                "value": seg.pain_now,
                "unit": "{score}",
                "system": UCUM,
                "code": "{score}",
            },
            "component": [{"code": {"text": "Exercise"}, "valueString": part}],
            "note": [
                {
                    "text": f'Reported by the patient on pressing "this hurts" during {part} '
                    f"in '{session.routine.title}'."
                }
            ],
        }
        if exercise is not None:
            resource["derivedFrom"] = [{"reference": f"urn:uuid:{exercise['id']}"}]
        found.append(resource)
    return found


#: A session and those of its segments that carry a pain rating (all of them will do).
RatedSession = tuple[SessionSummary, Sequence[LoggedSegment]]


def with_segments(sessions: Iterable[SessionSummary]) -> Iterator[RatedSession]:
    """Sessions (read with their segments, or none) as :data:`RatedSession` pairs."""
    for session in sessions:
        yield session, session.segments if isinstance(session, Session) else ()


def session_observations(
    session: SessionSummary, rated: Sequence[LoggedSegment] | None = None
) -> list[dict[str, Any]]:
    """One session's Observations in Bundle order (``rated``: see :func:`hurt_observations`)."""
    found = [
        pain_observation(session, "before"),
        exercise_observation(session),
        *hurt_observations(session, rated),
        pain_observation(session, "after"),
        *site_pain_observations(session),
        next_day_observation(session),
    ]
    return [resource for resource in found if resource is not None]


def collection_entries(sessions: Iterable[RatedSession]) -> Iterator[dict[str, Any]]:
    """The ``collection`` Bundle's entries, session by session (previews left out)."""
    for session, rated in sessions:
        if session.preview:
            continue
        for resource in session_observations(session, rated):
            yield {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def bundle_head(kind: str, now: datetime | None = None) -> dict[str, Any]:
    """A Bundle of type ``kind`` stamped ``now`` (to the second), its entries still empty."""
    return {
        "resourceType": "Bundle",
        "type": kind,
        "timestamp": rfc3339((now or utc_now()).replace(microsecond=0)),
        "entry": [],
    }


def fhir_bundle(
    sessions: Iterable[SessionSummary], *, now: datetime | None = None
) -> dict[str, Any]:
    """A FHIR R4 ``collection`` Bundle of the sessions' Observations (previews left out)."""
    entries = list(collection_entries(with_segments(sessions)))
    return {**bundle_head("collection", now), "entry": entries}
