"""``supple send`` against Medplum's FHIR engine behind an HTTP listener on 127.0.0.1."""

from __future__ import annotations

import json
import stat
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.fhir_engine import serving
from tests.support.history_factory import T0, finished_session
from tui.cli import main
from tui.core.history import HistoryStore
from tui.core.locations import fhir_sent_file, fhir_server_file


@pytest.fixture(scope="module")
def engine() -> Iterator[str]:
    with serving() as url:
        yield url


def held(url: str) -> dict[str, list[dict[str, Any]]]:
    with urllib.request.urlopen(f"{url}/$everything") as answer:
        found: dict[str, list[dict[str, Any]]] = json.load(answer)
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["send", *args])
    out, err = capsys.readouterr()
    return code, out, err


def set_up(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "test-token")
    code, out, _ = run(capsys, "--setup", "--url", url, "--patient-id", "A-1042")
    assert code == 0 and "Saved the server" in out


def test_send_sends_then_nothing_then_only_the_new_session(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    with HistoryStore.open() as store:
        finished_session(store, pain_before=6, pain_after=3)
        finished_session(store, started_at=T0 + timedelta(days=1))
    set_up(capsys, monkeypatch, engine)
    assert run(capsys, "--db", str(Path("/nonexistent")))[0] == 1
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("Sent 2 sessions")
    after_first = held(engine)
    assert [len(after_first[k]) for k in ("Patient", "Procedure")] == [1, 2]
    code, out, _ = run(capsys)
    assert (code, out) == (0, f"Nothing new to send: 2 sessions already at {engine}.\n")
    assert held(engine) == after_first
    with HistoryStore.open() as store:
        finished_session(store, started_at=T0 + timedelta(days=2), pain_before=2)
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("Sent 1 session to")
    found = held(engine)
    assert [len(found[k]) for k in ("Patient", "Procedure")] == [1, 3]
    assert len(found["Observation"]) == len(after_first["Observation"]) + 4
    for path in (fhir_server_file(), fhir_sent_file()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_server_that_cannot_be_reached_marks_nothing_as_sent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with HistoryStore.open() as store:
        finished_session(store)
    set_up(capsys, monkeypatch, "http://127.0.0.1:9")
    code, _, err = run(capsys)
    assert code == 1
    assert "could not reach http://127.0.0.1:9" in err and "not marked as sent" in err
    assert not fhir_sent_file().exists()


def test_send_needs_a_setup_and_a_clinic_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 1 and "clinic_patient_id" in err
    from tui.core.config import Settings, save_settings

    save_settings(Settings(clinic_patient_id="A-1042"))
    code, _, err = run(capsys)
    assert code == 1 and "supple send --setup" in err


def test_setup_refuses_plain_http_to_another_computer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "t")
    code, _, err = run(capsys, "--setup", "--url", "http://fhir.example.org", "--patient-id", "A")
    assert code == 1 and "only over HTTPS" in err and "Nothing was saved" in err
    assert not fhir_server_file().exists()


def test_a_failure_part_way_keeps_the_batches_sent_before(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.exports import fhir_send

    with HistoryStore.open() as store:
        for day in range(3):
            finished_session(store, started_at=T0 + timedelta(days=day))
    set_up(capsys, monkeypatch, "https://fhir.example.org")
    plan = fhir_send.plan_send
    monkeypatch.setattr(fhir_send, "plan_send", lambda *a, **k: plan(*a, **k, batch_sessions=1))
    posted: list[int] = []

    def post(_server: object, bundle: dict[str, Any]) -> None:
        if posted:
            raise fhir_send.SendError("the server said no")
        posted.append(len(bundle["entry"]))

    monkeypatch.setattr(fhir_send, "post_transaction", post)
    code, _, err = run(capsys)
    assert code == 1 and "the server said no (1 session sent and recorded before it)" in err
    sent = json.loads(fhir_sent_file().read_text())["sessions"]
    assert len(sent) == 1
