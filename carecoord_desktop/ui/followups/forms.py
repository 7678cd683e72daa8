"""The form for a new follow-up (chart tab) and the dialog that books an appointment."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carecoord_desktop.domain.appointments import AppointmentKind, AppointmentRecord
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.followups import Serves
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import appointments
from carecoord_desktop.services.patients import StaffChoice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.forms.edit_form import EditForm, add_field
from carecoord_desktop.ui.forms.fields import FormFields, blank_to_none, message_label

OWNER_ROLES = (Role.FRONT_DESK, Role.NURSE_COORDINATOR, Role.PROVIDER)


class NewFollowUpForm(EditForm):
    """Reason, window (typed as MM/DD/YYYY), owner (a role, or one person), what it serves, note."""

    def __init__(self, staff: list[StaffChoice], today: date) -> None:
        super().__init__("newFollowUpForm")
        self.save_button.setText("&Save follow-up")
        f = self.fields
        f.line("reason", "What the follow-up is for", placeholder="e.g. Blood pressure recheck")
        f.line("due_from", "From", placeholder="MM/DD/YYYY")
        f.line("due_to", "To", placeholder="MM/DD/YYYY")
        f.combo(
            "owner",
            "Owner",
            [(f"{r.label} (anyone)", f"role:{r.value}") for r in OWNER_ROLES]
            + [(s.full_name, f"staff:{s.id}") for s in staff],
        )
        f.combo(
            "serves", "What it serves", [(s.label, s.value) for s in Serves if s is not Serves.TRANSITION]
        )
        f.line("note", "Note")
        f.set_value("due_from", format_date(today))
        f.set_value("due_to", format_date(today + timedelta(days=14)))
        grid = self.grid()
        add_field(grid, 0, 0, "&Reason", f, "reason", span=3)
        add_field(grid, 1, 0, "Due &from", f, "due_from")
        add_field(grid, 1, 1, "Due &to", f, "due_to")
        add_field(grid, 2, 0, "&Owner", f, "owner")
        add_field(grid, 2, 1, "Ser&ves", f, "serves")
        add_field(grid, 3, 0, "&Note", f, "note", span=3)

    def changes(self) -> dict[str, Any]:
        f = self.fields
        kind, _, value = str(f.value("owner")).partition(":")
        return {
            "reason": f.value("reason"),
            "due_from": f.value("due_from"),
            "due_to": f.value("due_to"),
            "owner_role": value if kind == "role" else None,
            "owner_staff_id": int(value) if kind == "staff" else None,
            "serves": f.value("serves"),
            "note": blank_to_none(f.value("note")),
        }


class AppointmentDialog(FormDialog):
    """Book a visit, for a follow-up (`about`) or on its own. Errors show next to their fields."""

    def __init__(
        self,
        session: Session,
        patient_id: int,
        *,
        about: tuple[str, int] | None,
        heading: str,
        kind: AppointmentKind = AppointmentKind.OFFICE_VISIT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentDialog")
        self.setWindowTitle("Book an appointment")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        self.session, self.patient_id, self.about = session, patient_id, about
        self.booked: AppointmentRecord | None = None
        f = self.fields = FormFields(message_label("appointmentError"), prefix="appointment")
        f.line("on", "Day", placeholder="MM/DD/YYYY")
        f.line("at", "Time", placeholder="HH:MM (blank: not known)")
        f.line("minutes", "Minutes")
        f.combo("kind", "Kind of visit", [(k.label, k.value) for k in AppointmentKind])
        f.line("with_whom", "With whom")
        f.line("where", "Where")
        f.line("note", "Note")
        f.set_value("minutes", "30")
        f.set_value("kind", kind.value)
        form = QFormLayout()
        for path, label in (
            ("on", "&Day"),
            ("at", "T&ime"),
            ("minutes", "&Minutes"),
            ("kind", "&Kind"),
            ("with_whom", "&With"),
            ("where", "W&here"),
            ("note", "&Note"),
        ):
            caption = QLabel(label)
            caption.setBuddy(f.widgets[path])
            form.addRow(caption, f.box(path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.book_button = QPushButton("&Book")
        self.book_button.setObjectName("appointmentBook")
        self.book_button.setDefault(True)
        buttons.addButton(self.book_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.book_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        intro = QLabel(heading)
        intro.setObjectName("appointmentFor")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(f.general)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def data(self) -> dict[str, Any]:
        f = self.fields
        minutes = str(f.value("minutes")).strip()
        return {
            "on": f.value("on"),
            "at": f.value("at"),
            "minutes": int(minutes) if minutes.isdigit() else minutes or 30,
            "kind": f.value("kind"),
            "with_whom": f.value("with_whom"),
            "where": f.value("where"),
            "note": blank_to_none(f.value("note")),
        }

    def submit(self) -> None:
        try:
            self.booked = appointments.book(self.session, self.patient_id, self.data(), about=self.about)
        except UserError as exc:
            self.fields.show_error(exc)
            return
        self.accept()
