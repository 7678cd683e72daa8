"""One referral: what it is, its history and outreach, and the moves allowed from here (by this user).

The dialog holds no rule: the services say which moves are allowed, check each and record who and when.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.referral_forms import OutreachChannel, OutreachOutcome, OutreachTarget
from carecoord_desktop.domain.referrals import NEEDS_REASON, HowTold, ReferralState, TransitionRequest
from carecoord_desktop.services import directory, referral_worklist, referrals
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.referral_worklist import ReferralView
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import EM_DASH, format_date
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.printing.document_window import open_document
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen, scrolled

S = ReferralState


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MM/dd/yyyy")
    return edit


class ReferralDialog(QDialog):
    changed = Signal()

    def __init__(self, session: Session, view: ReferralView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralDialog")
        self.setWindowTitle(f"Referral #{view.id}")
        self.session = session
        self.view = view
        self.summary = QLabel()
        self.summary.setObjectName("referralSummary")
        self.summary.setWordWrap(True)
        self.clinical = QLabel()
        self.clinical.setObjectName("referralClinical")
        self.clinical.setWordWrap(True)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("lostSuggestion")
        self.suggestion.setProperty("fieldError", True)
        self.history = QListWidget()
        self.history.setObjectName("referralHistory")
        self.history.setAccessibleName("What happened so far")
        self.attempts = QListWidget()
        self.attempts.setObjectName("outreachList")
        self.attempts.setAccessibleName("Outreach attempts")

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.clinical)
        layout.addWidget(self.suggestion)
        lists = QHBoxLayout()
        lists.addWidget(self._titled("History", self.history))
        lists.addWidget(self._titled("Outreach", self.attempts))
        layout.addLayout(lists, 1)
        actions = QHBoxLayout()
        actions.addWidget(self._move_box(), 3)
        actions.addWidget(self._outreach_box(), 2)
        layout.addLayout(actions)
        layout.addWidget(self._reroute_box())
        close = QPushButton("Close")
        close.setObjectName("closeReferral")
        close.clicked.connect(self.accept)
        self.print_packet = QPushButton("&Print referral packet…")
        self.print_packet.setObjectName("printReferralPacket")
        self.print_packet.setToolTip(
            "The fax cover sheet and the referral letter, with its clinical information"
        )
        self.print_packet.clicked.connect(lambda: self.open_print("referral"))
        self.print_cover = QPushButton("Print &fax cover…")
        self.print_cover.setObjectName("printFaxCover")
        self.print_cover.clicked.connect(lambda: self.open_print("fax_cover"))
        self.error_button = QPushButton("Mark entered in &error…")
        self.error_button.setObjectName("referralEnteredInError")
        self.error_button.setToolTip(
            "Made by mistake (the wrong patient, a duplicate): kept, with your reason"
        )
        self.error_button.clicked.connect(self.ask_entered_in_error)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_packet)
        bottom.addWidget(self.print_cover)
        bottom.addWidget(self.error_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolled(body, "referralScroll"), 1)  # the referral scrolls; the buttons stay in view
        outer.addLayout(bottom)
        fit_to_screen(self, 980, 720)
        self._show(view)

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.addWidget(widget)
        return box

    # -- building ----------------------------------------------------------------------------------
    def _move_box(self) -> QGroupBox:
        today = self.session.clock.today()
        self.move_choice = QComboBox()
        self.move_choice.setObjectName("moveChoice")
        self.move_choice.setAccessibleName("Move to")
        self.move_choice.currentIndexChanged.connect(self._fit_move_fields)
        self.event_date = date_edit("eventDate", today)
        self.appointment_date = date_edit("appointmentDate", today)
        self.appointment_time = QLineEdit()
        self.appointment_time.setObjectName("appointmentTime")
        self.appointment_time.setPlaceholderText("e.g. 10:30")
        self.reason = QLineEdit()
        self.reason.setObjectName("moveReason")
        self.report_summary = QPlainTextEdit()
        self.report_summary.setObjectName("reportSummary")
        self.report_summary.setFixedHeight(64)
        self.told_how = QComboBox()
        self.told_how.setObjectName("toldHow")
        for how in HowTold:
            self.told_how.addItem(how.value.capitalize(), how.value)
        self.note = QLineEdit()
        self.note.setObjectName("moveNote")
        self.apply_button = QPushButton("&Record")
        self.apply_button.setObjectName("applyMove")
        self.apply_button.setProperty("primary", True)
        self.apply_button.clicked.connect(self.apply_move)
        self.move_error = message_label("moveError")
        self.errors = FormFields(self.move_error)
        box = QGroupBox("Move this referral")
        self.move_form = QFormLayout(box)
        self.move_form.addRow("&Move to", self.move_choice)
        self.move_form.addRow("On", self.errors.wrap("on", self.event_date))
        # The rows a move may need, shown only for the moves that need them.
        self.optional_rows: dict[ReferralState, list[QWidget]] = {
            S.SCHEDULED: [self.errors.wrap("appointment_on", self.appointment_date), self.appointment_time],
            S.REPORT_RECEIVED: [self.errors.wrap("report_summary", self.report_summary)],
            S.CLOSED: [self.errors.wrap("patient_told_how", self.told_how)],
        }
        self.reason_row = self.errors.wrap("reason", self.reason)
        self.move_form.addRow("&Appointment", self.optional_rows[S.SCHEDULED][0])
        self.move_form.addRow("Time", self.appointment_time)
        self.move_form.addRow("Rea&son", self.reason_row)
        self.move_form.addRow("Report summary", self.optional_rows[S.REPORT_RECEIVED][0])
        self.move_form.addRow("Patient told by", self.optional_rows[S.CLOSED][0])
        self.move_form.addRow("&Note", self.note)
        self.move_form.addRow(self.move_error)
        self.move_form.addRow(self.apply_button)
        return box

    def _outreach_box(self) -> QGroupBox:
        self.target = QComboBox()
        self.target.setObjectName("outreachTarget")
        self.channel = QComboBox()
        self.channel.setObjectName("outreachChannel")
        self.outcome = QComboBox()
        self.outcome.setObjectName("outreachOutcome")
        for combo, values in (
            (self.target, list(OutreachTarget)),
            (self.channel, list(OutreachChannel)),
            (self.outcome, list(OutreachOutcome)),
        ):
            for value in values:
                combo.addItem(value.value.replace("_", " ").capitalize(), value.value)
        self.next_try = date_edit("nextTry", self.session.clock.today())
        self.outreach_note = QLineEdit()
        self.outreach_note.setObjectName("outreachNote")
        self.log_button = QPushButton("&Log attempt")
        self.log_button.setObjectName("logOutreach")
        self.log_button.clicked.connect(self.log_attempt)
        self.outreach_error = message_label("outreachError")
        box = QGroupBox("Log an outreach attempt")
        form = QFormLayout(box)
        form.addRow("To", self.target)
        form.addRow("By", self.channel)
        form.addRow("Outcome", self.outcome)
        form.addRow("Next try", self.next_try)
        form.addRow("Note", self.outreach_note)
        form.addRow(self.outreach_error)
        form.addRow(self.log_button)
        return box

    def _reroute_box(self) -> QGroupBox:
        self.reroute_search = QLineEdit()
        self.reroute_search.setObjectName("rerouteSearch")
        self.reroute_search.setPlaceholderText("Find another specialist or organization")
        self.reroute_search.textChanged.connect(self._find_reroute)
        self.reroute_list = QListWidget()
        self.reroute_list.setObjectName("rerouteList")
        self.reroute_list.setMaximumHeight(90)
        self.reroute_button = QPushButton("Re-&route to the chosen entry")
        self.reroute_button.setObjectName("rerouteButton")
        self.reroute_button.clicked.connect(self.reroute)
        self.reroute_box = QGroupBox("Declined: send it elsewhere")
        inner = QVBoxLayout(self.reroute_box)
        inner.addWidget(self.reroute_search)
        inner.addWidget(self.reroute_list)
        inner.addWidget(self.reroute_button)
        return self.reroute_box

    # -- showing -----------------------------------------------------------------------------------
    def _show(self, view: ReferralView) -> None:
        self.view = view
        row = view.row
        due = row["next_action_due"]
        due_text = EM_DASH if due is None else format_date(due) + (" — OVERDUE" if view.overdue else "")
        appointment = format_date(row["appointment_on"]) if row["appointment_on"] else EM_DASH
        self.summary.setText(
            f"<b>{escape(view.patient_name)}</b> ({view.mrn}) → <b>{escape(view.directory_name)}</b> · {row['specialty']} · {row['urgency'].capitalize()} · "
            f"requested by {format_date(row['requested_by'])}<br>"
            f"Reason: {escape(row['reason'])}<br>"
            f"State: <b>{view.state.label}</b> · next: {row['next_action'] or EM_DASH} · due {due_text} · "
            f"appointment {appointment}"
            + ("<br><b>Entered in error</b>: kept as a record only." if view.entered_in_error else "")
        )
        self.error_button.setVisible(
            self.session.can(Permission.EDIT_REFERRALS) and not view.entered_in_error
        )
        if view.clinical_visible:
            info = view.clinical_info
            parts = [f"Clinical question: {escape(view.clinical_question) or EM_DASH}"]
            for label, items in (
                ("Problems", info.problems),
                ("Medications", info.medications),
                ("Allergies", info.allergies),
                ("Attachments", info.attachments),
            ):
                if items:
                    parts.append(f"{label}: {escape(', '.join(items))}")
            if view.report_summary:
                parts.append(f"Report: {escape(view.report_summary)}")
            self.clinical.setText("<br>".join(parts))
        self.clinical.setVisible(view.clinical_visible)
        self.print_packet.setVisible(view.clinical_visible)  # the service refuses it to the front desk too
        self.suggestion.setText(
            "Three attempts to reach the patient have failed: consider lost to follow-up."
            if view.suggest_lost
            else ""
        )
        self.suggestion.setVisible(view.suggest_lost)
        self.history.clear()
        for event in view.events:
            recorded = self.session.clock.local(event["at"]).strftime("%m/%d/%Y %H:%M")
            label = ReferralState(event["to_state"]).label
            extra = " · ".join(x for x in (event["reason"], event["note"]) if x)
            item = QListWidgetItem(
                f"{format_date(event['event_on'])} {event['by_name']}: {label}"
                + (f" — {extra}" if extra else "")
            )
            item.setToolTip(f"Recorded {recorded} by {event['by_name']}")
            self.history.addItem(item)
        self.attempts.clear()
        for attempt in view.outreach:
            next_try = f" · next try {format_date(attempt['next_try_on'])}" if attempt["next_try_on"] else ""
            self.attempts.addItem(
                f"{attempt['by_name']}: {attempt['target']} by {attempt['channel']}, "
                f"{attempt['outcome'].replace('_', ' ')}{next_try}"
            )
        self.move_choice.blockSignals(True)
        self.move_choice.clear()
        for move in view.moves:
            self.move_choice.addItem(
                "Reschedule" if move is S.SCHEDULED and view.state is S.SCHEDULED else move.label, move.value
            )
        self.move_choice.blockSignals(False)
        self.apply_button.setEnabled(bool(view.moves))
        self._fit_move_fields()
        self.log_button.setEnabled(bool(row["is_open"]))
        self.reroute_box.setVisible(view.state is S.DECLINED)

    def open_print(self, document: str) -> QWidget:
        """The one preview window, addressed to the referral's directory entry."""
        request = PrintRequest(document, self.view.patient_id, options={"referral_id": self.view.id})
        return open_document(self, self.session, request)

    def _target(self) -> ReferralState | None:
        value = self.move_choice.currentData()
        return ReferralState(value) if value else None

    def _fit_move_fields(self) -> None:
        target = self._target()
        for state, rows in self.optional_rows.items():
            for row in rows:
                self.move_form.setRowVisible(row, target is state)
        self.move_form.setRowVisible(self.reason_row, target in NEEDS_REASON)

    # -- drafts (unsaved input kept over a lock or a hand-over) -------------------------------------
    def draft_state(self) -> dict[str, Any] | None:
        texts = {
            "note": self.note.text(),
            "reason": self.reason.text(),
            "report_summary": self.report_summary.toPlainText(),
            "appointment_time": self.appointment_time.text(),
            "outreach_note": self.outreach_note.text(),
        }
        if not any(value.strip() for value in texts.values()):
            return None
        return {
            **texts,
            "referral_id": self.view.id,
            "target": self.move_choice.currentData(),
            "on": pydate(self.event_date.date()).isoformat(),
            "appointment_on": pydate(self.appointment_date.date()).isoformat(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.move_choice.setCurrentIndex(max(0, self.move_choice.findData(payload.get("target"))))
        self.note.setText(str(payload.get("note", "")))
        self.reason.setText(str(payload.get("reason", "")))
        self.report_summary.setPlainText(str(payload.get("report_summary", "")))
        self.appointment_time.setText(str(payload.get("appointment_time", "")))
        self.outreach_note.setText(str(payload.get("outreach_note", "")))
        for edit, key in ((self.event_date, "on"), (self.appointment_date, "appointment_on")):
            if payload.get(key):
                edit.setDate(qdate(date.fromisoformat(str(payload[key]))))

    # -- acting ------------------------------------------------------------------------------------
    def apply_move(self) -> None:
        target = self._target()
        if target is None:
            return
        request = TransitionRequest(
            to=target,
            note=self.note.text(),
            reason=self.reason.text() if target in NEEDS_REASON else "",
            on=pydate(self.event_date.date()),
            appointment_on=pydate(self.appointment_date.date()) if target is S.SCHEDULED else None,
            appointment_time=self.appointment_time.text() if target is S.SCHEDULED else "",
            report_summary=self.report_summary.toPlainText() if target is S.REPORT_RECEIVED else "",
            patient_told_how=HowTold(self.told_how.currentData()) if target is S.CLOSED else None,
        )
        try:
            referrals.transition(self.session, self.view.id, request)
        except UserError as exc:
            self.errors.show_error(exc)
            return
        self.errors.clear_errors()
        for field in (self.note, self.reason, self.appointment_time):
            field.clear()
        self.report_summary.clear()
        self._reload()

    def log_attempt(self) -> None:
        data = {
            "target": self.target.currentData(),
            "channel": self.channel.currentData(),
            "outcome": self.outcome.currentData(),
            "note": self.outreach_note.text(),
            "next_try_on": pydate(self.next_try.date()),
        }
        try:
            referrals.log_outreach(self.session, self.view.id, data)
        except UserError as exc:
            self.outreach_error.setText(exc.message)
            self.outreach_error.show()
            return
        self.outreach_error.hide()
        self.outreach_note.clear()
        self._reload()

    def ask_entered_in_error(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("referralErrorReason")
        dialog.setWindowTitle("Mark entered in error")
        dialog.setLabelText("Why should this referral never have been made? (It is kept, with your reason.)")
        dialog.textValueSelected.connect(self.mark_entered_in_error)
        self.error_dialog = dialog
        dialog.open()
        return dialog

    def mark_entered_in_error(self, reason: str) -> None:
        try:
            referrals.mark_entered_in_error(self.session, self.view.id, reason)
        except UserError as exc:
            self.move_error.setText(exc.message)
            self.move_error.show()
            return
        self.move_error.hide()
        self._reload()

    def _find_reroute(self, text: str) -> None:
        self.reroute_list.clear()
        try:
            found = directory.search_directory(self.session, text) if text.strip() else []
        except UserError as exc:
            self.reroute_list.addItem(exc.message)
            return
        for listing in found:
            if listing.id == self.view.row["directory_id"]:
                continue
            self.reroute_list.addItem(
                f"{listing.entry.name} — {listing.entry.specialty or listing.entry.kind.label}"
            )
            self.reroute_list.item(self.reroute_list.count() - 1).setData(
                Qt.ItemDataRole.UserRole, listing.id
            )

    def reroute(self) -> int | None:
        item = self.reroute_list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            self.move_error.setText("Choose where to send it from the list first.")
            self.move_error.show()
            return None
        try:
            new_id = referrals.reroute(self.session, self.view.id, int(item.data(Qt.ItemDataRole.UserRole)))
        except UserError as exc:
            self.move_error.setText(exc.message)
            self.move_error.show()
            return None
        self.changed.emit()
        self._show(referral_worklist.open_referral(self.session, new_id))
        self.setWindowTitle(f"Referral #{new_id}")
        return new_id

    def _reload(self) -> None:
        self.changed.emit()
        try:
            self._show(referral_worklist.open_referral(self.session, self.view.id))
        except UserError as exc:
            self.move_error.setText(exc.message)
            self.move_error.show()
