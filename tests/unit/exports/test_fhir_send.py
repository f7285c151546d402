"""What ``supple send`` sends, where it may send it, and what it remembers."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support.history_factory import T0, begin, finished_session
from tui.core.exports.fhir_send import (
    FhirServer,
    SendError,
    SendPlan,
    SentRecord,
    _check_answer,
    check_server_url,
    load_sent,
    load_server,
    plan_send,
    save_sent,
    save_server,
    with_sent,
)
from tui.core.exports.fhir_transaction import ClinicPatient
from tui.core.history import HistoryStore
from tui.core.session.status import SessionStatus

SERVER = FhirServer("https://fhir.example.org/r4", "secret-token")
PATIENT = ClinicPatient("A-1042")


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.sqlite3") as opened:
        yield opened


@pytest.mark.parametrize(
    "url",
    ["https://fhir.example.org/r4/", "http://localhost:8080/fhir", "http://127.0.0.1:9/"],
)
def test_https_anywhere_and_http_only_to_this_computer(url: str) -> None:
    assert check_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://fhir.example.org/r4", "only over HTTPS"),
        ("ftp://fhir.example.org", "not a web address"),
        ("fhir.example.org", "not a web address"),
        ("https://me:pw@fhir.example.org", "must not hold"),
    ],
)
def test_other_addresses_are_refused(url: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        check_server_url(url)


def test_the_server_is_saved_readable_by_the_user_alone(tmp_path: Path) -> None:
    path = save_server(SERVER, tmp_path / "fhir-server.toml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_server(path) == SERVER
    assert "secret-token" not in repr(SERVER)


def test_no_server_before_setup_and_a_bad_file_says_so(tmp_path: Path) -> None:
    assert load_server(tmp_path / "none.toml") is None
    bad = tmp_path / "bad.toml"
    bad.write_text('url = "http://fhir.example.org"\ntoken = "t"\n', encoding="utf-8")
    with pytest.raises(SendError, match="only over HTTPS"):
        load_server(bad)


def test_what_was_sent_is_kept_per_server_and_patient(tmp_path: Path) -> None:
    path = tmp_path / "sent.json"
    record = SentRecord(SERVER.url, "urn:supple:clinic-patient-id|A-1042", {"s1": "h1"})
    save_sent(record, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_sent(SERVER, PATIENT, path) == record
    assert load_sent(SERVER, ClinicPatient("B-7"), path).sessions == {}
    assert load_sent(FhirServer("https://other.example", "t"), PATIENT, path).sessions == {}
    path.write_text("{not json", encoding="utf-8")
    assert load_sent(SERVER, PATIENT, path).sessions == {}


def sent_after(record: SentRecord, plan: SendPlan) -> SentRecord:
    for batch in plan.batches:
        record = with_sent(record, batch)
    return record


def test_a_plan_sends_only_new_or_changed_sessions(store: HistoryStore) -> None:
    finished_session(store)
    running = begin(store, started_at=T0 + timedelta(days=1), pain_before=4)
    record = load_sent(SERVER, PATIENT)
    first = plan_send(store.sessions_with_segments(), PATIENT, record)
    assert len(first.sending) == 2 and first.unchanged == 0
    record = sent_after(record, first)
    again = plan_send(store.sessions_with_segments(), PATIENT, record)
    assert (again.batches, again.unchanged) == ((), 2)
    store.finish_session(running, SessionStatus.COMPLETED, ended_at=T0 + timedelta(days=1, hours=1))
    finished_session(store, started_at=T0 + timedelta(days=2))
    third = plan_send(store.sessions_with_segments(), PATIENT, record)
    assert running in third.sending and len(third.sending) == 2 and third.unchanged == 1


def test_sessions_go_in_batches_each_with_the_patient(store: HistoryStore) -> None:
    for day in range(5):
        finished_session(store, started_at=T0 + timedelta(days=day))
    plan = plan_send(
        store.sessions_with_segments(), PATIENT, load_sent(SERVER, PATIENT), batch_sessions=2
    )
    assert [len(b.sessions) for b in plan.batches] == [2, 2, 1]
    for batch in plan.batches:
        assert batch.bundle["type"] == "transaction"
        assert batch.bundle["entry"][0]["resource"]["resourceType"] == "Patient"
        procedures = [
            e for e in batch.bundle["entry"] if e["resource"]["resourceType"] == "Procedure"
        ]
        assert len(procedures) == len(batch.sessions)


def test_previews_are_never_sent(store: HistoryStore) -> None:
    finished_session(store, preview=True)
    plan = plan_send(
        store.sessions_with_segments(include_preview=True), PATIENT, SentRecord("", "", {})
    )
    assert plan.batches == ()


def transaction_response(*statuses: str) -> str:
    entries = [{"response": {"status": s}} for s in statuses]
    return json.dumps({"resourceType": "Bundle", "type": "transaction-response", "entry": entries})


@pytest.mark.parametrize(
    ("status", "text", "words"),
    [
        (401, "", "refused the token"),
        (
            400,
            json.dumps(
                {"resourceType": "OperationOutcome", "issue": [{"details": {"text": "bad"}}]}
            ),
            r"refused the data \(HTTP 400\): bad",
        ),
        (200, "<html>hello</html>", "did not answer as a FHIR server"),
        (200, transaction_response("201", "400"), r"refused an entry \(HTTP 400\)"),
    ],
)
def test_a_refusal_says_what_happened(status: int, text: str, words: str) -> None:
    with pytest.raises(SendError, match=words):
        _check_answer(SERVER, status, text)


def test_an_accepted_transaction_is_quiet() -> None:
    _check_answer(SERVER, 200, transaction_response("201", "200"))
