"""The caseload screen: one line per patient, those who need a look first.

It gets the lines already counted (:class:`~tui.core.caseload.patient_line.PatientLine`,
sorted by their flags) and does no I/O itself: Enter asks the app to open the
selected patient (:meth:`tui.app.caseload_app.CaseloadApp.open_patient`), which
shows that patient in the history screens, read-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.core.caseload.caseload_words import CASELOAD_HEADER, line_cells
from tui.core.caseload.patient_line import DEFAULT_PER_WEEK, PatientLine
from tui.core.progress import DISCLAIMER


class CaseloadScreen(Screen[None]):
    """Every patient of the caseload, flagged patients first."""

    CSS_PATH = "caseload.tcss"
    AUTO_FOCUS = "#patients"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open_patient",
            "Open",
            tooltip="Show the selected patient's history, progress and sessions (read-only)",
            id="clinic.caseload.open",
            show=True,
        ),
        Binding(
            "escape,q", "close", "Quit", tooltip="Close the caseload", id="clinic.caseload.quit"
        ),
    ]

    class PatientChosen(Message):
        """The therapist asked to open ``patient`` (the app opens it read-only)."""

        def __init__(self, patient: str) -> None:
            super().__init__()
            self.patient = patient

    def __init__(self, lines: Sequence[PatientLine]) -> None:
        super().__init__()
        self.lines = tuple(lines)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="patients", cursor_type="row", zebra_stripes=True)
        yield Static(
            f"{len(self.lines)} patients. Sessions against {DEFAULT_PER_WEEK} a week; flags: "
            f"safety notice, pain rising 2+ points over a week, adherence under 50 %. "
            f"{DISCLAIMER}",
            id="caseload-note",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*CASELOAD_HEADER)
        for line in self.lines:
            table.add_row(*line_cells(line), key=line.counts.patient)
        if not self.lines:
            self.query_one("#caseload-note", Static).update(
                "No patients yet: add them with `supple clinic import PATH...`."
            )

    def selected_patient(self) -> str | None:
        """The patient id under the cursor."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return self.lines[table.cursor_row].counts.patient

    def action_open_patient(self) -> None:
        """Ask the app to open the selected patient."""
        patient = self.selected_patient()
        if patient is not None:
            self.post_message(self.PatientChosen(patient))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # A click or Enter on the table itself: the same as the binding.
        event.stop()
        self.action_open_patient()

    def action_close(self) -> None:
        """Close the caseload."""
        self.dismiss(None)
