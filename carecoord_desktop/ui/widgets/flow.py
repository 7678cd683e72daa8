"""Rows that wrap: a filter bar or a row of buttons lays its items out left to right and starts a new line
where the next one would not fit, so at 125 % or 150 % (or on a narrow window) nothing is pushed off the
right edge and the page never needs a horizontal scroll bar. Qt has no such layout; this is its flow layout
example, with items aligned to the top of their line."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QVBoxLayout, QWidget


class FlowLayout(QLayout):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = 10,
        line_spacing: int = 6,
        last_to_the_right: bool = False,
    ) -> None:
        """`last_to_the_right`: the last item keeps to the right edge while it shares a line (a search box
        beside a page's title)."""
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._last_right = last_to_the_right
        self._spacing = spacing
        self._line_spacing = line_spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:
        """One line of everything: what the row asks for when there is room."""
        visible = self._visible()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in visible) + self._spacing * max(len(visible) - 1, 0)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """The widest single item: narrower than that, the page scrolls."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if (w := i.widget()) is None or not w.isHidden()]

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        visible = self._visible()
        for item in visible:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y = area.x(), y + line_height + self._line_spacing
                line_height = 0
            elif self._last_right and item is self._items[-1] and x > area.x():
                x = area.right() + 1 - hint.width()
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(min(hint.width(), area.width()), hint.height())))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


def captioned(caption: str, field: QWidget, buddy: QWidget | None = None, *, hint: bool = True) -> QWidget:
    """A field with its caption above it, as one item of a flow (the caption's mnemonic goes to `buddy`)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    label = QLabel(caption)
    if hint:
        label.setProperty("hint", True)
    label.setBuddy(buddy or field)
    column.addWidget(label)
    column.addWidget(field)
    return box
