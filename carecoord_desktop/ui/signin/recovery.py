"""'Forgot password?': what to do, and opening the vault with the recovery key to set a new admin password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import SignInFailed, UserError
from carecoord_desktop.services import auth
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.widgets.password_strength import PasswordStrengthMeter
from carecoord_desktop.ui.workers import run_in_worker

EXPLANATION = (
    "<p><b>Staff members:</b> ask your practice administrator to reset your password. You will choose a "
    "new one the next time you sign in.</p>"
    "<p><b>Administrators:</b> another administrator can reset your password. If no administrator can sign "
    "in, use the <b>recovery key</b> from the recovery sheet printed when the practice was set up; it lets "
    "you choose a new password for an administrator account.</p>"
    "<p>Nobody else, including CareCoord support, can open the vault without a password or the recovery key.</p>"
)


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class ForgotPasswordDialog(QDialog):
    recovered = Signal(object)

    def __init__(self, vault_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forgotPasswordDialog")
        self.setWindowTitle("Forgot your password?")
        self.setMinimumWidth(480)
        self.vault_path = vault_path
        text = QLabel(EXPLANATION)
        text.setObjectName("forgotExplanation")
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.use_key = QPushButton("Use &recovery key…")
        self.use_key.setObjectName("useRecoveryKey")
        buttons.addButton(self.use_key, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.use_key.clicked.connect(self.open_recovery)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(text)
        layout.addWidget(buttons)

    def open_recovery(self) -> RecoveryKeyDialog:
        dialog = RecoveryKeyDialog(self.vault_path, self.parentWidget())
        dialog.recovered.connect(self.recovered)
        self.accept()
        dialog.open()
        self.recovery_dialog = dialog
        return dialog


class RecoveryKeyDialog(QDialog):
    recovered = Signal(object)

    def __init__(self, vault_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self.setWindowTitle("Open with the recovery key")
        self.setMinimumWidth(520)
        self.vault_path = vault_path
        intro = QLabel(
            "Type the recovery key from the recovery sheet, the administrator account to reset, and its new password."
        )
        intro.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setObjectName("recoveryKeyInput")
        self.key.setAccessibleName("Recovery key")
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.username = QLineEdit()
        self.username.setObjectName("recoveryUsername")
        self.username.setAccessibleName("Administrator username")
        self.password = QLineEdit()
        self.password.setObjectName("recoveryPassword")
        self.password.setAccessibleName("New password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("recoveryConfirm")
        self.confirm.setAccessibleName("Confirm new password")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = PasswordStrengthMeter(self.password, lambda: (self.username.text().strip(),))
        self.errors = FormFields(message_label("recoveryKeyError"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_buddy("Recovery &key", self.key), self.errors.wrap("recovery_key", self.key))
        form.addRow(
            _buddy("Administrator &username", self.username), self.errors.wrap("username", self.username)
        )
        box = self.errors.wrap("password", self.password, below=self.meter)
        form.addRow(_buddy("&New password", self.password), box)
        form.addRow(_buddy("Con&firm password", self.confirm), self.errors.wrap("confirm", self.confirm))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(
            "&Set password and sign in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("recoverButton")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.errors.clear_errors()
        if not self.key.text().strip():
            self.errors.set_error("recovery_key", "Type the recovery key from the recovery sheet.")
            return
        if not self.username.text().strip():
            self.errors.set_error("username", "Type the administrator's username.")
            return
        self.ok_button.setEnabled(False)
        args = (
            self.vault_path,
            self.key.text(),
            self.username.text(),
            self.password.text(),
            self.confirm.text(),
        )
        run_in_worker(lambda: auth.recover_with_key(*args), self._succeeded, self._failed)

    def _succeeded(self, session: Session) -> None:
        self.accept()
        self.recovered.emit(session)

    def _failed(self, exc: UserError) -> None:
        self.ok_button.setEnabled(True)
        if (
            isinstance(exc, SignInFailed)
            and "recovery key" in exc.message
            and "administrator" not in exc.message
        ):
            self.errors.set_error("recovery_key", exc.message)
        elif isinstance(exc, SignInFailed):
            self.errors.set_error("username", exc.message)
        else:
            self.errors.show_error(exc)
