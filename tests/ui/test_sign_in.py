"""Sign-in: wrong then right password, the growing delay, the recovery key, a forced password change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carecoord_desktop.app import CareCoordApp
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import audit_trail, auth, staff
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.demo_accounts import DEMO_ACCOUNTS
from carecoord_desktop.ui.app_config import WorkstationConfig
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.signin.signin_window import SignInWindow
from tests.conftest import ADMIN_PASSWORD, NURSE_PASSWORD, sign_in


def _attempt(qtbot: QtBot, window: SignInWindow, username: str, password: str) -> None:
    window.username.clear()
    window.password.clear()
    qtbot.keyClicks(window.username, username)
    qtbot.keyClicks(window.password, password)
    qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sign_in_button.text() != "Signing in…", timeout=10_000)


def test_wrong_then_right_password(qtbot: QtBot, practice: Path) -> None:
    window = SignInWindow(practice)
    qtbot.addWidget(window)
    window.show()
    _attempt(qtbot, window, "nina", "not my password at all")
    assert window.error.isVisible()
    assert window.error.text() == "Wrong username or password."
    assert window.password.text() == ""

    window.username.clear()
    qtbot.keyClicks(window.username, "nina")
    qtbot.keyClicks(window.password, NURSE_PASSWORD)
    with qtbot.waitSignal(window.signed_in, timeout=10_000) as blocker:
        qtbot.keyClick(window.password, Qt.Key.Key_Return)
    session = blocker.args[0]
    assert session.user.username == "nina"
    session.vault.close()

    admin = sign_in(practice, "admin")
    failures = audit_trail.search(admin, AuditFilter(action="sign_in", outcome="failed"))
    assert [(e.username, e.detail.get("reason")) for e in failures] == [
        ("nina", "wrong username or password")
    ]
    admin.vault.close()


def test_growing_delay_after_three_failures(qtbot: QtBot, practice: Path) -> None:
    window = SignInWindow(practice)
    qtbot.addWidget(window)
    window.show()
    for _ in range(3):
        _attempt(qtbot, window, "fred", "wrong wrong wrong wrong")
    assert window.wait_seconds > 0
    assert not window.sign_in_button.isEnabled()
    assert "try again in" in window.error.text()
    seconds = window.wait_seconds
    qtbot.waitUntil(lambda: window.wait_seconds < seconds, timeout=3_000)
    # Another username is not held back.
    window.username.clear()
    qtbot.keyClicks(window.username, "nina")
    assert window.sign_in_button.isEnabled()


def test_recovery_key_sets_new_admin_password(qtbot: QtBot, vault_path: Path) -> None:
    from carecoord_desktop.domain.practice import PracticeSettings

    session, recovery_key = auth.create_practice(
        auth.NewPractice(
            vault_path, PracticeSettings(practice_name="Oak Clinic"), "admin", "Ada Admin", ADMIN_PASSWORD
        )
    )
    auth.sign_out(session)
    window = SignInWindow(vault_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.forgot_button, Qt.MouseButton.LeftButton)
    forgot = window.forgot_dialog
    assert "recovery key" in forgot.findChild(type(window.error), "forgotExplanation").text()
    qtbot.mouseClick(forgot.use_key, Qt.MouseButton.LeftButton)
    dialog = forgot.recovery_dialog
    new_password = "brand new sunrise 9931 kettle"
    qtbot.keyClicks(dialog.key, "AAAA-BBBB")
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, new_password)
    qtbot.keyClicks(dialog.confirm, new_password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.error_label("recovery_key").isVisible(), timeout=10_000)
    assert "recovery key" in dialog.errors.error_label("recovery_key").text()

    dialog.key.clear()
    qtbot.keyClicks(dialog.key, recovery_key.lower())
    with qtbot.waitSignal(window.signed_in, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    blocker.args[0].vault.close()
    auth.sign_in(vault_path, "admin", new_password).vault.close()


def test_reset_password_forces_change_before_main_window(
    qtbot: QtBot, practice: Path, config: WorkstationConfig
) -> None:
    admin = sign_in(practice, "admin")
    temporary = "temporary window 5512 basket"
    staff.reset_password(admin, "nina", temporary, temporary)
    auth.sign_out(admin)

    app = CareCoordApp(vault=practice, config=config)
    app.start()
    window = app.sign_in_window
    assert window is not None
    _attempt(qtbot, window, "nina", temporary)
    qtbot.waitUntil(lambda: app.password_dialog is not None, timeout=10_000)
    dialog = app.password_dialog
    assert dialog is not None and dialog.required
    assert app.main_window is None
    mine = "my own choice 7781 harbor"
    qtbot.keyClicks(dialog.current, temporary)
    qtbot.keyClicks(dialog.new, mine)
    qtbot.keyClicks(dialog.confirm, mine)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.main_window is not None, timeout=10_000)
    main = app.main_window
    assert isinstance(main, MainWindow)
    assert main.session.user.username == "nina" and not main.session.user.must_change_password
    assert config.last_vault == str(practice)
    main.sign_out()
    assert app.window is app.sign_in_window and app.sign_in_window is not window
    app.close_all()
    auth.sign_in(practice, "nina", mine).vault.close()


def test_demo_sign_in_lists_accounts_and_fills(qtbot: QtBot, tmp_path: Path) -> None:
    window = SignInWindow(tmp_path / "demo-practice.ccvault", demo=True)
    qtbot.addWidget(window)
    window.show()
    assert "DEMO" in window.windowTitle()
    assert [b.text() for b in window.demo_buttons] == [a.username for a in DEMO_ACCOUNTS]
    nurse = next(a for a in DEMO_ACCOUNTS if a.role is Role.NURSE_COORDINATOR)
    qtbot.mouseClick(
        window.findChild(type(window.sign_in_button), f"demoAccount_{nurse.username}"),
        Qt.MouseButton.LeftButton,
    )
    assert (window.username.text(), window.password.text()) == (nurse.username, nurse.password)


@pytest.mark.usefixtures("memory_keyring")
def test_stay_signed_in_then_start_without_password(
    qtbot: QtBot, practice: Path, config: WorkstationConfig
) -> None:
    admin = sign_in(practice, "admin")
    from carecoord_desktop.services import practice as practice_service

    practice_service.update_settings(admin, allow_stay_signed_in=True)
    auth.sign_out(admin)
    session = sign_in(practice, "nina")
    main = MainWindow(session, config=config)
    qtbot.addWidget(main)
    assert main.stay_action.isEnabled()
    main.stay_action.trigger()
    assert main.stay_action.isChecked()
    assert config.remembered_user(practice) == "nina"
    main.sign_out()

    app = CareCoordApp(vault=practice, config=WorkstationConfig.load(config.path))
    app.start()
    qtbot.waitUntil(lambda: app.main_window is not None, timeout=10_000)
    assert app.main_window is not None and app.main_window.session.user.username == "nina"
    app.main_window.sign_out()
    app.close_all()


@pytest.mark.usefixtures("no_keyring")
def test_stay_signed_in_disabled_without_keyring(qtbot: QtBot, practice: Path) -> None:
    admin = sign_in(practice, "admin")
    from carecoord_desktop.services import practice as practice_service

    practice_service.update_settings(admin, allow_stay_signed_in=True)
    main = MainWindow(admin)
    qtbot.addWidget(main)
    assert not main.stay_action.isEnabled()
    assert "keyring" in main.stay_action.toolTip()
    # the reason shows where the user looks, and the item looks disabled (issue 9 item 15)
    assert main.stay_action.text().startswith("&Stay signed in on this computer (unavailable:")
    assert "keyring" in main.stay_action.text() and "keyring" in main.stay_action.statusTip()
    assert "QMenu::item:disabled" in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    main.sign_out()
