"""``supple send``: send the history to the clinic's FHIR server, only when asked.

The only command of supple that uses the network.  ``supple send --setup``
asks for the server's address, the token the clinic gave and the clinic's id
for the patient; ``supple send`` then posts a FHIR transaction with the
sessions not sent before (or changed since).  See docs/history.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.errors import UserError, no_history_file

if TYPE_CHECKING:
    from tui.core.config import Settings
    from tui.core.exports.fhir_send import FhirServer
    from tui.core.exports.fhir_transaction import ClinicPatient


def register(subparsers: Any) -> None:
    """Add ``send`` to the command line."""
    parser = subparsers.add_parser(
        "send",
        help="send your sessions to your clinic's FHIR server (the only command that "
        "uses the network)",
        description=(
            "Send your sessions to the FHIR server your clinic gave you, as one FHIR "
            "transaction: only sessions not sent before, or changed since. Nothing is sent "
            "unless you run this command. Run `supple send --setup` first."
        ),
    )
    parser.add_argument(
        "--setup",
        action="store_true",
        help="enter the server's address, the token and your clinic id (asks for what is missing)",
    )
    parser.add_argument("--url", metavar="URL", help="with --setup: the server's FHIR base URL")
    parser.add_argument("--patient-id", metavar="ID", help="with --setup: your clinic id")
    parser.add_argument(
        "--id-system", metavar="URI", help="with --setup: the clinic's identifier system"
    )
    parser.add_argument("--db", type=Path, metavar="PATH", help="send from this history file")
    parser.set_defaults(handler=send)


def send(args: argparse.Namespace) -> int:
    """Run the setup, or send what is new."""
    if args.setup:
        return setup(args)
    if args.url or args.patient_id or args.id_system:
        raise UserError("--url, --patient-id and --id-system go with --setup")
    from tui.core.config import load_settings
    from tui.core.exports.fhir_send import SendError, load_server
    from tui.core.exports.fhir_transaction import ClinicIdMissing, ClinicPatient

    patient = ClinicPatient.from_settings(load_settings()[0])
    if patient is None:
        raise UserError(str(ClinicIdMissing()))
    try:
        server = load_server()
    except SendError as exc:
        raise UserError(str(exc)) from None
    if server is None:
        raise UserError("no FHIR server set up yet: run `supple send --setup` first")
    return _send_new(args.db, server, patient)


def _send_new(db: Path | None, server: FhirServer, patient: ClinicPatient) -> int:
    """Post the new or changed sessions; record them only once the server took them all."""
    from tui.core.exports.fhir_send import (
        SendError,
        load_sent,
        plan_send,
        post_transaction,
        save_sent,
        with_sent,
    )
    from tui.core.history import HistoryError, open_for_reading
    from tui.core.locations import history_db

    path = db if db is not None else history_db()
    if db is not None and not path.exists():
        raise no_history_file(path)
    if not path.exists():
        print(f"No sessions recorded yet (looked in {path}). Nothing was sent.")
        return 0
    try:
        with open_for_reading(path) as store:
            sessions = store.sessions_with_segments()
    except HistoryError as exc:
        raise UserError(str(exc)) from exc
    record = load_sent(server, patient)
    plan = plan_send(sessions, patient, record)
    if not plan.batches:
        print(f"Nothing new to send: {_sessions(plan.unchanged)} already at {server.url}.")
        return 0
    sent = 0
    for batch in plan.batches:
        try:
            post_transaction(server, batch.bundle)
        except SendError as exc:
            before = f" ({_sessions(sent)} sent and recorded before it)" if sent else ""
            raise UserError(
                f"sending failed: {exc}{before}. The rest is not marked as sent, so "
                "`supple send` tries again next time, and sending again never makes copies "
                "on the server."
            ) from None
        record = with_sent(record, batch)
        save_sent(record)
        sent += len(batch.sessions)
    print(f"Sent {_sessions(sent)} to {server.url}; {plan.unchanged} sent before and unchanged.")
    return 0


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def setup(args: argparse.Namespace) -> int:
    """Ask for the server, the token and the clinic id; save them readable by the user alone."""
    import getpass

    from tui.core.config import load_settings, save_settings
    from tui.core.exports.fhir_send import FhirServer, SendError, load_server, save_server

    settings = load_settings()[0]
    try:
        old = load_server()
    except SendError:
        old = None
    url = _checked_url(
        args.url or _ask("FHIR server address (https://...)", old.url if old else None)
    )
    token = getpass.getpass("Token from your clinic (not shown; Enter keeps the old one): ")
    token = token.strip() or (old.token if old else "")
    if not token:
        raise UserError("a token is needed: ask your clinic for one. Nothing was saved.")
    settings = _with_clinic_id(settings, args)
    save_settings(settings)
    where = save_server(FhirServer(url, token))
    print(
        f"Saved the server {url} and your token in {where} (readable by you alone), and your "
        f"clinic id {settings.clinic_patient_id} in your settings. "
        "Run `supple send` to send your sessions."
    )
    return 0


def _checked_url(url: str) -> str:
    from tui.core.exports.fhir_send import check_server_url

    try:
        return check_server_url(url)
    except ValueError as exc:
        raise UserError(f"{exc}. Nothing was saved.") from None


def _with_clinic_id(settings: Settings, args: argparse.Namespace) -> Settings:
    """The settings with the clinic id and system asked for (or given), checked."""
    from dataclasses import replace

    from tui.core.config import parse_settings

    # Ask only for what the command line left out; the system has a default to keep.
    patient_id = args.patient_id or _ask("Your clinic id", settings.clinic_patient_id)
    system = args.id_system or (
        settings.clinic_id_system
        if args.patient_id
        else _ask("Your clinic's identifier system", settings.clinic_id_system)
    )
    checked, problems = parse_settings(
        {"clinic_patient_id": patient_id, "clinic_id_system": system}
    )
    if problems:
        raise UserError("; ".join(problems) + ". Nothing was saved.")
    return replace(
        settings,
        clinic_patient_id=checked.clinic_patient_id,
        clinic_id_system=checked.clinic_id_system,
    )


def _ask(question: str, default: str | None) -> str:
    """One line from the patient; Enter keeps ``default``."""
    shown = f" [{default}]" if default else ""
    answer = input(f"{question}{shown}: ").strip()
    if not answer and not default:
        raise UserError(f"{question} is needed. Nothing was saved.")
    return answer or (default or "")
