"""The chart's Medications tab (clinical roles): the current list with its coded / high-alert marks, each
entry's history, and the forms that add, change, hold, resume, stop or mark an entry entered in error.
Further pages (the reconciliations) join from `ui/chart/medication_pages.py`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import ClassVar

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.drug_vocabulary import Vocabulary
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.medication_records import MedicationHistory
from carecoord_desktop.domain.medications import Medication, MedicationStatus
from carecoord_desktop.services import medication_vocabulary, medications
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.ui.chart.medication_pages import MEDICATION_PAGES, MedicationPage
from carecoord_desktop.ui.chart.medications_forms import MedicationForm, ReasonDialog
from carecoord_desktop.ui.chart.medications_model import MedicationListModel, status_text
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.dates import format_moment
from carecoord_desktop.ui.forms.edit_form import EditForm
from carecoord_desktop.ui.printing.document_window import open_document
from carecoord_desktop.ui.registry import load_class
from carecoord_desktop.ui.workers import run_in_worker


def _said(medication: Medication) -> str:
    return f"{medication.summary} ({medication.status.label.lower()})"


def history_html(entry: MedicationHistory, clock: PracticeClock) -> str:
    """The entry now, then each earlier version with who replaced it and when, newest first."""
    record = entry.record
    lines = [
        f"<b>{escape(record.medication.summary)}</b><br>{escape(status_text(entry))}",
        f"Entered by {escape(record.stamps.created_by)}; last changed by {escape(record.stamps.updated_by)}.",
    ]
    if not entry.versions:
        lines.append("<i>No earlier versions.</i>")
    for version in reversed(entry.versions):
        lines.append(
            f"Until {format_moment(version.replaced_at, clock)} (changed by {escape(version.replaced_by)}): "
            f"{escape(_said(version.medication))}"
        )
    return "<br>".join(lines)


class _VocabularyLoader:
    """The drug vocabulary, loaded once per run in a worker; forms opened meanwhile get it when it lands."""

    def __init__(self) -> None:
        self.loaded: Vocabulary | None = None
        self.problem: str | None = None
        self.waiting: list[Callable[[], None]] = []

    def load(self, then: Callable[[], None]) -> None:
        self.waiting.append(then)
        run_in_worker(medication_vocabulary.drug_vocabulary, self._done, self._failed, key="drug-vocabulary")

    def _done(self, vocabulary: Vocabulary) -> None:
        self.loaded = vocabulary
        self._tell()

    def _failed(self, exc: UserError) -> None:
        self.problem = exc.message
        self._tell()

    def _tell(self) -> None:
        waiting, self.waiting = self.waiting, []
        for then in waiting:
            then()


_VOCABULARY = _VocabularyLoader()


class MedicationsSection(ChartSection):
    key: ClassVar[str] = "medications"
    title: ClassVar[str] = "Medications"  # every letter of it is taken by the chart's tabs and menus
    edit_text: ClassVar[str] = "Add medication…"  # also Insert on the list
    lazy: ClassVar[bool] = True
    saved_text: ClassVar[str] = "Medication saved. Its earlier version is in the entry's history."

    @classmethod
    def shown_for(cls, chart: Chart) -> bool:
        return chart.clinical_visible

    # -- the read page -------------------------------------------------------------------------------
    def build_read_page(self) -> QWidget:
        page = super().build_read_page()
        self.editing_id: int | None = None
        self._reselect: int | None = None
        self.model = MedicationListModel(self)
        self.table = QTableView()
        self.table.setObjectName("medicationTable")
        self.table.setAccessibleName("Medications")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MedicationListModel.MEDICINE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.table.doubleClicked.connect(lambda _index: self.change())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.change).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self.table, self._add).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        self.table.setToolTip("Enter: change the selected medicine. Insert: add a medicine.")
        self.show_all = QCheckBox("Show stopped and entered-in-error entries")
        self.show_all.setObjectName("medicationShowAll")
        self.show_all.toggled.connect(lambda _on: self._fill())

        self.change_button = self._button("medicationChange", "Change…", self.change)
        self.hold_button = self._button("medicationHold", "Hold…", self.hold)
        self.resume_button = self._button("medicationResume", "Res&ume", self.resume)
        self.stop_button = self._button("medicationStop", "Stop…", self.stop)
        self.error_button = self._button("medicationError", "Entered in error…", self.entered_in_error)
        self.action_row = QWidget()
        self.action_row.setObjectName("medicationActions")
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.change_button,
            self.hold_button,
            self.resume_button,
            self.stop_button,
            self.error_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.show_all)
        self.print_button = self._button("printMedicationList", "Print list…", self.print_list)
        self.print_button.setToolTip(
            "Preview the patient's medication list, then print it or save it as a PDF"
        )
        self.print_button.setVisible(self.context.session.can(Permission.PRINT_PATIENT_DOCUMENTS))
        row.addWidget(self.print_button)

        self.history = QLabel()
        self.history.setObjectName("medicationHistory")
        self.history.setAccessibleName("History of the selected medication")
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        current = QWidget()
        current.setObjectName("medicationCurrentPage")
        column = QVBoxLayout(current)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.table, 3)
        column.addWidget(self.action_row)
        column.addWidget(QLabel("<b>History of the selected entry</b>"))
        column.addWidget(self.history, 1)
        self.pages = QTabWidget()
        self.pages.setObjectName("medicationPages")
        self.pages.setTabBarAutoHide(True)  # only the current list until another page is registered
        self.pages.addTab(current, "Current list")
        self.extra_pages: list[MedicationPage] = []
        for ref in MEDICATION_PAGES:
            extra = load_class(ref, MedicationPage)(self.context)
            self.extra_pages.append(extra)
            self.pages.addTab(extra, extra.title)
        self.extra.addWidget(self.pages)
        return page

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- loading -------------------------------------------------------------------------------------
    def load(self, chart: Chart) -> None:
        self.view = medications.chart_medications(self.context.session, chart.id)  # audited by the service
        current = self.view.current
        alerts = sum(1 for e in current if e.record.id in self.view.high_alert)
        uncoded = sum(1 for e in current if not e.record.medication.coded)
        summary = f"{len(current)} current medicine{'s' if len(current) != 1 else ''}"
        if alerts:
            summary += f"; <b style='color:#b3261e'>{alerts} high-alert</b>"
        if uncoded:
            summary += f"; {uncoded} uncoded (free text)"
        self.text.setText(summary if current else "No current medicines recorded.")
        self.action_row.setVisible(self.can_edit(chart) or bool(self.view.entries))
        self._fill()
        for extra in self.extra_pages:
            extra.load(chart)

    def _fill(self, select: int | None = None) -> None:
        chosen = select if select is not None else self.selected_id()
        entries = list(self.view.entries if self.show_all.isChecked() else self.view.current)
        self.model.set_entries(entries, self.view.high_alert)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        header = self.table.horizontalHeader().height() + 2 * self.table.frameWidth() + 4
        self.table.setMinimumHeight(max(160, min(560, header + rows)))  # the whole list where it fits
        row = self.model.row_of(chosen) if chosen is not None else -1
        if row < 0 and entries:
            row = 0
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._selected()

    def selected(self) -> MedicationHistory | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def selected_id(self) -> int | None:
        entry = self.selected() if hasattr(self, "view") else None
        return entry.record.id if entry else None

    def _selected(self) -> None:
        entry = self.selected()
        self.history.setText(history_html(entry, self.context.clock) if entry else "")
        editable = self.chart is not None and self.can_edit(self.chart)
        usable = editable and entry is not None and entry.record.entered_in_error is None
        status = entry.record.status if entry else None
        self.change_button.setEnabled(usable)
        self.hold_button.setEnabled(usable and status is MedicationStatus.ACTIVE)
        self.resume_button.setEnabled(usable and status is MedicationStatus.ON_HOLD)
        self.stop_button.setEnabled(usable and status is not MedicationStatus.STOPPED)
        self.error_button.setEnabled(usable)
        for button in (self.change_button, self.hold_button, self.resume_button, self.stop_button):
            button.setVisible(editable)
        self.error_button.setVisible(editable)

    # -- editing -------------------------------------------------------------------------------------
    def can_edit(self, chart: Chart) -> bool:
        return self.context.session.can(Permission.EDIT_MEDICATIONS)

    def make_form(self) -> EditForm:
        form = MedicationForm(medication_id=self.editing_id, today=self.context.clock.today())
        if _VOCABULARY.loaded is not None or _VOCABULARY.problem is not None:
            form.set_vocabulary(_VOCABULARY.loaded, _VOCABULARY.problem)
        else:
            _VOCABULARY.load(self._vocabulary_ready)
        return form

    def _vocabulary_ready(self) -> None:
        if isinstance(self.form, MedicationForm) and shiboken6.isValid(self.form):
            self.form.set_vocabulary(_VOCABULARY.loaded, _VOCABULARY.problem)

    def load_form(self, form: EditForm, chart: Chart) -> None:
        assert isinstance(form, MedicationForm)
        entry = next((e for e in self.view.entries if e.record.id == form.medication_id), None)
        if entry is not None:
            form.load(entry.record.medication)

    def save(self, form: EditForm) -> Chart | None:
        assert self.chart is not None and isinstance(form, MedicationForm)
        session = self.context.session
        if form.medication_id is None:
            saved = medications.add_medication(session, self.chart.id, form.changes())
        else:
            saved = medications.edit_medication(session, self.chart.id, form.medication_id, form.changes())
        self.editing_id = None
        self._reselect = saved.id
        return None

    def stop_editing(self) -> None:
        self.editing_id = None
        super().stop_editing()

    def refresh(self) -> None:
        super().refresh()
        chosen = getattr(self, "_reselect", None)
        if chosen is not None:
            self._reselect = None
            self._fill(select=chosen)
            self.table.setFocus()

    def _add(self) -> None:
        if self.may_edit and self.form is None:
            self.editing_id = None
            self.edit_requested.emit()

    def change(self) -> None:
        entry = self.selected()
        if entry is None or not self.change_button.isEnabled() or self.chart is None:
            return
        if self.form is not None:  # already editing: keep what was typed
            self.edit_requested.emit()
            return
        self.editing_id = entry.record.id
        self.edit_requested.emit()

    # -- status changes ------------------------------------------------------------------------------
    def _ask(self, name: str, title: str, what: str, date_label: str | None, act: object) -> None:
        entry = self.selected()
        if entry is None or self.chart is None:
            return
        dialog = ReasonDialog(
            self, title=title, name=name, what=what, date_label=date_label, today=self.context.clock.today()
        )
        dialog.act = act
        if dialog.exec():
            self._reselect = entry.record.id
            self.refresh()

    def hold(self) -> None:
        entry, chart = self.selected(), self.chart
        if entry is None or chart is None:
            return
        session = self.context.session

        def act(reason: str, day: date | None) -> None:
            medications.hold_medication(session, chart.id, entry.record.id, reason=reason, until=day)
            self.notice.say(f"{entry.record.medication.display} is on hold.")

        self._ask(
            "medicationHoldDialog",
            "Put a medicine on hold",
            f"Hold {entry.record.medication.display}: why, and until when if known.",
            "&Until (blank: not known)",
            act,
        )

    def stop(self) -> None:
        entry, chart = self.selected(), self.chart
        if entry is None or chart is None:
            return
        session = self.context.session

        def act(reason: str, day: date | None) -> None:
            medications.stop_medication(session, chart.id, entry.record.id, reason=reason, on=day)
            self.notice.say(f"{entry.record.medication.display} is stopped.")

        self._ask(
            "medicationStopDialog",
            "Stop a medicine",
            f"Stop {entry.record.medication.display}: why, and when (blank: today).",
            "&Stopped on",
            act,
        )

    def entered_in_error(self) -> None:
        entry, chart = self.selected(), self.chart
        if entry is None or chart is None:
            return
        session = self.context.session

        def act(reason: str, _day: date | None) -> None:
            medications.mark_entered_in_error(session, chart.id, entry.record.id, reason)
            self.notice.say(f"{entry.record.medication.display} is marked as entered in error.")

        self._ask(
            "medicationErrorDialog",
            "Entered in error",
            f"{entry.record.medication.display} leaves the list and stays on record with your reason.",
            None,
            act,
        )

    def resume(self) -> None:
        entry = self.selected()
        if entry is None or self.chart is None:
            return
        try:
            medications.resume_medication(self.context.session, self.chart.id, entry.record.id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self._reselect = entry.record.id
        self.refresh()
        self.notice.say(f"{entry.record.medication.display} is active again.")

    def print_list(self) -> None:
        if self.chart is not None:
            request = PrintRequest("med_list", self.chart.id)
            self.print_window = open_document(self, self.context.session, request)
