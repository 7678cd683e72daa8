"""The Ctrl+K popup: type any part of a name, an MRN, a date of birth or phone digits; Enter opens the chart."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import patients
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.models.patient_table_model import PatientTableModel, patient_model
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen

HINT = "Type a name (any order), MRN, date of birth (3/14/52) or phone digits."
NAVIGATION_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)


class QuickSearchDialog(QDialog):
    patient_chosen = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickSearch")
        self.setWindowTitle("Find a patient")
        self.setAccessibleName("Find a patient")
        self.session = session
        self.results_for = ""  # the text the shown results answer
        self.input = QLineEdit()
        self.input.setObjectName("quickSearchInput")
        self.input.setAccessibleName("Search patients")
        self.input.setPlaceholderText("Name, MRN, date of birth or phone…")
        self.input.setClearButtonEnabled(True)
        self.input.setStyleSheet("font-size: 13pt; padding: 6px 8px;")
        self.input.installEventFilter(self)
        self.model = patient_model(session, self)  # only ever shows search results
        self.results = QTableView()
        self.results.setObjectName("quickSearchResults")
        self.results.setAccessibleName("Matching patients")
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setShowGrid(False)
        self.results.setAlternatingRowColors(True)
        self.results.verticalHeader().hide()
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows work from the search box
        for column in range(PatientTableModel.PHONE + 1, self.model.columnCount()):
            self.results.hideColumn(column)
        header = self.results.horizontalHeader()
        header.moveSection(PatientTableModel.DOB, PatientTableModel.MRN)  # name, DOB, MRN, phone
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PatientTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.results.activated.connect(self._chosen)
        self.results.doubleClicked.connect(self._chosen)
        self.status = QLabel(HINT)
        self.status.setObjectName("quickSearchStatus")
        self.status.setProperty("hint", True)
        self.status.setWordWrap(True)
        self.model.load_failed.connect(self.status.setText)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.run_search)
        self.input.textChanged.connect(lambda _text: self._pending.start())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.input)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        fit_to_screen(self, 760, 460)

    def start(self) -> None:
        """Show, ready to type (the last search stays selected so it can be refined)."""
        self.input.selectAll()
        self.open()
        self.input.setFocus()

    def run_search(self) -> None:
        text = self.input.text()
        try:
            rows = patients.search_patients(self.session, text)
        except UserError as exc:
            self.status.setText(exc.message)
            return
        self.model.set_search_results(rows)
        self.results_for = text
        if rows:
            self.results.selectRow(0)
            self.results.scrollToTop()
        if not text.strip():
            self.status.setText(HINT)
        elif not rows:
            self.status.setText("No patient matches. Check the spelling, or try the date of birth or phone.")
        else:
            more = " (the best matches; keep typing to narrow)" if len(rows) >= patients.SEARCH_LIMIT else ""
            self.status.setText(
                f"{len(rows)} patient{'s' if len(rows) != 1 else ''}{more}. ↑↓ to move, Enter to open, Esc to close."
            )

    def current_patient(self) -> int | None:
        index = self.results.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.data(index, PatientTableModel.PatientIdRole))

    def _chosen(self, index: QModelIndex | None = None) -> None:
        if index is not None and index.isValid():
            self.results.selectRow(index.row())
        patient_id = self.current_patient()
        if patient_id is None:
            return
        self.accept()
        self.patient_chosen.emit(patient_id)

    def _move(self, key: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = max(self.results.currentIndex().row(), 0)
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}[
            Qt.Key(key)
        ]
        self.results.selectRow(min(max(current + step, 0), rows - 1))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in NAVIGATION_KEYS:
                self._move(event.key())
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._pending.isActive():  # typed faster than the event loop turned: search first
                    self._pending.stop()
                    self.run_search()
                self._chosen()
                return True
        return super().eventFilter(watched, event)
