"""The sign-in window: username and password, a growing wait after repeated failures, and help.

It is the first thing on screen, so it imports only Qt at start-up: the services (and with them SQLAlchemy
and the vault code) are imported where they are used, by then usually warmed up in the background.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.ui.forms.fields import message_label
from carecoord_desktop.ui.widgets.countdown import Countdown
from carecoord_desktop.ui.workers import run_in_worker

if TYPE_CHECKING:
    from carecoord_desktop.services.session import Session
    from carecoord_desktop.ui.signin.recovery import ForgotPasswordDialog


def _retry_after(path: Path, username: str) -> int:
    from carecoord_desktop.services import auth

    return auth.retry_after(path, username)


class SignInWindow(QWidget):
    """Emits `signed_in(session)`. One window per vault."""

    signed_in = Signal(object)
    closed = Signal()  # the user closed the window without signing in

    def __init__(
        self, vault_path: Path, *, demo: bool = False, notice: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.vault_path = vault_path
        self.demo = demo
        self.setWindowTitle(("DEMO — " if demo else "") + "Sign in — CareCoord Desktop")
        self._busy = False
        self.countdown = Countdown(self)
        self.countdown.changed.connect(self._render_wait)

        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(470)
        product = QLabel("CareCoord Desktop")
        product.setProperty("hint", True)
        title = QLabel("Sign in")
        title.setObjectName("pageTitle")
        vault = QLabel(f"Vault: {vault_path.stem}")
        vault.setObjectName("signInVault")
        vault.setProperty("hint", True)
        vault.setToolTip(str(vault_path))
        self.notice = QLabel(notice)
        self.notice.setObjectName("signInNotice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("hint", True)
        self.notice.setVisible(bool(notice))

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setAccessibleName("Username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        self.username.textEdited.connect(self._username_changed)
        user_label = QLabel("&Username")
        user_label.setBuddy(self.username)
        pass_label = QLabel("&Password")
        pass_label.setBuddy(self.password)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.addRow(user_label, self.username)
        form.addRow(pass_label, self.password)

        self.error = message_label("signInError")
        keep = self.error.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # the card does not shift when an error appears
        self.error.setSizePolicy(keep)
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.clicked.connect(self.submit)
        self.forgot_button = QPushButton("&Forgot password?")
        self.forgot_button.setObjectName("forgotPassword")
        self.forgot_button.setProperty("link", True)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.clicked.connect(self.show_forgot_password)
        links = QHBoxLayout()
        links.addWidget(self.forgot_button)
        links.addStretch(1)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(30, 26, 30, 24)
        inner.setSpacing(12)
        header = QHBoxLayout()
        header.addWidget(product)
        header.addStretch(1)
        if demo:
            badge = QLabel("DEMO")
            badge.setObjectName("demoBadge")
            header.addWidget(badge)
        inner.addLayout(header)
        inner.addWidget(title)
        inner.addWidget(vault)
        inner.addWidget(self.notice)
        inner.addSpacing(4)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.sign_in_button)
        inner.addLayout(links)

        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(card)
        if demo:
            column.addWidget(self._demo_accounts())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(column)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.setTabOrder(self.sign_in_button, self.forgot_button)
        self.resize(720, 620 if demo else 520)
        self.username.setFocus()

    def _demo_accounts(self) -> QFrame:
        from carecoord_desktop.services.demo_accounts import DEMO_ACCOUNTS

        box = QFrame()
        box.setObjectName("card")
        box.setFixedWidth(470)
        grid = QGridLayout(box)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(12)
        heading = QLabel("<b>Demo accounts</b> — click one to fill in its username and password")
        heading.setWordWrap(True)
        grid.addWidget(heading, 0, 0, 1, 3)
        self.demo_buttons: list[QPushButton] = []
        for row, account in enumerate(DEMO_ACCOUNTS, start=1):
            button = QPushButton(account.username)
            button.setObjectName(f"demoAccount_{account.username}")
            button.setAccessibleName(f"Fill in demo account {account.username}, {account.role.label}")
            button.clicked.connect(lambda _c=False, a=account: self.fill(a.username, a.password))
            role = QLabel(account.role.label)
            password = QLabel(f"<code>{account.password}</code>")
            password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(button, row, 0)
            grid.addWidget(role, row, 1)
            grid.addWidget(password, row, 2)
            self.demo_buttons.append(button)
        return box

    def fill(self, username: str, password: str) -> None:
        self.username.setText(username)
        self.password.setText(password)
        self._username_changed(username)
        self.password.setFocus()  # Enter signs in from there, as when typed
        self.password.selectAll()

    # -- signing in ------------------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy or not self.sign_in_button.isEnabled():
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self._show_error("Enter your username and password.")
            (self.username if not username else self.password).setFocus()
            return
        self._set_busy(True)
        path = self.vault_path

        def sign_in() -> Session:
            from carecoord_desktop.services import auth

            return auth.sign_in(path, username, password)

        run_in_worker(sign_in, self._succeeded, self._failed, key=f"sign-in:{path}")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sign_in_button.setEnabled(not busy and self.countdown.seconds == 0)
        self.sign_in_button.setText("Signing in…" if busy else "&Sign in")

    def _succeeded(self, session: Session) -> None:
        self._set_busy(False)
        self.password.clear()
        self.error.hide()
        self.signed_in.emit(session)

    def _failed(self, exc: UserError) -> None:
        self._set_busy(False)
        self._show_error(exc.message)
        self.password.clear()
        self.password.setFocus()
        self.countdown.start(_retry_after(self.vault_path, self.username.text()))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # -- the growing delay -----------------------------------------------------------------------
    def _username_changed(self, _text: str) -> None:
        self.countdown.start(
            _retry_after(self.vault_path, self.username.text()) if self.username.text() else 0
        )

    def _render_wait(self, seconds: int) -> None:
        waiting = seconds > 0
        self.sign_in_button.setEnabled(not waiting and not self._busy)
        if waiting:
            self._show_error(f"Too many wrong passwords for this username. You can try again in {seconds} s.")
        elif self.error.text().startswith("Too many wrong passwords"):
            self.error.hide()
            self.error.clear()

    @property
    def wait_seconds(self) -> int:
        return self.countdown.seconds

    def hand_over(self) -> None:
        """Close after a successful sign-in (not a request to quit)."""
        self._handed_over = True
        self.close()

    def closeEvent(self, event: Any) -> None:
        if not getattr(self, "_handed_over", False):
            self.closed.emit()
        super().closeEvent(event)

    # -- help ------------------------------------------------------------------------------------
    def show_forgot_password(self) -> ForgotPasswordDialog:
        from carecoord_desktop.ui.signin.recovery import ForgotPasswordDialog

        dialog = ForgotPasswordDialog(self.vault_path, self)
        dialog.recovered.connect(self.signed_in)
        dialog.open()
        self.forgot_dialog = dialog
        return dialog
