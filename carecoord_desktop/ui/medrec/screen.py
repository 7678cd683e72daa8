"""The reconciliation screen: the sources side by side with the current list, one row per comparison line
with the engine's findings, the decision and intent per line, warnings to acknowledge, and the nurse
checklist beside it. Keyboard first (the keys are listed on the screen, KEYS below).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, Final

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.med_comparison import ComparisonLine, Finding
from carecoord_desktop.domain.reconciliation import (
    ChecklistItem,
    Intent,
    Resolution,
    finding_key,
)
from carecoord_desktop.services import reconciliation
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.reconciliation import ReconciliationView
from carecoord_desktop.services.reconciliation_signoff import sign_off
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import format_date, format_stamp
from carecoord_desktop.ui.medrec.comparison_model import ComparisonModel, source_title
from carecoord_desktop.ui.medrec.dialogs import DecisionDialog, ReasonDialog, RemoveSourceDialog, SourceDialog
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen

NOT_COMPLETE: Final = (
    "Interaction checks here cover the ONC high-priority pairs, a few other well-established pairs and the "
    "practice's own pairs. This is not a complete interaction database: use your judgement and ask the "
    "pharmacist."
)
UNAVAILABLE: Final = (
    "Interaction checking is unavailable: the interaction data could not be loaded. No interaction was "
    "checked. Signing needs an acknowledgement of how interactions were checked instead."
)
KEYS: Final = (
    ("↑ ↓", "move between lines"),
    ("C", "continue"),
    ("M", "modify…"),
    ("S", "stop…"),
    ("H", "hold…"),
    ("N", "new…"),
    ("Q", "clarify with the prescriber…"),
    ("1 2 3", "intent: documented / undocumented / unintentional"),
    ("D", "high-alert double-check"),
    ("A", "acknowledge this line's warnings…"),
    ("Enter", "the whole decision…"),
    ("Ctrl+Enter", "sign off"),
)
_QUICK: Final = {Qt.Key.Key_C: Resolution.CONTINUE}
_WITH_DIALOG: Final = {
    Qt.Key.Key_M: Resolution.MODIFY,
    Qt.Key.Key_S: Resolution.STOP,
    Qt.Key.Key_H: Resolution.HOLD,
    Qt.Key.Key_N: Resolution.NEW,
    Qt.Key.Key_Q: Resolution.CLARIFY,
}
_INTENTS: Final = {
    Qt.Key.Key_1: Intent.INTENTIONAL_DOCUMENTED,
    Qt.Key.Key_2: Intent.INTENTIONAL_UNDOCUMENTED,
    Qt.Key.Key_3: Intent.UNINTENTIONAL,
}


def _banner(name: str, text: str, colours: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"{colours}border-radius:4px;padding:6px 8px;")
    return label


class ReconciliationScreen(QDialog):
    """One session, open for work (or, once signed, to read)."""

    def __init__(
        self, session: Session, patient_id: int, session_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reconciliationScreen")
        self.setWindowTitle("Medication reconciliation")
        fit_to_screen(self, 1280, 800)
        self.session = session
        self.patient_id = patient_id
        self.session_id = session_id
        self.view: ReconciliationView | None = None

        self.heading = QLabel()
        self.heading.setObjectName("reconciliationHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.not_complete = _banner(
            "interactionsNotComplete", NOT_COMPLETE, "background:#eef4f8;color:#1f2a33;"
        )
        self.unavailable = _banner(
            "interactionsUnavailable", UNAVAILABLE, "background:#fbeceb;color:#b3261e;"
        )
        self.notice = Notice("reconciliationNotice")

        self.sources = QLabel()
        self.sources.setObjectName("reconciliationSources")
        self.sources.setWordWrap(True)
        self.sources.setTextFormat(Qt.TextFormat.RichText)
        self.add_source_button = self._button("addSource", "Add &source list…", self.add_source)
        self.import_button = self._button("importSource", "&Import FHIR file…", self.import_source)
        self.remove_source_button = self._button("removeSource", "&Remove a source…", self.remove_source)
        self.interview_button = self._button(
            "interviewNotDone", "Interview &not possible…", self.interview_not_done
        )
        self.unavailable_button = self._button(
            "acknowledgeUnavailable", "Ac&knowledge unavailable checking…", self.acknowledge_unavailable
        )

        self.model = ComparisonModel(self)
        self.table = QTableView()
        self.table.setObjectName("comparisonTable")
        self.table.setAccessibleName("Comparison: one line per medicine")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(140)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_line())

        self.detail = QLabel()
        self.detail.setObjectName("lineDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAccessibleName("The selected line's findings")

        self.checklist = QListWidget()
        self.checklist.setObjectName("reconciliationChecklist")
        self.checklist.setAccessibleName("Nurse checklist")
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checklist.itemChanged.connect(self._ticked)
        self.blockers = QLabel()
        self.blockers.setObjectName("signOffBlockers")
        self.blockers.setWordWrap(True)
        self.blockers.setTextFormat(Qt.TextFormat.RichText)
        self.sign_button = self._button("signOff", "Sign o&ff", self.sign)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.sign)
        keys = QLabel("<b>Keys</b>: " + " · ".join(f"<b>{escape(k)}</b> {escape(w)}" for k, w in KEYS))
        keys.setObjectName("reconciliationKeys")
        keys.setTextFormat(Qt.TextFormat.RichText)
        keys.setWordWrap(True)

        source_row = QHBoxLayout()
        source_row.addWidget(self.sources, 1)
        for button in (
            self.add_source_button,
            self.import_button,
            self.remove_source_button,
            self.interview_button,
            self.unavailable_button,
        ):
            source_row.addWidget(button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(source_row)
        column.addWidget(self.table, 4)
        column.addWidget(self.detail, 1)
        right = QWidget()
        right.setMinimumWidth(300)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("<b>Checklist</b> (grey items tick themselves from the data)")
        caption.setWordWrap(True)
        side.addWidget(caption)
        side.addWidget(self.checklist, 4)
        side.addWidget(self.blockers, 2)
        side.addWidget(self.sign_button)
        side.addWidget(keys)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.not_complete)
        layout.addWidget(self.unavailable)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _button(self, name: str, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- showing -------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.show_view(reconciliation.open_session(self.session, self.patient_id, self.session_id))

    def show_view(self, view: ReconciliationView) -> None:
        chosen = self.current_line()
        key = chosen.key if chosen else None
        self.view = view
        record = view.record
        editable = not record.signed and self.session.can(Permission.EDIT_MEDICATIONS)
        when = f", discharged {format_date(record.discharged_on)}" if record.discharged_on else ""
        status = (
            f"signed by {escape(record.signed_by_name or '')} on {format_stamp(record.signed_at or '', self.session.clock)}"
            if record.signed
            else "in progress"
        )
        corrects = f" (corrects reconciliation #{record.corrects_id})" if record.corrects_id else ""
        self.heading.setText(f"<b>{escape(record.reason.label)}{when}</b>: {status}{corrects}")
        self.unavailable.setVisible(not view.comparison.interactions_checked)
        self.sources.setText(self._sources_html(view))
        for button in (self.add_source_button, self.import_button, self.interview_button):
            button.setEnabled(editable)
        self.remove_source_button.setEnabled(editable and bool(view.sources))
        self.unavailable_button.setVisible(not view.comparison.interactions_checked)
        self.unavailable_button.setEnabled(editable)
        self.model.set_view(view)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.model.found_column, QHeaderView.ResizeMode.Stretch)
        for column in range(self.model.found_column + 1, self.model.columnCount()):
            header.resizeSection(column, 110)
        self.table.resizeRowsToContents()
        row = self.model.row_of(key) if key else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self._select(row)
        self._show_checklist(view, editable)
        if record.signed:
            self.blockers.setText(
                "<b>Signed.</b> A correction is a new reconciliation (Reconciliations page)."
            )
        elif view.blockers:
            items = "".join(f"<li>{escape(b)}</li>" for b in view.blockers)
            self.blockers.setText(f"<b>Before signing</b><ul>{items}</ul>")
        else:
            self.blockers.setText("<b>Ready to sign.</b>")
        self.sign_button.setEnabled(
            not record.signed and self.session.can(Permission.SIGN_OFF_RECONCILIATION)
        )
        self._show_line()

    def _sources_html(self, view: ReconciliationView) -> str:
        if not view.sources:
            return "<b>Sources:</b> none yet. Start with the patient or caregiver interview."
        parts = [
            f"{escape(source_title(s.entry.kind))} from {escape(s.entry.provided_by)}, "
            f"{format_date(s.entry.obtained_on)} ({len(s.entry.medications)})"
            for s in view.sources
        ]
        text = "<b>Sources:</b> " + "; ".join(parts)
        if view.record.interview_not_done_reason:
            text += f"<br>Interview not possible: {escape(view.record.interview_not_done_reason)}"
        return text

    def _show_checklist(self, view: ReconciliationView, editable: bool) -> None:
        self.checklist.blockSignals(True)
        self.checklist.clear()
        for state in view.checklist:
            if not state.needed:
                continue
            item = QListWidgetItem(state.item.label)
            item.setData(Qt.ItemDataRole.UserRole, state.item)
            item.setCheckState(Qt.CheckState.Checked if state.done else Qt.CheckState.Unchecked)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            can_tick = state.item.by_hand and (editable or (state.item.after_sign_off and view.record.signed))
            if can_tick:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                item.setForeground(Qt.GlobalColor.darkGray)
            item.setFlags(flags)
            self.checklist.addItem(item)
        self.checklist.blockSignals(False)

    def current_line(self) -> ComparisonLine | None:
        index = self.table.currentIndex()
        return self.model.line(index.row()) if index.isValid() else None

    def _select(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _line_warnings(self, line: ComparisonLine) -> list[Finding]:
        assert self.view is not None
        return [
            w
            for w in self.view.warnings
            if line.key in w.line_keys or any(finding_key(w) == finding_key(d) for d in line.discrepancies)
        ]

    def _show_line(self) -> None:
        line = self.current_line()
        if line is None or self.view is None:
            self.detail.setText("")
            return
        found = [f"<li>{escape(f.explanation)}</li>" for f in line.discrepancies]
        for warning in self._line_warnings(line):
            said = self.view.acknowledgements.get(finding_key(warning))
            status = f"acknowledged: {escape(said)}" if said else "<b>not yet acknowledged (A)</b>"
            source = f" [{escape(warning.source)}]" if warning.source else ""
            if warning not in line.discrepancies:
                found.append(f"<li>{escape(warning.explanation)}{source}</li>")
            found.append(f"<li>Warning {status}</li>")
        self.detail.setText("<ul>" + "".join(found) + "</ul>" if found else "Same on every list.")

    # -- the keyboard --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers == Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                self.sign()
                return True
            if modifiers:
                return False
            return self._key(Qt.Key(event.key()))
        return super().eventFilter(watched, event)

    def _key(self, key: Qt.Key) -> bool:
        line = self.current_line()
        if line is None or self.view is None or self.view.record.signed:
            return False
        decision = self.view.decisions.get(line.key)
        if key in _QUICK:
            self._decide(line, {**self._kept(line), "resolution": _QUICK[key].value})
        elif key in _WITH_DIALOG:
            self.open_decision(line, _WITH_DIALOG[key])
        elif key in _INTENTS:
            if decision is None:
                self.notice.say("Choose the resolution first (C, M, S, H, N or Q).", error=True)
            else:
                self._decide(line, {**self._kept(line), "intent": _INTENTS[key].value})
        elif key == Qt.Key.Key_D and line.high_alert:
            if decision is None:
                self.notice.say("Choose the resolution first (C, M, S, H, N or Q).", error=True)
            else:
                self._decide(line, {**self._kept(line), "double_checked": not decision.double_checked})
        elif key == Qt.Key.Key_A:
            self.acknowledge(line)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_decision(line, decision.resolution if decision else Resolution.CONTINUE)
        else:
            return False
        return True

    def _kept(self, line: ComparisonLine) -> dict[str, Any]:
        assert self.view is not None
        decision = self.view.decisions.get(line.key)
        return {} if decision is None else decision.model_dump(mode="json")

    def _run(self, work: Callable[[], ReconciliationView], done: str = "") -> bool:
        self.notice.retire()
        try:
            view = work()
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return False
        self.show_view(view)
        if done:
            self.notice.say(done)
        return True

    def _decide(self, line: ComparisonLine, data: dict[str, Any]) -> None:
        self._run(
            lambda: reconciliation.decide(self.session, self.patient_id, self.session_id, line.key, data)
        )

    # -- actions -------------------------------------------------------------------------------------
    def open_decision(self, line: ComparisonLine, resolution: Resolution) -> None:
        assert self.view is not None
        dialog = DecisionDialog(
            line,
            self.view.decisions.get(line.key),
            resolution,
            lambda data: reconciliation.decide(
                self.session, self.patient_id, self.session_id, line.key, data
            ),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_view(dialog.result_value)
        self.table.setFocus()

    def acknowledge(self, line: ComparisonLine) -> None:
        assert self.view is not None
        open_warnings = [
            w for w in self._line_warnings(line) if finding_key(w) not in self.view.acknowledgements
        ]
        if not open_warnings:
            self.notice.say("This line has no warning waiting for an acknowledgement.", error=True)
            return
        for warning in open_warnings:
            key = finding_key(warning)

            def record(reason: str, key: str = key) -> ReconciliationView:
                return reconciliation.acknowledge(self.session, self.patient_id, self.session_id, key, reason)

            dialog = ReasonDialog(
                "acknowledgeDialog",
                "Acknowledge a warning",
                f"{warning.explanation}"
                + (f" (source: {warning.source})" if warning.source else "")
                + "<br>Why is it acceptable, or what is done about it?",
                record,
                self,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                break
            self.show_view(dialog.result_value)
        self.table.setFocus()

    def add_source(self) -> None:
        dialog = SourceDialog(
            format_date(self.session.clock.today()),
            lambda data: reconciliation.add_source(self.session, self.patient_id, self.session_id, data),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_view(dialog.result_value)
            self.notice.say("Source list added; the comparison is updated.")
        self.table.setFocus()

    def import_source(self) -> None:
        from carecoord_desktop.ui.medrec.import_dialog import ImportDialog

        dialog = ImportDialog(self.session, self.patient_id, self.session_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_view(dialog.result_value)
            self.notice.say("Imported source list added; the comparison is updated.")
        self.table.setFocus()

    def remove_source(self) -> None:
        assert self.view is not None
        choices = [
            (
                f"{source_title(s.entry.kind)} from {s.entry.provided_by}, {format_date(s.entry.obtained_on)}",
                s.id,
            )
            for s in self.view.sources
        ]
        dialog = RemoveSourceDialog(
            choices,
            lambda source_id, reason: reconciliation.remove_source(
                self.session, self.patient_id, self.session_id, source_id, reason
            ),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_view(dialog.result_value)
            self.notice.say("Source list removed; the comparison is updated.")
        self.table.setFocus()

    def interview_not_done(self) -> None:
        dialog = ReasonDialog(
            "interviewDialog",
            "Interview not possible",
            "Why could the patient or caregiver interview not be done?",
            lambda reason: reconciliation.set_interview_not_done(
                self.session, self.patient_id, self.session_id, reason
            ),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_view(dialog.result_value)

    def acknowledge_unavailable(self) -> None:
        dialog = ReasonDialog(
            "unavailableDialog",
            "Interaction checking unavailable",
            "How were interactions checked instead (e.g. the pharmacist reviewed the list)?",
            lambda reason: reconciliation.acknowledge_interactions_unavailable(
                self.session, self.patient_id, self.session_id, reason
            ),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_view(dialog.result_value)

    def _ticked(self, item: QListWidgetItem) -> None:
        """Ticked or unticked: saved, then the list is rebuilt once the click has finished."""
        checklist_item = ChecklistItem(item.data(Qt.ItemDataRole.UserRole))
        done = item.checkState() == Qt.CheckState.Checked
        row = self.checklist.row(item)

        def save() -> None:
            self._run(
                lambda: reconciliation.tick(
                    self.session, self.patient_id, self.session_id, checklist_item, done
                )
            )
            self.checklist.setCurrentRow(row)

        QTimer.singleShot(0, save)

    def sign(self) -> None:
        if self.view is None or self.view.record.signed or not self.sign_button.isEnabled():
            return
        self.notice.retire()
        try:
            sign_off(self.session, self.patient_id, self.session_id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.reload()
        self.notice.say("Signed. The reconciled list is now the patient's current list.")
