"""The main window: role-shaped navigation, locking, hand-over with drafts, About."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.errors import PermissionDenied, StorageUnavailable
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import audit_trail, drafts, staff, vault_info
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.ui.admin.staff_accounts import StaffAccountsPage
from carecoord_desktop.ui.admin.staff_dialogs import AddStaffDialog, choose_role, chosen_role
from carecoord_desktop.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD, FRONT_PASSWORD, NURSE_PASSWORD, sign_in
from tests.ui.helpers import failing, open_main


def _nav_names(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def admin_adding_olga(qtbot: QtBot, practice: Path) -> tuple[MainWindow, AddStaffDialog]:
    """The admin's window with the new-staff form open and a name typed: unsaved input."""
    window = open_main(qtbot, sign_in(practice, "admin"))
    page = window.show_area("staff")
    assert isinstance(page, StaffAccountsPage)
    dialog = page.open_add()
    qtbot.keyClicks(dialog.full_name, "Olga Petrova")
    return window, dialog


def hand_over(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    """Lock the window, and sign in on the lock screen as `username`."""
    window.lock()
    overlay = window.overlay
    overlay.username.selectAll()
    qtbot.keyClicks(overlay.username, username)
    qtbot.keyClicks(overlay.password, password)
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.user.username == username and not window.locked, timeout=10_000)


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every QMessageBox.question answered Yes; returns the questions asked."""
    asked: list[str] = []

    def yes(*args: object, **kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    return asked


def test_admin_sees_admin_areas_and_status_bar(qtbot: QtBot, practice: Path) -> None:
    window = open_main(qtbot, sign_in(practice, "admin"), demo=True)
    names = _nav_names(window)
    assert names[0] == "Today" and {"Staff accounts", "Practice settings", "Audit trail"} <= set(names)
    assert window.admin_menu.menuAction().isVisible()
    assert window.user_label.text() == "Ada Admin"
    assert window.role_label.text() == "Administrator"
    assert window.vault_label.text() == "Vault: elm-street"
    assert window.demo_label.isVisibleTo(window)
    assert window.windowTitle().startswith("DEMO")
    window.area_action("audit").trigger()
    assert window.area_stack.currentWidget() is window.area("audit")
    window.sign_out()


def test_front_desk_has_no_admin_menu_and_service_still_refuses(qtbot: QtBot, practice: Path) -> None:
    session = sign_in(practice, "fred")
    window = open_main(qtbot, session)
    names = _nav_names(window)
    assert names[0] == "Today" and not {"Staff accounts", "Practice settings", "Audit trail"} & set(names)
    assert not window.admin_menu.menuAction().isVisible()
    assert not window.demo_label.isVisibleTo(window)
    home = window.area("home")
    assert "Fred Lindqvist" in home.identity.text() and "Front desk" in home.identity.text()
    assert "Elm Street Family Practice" in home.identity.text()
    with pytest.raises(PermissionDenied):
        staff.list_staff(session)
    window.sign_out()
    admin = sign_in(practice, "admin")
    refused = audit_trail.search(admin, AuditFilter(username="fred", outcome="refused"))
    assert [e.action for e in refused] == ["staff.list"]
    admin.vault.close()


def test_ctrl_l_locks_and_same_user_unlocks(qtbot: QtBot, practice: Path) -> None:
    window = open_main(qtbot, sign_in(practice, "nina"))
    window.activateWindow()
    qtbot.waitActive(window)
    # Through the QWindow, so the key goes through Qt's shortcut map as a real key press does.
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert window.root.currentWidget() is window.overlay
    assert not window.content.isVisible()
    assert not window.menuBar().isVisible()
    overlay = window.overlay
    assert overlay.practice_label.text() == "Elm Street Family Practice"
    assert "Nina Okafor" in overlay.who_label.text()

    qtbot.keyClicks(overlay.password, "wrong password entirely")
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: overlay.error.isVisible(), timeout=10_000)
    assert overlay.error.text() == "Wrong username or password."
    assert window.locked

    overlay.password.clear()
    qtbot.keyClicks(overlay.password, NURSE_PASSWORD)
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.root.currentWidget() is window.content and window.content.isVisible()
    assert window.session.user.username == "nina"
    window.sign_out()


def test_idle_timer_locks(qtbot: QtBot, practice: Path) -> None:
    window = open_main(qtbot, sign_in(practice, "nina"))
    assert window.idle.timer.interval() == 10 * 60_000
    window.idle.timer.setInterval(50)
    window.idle.timer.start()
    qtbot.waitUntil(lambda: window.locked, timeout=3_000)
    window.sign_out()


def test_other_user_takes_over_and_draft_goes_back_to_first_user(
    qtbot: QtBot, practice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, dialog = admin_adding_olga(qtbot, practice)
    qtbot.keyClicks(dialog.username, "olga")
    choose_role(dialog.role, Role.PROVIDER)
    qtbot.keyClicks(dialog.password, "not kept in any draft 123")

    window.lock(idle=True)
    assert not dialog.isVisible()
    overlay = window.overlay
    overlay.username.clear()
    qtbot.keyClicks(overlay.username, "nina")
    assert "kept for them" in overlay.takeover_hint.text()
    qtbot.keyClicks(overlay.password, NURSE_PASSWORD)
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.session.user.username == "nina"
    assert "Staff accounts" not in _nav_names(window)
    assert drafts.my_drafts(window.session) == {}

    # Nina locks; the admin comes back and is offered the draft.
    asked = answer_yes(monkeypatch)
    hand_over(qtbot, window, "admin", ADMIN_PASSWORD)
    assert asked and "new staff account form" in asked[0]
    page = window.area("staff")
    assert window.area_stack.currentWidget() is page
    restored = page.add_dialog
    assert restored is not None and restored.isVisible()
    assert (restored.full_name.text(), restored.username.text()) == ("Olga Petrova", "olga")
    assert chosen_role(restored.role) is Role.PROVIDER
    assert restored.password.text() == ""
    assert drafts.my_drafts(window.session) == {}
    window.sign_out()


def test_same_user_unlock_keeps_open_form(qtbot: QtBot, practice: Path) -> None:
    window, _dialog = admin_adding_olga(qtbot, practice)
    hand_over(qtbot, window, "admin", ADMIN_PASSWORD)
    restored = window.area("staff").add_dialog
    assert restored is not None and restored.full_name.text() == "Olga Petrova"
    window.sign_out()


def test_about_dialog_shows_versions(qtbot: QtBot, practice: Path) -> None:
    import PySide6

    from carecoord_desktop import __version__

    session = sign_in(practice, "fred")
    window = open_main(qtbot, session)
    window.about_action.trigger()
    about = window.about_dialog
    assert about.values["appVersion"].text() == __version__
    assert PySide6.__version__ in about.values["qtVersion"].text()
    assert about.values["sqlcipherVersion"].text() == vault_info.sqlcipher_version()
    assert about.values["vaultPath"].text() == str(practice)
    assert about.values["vaultId"].text() == session.vault.vault_id
    about.close()
    window.sign_out()


def test_change_password_from_account_menu(qtbot: QtBot, practice: Path) -> None:
    window = open_main(qtbot, sign_in(practice, "fred"))
    window.change_password_action.trigger()
    dialog = window.password_dialog
    qtbot.keyClicks(dialog.current, "not the password")
    qtbot.keyClicks(dialog.new, "fresh orchard 3391 pillow")
    qtbot.keyClicks(dialog.confirm, "fresh orchard 3391 pillow")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.error_label("current").isVisible(), timeout=10_000)
    dialog.current.clear()
    qtbot.keyClicks(dialog.current, FRONT_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    window.sign_out()


def test_backups_area_status_bar_and_backup_at_sign_out(qtbot: QtBot, practice: Path, tmp_path: Path) -> None:
    from carecoord_desktop.services import backup

    admin = sign_in(practice, "admin")
    window = open_main(qtbot, admin)
    assert "Backups" in _nav_names(window)
    assert window.backup_label.text().startswith("No backup yet")
    assert window.backup_label.property("warning") is True
    backup.save_backup_policy(admin, {"folder": str(tmp_path / "backups")})
    window.sign_out()  # the policy backs up at sign-out
    made = list((tmp_path / "backups").glob("*.ccbackup"))
    assert len(made) == 1
    session = sign_in(practice, "nina")
    window = open_main(qtbot, session)
    assert "Backups" not in _nav_names(window)  # restoring is an admin's job
    assert window.backup_label.text().startswith("Last good backup")
    assert window.backup_label.property("warning") is False
    window.sign_out()


def test_three_wrong_passwords_on_the_lock_overlay_wait_with_a_countdown(
    qtbot: QtBot, practice: Path
) -> None:
    window = open_main(qtbot, sign_in(practice, "nina"))
    window.lock()
    overlay = window.overlay
    for _ in range(3):
        qtbot.keyClicks(overlay.password, "wrong password entirely")  # replaces the selected old text
        qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: overlay.unlock_button.text() != "Checking…", timeout=10_000)
    seconds = overlay.wait_seconds
    assert seconds > 0
    assert not overlay.unlock_button.isEnabled()
    assert overlay.error.isVisible()
    assert overlay.error.text() == (
        f"Too many wrong passwords for this username. You can try again in {seconds} s."
    )
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)  # Enter does not get round the wait
    assert overlay.unlock_button.text() != "Checking…"
    qtbot.waitUntil(lambda: overlay.wait_seconds < seconds, timeout=3_000)
    assert f"in {overlay.wait_seconds} s." in overlay.error.text()

    # The wait belongs to the username: someone else may sign in meanwhile; back to Nina, it is still there.
    overlay.username.selectAll()
    qtbot.keyClicks(overlay.username, "fred")
    assert overlay.unlock_button.isEnabled() and overlay.wait_seconds == 0
    assert not overlay.error.isVisible()
    overlay.username.selectAll()
    qtbot.keyClicks(overlay.username, "nina")
    assert not overlay.unlock_button.isEnabled() and overlay.wait_seconds > 0

    qtbot.waitUntil(overlay.unlock_button.isEnabled, timeout=5_000)
    assert not overlay.error.isVisible()
    overlay.password.clear()
    qtbot.keyClicks(overlay.password, NURSE_PASSWORD)
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    window.sign_out()


def test_a_draft_the_disk_refuses_at_a_hand_over_stays_in_the_window(
    qtbot: QtBot, practice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _dialog = admin_adding_olga(qtbot, practice)
    full = StorageUnavailable("The disk is full, so the draft could not be saved. Free some space.")
    failing(monkeypatch, drafts, "save_draft", full)
    hand_over(qtbot, window, "nina", NURSE_PASSWORD)  # no crash: Nina works, Ada's input waits in the window
    notice = window.notice.text()
    assert window.notice.isVisible()
    assert notice.startswith("The unsaved input of Ada Admin could not be kept in the vault")
    assert full.message in notice and "keep CareCoord open" in notice

    monkeypatch.undo()  # space again: the next hand-over puts it in the vault
    hand_over(qtbot, window, "fred", FRONT_PASSWORD)
    assert not window.notice.isVisible()

    asked = answer_yes(monkeypatch)
    hand_over(qtbot, window, "admin", ADMIN_PASSWORD)
    assert asked and "new staff account form" in asked[0]
    restored = window.area("staff").add_dialog
    assert restored is not None and restored.full_name.text() == "Olga Petrova"
    assert drafts.my_drafts(window.session) == {}
    window.sign_out()


def test_input_the_disk_refused_goes_back_to_its_owner_from_the_window(
    qtbot: QtBot, practice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _dialog = admin_adding_olga(qtbot, practice)
    failing(monkeypatch, drafts, "save_draft", StorageUnavailable("The disk is full."))
    answer_yes(monkeypatch)
    hand_over(qtbot, window, "nina", NURSE_PASSWORD)
    hand_over(qtbot, window, "admin", ADMIN_PASSWORD)  # the disk is still full
    restored = window.area("staff").add_dialog
    assert restored is not None and restored.full_name.text() == "Olga Petrova"
    assert not window.notice.isVisible()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))
    window.sign_out()  # signing out with the disk still full: the input that is lost is said, not dropped silently
    assert warned == ["The new staff account form could not be kept: The disk is full."]


def test_the_audit_trail_is_recorded_as_viewed_only_when_opened(qtbot: QtBot, practice: Path) -> None:
    admin = sign_in(practice, "admin")
    window = open_main(qtbot, admin)

    def looks() -> int:
        return len(audit_trail.search(admin, AuditFilter(action="audit.view")))

    assert looks() == 0  # the page is built at sign-in, but nobody looked
    window.area_action("audit").trigger()
    assert looks() == 1
    window.show_area("home")
    window.area_action("audit").trigger()
    assert looks() == 1
    window.sign_out()
