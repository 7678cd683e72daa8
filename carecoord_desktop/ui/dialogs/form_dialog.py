"""What every dialog with a form shares at the keyboard: it opens with the cursor in its first field, Enter
submits from any field (never the button that last held focus), and Escape or Cancel asks before typed input
is lost (the one rule, ui/unsaved.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from carecoord_desktop.ui.unsaved import may_discard

FIELD_TYPES = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


class FormDialog(QDialog):
    """Subclasses implement `submit()`; Enter in any field calls it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opened: dict[QLineEdit, str] | None = None

    def submit(self) -> None:
        self.accept()

    def first_field(self) -> QWidget | None:
        """The first enabled, visible field in tab order."""
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if isinstance(widget, FIELD_TYPES) and widget.isEnabled() and widget.isVisibleTo(self):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def has_typed_input(self) -> bool:
        opened = self._opened or {}
        return any(field.text() != opened.get(field, "") for field in self.findChildren(QLineEdit))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._opened is None:
            self._opened = {field: field.text() for field in self.findChildren(QLineEdit)}
            for button in self.findChildren(QPushButton):  # only the default button answers Enter
                button.setAutoDefault(False)
            if (first := self.first_field()) is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QAbstractButton
        ):
            self.submit()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Escape, Cancel or the close box: asks first when something was typed."""
        if self.isVisible() and self.has_typed_input() and not may_discard(self, "this dialog"):
            return
        super().reject()

    def dismiss(self) -> None:
        """Close without asking (the window locks: its input was already kept as a draft)."""
        super().reject()
