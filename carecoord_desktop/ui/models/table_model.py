"""What the table models share: rows in a list, a title per column, and paging that survives a refused page."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from carecoord_desktop.domain.errors import UserError

Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    """A flat table: one entry of `_rows` per row, one title of `HEADERS` per column."""

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _row_at(self, index: Index) -> Any:
        """The row an index points at, or None for an invalid or stale index."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]


class PagedTableModel(TableModel):
    """Rows come a page at a time as the view scrolls (`canFetchMore`/`fetchMore`).

    A page the services refuse (a UserError) is not a crash: `load_failed` carries its message for the page
    to show, and no more pages are asked for until the rows are loaded afresh.
    """

    PAGE_SIZE: ClassVar[int] = 100
    load_failed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._total = 0
        self._stalled = False

    @property
    def total(self) -> int:
        return self._total

    def _page_at(self, offset: int) -> list[Any]:
        """The next PAGE_SIZE rows from `offset` (may raise UserError)."""
        raise NotImplementedError

    def _show_rows(self, rows: list[Any], total: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._total = total
        self._stalled = False
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt override
        return not parent.isValid() and not self._stalled and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt override
        if not self.canFetchMore(parent):
            return
        try:
            page = self._page_at(len(self._rows))
        except UserError as exc:
            self._stalled = True  # the view would otherwise ask again on every scroll
            self.load_failed.emit(exc.message)
            return
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
