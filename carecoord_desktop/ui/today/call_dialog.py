"""Log one call from the call list, at the keyboard: the outcome first (type its first letter), Enter logs it.

Only what the patient allowed is offered (the row's `Reach`: channels and outcomes from their contact
preferences); the service checks again, so a refusal shows here in a plain sentence and nothing is saved.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.today import Reach, TodayRow
from carecoord_desktop.services import call_list
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.formatting import language
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog


def reach_line(reach: Reach) -> str:
    """Preferred channel, best time, language and interpreter need, in one line."""
    parts = [f"Prefers {reach.preferred.lower()}"] if reach.preferred else []
    if reach.best_time:
        parts.append(reach.best_time.lower() if parts else reach.best_time)
    spoken = language(reach.language).split(" (")[0]
    parts.append(f"{spoken}, interpreter needed" if reach.interpreter else spoken)
    return " · ".join(parts)


def _preferred_channel(reach: Reach) -> AttemptChannel | None:
    wanted = {"Phone": AttemptChannel.PHONE, "Text": AttemptChannel.TEXT, "Email": AttemptChannel.EMAIL}
    channel = wanted.get(reach.preferred)
    return channel if channel in reach.channels else None


class CallDialog(FormDialog):
    def __init__(self, session: Session, row: TodayRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert row.reach is not None and row.about is not None, "only a call row opens the call dialog"
        self.setObjectName("callDialog")
        self.setWindowTitle(f"Call {row.patient_name}")
        self.session, self.row = session, row
        reach = row.reach
        phone = format_phone(reach.phone) if reach.phone else "no phone number on file"
        self.summary = QLabel(
            f"<b>{escape(row.patient_name)}</b> · MRN {escape(row.mrn)} · {escape(phone)}<br>"
            f"{escape(row.what)}<br>{escape(reach_line(reach))}<br>{escape(reach.permissions)}"
            + (f"<br>Last try: {escape(row.last_attempt)}" if row.last_attempt else "")
        )
        self.summary.setObjectName("callSummary")
        self.summary.setWordWrap(True)

        self.outcome = QComboBox()
        self.outcome.setObjectName("callOutcome")
        self.outcome.setAccessibleName("Outcome")
        for outcome in reach.outcomes:
            self.outcome.addItem(outcome.label, outcome.value)
        self.outcome.setCurrentIndex(-1)  # nothing assumed: the caller says what happened
        self.channel = QComboBox()
        self.channel.setObjectName("callChannel")
        self.channel.setAccessibleName("Channel")
        for channel in reach.channels:
            self.channel.addItem(channel.label, channel.value)
        preferred = _preferred_channel(reach) or (
            AttemptChannel.PHONE if AttemptChannel.PHONE in reach.channels else None
        )
        if preferred is not None:
            self.channel.setCurrentIndex(self.channel.findData(preferred.value))
        self.note = QLineEdit()
        self.note.setObjectName("callNote")
        self.note.setAccessibleName("Note")
        self.note.setMaxLength(1000)
        self.error = QLabel()
        self.error.setObjectName("callError")
        self.error.setProperty("fieldError", True)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("&Outcome", self.outcome)
        form.addRow("C&hannel", self.channel)
        form.addRow("N&ote", self.note)
        buttons = QDialogButtonBox()
        self.log_button = buttons.addButton("&Log call", QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_button.setObjectName("callLog")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("callCancel")
        self.log_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if not reach.channels:
            self._say("The patient's preferences allow no call, text or email: write to them instead.")
            self.log_button.setEnabled(False)

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def submit(self) -> None:
        outcome, channel = self.outcome.currentData(), self.channel.currentData()
        if outcome is None:
            self._say("Choose what came of the call.")
            self.outcome.setFocus()
            return
        if channel is None:
            self._say("Choose how you tried to reach the patient.")
            return
        about = self.row.about
        assert about is not None
        try:
            call_list.log_attempt(
                self.session,
                self.row.patient_id,
                about,
                {
                    "channel": AttemptChannel(channel).value,
                    "outcome": AttemptOutcome(outcome).value,
                    "note": self.note.text() or None,
                },
            )
        except UserError as exc:
            self._say(exc.message)  # what was chosen and typed stays
            return
        self.accept()
