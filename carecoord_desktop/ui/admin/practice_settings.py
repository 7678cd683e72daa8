"""Practice settings (admin): name, time zone, location, auto-lock and 'stay signed in'."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.practice import IDLE_LOCK_MAX, IDLE_LOCK_MIN, PracticeSettings
from carecoord_desktop.services import auth, practice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.forms.fields import FormFields
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout
from carecoord_desktop.ui.widgets.timezone_combo import TimeZoneCombo


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class PracticeSettingsPage(QWidget):
    saved = Signal(object)  # PracticeSettings

    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("practiceSettingsPage")
        self.session = session
        layout = page_layout(self, "Practice settings", "These apply to everyone who uses this vault.")
        self.name = QLineEdit()
        self.name.setObjectName("settingsPracticeName")
        self.name.setAccessibleName("Practice name")
        self.time_zone = TimeZoneCombo()
        self.time_zone.setObjectName("settingsTimeZone")
        self.time_zone.setAccessibleName("Time zone")
        self.time_zone.setMaximumWidth(320)
        self.country = QLineEdit()
        self.country.setObjectName("settingsCountry")
        self.country.setAccessibleName("Country code")
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(80)
        self.state = QLineEdit()
        self.state.setObjectName("settingsState")
        self.state.setAccessibleName("State or region code")
        self.state.setMaxLength(3)
        self.state.setMaximumWidth(80)
        self.idle = QSpinBox()
        self.idle.setObjectName("settingsIdleMinutes")
        self.idle.setAccessibleName("Lock after idle minutes")
        self.idle.setRange(IDLE_LOCK_MIN, IDLE_LOCK_MAX)
        self.idle.setSuffix(" min")
        self.idle.setMaximumWidth(110)
        self.allow_stay = QCheckBox("A&llow staff to stay signed in on their own computer")
        self.allow_stay.setObjectName("settingsAllowStaySignedIn")
        self.errors = FormFields(Notice("settingsMessage"))
        self.message: Notice = self.errors.general  # type: ignore[assignment]

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(14)
        form.addRow(_buddy("Practice &name", self.name), self.errors.wrap("practice_name", self.name))
        form.addRow(_buddy("&Time zone", self.time_zone), self.errors.wrap("time_zone", self.time_zone))
        form.addRow(_buddy("&Country", self.country), self.errors.wrap("country", self.country))
        form.addRow(_buddy("&State / region", self.state), self.errors.wrap("state", self.state))
        form.addRow(_buddy("Lock after &idle", self.idle), self.errors.wrap("idle_lock_minutes", self.idle))
        stay_hint = QLabel(
            "Uses the computer's own keyring (never a stored password). Off unless you allow it; "
            "each person still chooses it for themselves."
        )
        stay_hint.setProperty("hint", True)
        stay_hint.setWordWrap(True)
        form.addRow("", self.errors.wrap("allow_stay_signed_in", self.allow_stay))
        form.addRow("", stay_hint)
        form_box = QWidget()
        form_box.setLayout(form)
        form_box.setMaximumWidth(720)
        layout.addWidget(form_box)
        self.save_button = QPushButton("&Save settings")
        self.save_button.setObjectName("saveSettings")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.setObjectName("revertSettings")
        self.revert_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.load()
        if host is not None:
            self.saved.connect(host.practice_settings_changed)

    def load(self) -> None:
        self.errors.clear_errors()
        self._show(auth.practice_settings(self.session))

    def _show(self, settings: PracticeSettings) -> None:
        self.name.setText(settings.practice_name)
        self.time_zone.set_zone(settings.time_zone)
        self.country.setText(settings.country)
        self.state.setText(settings.state)
        self.idle.setValue(settings.idle_lock_minutes)
        self.allow_stay.setChecked(settings.allow_stay_signed_in)

    def values(self) -> dict[str, Any]:
        return {
            "practice_name": self.name.text(),
            "time_zone": self.time_zone.zone(),
            "country": self.country.text(),
            "state": self.state.text(),
            "idle_lock_minutes": self.idle.value(),
            "allow_stay_signed_in": self.allow_stay.isChecked(),
        }

    def save(self) -> None:
        self.errors.clear_errors()
        try:
            updated = practice.update_settings(self.session, **self.values())
        except UserError as exc:
            self.errors.show_error(exc)
            self.message.say(exc.message, error=True)
            return
        self.message.say("Settings saved.")
        self.saved.emit(updated)

    # -- the draft protocol ----------------------------------------------------------------------
    def draft_state(self) -> dict[str, Any] | None:
        values = self.values()
        stored = auth.practice_settings(self.session).model_dump()
        return values if any(stored.get(k) != v for k, v in values.items()) else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.name.setText(str(payload.get("practice_name", self.name.text())))
        self.time_zone.set_zone(str(payload.get("time_zone", self.time_zone.zone())))
        self.country.setText(str(payload.get("country", self.country.text())))
        self.state.setText(str(payload.get("state", self.state.text())))
        self.idle.setValue(int(payload.get("idle_lock_minutes", self.idle.value())))
        self.allow_stay.setChecked(bool(payload.get("allow_stay_signed_in", self.allow_stay.isChecked())))
