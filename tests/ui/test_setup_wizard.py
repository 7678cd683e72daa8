"""First run: the wizard creates a vault the admin can sign in to, and the recovery sheet gates Finish."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import auth
from carecoord_desktop.ui.app_config import default_vault_folder
from carecoord_desktop.ui.setup.wizard import SetupWizard, practice_slug

PASSWORD = "quiet river 8841 lantern"


def _next(qtbot: QtBot, wizard: SetupWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _fill_practice_and_admin(qtbot: QtBot, wizard: SetupWizard, *, confirm: str = PASSWORD) -> None:
    page = wizard.practice_page
    qtbot.keyClicks(page.name, "Maple Grove Clinic")
    page.time_zone.set_zone("America/Chicago")
    qtbot.keyClicks(page.state, "il")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin_page
    admin = wizard.admin_page
    qtbot.keyClicks(admin.full_name, "Grace Hopper")
    assert admin.username.text() == "ghopper"  # suggested from the name
    qtbot.keyClicks(admin.password, PASSWORD)
    qtbot.keyClicks(admin.confirm, confirm)


def test_wizard_creates_vault_and_recovery_sheet_gates_finish(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    created: list[object] = []
    wizard.practice_created.connect(created.append)
    wizard.show()
    _fill_practice_and_admin(qtbot, wizard)
    assert wizard.admin_page.meter.score >= 2
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.vault_page
    default = Path(wizard.vault_page.location.text())
    assert default == default_vault_folder() / "maple-grove-clinic.ccvault"
    target = tmp_path / "vaults" / "maple.ccvault"
    wizard.vault_page.location.clear()
    qtbot.keyClicks(wizard.vault_page.location, str(target))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=10_000)
    assert target.exists()

    page = wizard.recovery_page
    assert page.key_label.text() == wizard.recovery_key
    assert "Maple Grove Clinic" in page.facts.text()
    assert wizard.session is not None and wizard.session.vault.vault_id in page.facts.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    qtbot.mouseClick(page.stored, Qt.MouseButton.LeftButton, pos=QPoint(8, page.stored.height() // 2))
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert created == [wizard.session]

    settings = auth.practice_settings(wizard.session)
    assert (settings.practice_name, settings.time_zone, settings.state) == (
        "Maple Grove Clinic",
        "America/Chicago",
        "IL",
    )
    auth.sign_out(wizard.session)
    session = auth.sign_in(target, "ghopper", PASSWORD)
    assert session.user.full_name == "Grace Hopper"
    session.vault.close()


def test_wizard_shows_field_errors_and_saves_recovery_pdf(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_practice_and_admin(qtbot, wizard, confirm="something else entirely")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin_page
    confirm_error = wizard.admin_page.errors.error_label("confirm")
    assert confirm_error.isVisible() and "don't match" in confirm_error.text()

    wizard.admin_page.confirm.clear()
    qtbot.keyClicks(wizard.admin_page.confirm, PASSWORD)
    _next(qtbot, wizard)
    wizard.vault_page.location.setText(str(tmp_path / "v" / f"{practice_slug('Maple Grove')}.ccvault"))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=10_000)

    pdf_path = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf_path), "PDF files (*.pdf)"))
    qtbot.mouseClick(wizard.recovery_page.save_button, Qt.MouseButton.LeftButton)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert "Saved to" in wizard.recovery_page.saved_label.text()
    # The vault exists now: cancelling is not possible until the sheet is confirmed.
    wizard.reject()
    assert wizard.isVisible()
    assert wizard.session is not None
    wizard.session.vault.close()
