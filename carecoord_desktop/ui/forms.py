"""Field errors shown next to their field, and a form-level message line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from carecoord_desktop.domain.errors import UserError, ValidationFailed


def message_label(name: str = "formError") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FieldErrors:
    """Keeps one error label per field; `show()` spreads a UserError over them."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def wrap(self, field: str, widget: QWidget, *, prefix: str = "", below: QWidget | None = None) -> QWidget:
        """Return a container with `widget` and its (hidden) error label underneath (then `below`, if given)."""
        error = QLabel()
        error.setObjectName(f"{prefix}{field}Error")
        error.setProperty("fieldError", True)
        error.setWordWrap(True)
        error.hide()
        error.setAccessibleName(f"{field.replace('_', ' ')} error")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(error)
        if below is not None:
            layout.addWidget(below)
        self._fields[field] = (widget, error)
        return box

    def error_label(self, field: str) -> QLabel:
        return self._fields[field][1]

    def clear(self) -> None:
        self.general.hide()
        self.general.clear()
        for widget, error in self._fields.values():
            error.hide()
            error.clear()
            self._mark(widget, False)

    def set_field(self, field: str, message: str) -> None:
        widget, error = self._fields[field]
        error.setText(message)
        error.show()
        self._mark(widget, True)

    def show(self, exc: UserError) -> None:
        """Field messages next to their fields; anything not placed goes to the general line."""
        self.clear()
        placed: list[str] = []
        if isinstance(exc, ValidationFailed):
            for field, message in exc.field_errors.items():
                if field in self._fields:
                    self.set_field(field, message)
                    placed.append(field)
        if placed:
            self._fields[placed[0]][0].setFocus()
        else:
            self.show_general(exc.message)

    def show_general(self, message: str) -> None:
        self.general.setObjectName(self.general.objectName())
        self.general.setText(message)
        self.general.show()

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
