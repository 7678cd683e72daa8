"""A one-line message in a page: green when something worked, red when it did not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from carecoord_desktop.ui.theme import ERROR, SUCCESS

_STYLE = "color:{fg};background:{bg};border:1px solid {border};border-radius:4px;padding:6px 8px;"


class Notice(QLabel):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say(self, text: str, *, error: bool = False) -> None:
        if error:
            self.setStyleSheet(_STYLE.format(fg=ERROR, bg="#fbeceb", border="#f0c4c0"))
        else:
            self.setStyleSheet(_STYLE.format(fg=SUCCESS, bg="#e9f5ee", border="#bfe0cc"))
        self.setText(text)
        self.show()
