"""Shown when something went wrong that the user did not cause: where the log is, and what to do next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


class CrashDialog(QDialog):
    def __init__(self, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("CareCoord Desktop: unexpected error")
        self.setMinimumWidth(500)
        title = QLabel("Something went wrong")
        title.setObjectName("pageTitle")
        text = QLabel(
            "CareCoord Desktop hit an unexpected problem. What you saved before is safe in the vault. "
            "If this keeps happening, send the log file below to your support contact; it holds the "
            "technical details only, no patient information."
        )
        text.setWordWrap(True)
        self.path_label = QLabel(str(log_path) if log_path else "The log could not be written.")
        self.path_label.setObjectName("crashLogPath")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if log_path:
            copy = QPushButton("&Copy log path")
            copy.setObjectName("copyLogPath")
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(log_path)))
            buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(self.path_label)
        layout.addWidget(buttons)
