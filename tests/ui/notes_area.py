"""An area that exists only for the registry tests: a notes box whose text is its draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost

BUILT: list[str] = []  # the username of each session a NotesArea was built for


class NotesArea(QWidget):
    def __init__(self, session: Session, host: AreaHost) -> None:
        super().__init__()
        self.setObjectName("notesArea")
        BUILT.append(session.user.username)
        self.host = host
        self.text = QPlainTextEdit()
        self.text.setObjectName("notesText")
        QVBoxLayout(self).addWidget(self.text)

    def draft_state(self) -> dict[str, Any] | None:
        return {"text": self.text.toPlainText()} if self.text.toPlainText() else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.text.setPlainText(str(payload["text"]))
