"""Admin → Security: the anchor, a rollback found at sign-in, rotating the key from the app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import auth
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.vault import key_opens, keys_path_for
from tests.conftest import NURSE_PASSWORD, MemoryKeyring, sign_in
from tests.ui.helpers import open_main

SECURITY_AREA = "security"


def test_a_rolled_back_vault_is_shown_to_the_user_and_in_the_security_area(
    qtbot: QtBot, practice: Path, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    auth.sign_out(sign_in(practice, "admin"))
    shutil.copy2(practice, tmp_path / "old.ccvault")
    auth.sign_out(sign_in(practice, "nina"))
    shutil.copy2(tmp_path / "old.ccvault", practice)
    window = open_main(qtbot, sign_in(practice, "admin"))
    assert window.notice.isVisible() and "behind what was recorded outside it" in window.notice.text()
    window.show_area(SECURITY_AREA)
    page = window.area(SECURITY_AREA)
    qtbot.waitUntil(lambda: "none." not in page.behind.text(), timeout=10_000)
    assert "keyring holds the vault's anchor" in page.anchor.text()


def test_rotating_from_the_security_area_revokes_old_copies(
    qtbot: QtBot, practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy2(keys_path_for(practice), tmp_path / "copy.keys")
    old_dek = KeySlotsFile.load(tmp_path / "copy.keys").unwrap_any("user", "nina", NURSE_PASSWORD.encode())
    window = open_main(qtbot, sign_in(practice, "admin"))
    window.show_area(SECURITY_AREA)
    page = window.area(SECURITY_AREA)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.rotate_button, Qt.MouseButton.LeftButton)
    assert "The vault has a new database key" in page.message.text()
    assert "Not revoked: backups made before now" in page.message.text()
    assert "UTC by admin" in page.rotations.text()
    assert not key_opens(practice, old_dek)
