"""The patient panel: where a coordinator's day starts and where the front desk finds a caller's chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.saved_views import PANEL
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import EM_DASH
from carecoord_desktop.ui.models.patient_table_model import PatientTableModel, patient_model
from carecoord_desktop.ui.panel.filters import PanelFilters
from carecoord_desktop.ui.widgets.flow import FlowLayout
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout
from carecoord_desktop.ui.widgets.saved_views import SavedViewsBar

COLUMN_SAMPLES = {  # the widest usual content, so widths follow the font and the screen scaling
    PatientTableModel.MRN: "000000000",
    PatientTableModel.DOB: "00/00/0000 (000)",
    PatientTableModel.PHONE: "(000) 000-0000",
    PatientTableModel.COORDINATOR: "Jordan Rivera RN",
    PatientTableModel.PCP: "Dr Samuel Osei",
    PatientTableModel.RISK: "Moderate",
    PatientTableModel.PROGRAMS: "CCM, TCM",
    PatientTableModel.NEXT_DUE: "00/00/0000",
    PatientTableModel.LAST_CONTACT: "00/00/0000",
    PatientTableModel.READMISSION: "Intermediate",
}


def plural(count: int, noun: str = "patient") -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class PatientPanel(QWidget):
    open_patient = Signal(int)
    new_patient_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientPanel")
        self.session = session
        self._opened = False
        self.clinical_visible = session.can(Permission.VIEW_CLINICAL)
        layout = page_layout(self, "Patients")
        title = self.findChild(QLabel, "pageTitle")
        assert title is not None

        self.count_label = QLabel()
        self.count_label.setObjectName("panelCount")
        self.count_label.setAccessibleName("Number of patients shown")
        self.count_label.setStyleSheet("font-size: 11pt; color: #5b6b78; padding-top: 4px;")
        self.search = QLineEdit()
        self.search.setObjectName("panelSearch")
        self.search.setAccessibleName("Find a patient")
        self.search.setPlaceholderText("Find a patient: name, MRN, DOB or phone (Ctrl+K)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.search.installEventFilter(self)
        self.new_button = QPushButton("&New patient…")
        self.new_button.setObjectName("newPatientButton")
        self.new_button.setProperty("primary", True)
        self.new_button.setVisible(session.can(Permission.EDIT_PATIENT_DEMOGRAPHICS))
        self.new_button.clicked.connect(self.new_patient_requested)
        layout.removeWidget(title)
        named, find = QWidget(), QWidget()
        heading_row, find_row = QHBoxLayout(named), QHBoxLayout(find)
        for row in (heading_row, find_row):
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(12)
        heading_row.addWidget(title)
        heading_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBaseline)
        find_row.addWidget(self.search)
        find_row.addWidget(self.new_button)
        top = QWidget()
        top_row = FlowLayout(top, spacing=12, last_to_the_right=True)  # the search box wraps below the title
        top_row.addWidget(named)
        top_row.addWidget(find)
        layout.insertWidget(0, top)

        try:
            staff = patients.staff_choices(session)
            default_filter = patients.default_panel_filter(session)
            self._refused = ""
        except UserError as exc:  # shown on first show; the panel then stays empty
            staff, default_filter = [], PanelFilter(statuses=("active",))
            self._refused = exc.message
        self.filters = PanelFilters(
            staff,
            my_id=session.user.id,
            clinical_visible=self.clinical_visible,
            medications_visible=session.can(Permission.VIEW_MEDICATIONS),
        )
        self.filters.default_filter = default_filter
        self.filters.changed.connect(self._filters_changed)
        layout.addWidget(self.filters)

        self.notice = Notice("panelNotice")
        self.print_plans_button = QPushButton("Print care plans…")  # the filtered list's, as one PDF
        self.print_plans_button.setObjectName("printCarePlansButton")
        self.print_plans_button.setVisible(
            session.can(Permission.VIEW_CARE_PLANS) and session.can(Permission.PRINT_PATIENT_DOCUMENTS)
        )
        self.print_plans_button.clicked.connect(self.print_care_plans)
        self.saved = SavedViewsBar(session, PANEL, self.notice, self.view_payload, self.show_view)
        views = QWidget()
        views_row = FlowLayout(views, spacing=8, last_to_the_right=True)  # wraps at 150 %
        views_row.addWidget(self.saved)
        views_row.addWidget(self.print_plans_button)
        layout.addWidget(views)
        layout.addWidget(self.notice)

        self.search_note = QLabel()
        self.search_note.setObjectName("searchNote")
        self.search_note.setStyleSheet(
            "color:#245870;background:#e6f0f5;border:1px solid #bcd3df;border-radius:4px;padding:5px 8px;"
        )
        self.search_note.hide()
        layout.addWidget(self.search_note)

        self.model = patient_model(session, self)
        self.model.load_failed.connect(self._load_failed)
        self.table = QTableView()
        self.table.setObjectName("patientTable")
        self.table.setAccessibleName("Patient panel")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setSortIndicator(PatientTableModel.NAME, Qt.SortOrder.AscendingOrder)
        bold = header.font()
        bold.setBold(True)
        heading, body = QFontMetrics(bold), self.table.fontMetrics()
        # column → (as wide as its usual content, as wide as its title alone); 14: the header's padding
        self._widths: dict[int, tuple[int, int]] = {}
        for column, sample in COLUMN_SAMPLES.items():
            title_width = heading.horizontalAdvance(PatientTableModel.HEADERS[column]) + 14
            self._widths[column] = (max(body.horizontalAdvance(sample) + 10, title_width), title_width)
            self.table.setColumnWidth(column, self._widths[column][0])
        self._name_width = body.horizontalAdvance("Adeyemi, Marie-Claude (Mimi)") + 10
        self.table.setColumnWidth(PatientTableModel.NAME, self._name_width)
        header.setStretchLastSection(True)
        self._fitting = False
        self._sized_by_hand: set[int] = set()  # a column the person widened keeps its width
        header.sectionResized.connect(self._resized_by_hand)
        self.model.modelReset.connect(self.fit_columns)
        self.table.viewport().installEventFilter(self)
        if not self.clinical_visible:
            self.table.hideColumn(PatientTableModel.RISK)
            self.table.hideColumn(PatientTableModel.READMISSION)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.setTabOrder(self.search, self.new_button)

    # -- first show --------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._opened:
            self.open_panel()

    def open_panel(self) -> None:
        """The first look at the panel: audited once; then the default filter ("My patients" for a coordinator)."""
        self._opened = True
        self.fit_columns()
        if self._refused:
            self.notice.say(self._refused, error=True)
            return
        try:
            patients.open_panel(self.session)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.filters.set_from_filter(self.filters.default_filter, notify=False)
        self._apply()
        self.table.setSortingEnabled(True)
        self.saved.reload()

    def fit_columns(self) -> None:
        """Each column as wide as its usual content; one empty on every row shown only as wide as its title,
        so empty "Next due" and "Last contact" columns do not push the others off the right edge. Names get
        whatever width is left, but never less than a long name needs."""
        self._fitting = True
        rows = min(self.model.rowCount(), 200)
        for column, (usual, title) in self._widths.items():
            if column in self._sized_by_hand or self.table.isColumnHidden(column):
                continue
            empty = rows > 0 and all(
                self.model.data(self.model.index(r, column)) == EM_DASH for r in range(rows)
            )
            self.table.setColumnWidth(column, title if empty else usual)
        if PatientTableModel.NAME not in self._sized_by_hand:
            last = self.model.columnCount() - 1
            others = sum(
                self._widths.get(c, (self.table.columnWidth(c),))[0]
                if c == last
                else self.table.columnWidth(c)
                for c in range(1, self.model.columnCount())
                if not self.table.isColumnHidden(c)
            )
            spare = self.table.viewport().width() - others - 2
            self.table.setColumnWidth(PatientTableModel.NAME, max(self._name_width, spare))
        self._fitting = False

    def _resized_by_hand(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self.model.columnCount() - 1:  # the last one stretches by itself
            self._sized_by_hand.add(column)

    def _filters_changed(self) -> None:
        if self._opened:
            self._apply()

    def _apply(self) -> None:
        if self.search.text().strip():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.search_note.hide()
        query = PanelQuery(
            self.filters.panel_filter(self.session.clock.today()),
            self.model.query.sort,
            self.model.query.descending,
        )
        self.model.set_query(query)
        self._show_count()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.scrollToTop()

    def print_care_plans(self) -> QDialog:
        # imported on first use: it brings pypdf, which the panel's start-up does not need
        from carecoord_desktop.ui.care_plans.batch_dialog import BatchPrintDialog

        dialog = BatchPrintDialog(self.session, self.filters.panel_filter(self.session.clock.today()), self)
        dialog.show()
        return dialog

    def refresh(self) -> None:
        """After an edit: the same rows, re-read (a name or coordinator may have changed)."""
        if self._opened:
            self.model.refresh()
            self._show_count()

    def _load_failed(self, message: str) -> None:
        """The services refused a query, a sort or the next page: say why; the rows shown stay as they were."""
        self.notice.say(message, error=True)
        self._show_sort()

    def _show_sort(self) -> None:
        """The header's sort arrow on the model's sort (quietly: moving it would sort again)."""
        query = self.model.query
        column = (
            PatientTableModel.SORT_KEYS.index(query.sort) if query.sort in PatientTableModel.SORT_KEYS else 0
        )
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(False)

    def _show_count(self) -> None:
        total = self.model.total
        if not total and self._opened:
            self.count_label.setText(
                "No patient matches; check the spelling, or try the date of birth or phone."
                if self.model.searching
                else "No patient matches these filters. Reset filters shows the panel again."
            )
        elif self.model.searching:
            self.count_label.setText(f"{plural(total)} match")
        else:
            self.count_label.setText(plural(total))

    # -- search in the panel -----------------------------------------------------------------------
    def run_search(self) -> None:
        text = self.search.text()
        if not text.strip():
            self.search_note.hide()
            self._apply()
            return
        try:
            rows = patients.search_patients(self.session, text)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.model.set_search_results(rows)
        self.search_note.setText(
            f"Showing patients matching “{text.strip()}” across the whole practice — the filters do not apply "
            "to a search. Press Esc to go back to the panel."
        )
        self.search_note.show()
        self._show_count()
        if rows:
            self.table.selectRow(0)
            self.table.scrollToTop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._opened and event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_columns()
            return False
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.table.setFocus()
                if not self.table.currentIndex().isValid() and self.model.rowCount():
                    self.table.selectRow(0)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
                if self._search_timer.isActive():
                    self._search_timer.stop()
                    self.run_search()
                row = self.table.currentIndex().row()
                self._open_row(row if row >= 0 else 0)
                return True
        return super().eventFilter(watched, event)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_patient.emit(self.model.row(row).id)

    # -- saved views -------------------------------------------------------------------------------
    def view_payload(self) -> dict[str, Any]:
        query = self.model.query
        return {"filters": self.filters.state(), "sort": query.sort, "descending": query.descending}

    def show_view(self, payload: dict[str, Any]) -> bool:
        sort = payload.get("sort", "name")
        descending = bool(payload.get("descending", False))
        if not self.model.set_query(PanelQuery(self.model.query.filter, sort, descending)):
            return False
        self._show_sort()
        self.filters.set_state(payload.get("filters") or {})
        return True
