"""The chart's Follow-ups tab: the patient's follow-ups and appointments, a form for a new follow-up, and
rows to book, close, cancel and call about a follow-up and to mark a visit arrived, seen, missed or
cancelled, or export it to the practice's calendar. Front desk and clinical staff alike (scheduling)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.appointments import NEXT_STATUS, AppointmentKind, AppointmentStatus
from carecoord_desktop.domain.contact_attempts import (
    AttemptChannel,
    AttemptOutcome,
    offered_channels,
    offered_outcomes,
)
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.followups import Serves
from carecoord_desktop.services import appointments, calendar_export, followups
from carecoord_desktop.services.followups import ChartFollowUps
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.followups.forms import AppointmentDialog, NewFollowUpForm
from carecoord_desktop.ui.followups.views import follow_ups_html
from carecoord_desktop.ui.forms.edit_form import EditForm

VISIT_STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
#: Channels a call about a follow-up may use (a letter is logged by the letters batch, or here as mail).
CALL_CHANNELS = (
    AttemptChannel.PHONE,
    AttemptChannel.TEXT,
    AttemptChannel.EMAIL,
    AttemptChannel.MAIL,
    AttemptChannel.PORTAL,
    AttemptChannel.IN_PERSON,
)


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _row(name: str, caption: str, *widgets: tuple[QWidget, int]) -> QWidget:
    row = QWidget()
    row.setObjectName(name)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(QLabel(caption))
    for widget, stretch in widgets:
        layout.addWidget(widget, stretch)
    return row


def _combo(name: str, accessible: str, characters: int = 16) -> QComboBox:
    """A combo as wide as its layout gives it, not as its longest entry (the tab fits a 1366-pixel screen)."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def _line(name: str, accessible: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(200)
    return edit


