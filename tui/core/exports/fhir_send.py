"""Sending the history to the clinic's FHIR server: what to send, how, and what was sent.

``supple send`` is the only part of supple that uses the network, and only
when the patient runs it.  The server's address and token live in
:func:`~tui.core.locations.fhir_server_file` (0600); what was sent lives in
:func:`~tui.core.locations.fhir_sent_file` (0600): for each session id, a
hash of the entries sent for it.  A session is sent again only when its
entries changed (an unfinished session that has since finished), and the
record is written only after the server accepted the whole transaction.  The
entries are conditional updates, so even a transaction sent twice (the
answer lost on the way back) creates nothing twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui.core.exports.fhir_transaction import (
    ClinicPatient,
    patient_entry,
    session_entries,
    transaction_of,
)
from tui.core.history import SessionSummary
from tui.core.locations import fhir_sent_file, fhir_server_file, write_private_text

#: Hosts plain HTTP may go to: this computer only (a test server, a tunnel).
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: Seconds to wait for the server (connect, each read).
TIMEOUT = 60.0
_STATE_FORMAT = "supple-fhir-sent"


class SendError(Exception):
    """Sending failed; the message says what happened, in the patient's words."""


@dataclass(frozen=True)
class FhirServer:
    """Where ``supple send`` posts: the server's base URL and the bearer token."""

    url: str
    token: str

    def __repr__(self) -> str:  # never print the token
        return f"FhirServer(url={self.url!r}, token=...)"


def check_server_url(url: str) -> str:
    """``url`` without its trailing slash; ``ValueError`` unless HTTPS (HTTP only to here)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError(f"{url!r} is not a web address like https://fhir.example.org/fhir")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("the address must not hold a user name, a password, ? or #")
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise ValueError(f"{url} is plain HTTP: supple sends health data only over HTTPS")
    return url


def load_server(path: Path | None = None) -> FhirServer | None:
    """The configured server, or ``None`` before ``supple send --setup``; ``SendError`` if bad."""
    import tomllib

    path = path or fhir_server_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SendError(f"{path} cannot be read ({exc}); run `supple send --setup`") from exc
    url, token = data.get("url"), data.get("token")
    if not isinstance(url, str) or not isinstance(token, str) or not token:
        raise SendError(f"{path} needs a url and a token; run `supple send --setup`")
    try:
        return FhirServer(check_server_url(url), token)
    except ValueError as exc:
        raise SendError(f"{path}: {exc}") from exc


def save_server(server: FhirServer, path: Path | None = None) -> Path:
    """Write the server's address and token, readable by the user alone."""
    import tomli_w

    text = "# supple send: the clinic's FHIR server (docs/history.md)\n" + tomli_w.dumps(
        {"url": server.url, "token": server.token}
    )
    return write_private_text(path or fhir_server_file(), text)


@dataclass(frozen=True)
class SentRecord:
    """What was sent to one server for one patient: session id -> hash of its entries."""

    server: str
    patient: str
    sessions: dict[str, str]


def load_sent(server: FhirServer, patient: ClinicPatient, path: Path | None = None) -> SentRecord:
    """What was sent to this server for this patient (nothing, for another or a bad file)."""
    path = path or fhir_sent_file()
    fresh = SentRecord(server.url, _patient_key(patient), {})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return fresh  # sending all again is safe: every entry is a conditional update
    if not isinstance(data, dict) or data.get("format") != _STATE_FORMAT:
        return fresh
    if (data.get("server"), data.get("patient")) != (fresh.server, fresh.patient):
        return fresh
    sessions = data.get("sessions")
    if not isinstance(sessions, dict):
        return fresh
    return SentRecord(fresh.server, fresh.patient, {str(k): str(v) for k, v in sessions.items()})


def save_sent(record: SentRecord, path: Path | None = None) -> Path:
    """Write what was sent, whole or not at all, readable by the user alone."""
    document = {
        "format": _STATE_FORMAT,
        "server": record.server,
        "patient": record.patient,
        "sessions": dict(sorted(record.sessions.items())),
    }
    return write_private_text(path or fhir_sent_file(), json.dumps(document, indent=1) + "\n")


def _patient_key(patient: ClinicPatient) -> str:
    return f"{patient.system}|{patient.id}"


