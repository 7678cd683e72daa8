"""The dialogs behind the staff-accounts actions. Each validates through services.staff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import staff
from carecoord_desktop.services.session import Session, StaffMember
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.widgets.password_strength import PasswordStrengthMeter
from carecoord_desktop.ui.workers import run_in_worker


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _password(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def role_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName("Role")
    for role in Role:
        combo.addItem(role.label, role.value)
    return combo


def chosen_role(combo: QComboBox) -> Role:
    return Role(combo.currentData())


def choose_role(combo: QComboBox, role: Role) -> None:
    index = combo.findData(role.value)
    if index >= 0:
        combo.setCurrentIndex(index)


class _StaffDialog(FormDialog):
    """Shared frame: an intro, a form, a general error line, OK/Cancel; the work runs in a worker."""

    def __init__(self, session: Session, title: str, ok_text: str, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(540)
        self.session = session
        self.errors = FormFields(message_label(f"{name}Error"))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(10)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName(f"{name}Ok")
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName(f"{name}Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.errors.clear_errors()
        self.ok_button.setEnabled(False)
        run_in_worker(self.work(), lambda _r: self.accept(), self._failed)

    def _failed(self, exc: UserError) -> None:
        self.ok_button.setEnabled(True)
        self.errors.show_error(exc)


class AddStaffDialog(_StaffDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "Add staff account", "&Add account", "addStaffDialog", parent)
        self.intro.setText(
            "Give the person a temporary password and tell it to them in person. "
            "They choose their own when they first sign in."
        )
        self.full_name = QLineEdit()
        self.full_name.setObjectName("staffFullName")
        self.full_name.setAccessibleName("Full name")
        self.username = QLineEdit()
        self.username.setObjectName("staffUsername")
        self.username.setAccessibleName("Username")
        self.role = role_combo("staffRole")
        choose_role(self.role, Role.NURSE_COORDINATOR)
        self.password = _password("staffPassword", "Temporary password")
        self.confirm = _password("staffConfirm", "Confirm temporary password")
        self.meter = PasswordStrengthMeter(
            self.password, lambda: (self.username.text().strip(), *self.full_name.text().split())
        )
        self.must_change = QCheckBox("&Must choose a new password at first sign-in")
        self.must_change.setObjectName("staffMustChange")
        self.must_change.setChecked(True)
        self.form.addRow(_buddy("&Full name", self.full_name), self.errors.wrap("full_name", self.full_name))
        self.form.addRow(_buddy("&Username", self.username), self.errors.wrap("username", self.username))
        self.form.addRow(_buddy("&Role", self.role), self.errors.wrap("role", self.role))
        box = self.errors.wrap("password", self.password, below=self.meter)
        self.form.addRow(_buddy("&Temporary password", self.password), box)
        self.form.addRow(_buddy("Con&firm password", self.confirm), self.errors.wrap("confirm", self.confirm))
        self.form.addRow("", self.must_change)

    def work(self) -> Callable[[], StaffMember]:
        args = (
            self.session,
            self.username.text(),
            self.full_name.text(),
            chosen_role(self.role),
            self.password.text(),
            self.confirm.text(),
        )
        must_change = self.must_change.isChecked()
        return lambda: staff.add_staff(*args, must_change_password=must_change)

    # -- drafts: everything but the passwords ----------------------------------------------------
    def draft_state(self) -> dict[str, Any] | None:
        if not (self.full_name.text() or self.username.text()):
            return None
        return {
            "full_name": self.full_name.text(),
            "username": self.username.text(),
            "role": chosen_role(self.role).value,
            "must_change_password": self.must_change.isChecked(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.full_name.setText(str(payload.get("full_name", "")))
        self.username.setText(str(payload.get("username", "")))
        choose_role(self.role, Role(payload.get("role", Role.NURSE_COORDINATOR.value)))
        self.must_change.setChecked(bool(payload.get("must_change_password", True)))


class ResetPasswordDialog(_StaffDialog):
    def __init__(self, session: Session, member: StaffMember, parent: QWidget | None = None) -> None:
        super().__init__(session, "Reset password", "&Reset password", "resetPasswordDialog", parent)
        self.member = member
        extra = "" if member.active else " This also re-enables the disabled account."
        self.intro.setText(
            f"Set a temporary password for {member.full_name} ({member.username}). They must choose a new one "
            f"when they next sign in.{extra}"
        )
        self.password = _password("resetPassword", "Temporary password")
        self.confirm = _password("resetConfirm", "Confirm temporary password")
        self.meter = PasswordStrengthMeter(
            self.password, lambda: (member.username, *member.full_name.split())
        )
        box = self.errors.wrap("password", self.password, below=self.meter)
        self.form.addRow(_buddy("&Temporary password", self.password), box)
        self.form.addRow(_buddy("Con&firm password", self.confirm), self.errors.wrap("confirm", self.confirm))

    def work(self) -> Callable[[], None]:
        args = (self.session, self.member.username, self.password.text(), self.confirm.text())
        return lambda: staff.reset_password(*args)


class ChangeRoleDialog(_StaffDialog):
    def __init__(self, session: Session, member: StaffMember, parent: QWidget | None = None) -> None:
        super().__init__(session, "Change role", "&Change role", "changeRoleDialog", parent)
        self.member = member
        self.intro.setText(f"Choose what {member.full_name} ({member.username}) may do in CareCoord.")
        self.role = role_combo("newRole")
        choose_role(self.role, member.role)
        self.form.addRow(_buddy("&Role", self.role), self.errors.wrap("role", self.role))

    def work(self) -> Callable[[], None]:
        args = (self.session, self.member.username, chosen_role(self.role))
        return lambda: staff.change_role(*args)
