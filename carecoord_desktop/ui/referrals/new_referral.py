"""A new referral: find the patient and the specialist as you type, say why, choose what to send."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.referral_forms import PriorAuthStatus
from carecoord_desktop.domain.referrals import Urgency
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import directory, patients, referrals
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.referrals.referral_dialog import date_edit, pydate, qdate
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen, scrolled

ID_ROLE = Qt.ItemDataRole.UserRole


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class NewReferralDialog(QDialog):
    created = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newReferralDialog")
        self.setWindowTitle("New referral")
        self.session = session
        self.patient_search = QLineEdit()
        self.patient_search.setObjectName("referralPatientSearch")
        self.patient_search.setPlaceholderText("Name, MRN, DOB or phone")
        self.patient_list = QListWidget()
        self.patient_list.setObjectName("referralPatientList")
        self.patient_list.setMaximumHeight(80)
        self.patient_search.textChanged.connect(self._find_patients)
        self.patient_list.currentItemChanged.connect(self._patient_chosen)
        self._prefilled: dict[str, str] = {}  # what the chart put in each box, until the person edits it
        self.directory_search = QLineEdit()
        self.directory_search.setObjectName("referralDirectorySearch")
        self.directory_search.setPlaceholderText("Specialist, organization, specialty or NPI")
        self.directory_list = QListWidget()
        self.directory_list.setObjectName("referralDirectoryList")
        self.directory_list.setMaximumHeight(80)
        self.directory_search.textChanged.connect(self._find_directory)
        self.directory_list.currentItemChanged.connect(self._directory_chosen)
        self.specialty = QLineEdit()
        self.specialty.setObjectName("referralSpecialty")
        self.reason = QLineEdit()
        self.reason.setObjectName("referralReason")
        self.question = QPlainTextEdit()
        self.question.setObjectName("referralQuestion")
        self.question.setFixedHeight(54)
        self.urgency = QComboBox()
        self.urgency.setObjectName("referralUrgency")
        for urgency in Urgency:
            self.urgency.addItem(urgency.label, urgency.value)
        self.requested_by = date_edit("referralRequestedBy", session.clock.today() + timedelta(days=30))
        self.provider = QComboBox()
        self.provider.setObjectName("referralProvider")
        try:
            for choice in patients.staff_choices(session):
                if choice.role is Role.PROVIDER:
                    self.provider.addItem(choice.full_name, choice.id)
        except UserError:
            pass
        self.info: dict[str, QPlainTextEdit] = {}
        for key in ("problems", "medications", "allergies", "attachments"):
            edit = QPlainTextEdit()
            edit.setObjectName(f"referral{key.capitalize()}")
            edit.setPlaceholderText("One per line")
            edit.setFixedHeight(44)
            self.info[key] = edit
        self.auth_needed = QCheckBox("Prior authorization needed")
        self.auth_needed.setObjectName("priorAuthNeeded")
        self.auth_number = QLineEdit()
        self.auth_number.setObjectName("priorAuthNumber")
        self.auth_status = QComboBox()
        self.auth_status.setObjectName("priorAuthStatus")
        self.auth_status.addItem("—", None)
        for status in PriorAuthStatus:
            self.auth_status.addItem(status.value.replace("_", " ").capitalize(), status.value)

        self.general = message_label()
        self.errors = FormFields(self.general)
        form = QFormLayout()
        form.addRow("&Patient", self.errors.wrap("patient_id", self.patient_search, below=self.patient_list))
        form.addRow("&To", self.errors.wrap("directory_id", self.directory_search, below=self.directory_list))
        form.addRow("&Specialty", self.errors.wrap("specialty", self.specialty))
        form.addRow("&Reason", self.errors.wrap("reason", self.reason))
        form.addRow("Clinical &question", self.errors.wrap("clinical_question", self.question))
        form.addRow("&Urgency", self.urgency)
        form.addRow("Requested &by", self.errors.wrap("requested_by", self.requested_by))
        form.addRow("Referring provider", self.errors.wrap("referring_provider_id", self.provider))
        for key, edit in self.info.items():
            form.addRow(key.capitalize() + " to send", edit)
        form.addRow(self.errors.wrap("prior_auth_needed", self.auth_needed))
        form.addRow("Authorization number", self.auth_number)
        form.addRow("Authorization status", self.auth_status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("newReferralButtons")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        fields = QVBoxLayout(body)
        fields.setContentsMargins(0, 0, 8, 0)
        fields.addLayout(form)
        fields.addWidget(self.general)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(body, "newReferralScroll"), 1)  # the fields scroll; Save stays in view
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 820)

    # -- finding -----------------------------------------------------------------------------------
    def _find_patients(self, text: str) -> None:
        self.patient_list.clear()
        try:
            rows = patients.search_patients(self.session, text, limit=8, today=self.session.clock.today())
        except UserError as exc:
            self.errors.set_error("patient_id", exc.message)
            return
        for row in rows:
            item = QListWidgetItem(
                f"{row.family_name}, {row.given_name} · {row.mrn} · {format_date(row.date_of_birth)}"
            )
            item.setData(ID_ROLE, row.id)
            self.patient_list.addItem(item)
        if rows:
            self.patient_list.setCurrentRow(0)

    def _find_directory(self, text: str) -> None:
        self.directory_list.clear()
        try:
            found = directory.search_directory(self.session, text, limit=8)
        except UserError as exc:
            self.errors.set_error("directory_id", exc.message)
            return
        for listing in found:
            entry = listing.entry
            item = QListWidgetItem(f"{entry.name} — {entry.specialty or entry.kind.label}")
            item.setData(ID_ROLE, listing.id)
            item.setData(ID_ROLE + 1, entry.specialty or "")
            self.directory_list.addItem(item)
        if found:
            self.directory_list.setCurrentRow(0)

    def _patient_chosen(self, item: QListWidgetItem | None) -> None:
        """Offer the chart's current problems, medicines and allergies to send; a box the person has typed in
        is kept."""
        if item is None or not self.session.can(Permission.VIEW_CLINICAL):
            return
        try:
            chart = referrals.chart_prefill(self.session, int(item.data(ID_ROLE)))
        except UserError as exc:
            self.errors.set_error("patient_id", exc.message)
            return
        for key, lines in (
            ("problems", chart.problems),
            ("medications", chart.medications),
            ("allergies", chart.allergies),
        ):
            edit = self.info[key]
            if edit.toPlainText() == self._prefilled.get(key, ""):
                self._prefilled[key] = "\n".join(lines)
                edit.setPlainText(self._prefilled[key])

    def _directory_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None and not self.specialty.text().strip():
            self.specialty.setText(str(item.data(ID_ROLE + 1) or ""))

    # -- drafts (unsaved input kept over a lock or a hand-over) -------------------------------------
    def draft_state(self) -> dict[str, Any] | None:
        texts = {
            "patient_search": self.patient_search.text(),
            "directory_search": self.directory_search.text(),
            "specialty": self.specialty.text(),
            "reason": self.reason.text(),
            "question": self.question.toPlainText(),
            "auth_number": self.auth_number.text(),
            **{f"info_{key}": edit.toPlainText() for key, edit in self.info.items()},
        }
        if not any(value.strip() for value in texts.values()):
            return None
        patient, entry = self.patient_list.currentItem(), self.directory_list.currentItem()
        return {
            **texts,
            "patient_id": patient.data(ID_ROLE) if patient else None,
            "directory_id": entry.data(ID_ROLE) if entry else None,
            "urgency": self.urgency.currentData(),
            "requested_by": pydate(self.requested_by.date()).isoformat(),
            "provider": self.provider.currentData(),
            "auth_needed": self.auth_needed.isChecked(),
            "auth_status": self.auth_status.currentData(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.patient_search.setText(str(payload.get("patient_search", "")))
        self.directory_search.setText(str(payload.get("directory_search", "")))
        for box, key in ((self.patient_list, "patient_id"), (self.directory_list, "directory_id")):
            for row in range(box.count()):
                if box.item(row).data(ID_ROLE) == payload.get(key):
                    box.setCurrentRow(row)
        self.specialty.setText(str(payload.get("specialty", "")))
        self.reason.setText(str(payload.get("reason", "")))
        self.question.setPlainText(str(payload.get("question", "")))
        self.auth_number.setText(str(payload.get("auth_number", "")))
        for key, edit in self.info.items():
            edit.setPlainText(str(payload.get(f"info_{key}", "")))
        for combo, key in (
            (self.urgency, "urgency"),
            (self.provider, "provider"),
            (self.auth_status, "auth_status"),
        ):
            combo.setCurrentIndex(max(0, combo.findData(payload.get(key))))
        if payload.get("requested_by"):
            self.requested_by.setDate(qdate(date.fromisoformat(str(payload["requested_by"]))))
        self.auth_needed.setChecked(bool(payload.get("auth_needed")))

    # -- saving ------------------------------------------------------------------------------------
    def form_data(self) -> dict[str, Any]:
        patient = self.patient_list.currentItem()
        entry = self.directory_list.currentItem()
        status = self.auth_status.currentData()
        return {
            "patient_id": int(patient.data(ID_ROLE)) if patient else 0,
            "directory_id": int(entry.data(ID_ROLE)) if entry else 0,
            "specialty": self.specialty.text(),
            "reason": self.reason.text(),
            "clinical_question": self.question.toPlainText(),
            "urgency": self.urgency.currentData(),
            "requested_by": pydate(self.requested_by.date()),
            "referring_provider_id": self.provider.currentData() or 0,
            "clinical_info": {key: _lines(edit) for key, edit in self.info.items()},
            "prior_auth_needed": self.auth_needed.isChecked(),
            "prior_auth_number": self.auth_number.text() or None,
            "prior_auth_status": status,
        }

    def save(self) -> int | None:
        try:
            new_id = referrals.create_referral(self.session, self.form_data())
        except UserError as exc:
            self.errors.show_error(exc)
            return None
        self.created.emit(new_id)
        self.accept()
        return new_id
