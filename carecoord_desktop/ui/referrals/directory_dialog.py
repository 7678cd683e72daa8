"""The outside-provider directory: search as you type, add an entry, or change the chosen one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.directory import DirectoryEntry, DirectoryKind, ReferralIntake
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import directory
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen

ID_ROLE = Qt.ItemDataRole.UserRole
TEXT_FIELDS = ("name", "specialty", "npi", "phone", "fax", "address", "notes")


class DirectoryDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directoryDialog")
        self.setWindowTitle("Directory of outside providers")
        self.session = session
        self.editing: int | None = None
        self.search = QLineEdit()
        self.search.setObjectName("directorySearch")
        self.search.setPlaceholderText("Find by name, specialty, kind or NPI")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.run_search)
        self.show_retired = QCheckBox("Show retired entries")
        self.show_retired.setObjectName("directoryShowRetired")
        self.show_retired.toggled.connect(lambda _on: self.run_search(self.search.text()))
        self.results = QListWidget()
        self.results.setObjectName("directoryResults")
        self.results.currentItemChanged.connect(self._chosen)

        self.fields: dict[str, QLineEdit] = {}
        for name in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"directory{name.capitalize()}")
            self.fields[name] = edit
        self.kind = QComboBox()
        self.kind.setObjectName("directoryKind")
        for kind in DirectoryKind:
            self.kind.addItem(kind.label, kind.value)
        self.intake = QComboBox()
        self.intake.setObjectName("directoryIntake")
        for intake in ReferralIntake:
            self.intake.addItem(intake.label, intake.value)
        self.wait = QSpinBox()
        self.wait.setObjectName("directoryWait")
        self.wait.setRange(0, 365)
        self.wait.setSpecialValueText("Not known")
        self.wait.setSuffix(" days")
        self.active = QCheckBox("In use (uncheck to retire the entry)")
        self.active.setObjectName("directoryActive")
        self.active.setChecked(True)
        self.general = message_label()
        self.saved = message_label("formSuccess")
        self.errors = FormFields(self.general, prefix="directory_")
        form = QFormLayout()
        labels = {"name": "&Name", "specialty": "&Specialty or service", "npi": "NP&I", "phone": "&Phone",
                  "fax": "&Fax", "address": "&Address", "notes": "No&tes"}  # fmt: skip
        for name in ("name", "specialty", "npi", "phone", "fax", "address"):
            form.addRow(labels[name], self.errors.wrap(name, self.fields[name]))
        form.addRow("&Kind", self.kind)
        form.addRow("Takes referrals by", self.intake)
        form.addRow("Typical &wait", self.wait)
        form.addRow(labels["notes"], self.errors.wrap("notes", self.fields["notes"]))
        form.addRow(self.active)
        self.new_button = QPushButton("&Clear for a new entry")
        self.new_button.setObjectName("directoryNew")
        self.new_button.clicked.connect(self.clear_form)
        self.save_button = QPushButton("Sa&ve")
        self.save_button.setObjectName("directorySave")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        can_edit = session.can(Permission.REFERRAL_LOGISTICS)
        self.save_button.setEnabled(can_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.show_retired)
        left.addWidget(self.results, 1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.general)
        right.addWidget(self.saved)
        right.addLayout(buttons)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        fit_to_screen(self, 980, 560)
        self.run_search("")

    def run_search(self, text: str) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        try:
            found = directory.search_directory(
                self.session, text, active_only=not self.show_retired.isChecked()
            )
        except UserError as exc:
            self.errors.show_message(exc.message)
            found = []
        for listing in found:
            entry = listing.entry
            detail = entry.specialty or entry.kind.label
            fax = f" · fax {format_phone(entry.fax)}" if entry.fax else ""
            item = QListWidgetItem(f"{entry.name} — {detail}{fax}{'' if entry.active else ' (retired)'}")
            item.setData(ID_ROLE, listing.id)
            self.results.addItem(item)
        self.results.blockSignals(False)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        try:
            entry = directory.get_entry(self.session, int(item.data(ID_ROLE)))
        except UserError as exc:
            self.errors.show_message(exc.message)
            return
        self.editing = int(item.data(ID_ROLE))
        self._fill(entry)

    def _fill(self, entry: DirectoryEntry) -> None:
        self.errors.clear_errors()
        for name, edit in self.fields.items():
            value = getattr(entry, name)
            edit.setText(format_phone(value) if value and name in ("phone", "fax") else (value or ""))
        self.kind.setCurrentIndex(self.kind.findData(entry.kind.value))
        self.intake.setCurrentIndex(self.intake.findData(entry.intake.value))
        self.wait.setValue(entry.typical_wait_days or 0)
        self.active.setChecked(entry.active)

    def clear_form(self) -> None:
        self.editing = None
        self.results.clearSelection()
        self.errors.clear_errors()
        for edit in self.fields.values():
            edit.clear()
        self.kind.setCurrentIndex(0)
        self.intake.setCurrentIndex(0)
        self.wait.setValue(0)
        self.active.setChecked(True)
        self.fields["name"].setFocus()

    def form_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: edit.text() for name, edit in self.fields.items()}
        data |= {
            "kind": self.kind.currentData(),
            "intake": self.intake.currentData(),
            "typical_wait_days": self.wait.value() or None,
            "active": self.active.isChecked(),
        }
        return data

    def save(self) -> int | None:
        self.saved.hide()
        try:
            if self.editing is None:
                self.editing = directory.add_entry(self.session, self.form_data())
            else:
                directory.update_entry(self.session, self.editing, self.form_data())
        except UserError as exc:
            self.errors.show_error(exc)
            return None
        self.errors.clear_errors()
        saved = self.editing
        self.run_search(self.search.text())
        self.saved.setText(f"Saved “{self.fields['name'].text()}”.")
        self.saved.show()
        return saved
