"""About: versions of the app, Qt, SQLCipher and Python, and which vault is open."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from carecoord_desktop import __version__
from carecoord_desktop.build_info import build_info
from carecoord_desktop.services import vault_info
from carecoord_desktop.services.session import Session


class AboutDialog(QDialog):
    def __init__(self, session: Session | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About CareCoord Desktop")
        self.setMinimumWidth(480)
        title = QLabel("CareCoord Desktop")
        title.setObjectName("pageTitle")
        blurb = QLabel("Offline-first care coordination for small medical practices.")
        blurb.setProperty("hint", True)
        form = QFormLayout()
        form.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        rows = [
            ("appVersion", "Version", __version__),
            ("appBuild", "Build", build_info().build),
            ("qtVersion", "Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
            ("sqlcipherVersion", "SQLCipher", vault_info.sqlcipher_version()),
            (
                "pythonVersion",
                "Python",
                f"{platform.python_version()} ({platform.system()} {platform.machine()})",
            ),
        ]
        if session is not None:
            rows += [
                ("vaultPath", "Vault", str(session.vault.path)),
                ("vaultId", "Vault id", session.vault.vault_id),
            ]
        for name, label, value in rows:
            field = QLabel(value)
            field.setObjectName(name)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = field
            form.addRow(f"{label}:", field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setObjectName("aboutClose")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(buttons)
