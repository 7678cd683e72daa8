"""Admin → Referral timers: how long each referral step may take before it is overdue (domain.md 2.2).

Routine and urgent (STAT uses the urgent timer), in business days (the practice calendar: weekends, public
holidays and local closures skipped) or calendar days. The services check the permission and the values.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.referrals import NEXT_ACTIONS, ReferralState, ReferralTimers, Timer
from carecoord_desktop.services import referral_rules
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

S = ReferralState
_STEP_STATES = (S.DRAFT, S.SENT, S.ACKNOWLEDGED, S.ACCEPTED, S.NO_SHOW, S.APPT_CANCELLED, S.SEEN)
#: timer key → what it measures, as the admin reads it (in the order of a referral's life)
STEPS: dict[str, str] = {
    **{s.value: f"{s.label}: {NEXT_ACTIONS[s].lower()}" for s in _STEP_STATES},
    "seen_escalate": "Seen: escalate while the report is still missing",
    **{s.value: f"{s.label}: {NEXT_ACTIONS[s].lower()}" for s in (S.REPORT_RECEIVED, S.REVIEWED)},
}


def _days(name: str, accessible: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(0, 365)
    box.setSuffix(" days")
    return box


class ReferralTimersPage(QWidget):
    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("referralTimersPage")
        self.session = session
        layout = page_layout(
            self,
            "Referral timers",
            "How long each step of a referral may take before it shows as overdue. STAT referrals use the "
            "urgent timer. Business days skip weekends, public holidays and the practice's closures. Open "
            "referrals keep their due dates; each one's next step uses the new timers.",
        )
        grid = QGridLayout()
        for column, heading in enumerate(("Step", "Routine", "Urgent and STAT", "Count")):
            grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        self.rows: dict[str, tuple[QSpinBox, QSpinBox, QCheckBox]] = {}
        for row, (key, label) in enumerate(STEPS.items(), start=1):
            routine = _days(f"timer_{key}_routine", f"{label}, routine")
            urgent = _days(f"timer_{key}_urgent", f"{label}, urgent")
            business = QCheckBox("business days")
            business.setObjectName(f"timer_{key}_business")
            business.setAccessibleName(f"{label}, in business days")
            step = QLabel(label)
            step.setWordWrap(True)  # at 150 % the step's words wrap rather than widen the page
            grid.addWidget(step, row, 0)
            grid.addWidget(routine, row, 1)
            grid.addWidget(urgent, row, 2)
            grid.addWidget(business, row, 3)
            self.rows[key] = (routine, urgent, business)
        self.attempts = QSpinBox()
        self.attempts.setObjectName("timerFailedAttempts")
        self.attempts.setAccessibleName("Failed attempts before lost to follow-up is suggested")
        self.attempts.setRange(1, 20)
        self.attempts.setSuffix(" failed attempts")
        lost = QLabel("Suggest lost to follow-up after")
        lost.setWordWrap(True)
        grid.addWidget(lost, len(STEPS) + 1, 0)
        grid.addWidget(self.attempts, len(STEPS) + 1, 1, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(4, 1)
        layout.addLayout(grid)
        self.save_button = QPushButton("&Save timers")
        self.save_button.setObjectName("saveReferralTimers")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton("Use the &defaults")
        self.defaults_button.setObjectName("defaultReferralTimers")
        self.defaults_button.clicked.connect(lambda: self.show_timers(ReferralTimers()))
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.setObjectName("revertReferralTimers")
        self.revert_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.defaults_button, self.revert_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = Notice("referralTimersMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        try:
            self.show_timers(referral_rules.referral_timers(self.session))
        except UserError as exc:
            self.message.say(exc.message, error=True)
            self.save_button.setEnabled(False)

    def show_timers(self, timers: ReferralTimers) -> None:
        for key, (routine, urgent, business) in self.rows.items():
            timer: Timer = getattr(timers, key)
            routine.setValue(timer.routine)
            urgent.setValue(timer.urgent)
            business.setChecked(timer.business_days)
        self.attempts.setValue(timers.failed_attempts_suggest_lost)

    def values(self) -> dict[str, object]:
        data: dict[str, object] = {
            key: {"routine": r.value(), "urgent": u.value(), "business_days": b.isChecked()}
            for key, (r, u, b) in self.rows.items()
        }
        data["failed_attempts_suggest_lost"] = self.attempts.value()
        return data

    def save(self) -> ReferralTimers | None:
        try:
            saved = referral_rules.set_referral_timers(self.session, self.values())
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return None
        self.show_timers(saved)
        self.message.say("Referral timers saved. Each referral's next step uses them from now on.")
        return saved
