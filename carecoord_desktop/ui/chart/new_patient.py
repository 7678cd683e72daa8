"""Adding a patient: identity and contact, then a look at possible duplicates before anything is saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.duplicates import DuplicateReason
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.patients import display_name
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import DuplicateMatch, StaffChoice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.demographics_forms import ContactForm, IdentityForm
from carecoord_desktop.ui.chart.formatting import phone
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.edit_form import EditForm
from carecoord_desktop.ui.forms.fields import message_label
from carecoord_desktop.ui.widgets.flow import FlowLayout


class NewPatientView(QWidget):
    created = Signal(int)
    open_patient = Signal(int)
    cancelled = Signal()

    def __init__(self, session: Session, staff: list[StaffChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPatient")
        self.session = session
        self.matches: list[DuplicateMatch] = []
        title = QLabel("New patient")
        title.setObjectName("pageTitle")
        intro = QLabel(
            "Enter the patient's identity and how to reach them. Before saving, CareCoord checks for patients "
            "who may already have a chart (same name and date of birth, same MRN or same phone)."
        )
        intro.setObjectName("pageSubtitle")
        intro.setWordWrap(True)
        self.general = message_label("newPatientError")
        self.identity = IdentityForm(staff, name="newIdentityForm", clock=session.clock)
        self.contact = ContactForm(name="newContactForm", clock=session.clock)
        self.forms: list[EditForm] = [self.identity, self.contact]
        for form in self.forms:
            form.save_button.hide()
            form.cancel_button.hide()
            form.save_requested.connect(self.check_and_save)
        self.contact.fields.set_value("address.country", "US")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("newPatientTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.identity, "&1 Identity")
        self.tabs.addTab(self.contact, "&2 Contact && preferences")

        self.duplicates = QFrame()
        self.duplicates.setObjectName("duplicatePanel")
        self.duplicates.setStyleSheet(
            "QFrame#duplicatePanel { background: #fff8e6; border: 1px solid #e8c878; border-radius: 6px; }"
        )
        self.duplicate_intro = QLabel()
        self.duplicate_intro.setObjectName("duplicateIntro")
        self.duplicate_intro.setWordWrap(True)
        self.duplicate_intro.setStyleSheet("font-weight: 600;")
        self.duplicate_list = QTableWidget(0, 5)
        self.duplicate_list.setObjectName("duplicateList")
        self.duplicate_list.setAccessibleName("Possible duplicates")
        self.duplicate_list.setHorizontalHeaderLabels(
            ["Name", "Date of birth", "MRN", "Phone", "Why it may match"]
        )
        self.duplicate_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duplicate_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.duplicate_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.duplicate_list.verticalHeader().hide()
        self.duplicate_list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.duplicate_list.horizontalHeader().setStretchLastSection(True)
        self.duplicate_list.activated.connect(lambda _i: self.open_duplicate())
        self.open_duplicate_button = QPushButton("&Open the selected patient")
        self.open_duplicate_button.setObjectName("openDuplicateButton")
        self.open_duplicate_button.clicked.connect(self.open_duplicate)
        self.confirm_button = QPushButton("This is a ne&w patient — save")
        self.confirm_button.setObjectName("confirmNewPatientButton")
        self.confirm_button.clicked.connect(lambda: self.save(duplicates_reviewed=True))
        self.back_button = QPushButton("&Go back and edit")
        self.back_button.setObjectName("duplicateBackButton")
        self.back_button.clicked.connect(self.hide_duplicates)
        duplicate_buttons = QWidget()  # the three wrap at 150 % rather than widen the window
        flow = FlowLayout(duplicate_buttons, last_to_the_right=True)
        for button in (self.open_duplicate_button, self.back_button, self.confirm_button):
            flow.addWidget(button)
        inner = QVBoxLayout(self.duplicates)
        inner.setContentsMargins(14, 10, 14, 10)
        inner.addWidget(self.duplicate_intro)
        inner.addWidget(self.duplicate_list)
        inner.addWidget(duplicate_buttons)
        self.duplicates.hide()

        self.save_button = QPushButton("Check and &save")
        self.save_button.setObjectName("newPatientSave")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.check_and_save)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("newPatientCancel")
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.general)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.duplicates)
        layout.addLayout(buttons)

    def data(self) -> dict[str, Any]:
        return {**self.identity.changes(), **self.contact.changes()}

    # -- saving ------------------------------------------------------------------------------------
    def check_and_save(self) -> None:
        self._clear_errors()
        self.hide_duplicates()
        try:
            _patient, matches = patients.check_new_patient(self.session, self.data())
        except UserError as exc:
            self.show_error(exc)
            return
        if matches:
            self.show_duplicates(matches)
            return
        self.save(duplicates_reviewed=False)

    def save(self, *, duplicates_reviewed: bool) -> None:
        self._clear_errors()
        try:
            new_id = patients.add_patient(self.session, self.data(), duplicates_reviewed=duplicates_reviewed)
        except UserError as exc:
            self.hide_duplicates()
            self.show_error(exc)
            return
        self.created.emit(new_id)

    def _clear_errors(self) -> None:
        self.general.hide()
        for form in self.forms:
            form.clear_errors()

    def show_error(self, exc: UserError) -> None:
        """Each field message in the form that has the field; the rest above the tabs."""
        if not isinstance(exc, ValidationFailed) or not exc.field_errors:
            self.general.setText(exc.message)
            self.general.show()
            return
        leftover = dict(exc.field_errors)
        first_tab = None
        for index, form in enumerate(self.forms):
            mine = {p: m for p, m in exc.field_errors.items() if form.fields.target(p) is not None}
            for path in mine:
                leftover.pop(path, None)
            if mine:
                form.show_error(ValidationFailed(exc.message, mine))
                first_tab = index if first_tab is None else first_tab
        for form in self.forms:
            form.general.hide()
        self.general.setText(
            " ".join(m.rstrip(".") + "." for m in leftover.values())
            if leftover
            else "Please correct the fields marked in red; nothing was saved."
        )
        self.general.show()
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)
            form = self.forms[first_tab]
            first = next(p for p in exc.field_errors if form.fields.target(p) is not None)
            form.fields.widgets[form.fields.target(first) or first].setFocus()

    # -- duplicates --------------------------------------------------------------------------------
    def show_duplicates(self, matches: list[DuplicateMatch]) -> None:
        self.matches = matches
        count = len(matches)
        self.duplicate_intro.setText(
            f"{count} existing patient{'s' if count != 1 else ''} may be the same person. Open one instead, "
            "or confirm that this is a new patient."
        )
        self.duplicate_list.setRowCount(count)
        for row, match in enumerate(matches):
            r = match.row
            reasons = ", ".join(reason.label for reason in match.reasons)
            values = [
                display_name(r.family_name, r.given_name, r.preferred_name),
                format_date(r.date_of_birth),
                r.mrn,
                phone(r.phone),
                reasons[:1].upper() + reasons[1:],
            ]
            for column, value in enumerate(values):
                self.duplicate_list.setItem(row, column, QTableWidgetItem(value))
        self.duplicate_list.selectRow(0)
        # As tall as its rows (up to four, then it scrolls): the form above keeps the room
        table = self.duplicate_list
        rows = sum(table.rowHeight(r) for r in range(min(count, 4)))
        table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth() + 2)
        # A duplicate MRN can never be saved: the service refuses it, so don't offer it.
        same_mrn = any(DuplicateReason.SAME_MRN in m.reasons for m in matches)
        self.confirm_button.setEnabled(not same_mrn)
        self.confirm_button.setToolTip(
            "Another patient already has this MRN; change it first." if same_mrn else ""
        )
        self.duplicates.show()
        self.save_button.setEnabled(False)
        self.duplicate_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def hide_duplicates(self) -> None:
        self.duplicates.hide()
        self.save_button.setEnabled(True)

    def open_duplicate(self) -> None:
        row = self.duplicate_list.currentRow()
        if 0 <= row < len(self.matches):
            self.open_patient.emit(self.matches[row].row.id)

    # -- drafts ------------------------------------------------------------------------------------
    def has_input(self) -> bool:
        blank: tuple[object, ...] = ("", None, False, [], "US", "en")
        return any(
            value not in blank and path not in ("sex_at_birth", "status")
            for form in self.forms
            for path, value in form.fields.state().items()
        )

    def draft_state(self) -> dict[str, Any] | None:
        if not self.has_input():
            return None
        return {"identity": self.identity.state(), "contact": self.contact.state()}

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.identity.restore(payload.get("identity") or {})
        self.contact.restore(payload.get("contact") or {})
