"""A one-line message in a page: green when something worked, red when it did not.

A message belongs to the action that caused it: it goes when its page is left (the page, tab or read view
hides) and when the page's next action starts (`retire()`), so "Saved." never outlives a later Cancel and
"Added Pat Rivera" is not there on the next visit. A `lasting` notice (the window's own) stays until
replaced or retired."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QLabel

from carecoord_desktop.ui.theme import ERROR, SUCCESS

_STYLE = "color:{fg};background:{bg};border:1px solid {border};border-radius:4px;padding:6px 8px;"


class Notice(QLabel):
    def __init__(self, name: str, *, lasting: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.lasting = lasting
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

    def retire(self) -> None:
        """The next action started: the last one's message is over."""
        self.clear()
        self.hide()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not self.lasting and not self.isHidden():  # hidden with its page, not by itself: the page was left
            self.retire()
