"""Form fields keyed by their record path ("phones.mobile"), so a service's field errors land next to them.

`FormFields` makes the widgets (or adopts ones made elsewhere: `wrap`), keeps an error label under each,
reads and restores what was typed (for drafts and for keeping input on an error), and spreads a
`ValidationFailed` over the fields. Every form in the UI uses it: chart edits, dialogs, admin pages, the wizard.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError, ValidationFailed

Choices = Iterable[tuple[str, Any]]


def object_name(path: str) -> str:
    """'contact.caregivers.0.name' → 'contact_caregivers_0_name' (object names tests can find)."""
    return path.replace(".", "_")


def message_label(name: str = "formError") -> QLabel:
    """A form's own message line (what belongs to no one field), hidden until there is something to say."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("formMessage", True)  # one error style for every form (theme.py), whatever its name
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FormFields:
    """`general` is the form's message line; `prefix` keeps error-label names unique in one window."""

    def __init__(self, general: QLabel, *, prefix: str = "") -> None:
        self.general = general
        self.prefix = prefix
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._boxes: dict[str, QWidget] = {}
        self._below: dict[str, QWidget] = {}

    # -- making fields -----------------------------------------------------------------------------
    def line(
        self, path: str, accessible: str, *, placeholder: str = "", width: int | None = None
    ) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        if width:
            edit.setMaximumWidth(width)
        self._register(path, edit, accessible)
        return edit

    def combo(self, path: str, accessible: str, choices: Choices, *, editable: bool = False) -> QComboBox:
        box = QComboBox()
        box.setEditable(editable)
        for text, data in choices:
            box.addItem(text, data)
        self._register(path, box, accessible)
        return box

    def check(self, path: str, text: str) -> QCheckBox:
        box = QCheckBox(text)
        self._register(path, box, text.replace("&", ""))
        return box

    def checks(self, path: str, accessible: str, choices: Choices) -> QWidget:
        """A row of check boxes for a set of values; one error label for the set."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for text, data in choices:
            box = QCheckBox(text)
            box.setObjectName(f"{object_name(path)}_{data}")
            box.setProperty("value", data)
            box.setAccessibleName(f"{accessible}: {text}")
            layout.addWidget(box)
        layout.addStretch(1)
        self._register(path, row, accessible)
        return row

    def _register(self, path: str, widget: QWidget, accessible: str) -> None:
        widget.setObjectName(object_name(path))
        widget.setAccessibleName(accessible)
        self.widgets[path] = widget

    def wrap(self, path: str, widget: QWidget, *, below: QWidget | None = None) -> QWidget:
        """Adopt a widget made elsewhere (it keeps its object name) and return it boxed with its error
        label, then `below` (a strength meter), for a layout."""
        self.widgets[path] = widget
        if below is not None:
            self._below[path] = below
        return self.box(path)

    def box(self, path: str) -> QWidget:
        """The field with its (hidden) error label underneath, for a layout."""
        if path in self._boxes:
            return self._boxes[path]
        widget = self.widgets[path]
        error = QLabel()
        error.setObjectName(f"{self.prefix}{object_name(path)}_error")
        error.setProperty("fieldError", True)
        error.setWordWrap(True)
        error.setAccessibleName(f"{widget.accessibleName()} error")
        error.hide()
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(error)
        if path in self._below:
            layout.addWidget(self._below[path])
        self.errors[path] = error
        self._boxes[path] = holder
        return holder

    def forget(self, prefix: str) -> None:
        """Drop the fields under `prefix` (a list row being rebuilt)."""
        for path in [p for p in self.widgets if p == prefix or p.startswith(prefix + ".")]:
            self.widgets.pop(path)
            self.errors.pop(path, None)
            self._boxes.pop(path, None)

    # -- values ------------------------------------------------------------------------------------
    def value(self, path: str) -> Any:
        widget = self.widgets[path]
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QComboBox):
            if widget.isEditable():
                index = widget.findText(widget.currentText())
                return widget.itemData(index) if index >= 0 else widget.currentText()
            return widget.currentData()
        return [box.property("value") for box in widget.findChildren(QCheckBox) if box.isChecked()]

    def set_value(self, path: str, value: Any) -> None:
        widget = self.widgets.get(path)
        if widget is None:
            return
        if isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index >= 0:
                widget.setCurrentIndex(index)
            elif widget.isEditable():
                widget.setEditText("" if value is None else str(value))
            else:
                widget.setCurrentIndex(0)
        else:
            chosen = set(value or ())
            for box in widget.findChildren(QCheckBox):
                box.setChecked(box.property("value") in chosen)

    def state(self) -> dict[str, Any]:
        return {path: self.value(path) for path in self.widgets}

    def restore(self, state: dict[str, Any]) -> None:
        for path, value in state.items():
            self.set_value(path, value)

    # -- errors ------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.general.hide()
        self.general.clear()
        for path, error in self.errors.items():
            error.hide()
            error.clear()
            self._mark(self.widgets[path], False)

    def error_label(self, path: str) -> QLabel:
        return self.errors[path]

    def set_error(self, path: str, message: str) -> None:
        """One field's message (a check made before asking the service: "Type the recovery key")."""
        error = self.errors[path]
        error.setText(message)
        error.show()
        self._mark(self.widgets[path], True)
        self.widgets[path].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_message(self, message: str) -> None:
        self.general.setText(message)
        self.general.show()

    def show_error(self, exc: UserError) -> None:
        """Each message next to its field (or the nearest enclosing one); the rest at the top of the form."""
        self.clear_errors()
        unplaced: list[str] = []
        placed: dict[str, list[str]] = {}
        field_errors = exc.field_errors if isinstance(exc, ValidationFailed) else {}
        for path, message in field_errors.items():
            target = self.target(path)
            if target is None:
                unplaced.append(message)
            else:
                placed.setdefault(target, []).append(message)
        for target, messages in placed.items():
            error = self.errors[target]
            error.setText(". ".join(m.rstrip(".") for m in messages) + ".")
            error.show()
            self._mark(self.widgets[target], True)
        if unplaced:
            self.general.setText(" ".join(m.rstrip(".") + "." for m in unplaced))
        elif placed:
            self.general.setText("Please correct the fields marked below; nothing was saved.")
        else:
            self.general.setText(exc.message)
        self.general.show()
        if placed:
            self.widgets[next(iter(placed))].setFocus(Qt.FocusReason.OtherFocusReason)

    def target(self, path: str) -> str | None:
        """The registered field for an error path: itself, else its nearest parent, else a child's row."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.errors:
                return candidate
        return next((p for p in self.errors if p.startswith(path + ".")), None)

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def blank_to_none(text: Any) -> Any:
    return None if isinstance(text, str) and not text.strip() else text


def ensure_choice(combo: QComboBox, value: Any, text: str) -> None:
    """Keep a stored value choosable (a staff member since deactivated), so saving never drops it silently."""
    if value is not None and combo.findData(value) < 0:
        combo.addItem(text, value)
