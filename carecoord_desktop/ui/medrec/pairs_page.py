"""Admin → Interaction pairs: the practice's own pairs, checked at every reconciliation beside the shipped
table and marked as added by the practice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import reconciliation_pairs
from carecoord_desktop.services.reconciliation_pairs import PracticePair
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

COLUMNS = ("First ingredient", "Second ingredient", "Taken together", "Added by")


class InteractionPairsPage(QWidget):
    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("interactionPairsPage")
        self.session = session
        self.pairs: list[PracticePair] = []
        layout = page_layout(
            self,
            "Interaction pairs",
            "The app checks the ONC high-priority pairs and a few other well-established ones; it is not a "
            "complete interaction database. Add pairs your practice wants flagged at every reconciliation: "
            "they are shown as added by the practice.",
        )
        self.fields = FormFields(message_label("pairError"))
        self.first = self.fields.line("first", "First ingredient", placeholder="e.g. clarithromycin")
        self.second = self.fields.line("second", "Second ingredient", placeholder="e.g. simvastatin")
        self.consequence = self.fields.line(
            "consequence", "Taken together", placeholder="e.g. higher risk of muscle damage"
        )
        self.add_button = QPushButton("&Add pair")
        self.add_button.setObjectName("addPair")
        self.add_button.setProperty("primary", True)
        self.add_button.clicked.connect(self.add)
        grid = QGridLayout()
        for column, (text, path) in enumerate(
            (
                ("&First ingredient", "first"),
                ("&Second ingredient", "second"),
                ("&Taken together", "consequence"),
            )
        ):
            caption = QLabel(text)
            caption.setBuddy(self.fields.widgets[path])
            grid.addWidget(caption, 0, column)
            grid.addWidget(self.fields.box(path), 1, column)
        grid.addWidget(self.add_button, 1, 3)
        grid.setColumnStretch(2, 2)
        layout.addLayout(grid)
        layout.addWidget(self.fields.general)
        self.notice = Notice("pairNotice")
        layout.addWidget(self.notice)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("pairTable")
        self.table.setAccessibleName("The practice's interaction pairs")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.remove_button = QPushButton("&Remove the selected pair")
        self.remove_button.setObjectName("removePair")
        self.remove_button.clicked.connect(self.remove)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        for edit in (self.first, self.second, self.consequence):
            edit.returnPressed.connect(self.add)
        self._run(lambda: reconciliation_pairs.list_pairs(session), "")

    def _show(self, pairs: list[PracticePair]) -> None:
        self.pairs = pairs
        self.table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            for column, text in enumerate((pair.first, pair.second, pair.consequence, pair.added_by)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.remove_button.setEnabled(bool(pairs))

    def _run(self, work: Callable[[], list[PracticePair]], done: str) -> bool:
        self.notice.retire()
        self.fields.clear_errors()
        try:
            pairs = work()
        except UserError as exc:
            self.fields.show_error(exc)
            return False
        self._show(pairs)
        if done:
            self.notice.say(done)
        return True

    def add(self) -> None:
        added = self._run(
            lambda: reconciliation_pairs.add_pair(
                self.session, self.first.text(), self.second.text(), self.consequence.text()
            ),
            "Pair added: it is checked at every reconciliation from now on.",
        )
        if added:
            for edit in (self.first, self.second, self.consequence):
                edit.clear()
            self.first.setFocus()

    def remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.pairs):
            pair = self.pairs[row]
            self._run(lambda: reconciliation_pairs.retire_pair(self.session, pair.id), "Pair removed.")
