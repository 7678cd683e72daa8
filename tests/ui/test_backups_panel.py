"""The Backups admin panel, driven as an admin would: settings, back up now, verify, drill, restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import audit_trail, auth, backup, drafts
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.admin import backups as panel_module
from carecoord_desktop.ui.admin.backups import BackupsPanel
from carecoord_desktop.ui.workers import busy
from tests.conftest import sign_in


@pytest.fixture
def panel(qtbot: QtBot, admin_session: Session) -> BackupsPanel:
    widget = BackupsPanel(admin_session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def wait_idle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not busy(), timeout=30_000)


def click(qtbot: QtBot, panel: BackupsPanel, name: str) -> None:
    button = panel.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_up_folder(qtbot: QtBot, panel: BackupsPanel, folder: Path) -> None:
    panel.folder.clear()
    qtbot.keyClicks(panel.folder, str(folder))
    click(qtbot, panel, "backupSaveButton")


def test_first_view_warns_there_is_no_backup(panel: BackupsPanel) -> None:
    label = panel.findChild(QLabel, "backupLastGood")
    assert "No backup yet" in label.text() and label.property("overdue") is True
    assert (
        panel.keep_daily.value() == 7 and panel.keep_weekly.value() == 4 and panel.keep_monthly.value() == 12
    )


def test_bad_folder_shows_the_error_next_to_the_field(
    qtbot: QtBot, panel: BackupsPanel, admin_session: Session
) -> None:
    qtbot.keyClicks(panel.folder, "relative/folder")
    click(qtbot, panel, "backupSaveButton")
    error = panel.findChild(QLabel, "backup_folder_error")
    assert error.isVisible() and "full path" in error.text()
    assert panel.folder.text() == "relative/folder"  # nothing typed is lost
    assert backup.backup_policy(admin_session).folder == ""


def test_set_up_and_back_up_now_with_progress(
    qtbot: QtBot, panel: BackupsPanel, admin_session: Session, tmp_path: Path
) -> None:
    set_up_folder(qtbot, panel, tmp_path / "usb")
    panel.schedule.setCurrentIndex(panel.schedule.findData(4))
    panel.keep_daily.setValue(3)
    click(qtbot, panel, "backupSaveButton")
    saved = backup.backup_policy(admin_session)
    assert saved.folder == str(tmp_path / "usb") and saved.interval_hours == 4 and saved.keep_daily == 3
    seen: list[tuple[str, bool]] = []
    panel.status_changed.connect(lambda text, overdue: seen.append((text, overdue)))
    click(qtbot, panel, "backupNowButton")
    assert not panel.backup_now.isEnabled()  # a second click cannot start it twice
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: panel.notice.isVisible())
    assert "written and verified" in panel.notice.text()
    assert list((tmp_path / "usb").glob("*.ccbackup"))
    assert "Last good backup just now" in panel.last_backup.text()
    assert seen and seen[-1][1] is False
    assert panel.backup_now.isEnabled()


def test_verify_and_drill_reports(
    qtbot: QtBot, panel: BackupsPanel, admin_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up_folder(qtbot, panel, tmp_path / "usb")
    made = backup.back_up_now(admin_session)
    monkeypatch.setattr(panel_module, "ask_backup_file", lambda *_: str(made.path))
    click(qtbot, panel, "backupVerifyButton")
    wait_idle(qtbot)
    report = panel.findChild(QPlainTextEdit, "backupReport")
    qtbot.waitUntil(lambda: report.toPlainText().startswith("Backup OK"))
    click(qtbot, panel, "backupDrillButton")
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: "Restore drill PASSED" in report.toPlainText())
    assert audit_trail.search(admin_session, AuditFilter(action="backup.drill"))[0].outcome == "ok"


def test_damaged_file_is_refused_in_plain_words(
    qtbot: QtBot, panel: BackupsPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.ccbackup"
    bad.write_bytes(b"CCBACKUP" + b"\x00" * 10)
    monkeypatch.setattr(panel_module, "ask_backup_file", lambda *_: str(bad))
    click(qtbot, panel, "backupVerifyButton")
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: panel.notice.isVisible())
    assert "bad.ccbackup" in panel.notice.text()


def test_restore_older_backup_names_losses_and_goes_to_a_new_file(
    qtbot: QtBot, panel: BackupsPanel, admin_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up_folder(qtbot, panel, tmp_path / "usb")
    made = backup.back_up_now(admin_session)
    drafts.save_draft(admin_session, "later", {"x": 1})
    asked: list[str] = []

    def decline(_parent: object, _title: str, text: str, details: str, _accept: str) -> bool:
        asked.append(text + details)
        return False

    target = tmp_path / "restored" / "r.ccvault"
    monkeypatch.setattr(panel_module, "ask_backup_file", lambda *_: str(made.path))
    monkeypatch.setattr(panel_module, "ask_new_vault", lambda *_: str(target))
    monkeypatch.setattr(panel_module, "confirm", decline)
    click(qtbot, panel, "backupRestoreButton")
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: bool(asked))
    assert "older than the open vault" in asked[0] and "drafts" in asked[0]
    assert "cancelled" in panel.notice.text() and not target.exists()
    assert "Backup made" in panel.report.toPlainText()  # what the backup holds was shown first

    monkeypatch.setattr(panel_module, "confirm", lambda *_: True)
    restored: list[Path] = []
    panel.restored.connect(restored.append)
    click(qtbot, panel, "backupRestoreButton")
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: bool(restored), timeout=30_000)
    wait_idle(qtbot)
    assert restored == [target] and target.exists()
    assert drafts.my_drafts(admin_session) == {"later": {"x": 1}}  # the open vault is unchanged


def test_front_desk_sees_backup_but_not_restore(qtbot: QtBot, practice: Path) -> None:
    session = sign_in(practice, "fred")
    try:
        widget = BackupsPanel(session)
        qtbot.addWidget(widget)
        assert widget.backup_now.isEnabled()
        assert not widget.restore_button.isEnabled() and not widget.drill_button.isEnabled()
        assert not widget.save_button.isEnabled() and not widget.folder.isEnabled()
    finally:
        auth.sign_out(session)


def test_back_up_now_while_another_backup_runs_says_so(
    qtbot: QtBot, panel: BackupsPanel, admin_session: Session, tmp_path: Path
) -> None:
    set_up_folder(qtbot, panel, tmp_path / "usb")
    with backup.one_backup_at_a_time(admin_session.vault.vault_id):  # e.g. the timer's, in another worker
        click(qtbot, panel, "backupNowButton")
        wait_idle(qtbot)
        qtbot.waitUntil(lambda: panel.notice.isVisible())
    assert "already running" in panel.notice.text()
    assert not list((tmp_path / "usb").glob("*.ccbackup")) and panel.backup_now.isEnabled()


def test_sign_out_waits_for_the_scheduled_backup_and_makes_no_second_one(
    qtbot: QtBot, practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timer's backup still uses the session: signing out waits for it, and it counts as the leaving one."""
    import threading

    from PySide6.QtCore import QTimer

    from tests.ui.helpers import open_main

    admin = sign_in(practice, "admin")
    backup.save_backup_policy(admin, {"folder": str(tmp_path / "usb")})
    window = open_main(qtbot, admin)
    release = threading.Event()
    real = backup.run_scheduled_backup

    def slow_timer(session: Session, event: str = "timer", **kw: object) -> object:
        if event == "timer":
            release.wait(10)
        return real(session, event, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "run_scheduled_backup", slow_timer)
    try:
        window.backups.run_if_due()
        task = window.backups.task
        assert task is not None and not task.done
        QTimer.singleShot(300, release.set)
        window.sign_out()
        assert task.done  # finished before the vault was closed
    finally:
        release.set()
        wait_idle(qtbot)
    made = list((tmp_path / "usb").glob("*.ccbackup"))
    assert len(made) == 1
    session = sign_in(practice, "admin")
    try:
        created = audit_trail.search(session, AuditFilter(action="backup.create"))
        assert [(e.outcome, e.detail["reason"]) for e in created] == [("ok", "timer")]
    finally:
        auth.sign_out(session)
