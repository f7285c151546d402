"""``supple clinic`` on a terminal: the caseload screen, and each patient in the history screens.

The caseload's lines are counted before the app starts.  Opening a patient
builds that patient's history file from the caseload in a thread worker
(:func:`~tui.core.caseload.caseload_store.patient_history_file`, a private
temporary file removed when the patient is closed) and shows it in
:class:`~tui.app.screens.history_list.HistoryScreen`, read-only, with its
progress and session screens.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, tzinfo

from textual import work
from textual.app import App

from tui.app.screens.caseload_screen import CaseloadScreen
from tui.app.screens.history_list import HistoryScreen
from tui.app.screens.history_query import HistoryContext
from tui.core.caseload.caseload_store import CaseloadStore, patient_history_file
from tui.core.caseload.patient_line import sorted_lines
from tui.core.history import HistoryStore, open_for_reading, utc_now


class CaseloadApp(App[int]):
    """Opens on the caseload; Enter shows a patient's history read-only; closing quits."""

    TITLE = "supple clinic"

    def __init__(
        self,
        store: CaseloadStore,
        *,
        tz: tzinfo | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__()
        self.store = store
        self.tz = tz
        self.now = now
        self.lines = sorted_lines(store.counts(now()))
        self._open_patient = ExitStack()

    def on_mount(self) -> None:
        self.push_screen(CaseloadScreen(self.lines), callback=lambda _none: self.exit(0))

    def on_caseload_screen_patient_chosen(self, event: CaseloadScreen.PatientChosen) -> None:
        self.sub_title = f"{event.patient} (loading…)"
        self._load_patient(event.patient)

    @work(thread=True, exclusive=True, group="patient")
    def _load_patient(self, patient: str) -> None:
        stack = ExitStack()
        path = stack.enter_context(patient_history_file(self.store, patient))
        history = stack.enter_context(open_for_reading(path))
        self.call_from_thread(self._show_patient, patient, history, stack)

    def _show_patient(self, patient: str, history: HistoryStore, stack: ExitStack) -> None:
        self._open_patient.close()
        self._open_patient = stack
        self.sub_title = f"{patient} (read-only)"
        context = HistoryContext(history, tz=self.tz, now=self.now, read_only=True)
        self.push_screen(HistoryScreen(context=context), callback=self._patient_closed)

    def _patient_closed(self, _value: str | None) -> None:
        self.sub_title = ""
        self._open_patient.close()

    def on_unmount(self) -> None:
        self._open_patient.close()


def run_caseload_app(store: CaseloadStore) -> int:
    """Show the caseload until closed; returns the exit code."""
    app = CaseloadApp(store)
    app.run()
    return app.return_code or 0
