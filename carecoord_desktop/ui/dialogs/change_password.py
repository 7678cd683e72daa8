"""Changing one's own password; required before anything else when an admin has reset it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from carecoord_desktop.domain.errors import SignInFailed, UserError
from carecoord_desktop.services import auth
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.widgets.password_strength import PasswordStrengthMeter
from carecoord_desktop.ui.workers import run_in_worker


class ChangePasswordDialog(FormDialog):
    def __init__(self, session: Session, *, required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle("Choose a new password" if required else "Change password")
        self.setModal(True)
        self.session = session
        self.required = required
        self.setMinimumWidth(460)

        intro = QLabel(
            f"{session.user.full_name}, your password was set by an administrator. Choose your own password "
            "before you continue."
            if required
            else "Choose a new password for your account."
        )
        intro.setWordWrap(True)
        self.current = self._password_field("currentPassword", "Current password")
        self.new = self._password_field("newPassword", "New password")
        self.confirm = self._password_field("confirmPassword", "Confirm new password")
        user = session.user
        self.meter = PasswordStrengthMeter(self.new, lambda: (user.username, *user.full_name.split()))
        self.errors = FormFields(message_label("changePasswordError"))

        form = QFormLayout()
        form.addRow(self._label("C&urrent password", self.current), self.errors.wrap("current", self.current))
        new_box = self.errors.wrap("password", self.new, below=self.meter)
        form.addRow(self._label("&New password", self.new), new_box)
        form.addRow(
            self._label("Con&firm new password", self.confirm), self.errors.wrap("confirm", self.confirm)
        )

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("&Change password", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("changePasswordButton")
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(
            "&Sign out" if required else "Cancel", QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setObjectName("changePasswordCancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        if required:
            self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)

    @staticmethod
    def _password_field(name: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.errors.clear_errors()
        if not self.current.text():
            self.errors.set_error("current", "Enter your current password.")
            return
        self.ok_button.setEnabled(False)
        old, new, confirm = self.current.text(), self.new.text(), self.confirm.text()
        run_in_worker(
            lambda: auth.change_password(self.session, old, new, confirm),
            lambda _r: self.accept(),
            self._failed,
        )

    def _failed(self, exc: UserError) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, SignInFailed):
            self.errors.set_error("current", exc.message)
        else:
            self.errors.show_error(exc)
