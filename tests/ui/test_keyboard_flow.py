"""Keyboard flow: dialogs open in their first field, Enter submits from any field, Escape asks when something
was typed; the sign-in window signs in with Enter after a demo account fills it; no mnemonic clashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.ui.admin.staff_accounts import StaffAccountsPage
from carecoord_desktop.ui.signin.signin_window import SignInWindow
from carecoord_desktop.ui.unsaved import QUESTION
from tests.conftest import NURSE_PASSWORD, sign_in
from tests.ui.helpers import everyone, open_main


def focused_in(qtbot: QtBot, window: QWidget) -> QWidget | None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return QApplication.focusWidget()


def test_add_staff_opens_in_its_first_field_enter_submits_and_escape_asks(
    qtbot: QtBot, practice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = sign_in(practice, "admin")
    page = StaffAccountsPage(admin)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.add_dialog
    assert dialog is not None
    assert focused_in(qtbot, dialog) is dialog.full_name
    qtbot.keyClicks(QApplication.focusWidget(), "Olga Petrova")  # the space submits nothing
    assert dialog.isVisible() and dialog.full_name.text() == "Olga Petrova"

    cancel = dialog.findChild(QPushButton, "addStaffDialogCancel")
    cancel.setFocus()  # Cancel held focus once ...
    dialog.username.setFocus()
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)  # ... Enter in a field still submits
    assert not dialog.ok_button.isEnabled()  # submitted: the service is asked
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10_000)  # ... and refused the half-filled form
    assert dialog.isVisible() and dialog.full_name.text() == "Olga Petrova"

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(str(a[1])) or QMessageBox.StandardButton.Cancel
    )
    qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert asked == [QUESTION] and dialog.isVisible()  # kept
    admin.vault.close()


def test_a_filled_demo_account_signs_in_with_enter(qtbot: QtBot, practice: Path) -> None:
    window = SignInWindow(practice)
    qtbot.addWidget(window)
    window.show()
    assert focused_in(qtbot, window) is window.username and window.username.text() == ""
    window.fill("nina", NURSE_PASSWORD)  # what a demo-account button does
    assert QApplication.focusWidget() is window.password
    with qtbot.waitSignal(window.signed_in, timeout=10_000) as blocker:
        qtbot.keyClick(window.password, Qt.Key.Key_Return)
    blocker.args[0].vault.close()


def mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    return plain[plain.index("&") + 1].lower() if "&" in plain else None


def test_menus_chart_tabs_and_chart_buttons_have_no_clashing_mnemonics(qtbot: QtBot, filled: Path) -> None:
    window = open_main(qtbot, sign_in(filled, "nina"))
    view = window.area("patients").open_chart(everyone(window.session)[0].id)
    assert view is not None
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    buttons = [b.text() for b in view.findChildren(QPushButton)]  # every section's, shown or not
    keys = sorted((k, text) for text in menus + tabs + buttons if (k := mnemonic(text)))
    assert len(keys) == len({k for k, _text in keys}), "\n".join(f"{k} {t}" for k, t in keys)
    window.sign_out()


def test_the_sign_in_error_has_the_chart_forms_error_style(qtbot: QtBot, practice: Path) -> None:
    window = SignInWindow(practice)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.username, "nina")
    qtbot.keyClicks(window.password, "wrong password")
    qtbot.keyClick(window.password, Qt.Key.Key_Return)
    qtbot.waitUntil(window.error.isVisible, timeout=10_000)
    image = window.error.grab().toImage()
    assert image.pixelColor(image.width() // 2, 3).name() == "#fbeceb"  # the pale red banner of formError


def test_the_sign_in_card_does_not_shift_when_an_error_appears(qtbot: QtBot, practice: Path) -> None:
    window = SignInWindow(practice)
    qtbot.addWidget(window)
    window.show()
    before = window.sign_in_button.mapTo(window, window.sign_in_button.rect().topLeft())
    window.submit()  # nothing typed: "Enter your username and password."
    assert window.error.isVisible()
    QApplication.processEvents()
    assert window.sign_in_button.mapTo(window, window.sign_in_button.rect().topLeft()) == before