class FollowUpsSection(ChartSection):
    key: ClassVar[str] = "followups"
    title: ClassVar[str] = "Follo&w-ups"
    edit_text: ClassVar[str] = "New follow-up…"
    lazy: ClassVar[bool] = True
    saved_text: ClassVar[str] = "Follow-up added. It is due by the end of its window."

    shown: ChartFollowUps | None

    def build_read_page(self) -> QWidget:
        page = super().build_read_page()
        self.shown = None
        self.follow_up = _combo("followUpChoice", "Follow-up")
        self.book_button = _button("Book visit…", "followUpBook")
        self.book_button.clicked.connect(self.book)
        self.done_button = _button("Done", "followUpDone")
        self.done_button.clicked.connect(self.mark_done)
        self.cancel_reason = _line("followUpCancelReason", "Why it is cancelled", "why cancel")
        self.cancel_button = _button("Cancel follow-up", "followUpCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.follow_up_row = _row(
            "followUpActions",
            "Follow-up:",
            (self.follow_up, 1),
            (self.book_button, 0),
            (self.done_button, 0),
            (self.cancel_reason, 0),
            (self.cancel_button, 0),
        )
        self.channel = _combo("followUpCallChannel", "Channel", 8)
        self.outcome = _combo("followUpCallOutcome", "Outcome", 12)
        self.call_button = _button("Log call", "followUpLogCall")
        self.call_button.clicked.connect(self.log_call)
        self.call_row = _row(
            "followUpCallRow",
            "Call about it:",
            (self.channel, 0),
            (self.outcome, 0),
            (self.call_button, 0),
            (QWidget(), 1),
        )
        self.visit = _combo("visitChoice", "Appointment")
        self.visit.currentIndexChanged.connect(self._offer_visit_moves)
        self.visit_buttons = {
            status: _button(text, f"visit{status.value.title().replace('_', '')}")
            for status, text in (
                (AppointmentStatus.ARRIVED, "Arrived"),
                (AppointmentStatus.FULFILLED, "Seen"),
                (AppointmentStatus.NO_SHOW, "No-show"),
            )
        }
        for status, button in self.visit_buttons.items():
            button.clicked.connect(lambda _=False, s=status: self.set_visit_status(s))
        self.visit_reason = _line("visitCancelReason", "Why the visit is cancelled", "why cancel")
        self.visit_cancel = _button("Cancel visit", "visitCancel")
        self.visit_cancel.clicked.connect(lambda: self.set_visit_status(AppointmentStatus.CANCELLED))
        self.visit_row = _row(
            "visitActions",
            "Visit:",
            (self.visit, 1),
            *((b, 0) for b in self.visit_buttons.values()),
            (self.visit_reason, 0),
            (self.visit_cancel, 0),
        )
        self.export_choice = _combo("exportChoice", "Appointment to export")
        self.export_button = _button("Export to calendar…", "visitExport")
        self.export_button.clicked.connect(self.export)
        self.export_row = _row(
            "visitExportRow", "Calendar:", (self.export_choice, 1), (self.export_button, 0)
        )
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        for index, row in enumerate((self.follow_up_row, self.call_row, self.visit_row, self.export_row), 1):
            layout.insertWidget(index, row)
        return page

    def load(self, chart: Chart) -> None:
        session = self.context.session
        self.shown = followups.for_chart(session, chart.id)  # audited by the service
        self.text.setText(follow_ups_html(self.shown))
        self.follow_up.clear()
        for record in self.shown.follow_ups:
            if record.state.is_open:
                text = f"{record.follow_up.reason} ({record.state.label.lower()}, by {format_date(record.follow_up.due_to)})"
                self.follow_up.addItem(text, record.id)
        self.visit.clear()
        self.export_choice.clear()
        for visit in self.shown.appointments:
            text = f"{visit.appointment.when} {visit.appointment.kind.label}, {visit.appointment.with_whom}"
            self.export_choice.addItem(f"{text} ({visit.status.label.lower()})", visit.id)
            if visit.status.is_open and visit.about_table != appointments.REFERRAL_TABLE:
                self.visit.addItem(text, visit.id)
                self.visit.setItemData(self.visit.count() - 1, visit.status.value, VISIT_STATUS_ROLE)
        self._offer_visit_moves()
        preferences = chart.patient.contact
        self.channel.clear()
        for channel in offered_channels(preferences, CALL_CHANNELS):
            self.channel.addItem(channel.label, channel.value)
        self.outcome.clear()
        for outcome in offered_outcomes(preferences, tuple(AttemptOutcome)):
            self.outcome.addItem(outcome.label, outcome.value)
        editable = self.can_edit(chart)
        self.follow_up_row.setVisible(editable and self.follow_up.count() > 0)
        self.call_row.setVisible(editable and self.follow_up.count() > 0 and self.channel.count() > 0)
        self.visit_row.setVisible(editable and self.visit.count() > 0)
        self.export_row.setVisible(editable and self.export_choice.count() > 0)

    # -- follow-up actions ---------------------------------------------------------------------------
    def _chosen_follow_up(self) -> int | None:
        return self.follow_up.currentData() if self.chart is not None else None

    def _done(self, message: str) -> None:
        self.refresh()
        self.notice.say(message)

    def book(self) -> AppointmentDialog | None:
        """The booking dialog for the chosen follow-up (a discharge's visit defaults to a TCM visit)."""
        follow_up_id = self._chosen_follow_up()
        if follow_up_id is None or self.chart is None or self.shown is None:
            return None
        record = next(r for r in self.shown.follow_ups if r.id == follow_up_id)
        serves_discharge = record.follow_up.serves is Serves.TRANSITION
        dialog = AppointmentDialog(
            self.context.session,
            self.chart.id,
            about=(followups.SOURCE_TABLE, follow_up_id),
            heading=f"For the follow-up: {record.follow_up.reason}",
            kind=AppointmentKind.TCM_VISIT if serves_discharge else AppointmentKind.OFFICE_VISIT,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._booked(dialog))
        dialog.open()
        return dialog

    def _booked(self, dialog: AppointmentDialog) -> None:
        if dialog.booked is not None:
            self._done(f"Booked for {dialog.booked.appointment.when}. The follow-up is scheduled.")

    def _follow_up_action(self, work: str) -> None:
        follow_up_id = self._chosen_follow_up()
        if follow_up_id is None or self.chart is None:
            return
        session, patient_id = self.context.session, self.chart.id
        try:
            if work == "done":
                followups.mark_done(session, patient_id, follow_up_id)
            else:
                followups.cancel(session, patient_id, follow_up_id, self.cancel_reason.text())
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.cancel_reason.clear()
        self._done("Follow-up marked done." if work == "done" else "Follow-up cancelled.")

    def mark_done(self) -> None:
        self._follow_up_action("done")

    def cancel(self) -> None:
        self._follow_up_action("cancel")

    def log_call(self) -> None:
        follow_up_id = self._chosen_follow_up()
        if follow_up_id is None or self.chart is None:
            return
        data = {"channel": self.channel.currentData(), "outcome": self.outcome.currentData()}
        try:
            followups.log_attempt(self.context.session, self.chart.id, follow_up_id, data)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self._done(f"{self.outcome.currentText()} logged.")

    # -- visit actions -------------------------------------------------------------------------------
    def _offer_visit_moves(self) -> None:
        """Only the moves the chosen visit's status allows (an arrived visit is not marked arrived again)."""
        status = self.visit.currentData(VISIT_STATUS_ROLE)
        allowed = NEXT_STATUS[AppointmentStatus(status)] if status else frozenset()
        for move, button in self.visit_buttons.items():
            button.setEnabled(move in allowed)

    def set_visit_status(self, status: AppointmentStatus) -> None:
        visit_id = self.visit.currentData()
        if visit_id is None or self.chart is None:
            return
        reason = self.visit_reason.text() if status is AppointmentStatus.CANCELLED else None
        try:
            appointments.set_status(self.context.session, self.chart.id, visit_id, status, reason)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.visit_reason.clear()
        self._done(f"Visit marked {status.label.lower()}.")

    def export(self) -> None:
        visit_id = self.export_choice.currentData()
        if visit_id is None or self.chart is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to calendar", "appointment.ics", "iCalendar (*.ics)"
        )
        if name:
            self.export_to(Path(name), visit_id)

    def export_to(self, path: Path, visit_id: int) -> None:
        assert self.chart is not None
        try:
            calendar_export.export_one(self.context.session, self.chart.id, visit_id, path)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.notice.say(f"Saved {path.name}: the patient's initials and MRN only, no reason or diagnosis.")

    # -- the new follow-up form ----------------------------------------------------------------------
    def can_edit(self, chart: Chart) -> bool:
        return self.context.session.can(Permission.SCHEDULE_FOLLOW_UPS)

    def make_form(self) -> EditForm:
        return NewFollowUpForm(self.context.staff, self.context.clock.today())

    def save(self, form: EditForm) -> Chart | None:
        assert self.chart is not None
        followups.create_follow_up(self.context.session, self.chart.id, form.changes())
        return None  # the patient record did not change: only this section is reloaded
