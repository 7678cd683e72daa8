"""Import a source list from a FHIR R4 file: choose the file, see every medicine it read and every entry it
could not use (and why), say what kind of source it is and who provided it, then add it."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.med_comparison import SourceKind
from carecoord_desktop.interop.fhir_medications import ImportedMedications
from carecoord_desktop.services import reconciliation
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.fields import blank_to_none
from carecoord_desktop.ui.medrec.comparison_model import source_title
from carecoord_desktop.ui.medrec.dialogs import FormDialogBase
from carecoord_desktop.ui.workers import run_in_worker


def found_html(found: ImportedMedications) -> str:
    """What the file held: each medicine read, then each entry not used with the reason."""
    read = "".join(
        f"<li>{escape(m.summary)}{'' if m.coded else ' <i>(uncoded)</i>'}</li>" for m in found.medications
    )
    parts = [f"<b>Read ({len(found.medications)})</b><ul>{read or '<li>No medicine.</li>'}</ul>"]
    skipped = [*found.unread, *found.left_out]
    if skipped:
        items = "".join(f"<li>{escape(u.what)}: {escape(u.why)}</li>" for u in skipped)
        parts.append(f"<b>Not used ({len(skipped)})</b><ul>{items}</ul>")
    return "".join(parts)


class ImportDialog(FormDialogBase):
    def __init__(
        self, session: Session, patient_id: int, session_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__("importDialog", "Import a source list (FHIR)", "&Add source", parent)
        self.session = session
        self.patient_id = patient_id
        self.session_id = session_id
        self.found: ImportedMedications | None = None
        self.path: Path | None = None
        f = self.fields
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.setObjectName("importChoose")
        self.choose_button.clicked.connect(self.choose)
        self.file_label = QLabel("No file chosen.")
        self.file_label.setObjectName("importFile")
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        self.body.insertLayout(0, row)
        f.combo("kind", "Kind of source", [(source_title(k), k.value) for k in SourceKind])
        f.set_value("kind", SourceKind.HOSPITAL_DISCHARGE.value)
        f.line("provided_by", "Provided by", placeholder="the hospital, the pharmacy…")
        f.line("obtained_on", "Obtained on", placeholder="MM/DD/YYYY")
        f.set_value("obtained_on", format_date(session.clock.today()))
        self.row("&Kind", "kind")
        self.row("&Provided by", "provided_by")
        self.row("&Obtained on", "obtained_on")
        self.shown = QLabel()
        self.shown.setObjectName("importFound")
        self.shown.setTextFormat(Qt.TextFormat.RichText)
        self.shown.setWordWrap(True)
        self.body.insertWidget(self.body.count() - 2, self.shown)
        self.ok_button.setEnabled(False)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "FHIR file", "", "FHIR JSON (*.json);;All files (*)")
        if name:
            self.read(Path(name))

    def read(self, path: Path) -> None:
        """Read the file off the UI thread; show what it held."""
        self.fields.clear_errors()
        self.path = path
        self.file_label.setText(f"Reading {path.name}…")
        self.choose_button.setEnabled(False)
        run_in_worker(lambda: reconciliation.read_fhir_file(self.session, path), self._read, self._unreadable)

    def _read(self, found: Any) -> None:
        assert isinstance(found, ImportedMedications) and self.path is not None
        self.found = found
        who = f" for {found.patient_name}" if found.patient_name else ""
        self.file_label.setText(f"{self.path.name}{who}")
        self.shown.setText(found_html(found))
        self.choose_button.setEnabled(True)
        self.ok_button.setEnabled(True)

    def _unreadable(self, exc: UserError) -> None:
        self.found = None
        self.file_label.setText("No file read.")
        self.shown.clear()
        self.choose_button.setEnabled(True)
        self.ok_button.setEnabled(False)
        self.fields.show_error(exc)

    def save(self) -> Any:
        if self.found is None or self.path is None:
            raise UserError("Choose a FHIR file first.")
        data = reconciliation.imported_source(
            self.found,
            kind=self.fields.value("kind"),
            provided_by=self.fields.value("provided_by"),
            obtained_on=blank_to_none(self.fields.value("obtained_on")),
            file_name=self.path.name,
        )
        return reconciliation.add_source(self.session, self.patient_id, self.session_id, data)
