"""What every chart edit form shares: an error line, a scrolling body, Save and Cancel, draft state,
and repeating rows (caregivers, problems, allergies, care-team members)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.ui.forms.fields import FormFields, message_label, object_name
from carecoord_desktop.ui.unsaved import may_discard

ROW_COUNTS = "__rows__"


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("formSection")
    label.setStyleSheet("font-weight:600; color:#245870; font-size:11pt; margin-top:8px;")
    return label


def add_field(
    grid: QGridLayout, row: int, column: int, label: str, fields: FormFields, path: str, span: int = 1
) -> QWidget:
    """A label above its field (with the field's error line under it); the label's mnemonic focuses it.
    Returns the cell, for a form that shows a field only when it applies."""
    caption = QLabel(label)
    caption.setProperty("hint", True)
    caption.setBuddy(fields.widgets[path])
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(caption)
    layout.addWidget(fields.box(path))
    grid.addWidget(cell, row, column, 1, span, Qt.AlignmentFlag.AlignTop)
    return cell


class RowList(QWidget):
    """Zero or more rows of the same fields under `prefix.N`; removing a row renumbers the rest.

    `removable(index)` says whether a row gets a Remove button (default: every row).
    """

    changed = Signal()

    def __init__(
        self,
        fields: FormFields,
        prefix: str,
        build_row: Callable[[str, QGridLayout], None],
        *,
        noun: str,
        removable: Callable[[int], bool] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName(f"{object_name(prefix)}_rows")
        self.fields = fields
        self.prefix = prefix
        self.build_row = build_row
        self.noun = noun
        self.removable = removable or (lambda _index: True)
        self.count = 0
        self._frames: list[QFrame] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(8)
        layout.addLayout(self.rows_box)
        self.empty = QLabel(f"No {noun}s recorded.")
        self.empty.setProperty("hint", True)
        layout.addWidget(self.empty)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setObjectName(f"{object_name(prefix)}_add")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def path(self, index: int) -> str:
        return f"{self.prefix}.{index}"

    def add_row(self, values: dict[str, Any] | None = None, *, focus: bool = False) -> None:
        index = self.count
        frame = QFrame()
        frame.setObjectName("card")
        frame.setProperty("rowOf", self.prefix)
        grid = QGridLayout(frame)
        grid.setContentsMargins(12, 8, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.build_row(self.path(index), grid)
        if self.removable(index):
            remove = QPushButton(f"Remove {self.noun}")
            remove.setObjectName(f"{object_name(self.path(index))}_remove")
            remove.setProperty("link", True)
            remove.clicked.connect(lambda: self.remove_row(index))
            grid.addWidget(
                remove, 0, grid.columnCount(), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
            )
        self.rows_box.addWidget(frame)
        self._frames.append(frame)
        self.count += 1
        if values:
            self.fields.restore({f"{self.path(index)}.{k}": v for k, v in values.items()})
        self.empty.setVisible(self.count == 0)
        if focus:
            first = next(p for p in self.fields.widgets if p.startswith(self.path(index) + "."))
            self.fields.widgets[first].setFocus()
        self.changed.emit()

    def row_values(self, index: int) -> dict[str, Any]:
        start = self.path(index) + "."
        return {p[len(start) :]: self.fields.value(p) for p in self.fields.widgets if p.startswith(start)}

    def all_values(self) -> list[dict[str, Any]]:
        return [self.row_values(i) for i in range(self.count)]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        for index in range(self.count):
            self.fields.forget(self.path(index))
        for frame in self._frames:
            self.rows_box.removeWidget(frame)
            frame.hide()
            frame.deleteLater()
        self._frames = []
        self.count = 0
        for values in rows:
            self.add_row(values)
        self.empty.setVisible(self.count == 0)

    def remove_row(self, index: int) -> None:
        rows = self.all_values()
        del rows[index]
        self.set_rows(rows)
        self.add_button.setFocus()


class EditForm(QWidget):
    """A chart section in edit mode. `save_requested` asks the chart to save `changes()` through services."""

    save_requested = Signal()
    cancelled = Signal()
    title = ""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet('QComboBox[invalid="true"] { border: 1px solid #b3261e; }')
        self.general = message_label("formError")
        self.fields = FormFields(self.general)
        self.lists: dict[str, RowList] = {}
        self._clean: dict[str, Any] | None = None

        self.body = QWidget()
        self.body.setObjectName(f"{name}Body")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 4, 12, 4)
        self.body_layout.setSpacing(6)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)

        self.save_button = QPushButton("&Save changes")
        self.save_button.setObjectName(f"{name}Save")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save_requested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName(f"{name}Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_requested.emit).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        buttons = QHBoxLayout()
        hint = QLabel("Ctrl+S saves")
        hint.setProperty("hint", True)
        buttons.addWidget(hint)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.general)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        for column in range(4):  # every section on the same four columns, so fields line up down the form
            grid.setColumnStretch(column, 1)
        self.body_layout.addLayout(grid)
        return grid

    def row_list(
        self,
        prefix: str,
        build_row: Callable[[str, QGridLayout], None],
        noun: str,
        *,
        removable: Callable[[int], bool] | None = None,
    ) -> RowList:
        rows = RowList(self.fields, prefix, build_row, noun=noun, removable=removable)
        self.lists[prefix] = rows
        self.body_layout.addWidget(rows)
        return rows

    # -- subclasses ------------------------------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        """The top-level Patient fields this form edits, as the service takes them."""
        raise NotImplementedError

    # -- errors and drafts -----------------------------------------------------------------------------
    def show_error(self, exc: UserError) -> None:
        self.fields.show_error(exc)
        focused = self.focusWidget()
        if focused is not None and self.body.isAncestorOf(focused):
            # the first field to fix may be far down a long form (a program row): bring it, and its
            # error line, into view
            self.scroll_area.ensureWidgetVisible(focused.parentWidget() or focused, 20, 40)

    def clear_errors(self) -> None:
        self.fields.clear_errors()

    def mark_clean(self) -> None:
        """What was loaded; unchanged input is not worth a draft or a "discard changes?" question."""
        self._clean = self.state()

    def has_changes(self) -> bool:
        return self._clean is None or self.state() != self._clean

    def cancel(self) -> None:
        """Cancel: leave edit mode, asking first when something was typed (ui/unsaved.py)."""
        if self.has_changes() and not may_discard(self, "this form"):
            return
        self.cancelled.emit()

    def state(self) -> dict[str, Any]:
        return {ROW_COUNTS: {p: rows.count for p, rows in self.lists.items()}, **self.fields.state()}

    def restore(self, state: dict[str, Any]) -> None:
        counts = state.get(ROW_COUNTS) or {}
        for prefix, rows in self.lists.items():
            rows.set_rows([{} for _ in range(int(counts.get(prefix, 0)))])
        self.fields.restore({k: v for k, v in state.items() if k != ROW_COUNTS})
