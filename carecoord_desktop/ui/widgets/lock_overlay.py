"""What a locked window shows: the practice, who locked it, and a way back in. No patient data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.ui.forms.fields import message_label
from carecoord_desktop.ui.widgets.countdown import Countdown
from carecoord_desktop.ui.widgets.screen_fit import scrolled

WAIT_PREFIX = "Too many wrong passwords"


def _no_wait(_username: str) -> int:
    return 0


class LockOverlay(QWidget):
    """Covers the whole window. The locked user unlocks; another user may sign in instead.

    After repeated wrong passwords the services make a username wait (as at sign-in): `retry_after(username)`
    gives the seconds left, counted down here with the button disabled.
    """

    unlock_requested = Signal(str, str)  # username, password

    def __init__(self, retry_after: Callable[[str], int] = _no_wait, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.retry_after = retry_after
        self._locked_username = ""
        self._locked_name = ""
        self._busy = False
        self.countdown = Countdown(self)
        self.countdown.changed.connect(self._render_wait)

        card = QFrame()
        self.card = card
        card.setObjectName("card")
        card.setFixedWidth(440)
        self.practice_label = QLabel()
        self.practice_label.setObjectName("lockPractice")
        self.practice_label.setProperty("hint", True)
        self.practice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("Locked")
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who_label = QLabel()
        self.who_label.setObjectName("lockedUser")
        self.who_label.setWordWrap(True)
        self.who_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username = QLineEdit()
        self.username.setObjectName("lockUsername")
        self.username.setAccessibleName("Username")
        self.username.textChanged.connect(self._update_hint)
        self.username.textEdited.connect(lambda _text: self.countdown.start(self._wait_for_username()))
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.error = message_label("lockError")
        self.takeover_hint = QLabel()
        self.takeover_hint.setObjectName("takeoverHint")
        self.takeover_hint.setProperty("hint", True)
        self.takeover_hint.setWordWrap(True)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.clicked.connect(self._submit)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        user_label = QLabel("&Username")
        user_label.setBuddy(self.username)
        pass_label = QLabel("&Password")
        pass_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(pass_label, self.password)

        inner = QVBoxLayout(card)
        self.card_layout = inner
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(self.practice_label)
        inner.addWidget(title)
        inner.addWidget(self.who_label)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.unlock_button)
        inner.addWidget(self.takeover_hint)

        # Centred both ways; where the window is too small (200 %), the card scrolls rather than being cut.
        holder = QWidget()
        holder.setObjectName("lockHolder")
        column = QVBoxLayout(holder)
        column.addStretch(1)
        column.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        scroll = scrolled(holder, "lockScroll")
        scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget#lockHolder { background: transparent; }"
        )
        scroll.viewport().setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.unlock_button)

    def prepare(self, practice_name: str, full_name: str, username: str) -> None:
        self._locked_username = username
        self._locked_name = full_name
        self.practice_label.setText(practice_name)
        self.who_label.setText(f"Locked by {full_name}. Enter your password to continue where you left off.")
        self.username.setText(username)
        self.password.clear()
        self.error.hide()
        self.set_busy(False)
        self._update_hint()
        self.countdown.start(self._wait_for_username())
        self.password.setFocus()

    def _fit_card(self) -> None:
        # The card is centred at a fixed width; its wrapped labels need their height for that width.
        self.card.setMinimumHeight(self.card_layout.totalHeightForWidth(self.card.width()))

    def show_error(self, exc: UserError) -> None:
        self.set_busy(False)
        self._say(exc.message)
        self.password.selectAll()
        self.password.setFocus()
        self.countdown.start(self._wait_for_username())

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self._fit_card()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.unlock_button.setEnabled(not busy and not self.countdown.seconds)
        self.unlock_button.setText("Checking…" if busy else self._button_text())

    # -- the growing delay -----------------------------------------------------------------------
    @property
    def wait_seconds(self) -> int:
        return self.countdown.seconds

    def _username_typed(self) -> str:
        return self.username.text().strip() or self._locked_username

    def _wait_for_username(self) -> int:
        return self.retry_after(self._username_typed()) if self._username_typed() else 0

    def _render_wait(self, seconds: int) -> None:
        self.unlock_button.setEnabled(not seconds and not self._busy)
        if seconds:
            self._say(f"{WAIT_PREFIX} for this username. You can try again in {seconds} s.")
        elif self.error.text().startswith(WAIT_PREFIX):
            self.error.hide()
            self.error.clear()

    def _button_text(self) -> str:
        return "&Unlock" if self._is_locked_user() else "&Sign in"

    def _is_locked_user(self) -> bool:
        return self.username.text().strip().lower() in ("", self._locked_username)

    def _update_hint(self) -> None:
        if self._is_locked_user():
            self.takeover_hint.setText("Someone else? Type your own username to sign in on this computer.")
        else:
            self.takeover_hint.setText(
                f"Signing in as someone else: {self._locked_name}'s unsaved input is kept for them as a draft."
            )
        if not self._busy:
            self.unlock_button.setText(self._button_text())
        self._fit_card()

    def _submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        if not self.password.text():
            self._say("Enter your password.")
            self.password.setFocus()
            return
        self.error.hide()
        self.set_busy(True)
        self.unlock_requested.emit(self._username_typed(), self.password.text())