#: Sessions per transaction: servers limit a Bundle's size, and when one transaction fails
#: the ones before it stay sent (about 600 entries for 100 sessions).
BATCH_SESSIONS = 100


@dataclass(frozen=True)
class SendBatch:
    """One transaction to post: the Patient and some sessions' entries."""

    bundle: dict[str, Any]
    #: The sessions in the bundle: id -> hash of their entries, for the record once sent.
    sessions: dict[str, str]


@dataclass(frozen=True)
class SendPlan:
    """The transactions that send what is new or changed, in order."""

    batches: tuple[SendBatch, ...]
    #: Sessions sent before and unchanged, left out.
    unchanged: int

    @property
    def sending(self) -> tuple[str, ...]:
        """The ids of the sessions to send."""
        return tuple(sid for batch in self.batches for sid in batch.sessions)


def plan_send(
    sessions: Iterable[SessionSummary],
    patient: ClinicPatient,
    record: SentRecord,
    *,
    now: datetime | None = None,
    batch_sessions: int = BATCH_SESSIONS,
) -> SendPlan:
    """The new or changed sessions' entries, :data:`BATCH_SESSIONS` a transaction (no previews)."""
    pending: list[tuple[str, str, list[dict[str, Any]]]] = []
    unchanged = 0
    for session in sessions:
        if session.preview:
            continue
        these = session_entries(session, patient.full_url)
        digest = hashlib.sha256(json.dumps(these, sort_keys=True).encode()).hexdigest()
        if record.sessions.get(session.id) == digest:
            unchanged += 1
            continue
        pending.append((session.id, digest, these))
    batches = []
    for first in range(0, len(pending), batch_sessions):
        part = pending[first : first + batch_sessions]
        entries = [patient_entry(patient)] + [e for _sid, _digest, these in part for e in these]
        batches.append(
            SendBatch(transaction_of(entries, now=now), {sid: digest for sid, digest, _ in part})
        )
    return SendPlan(tuple(batches), unchanged)


def with_sent(record: SentRecord, batch: SendBatch) -> SentRecord:
    """``record`` once the server has taken ``batch``."""
    return SentRecord(record.server, record.patient, {**record.sessions, **batch.sessions})


def post_transaction(server: FhirServer, bundle: dict[str, Any]) -> None:
    """POST the transaction to the server's base URL; ``SendError`` unless all was accepted."""
    import httpx  # here: only `supple send` ever loads the network

    headers = {
        "Authorization": f"Bearer {server.token}",
        "Content-Type": "application/fhir+json",
        "Accept": "application/fhir+json",
    }
    try:
        response = httpx.post(
            server.url + "/", content=json.dumps(bundle), headers=headers, timeout=TIMEOUT
        )
    except httpx.TimeoutException:
        raise SendError(f"{server.url} did not answer within {TIMEOUT:.0f} seconds") from None
    except httpx.HTTPError as exc:
        raise SendError(f"could not reach {server.url} ({exc})") from None
    _check_answer(server, response.status_code, response.text)


def _check_answer(server: FhirServer, status: int, text: str) -> None:
    if status in (401, 403):
        raise SendError(f"{server.url} refused the token (HTTP {status}); check it with the clinic")
    try:
        answer = json.loads(text)
    except ValueError:
        answer = None
    if status != 200:
        raise SendError(f"{server.url} refused the data (HTTP {status}){_issue(answer)}")
    if not isinstance(answer, dict) or answer.get("type") != "transaction-response":
        raise SendError(f"{server.url} did not answer as a FHIR server (no transaction-response)")
    for entry in answer.get("entry") or []:
        code = str((entry.get("response") or {}).get("status", ""))
        if not code.startswith("2"):
            outcome = (entry.get("response") or {}).get("outcome")
            raise SendError(f"{server.url} refused an entry (HTTP {code}){_issue(outcome)}")


def _issue(outcome: object) -> str:
    """The first issue of an OperationOutcome, as ``: words``, or nothing."""
    if not isinstance(outcome, dict):
        return ""
    for issue in outcome.get("issue") or []:
        text = (issue.get("details") or {}).get("text") or issue.get("diagnostics")
        if text:
            return f": {str(text)[:200]}"
    return ""
