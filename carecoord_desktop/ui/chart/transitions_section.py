"""The chart's Transitions tab: the patient's stays with their TCM clocks against the practice's today and
their LACE / HOSPITAL scores, a form to record a stay, and a line to mark a clock's work done."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.contact_attempts import offered_channels, offered_outcomes
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.domain.validation import parse_date_text
from carecoord_desktop.services import directory, transitions
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.chart.transition_forms import NewStayForm
from carecoord_desktop.ui.chart.transition_views import stay_title, stays_html
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.edit_form import EditForm
from carecoord_desktop.ui.printing.discharge_packet_dialog import may_print_packet, packet_button


class TransitionsSection(ChartSection):
    key: ClassVar[str] = "transitions"
    title: ClassVar[str] = "&Transitions"
    edit_text: ClassVar[str] = "Record a stay…"  # every letter of it is taken by the chart's tabs and menus
    lazy: ClassVar[bool] = True
    saved_text: ClassVar[str] = "Stay recorded. Its TCM clocks are on the patient's due items."

    records: list[transitions.ChartStay]
    packet_dialog: QDialog | None = None

    @classmethod
    def shown_for(cls, chart: Chart) -> bool:
        return chart.clinical_visible

    def build_read_page(self) -> QWidget:
        page = super().build_read_page()
        self.records = []
        self.done_row = QWidget()
        self.done_row.setObjectName("transitionsDoneRow")
        row = QHBoxLayout(self.done_row)
        row.setContentsMargins(0, 8, 0, 0)
        self.done_clock = QComboBox()
        self.done_clock.setObjectName("transitionsDoneClock")
        self.done_clock.setAccessibleName("TCM work done")
        self.done_on = QLineEdit()
        self.done_on.setObjectName("transitionsDoneOn")
        self.done_on.setAccessibleName("Done on")
        self.done_on.setPlaceholderText("MM/DD/YYYY (blank: today)")
        self.done_on.setMaximumWidth(200)
        self.done_button = QPushButton("Mar&k done")
        self.done_button.setObjectName("transitionsMarkDone")
        self.done_button.clicked.connect(self.mark_done)
        self.done_on.returnPressed.connect(self.mark_done)
        caption = QLabel("&Work done:")
        caption.setBuddy(self.done_clock)
        row.addWidget(caption)
        row.addWidget(self.done_clock, 1)
        row.addWidget(QLabel("on"))
        row.addWidget(self.done_on)
        row.addWidget(self.done_button)
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.done_row)  # above the stays, where the day's work is
        layout.insertWidget(2, self._attempt_row())
        layout.insertWidget(3, self._error_row())
        self.packet_button = packet_button(self, page)
        return page

    def _attempt_row(self) -> QWidget:
        """Log a call about a discharge whose contact clock is open: channel and outcome as the patient allows."""
        self.attempt_row = QWidget()
        self.attempt_row.setObjectName("transitionsAttemptRow")
        row = QHBoxLayout(self.attempt_row)
        row.setContentsMargins(0, 4, 0, 0)
        self.attempt_stay = QComboBox()
        self.attempt_stay.setObjectName("transitionsAttemptStay")
        self.attempt_stay.setAccessibleName("Contact attempt about")
        self.attempt_channel = QComboBox()
        self.attempt_channel.setObjectName("transitionsAttemptChannel")
        self.attempt_channel.setAccessibleName("Channel")
        self.attempt_outcome = QComboBox()
        self.attempt_outcome.setObjectName("transitionsAttemptOutcome")
        self.attempt_outcome.setAccessibleName("Outcome")
        self.attempt_button = QPushButton("Log attempt")
        self.attempt_button.setObjectName("transitionsLogAttempt")
        self.attempt_button.clicked.connect(self.log_attempt)
        caption = QLabel("&Call about:")
        caption.setBuddy(self.attempt_stay)
        for widget, stretch in (
            (caption, 0),
            (self.attempt_stay, 1),
            (self.attempt_channel, 0),
            (self.attempt_outcome, 0),
            (self.attempt_button, 0),
        ):
            row.addWidget(widget, stretch)
        return self.attempt_row

    def _error_row(self) -> QWidget:
        """Mark a stay recorded by mistake: it leaves the tab and its clocks, and stays on record."""
        self.error_row = QWidget()
        self.error_row.setObjectName("transitionsErrorRow")
        row = QHBoxLayout(self.error_row)
        row.setContentsMargins(0, 4, 0, 0)
        self.error_stay = QComboBox()
        self.error_stay.setObjectName("transitionsErrorStay")
        self.error_stay.setAccessibleName("Stay entered in error")
        self.error_reason = QLineEdit()
        self.error_reason.setObjectName("transitionsErrorReason")
        self.error_reason.setAccessibleName("Why it was entered in error")
        self.error_reason.setPlaceholderText("why (e.g. wrong patient)")
        self.error_button = QPushButton("Entered in error")
        self.error_button.setObjectName("transitionsMarkError")
        self.error_button.clicked.connect(self.mark_entered_in_error)
        caption = QLabel("Mista&ke:")
        caption.setBuddy(self.error_stay)
        for widget, stretch in (
            (caption, 0),
            (self.error_stay, 1),
            (self.error_reason, 1),
            (self.error_button, 0),
        ):
            row.addWidget(widget, stretch)
        return self.error_row

    def mark_entered_in_error(self) -> None:
        stay_id = self.error_stay.currentData()
        if self.chart is None or stay_id is None:
            return
        try:
            transitions.mark_entered_in_error(
                self.context.session, self.chart.id, stay_id, self.error_reason.text()
            )
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            self.error_reason.setFocus()
            return
        self.error_reason.clear()
        self.refresh()
        self.notice.say("The stay is marked as entered in error; its clocks and tasks are closed.")

    def load(self, chart: Chart) -> None:
        session, clock = self.context.session, self.context.clock
        self.records = transitions.stays_for_chart(session, chart.id)  # audited by the service
        self.text.setText(stays_html(self.records, clock.today(), clock.calendar))
        self.done_clock.clear()
        self.attempt_stay.clear()
        self.error_stay.clear()
        for shown in self.records:
            stay = shown.record.stay
            self.error_stay.addItem(stay_title(shown.record), shown.record.id)
            about = f"{stay.kind.label.lower()} discharged {format_date(stay.discharged_on)}"
            for c in shown.record.clocks(clock.today(), clock.calendar):
                if not c.status.is_open:
                    continue
                text = f"{c.label}: {about} (due {format_date(c.due_on)})"
                self.done_clock.addItem(text, ("clock", shown.record.id, c.kind.value, c.label))
                if c.kind is ClockKind.CONTACT:
                    self.attempt_stay.addItem(f"TCM contact, {about}", shown.record.id)
            for task in shown.tasks:
                if task.done_on is None:
                    text = f"{task.task.label}: {about} (due {format_date(task.due_on)})"
                    self.done_clock.addItem(text, ("task", task.id, "", task.task.label))
        preferences = chart.patient.contact
        self.attempt_channel.clear()
        for channel in offered_channels(preferences):
            self.attempt_channel.addItem(channel.label, channel.value)
        self.attempt_outcome.clear()
        for outcome in offered_outcomes(preferences):
            self.attempt_outcome.addItem(outcome.label, outcome.value)
        editable = self.can_edit(chart)
        self.packet_button.setVisible(may_print_packet(session, self.records))
        self.done_row.setVisible(self.done_clock.count() > 0 and editable)
        self.attempt_row.setVisible(self.attempt_stay.count() > 0 and editable)
        self.error_row.setVisible(self.error_stay.count() > 0 and editable)

    def log_attempt(self) -> None:
        stay_id = self.attempt_stay.currentData()
        if self.chart is None or stay_id is None:
            return
        data = {"channel": self.attempt_channel.currentData(), "outcome": self.attempt_outcome.currentData()}
        try:
            record = transitions.log_contact_attempt(self.context.session, self.chart.id, stay_id, data)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.refresh()
        met = record.met.get(ClockKind.CONTACT)
        logged = f"{self.attempt_outcome.itemText(self.attempt_outcome.findData(data['outcome']))} logged."
        self.notice.say(f"{logged} The TCM contact is met ({format_date(met)})." if met else logged)

    def mark_done(self) -> None:
        chosen = self.done_clock.currentData()
        if self.chart is None or chosen is None:
            return
        what, row_id, kind, label = chosen
        today = self.context.clock.today()
        typed = self.done_on.text().strip()
        day = parse_date_text(typed, today) if typed else today
        try:
            if day is None:
                raise ValidationFailed("Enter the date as MM/DD/YYYY, or leave it blank for today.")
            if what == "clock":
                transitions.mark_done(self.context.session, self.chart.id, row_id, ClockKind(kind), day)
            else:
                transitions.mark_task_done(self.context.session, self.chart.id, row_id, day)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            self.done_on.setFocus()
            return
        self.done_on.clear()
        self.refresh()
        self.notice.say(f"{label} marked done on {format_date(day)}.")

    def can_edit(self, chart: Chart) -> bool:
        return self.context.session.can(Permission.EDIT_TRANSITIONS)

    def make_form(self) -> EditForm:
        session = self.context.session
        hospitals = (
            directory.search_directory(session, "hospital") if session.can(Permission.VIEW_REFERRALS) else []
        )
        return NewStayForm(hospitals)

    def save(self, form: EditForm) -> Chart | None:
        assert self.chart is not None
        transitions.record_stay(self.context.session, self.chart.id, form.changes())
        return None  # the patient record did not change: only this section is reloaded
