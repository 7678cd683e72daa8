"""Practice settings (admin): name, time zone, location, auto-lock, 'stay signed in', and the practice's own
closures beside the public holidays its country and state already bring (business-day rules count both)."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.practice import IDLE_LOCK_MAX, IDLE_LOCK_MIN, PracticeSettings
from carecoord_desktop.services import auth, practice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.fields import FormFields
from carecoord_desktop.ui.printing.letterhead_settings import LetterheadSettings
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout
from carecoord_desktop.ui.widgets.region_combos import CountryCombo, StateCombo
from carecoord_desktop.ui.widgets.timezone_combo import TimeZoneCombo

HOLIDAYS_SHOWN = 6


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def upcoming_holidays(calendar: PracticeCalendar, start: date, count: int) -> list[tuple[date, str]]:
    """The next `count` public holidays the calendar knows, from `start`, within a year."""
    found: list[tuple[date, str]] = []
    for offset in range(366):
        day = start + timedelta(days=offset)
        name = calendar.holiday_name(day)
        if name is not None:
            found.append((day, name))
            if len(found) == count:
                break
    return found


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
        self.country = CountryCombo()
        self.country.setObjectName("settingsCountry")
        self.country.setAccessibleName("Country")
        self.state = StateCombo(self.country)
        self.state.setObjectName("settingsState")
        self.state.setAccessibleName("State or region")
        self.idle = QSpinBox()
        self.idle.setObjectName("settingsIdleMinutes")
        self.idle.setAccessibleName("Lock after idle minutes")
        self.idle.setRange(IDLE_LOCK_MIN, IDLE_LOCK_MAX)
        self.idle.setSuffix(" min")
        self.idle.setMaximumWidth(110)
        self.allow_stay = QCheckBox("A&llow staff to stay signed in on their own computer")
        self.allow_stay.setObjectName("settingsAllowStaySignedIn")
        self.closures = QListWidget()
        self.closures.setObjectName("settingsClosures")
        self.closures.setAccessibleName("Practice closures")
        self.closures.setMaximumHeight(110)
        self.closure_date = QDateEdit()
        self.closure_date.setObjectName("settingsClosureDate")
        self.closure_date.setAccessibleName("Closure date to add")
        self.closure_date.setDisplayFormat("MM/dd/yyyy")  # the one date format (ui/dates.py)
        self.closure_date.setCalendarPopup(True)
        today = session.clock.today()
        self.closure_date.setDate(QDate(today.year, today.month, today.day))
        self.add_closure = QPushButton("A&dd closure")
        self.add_closure.setObjectName("addClosure")
        self.add_closure.clicked.connect(self._add_closure)
        self.remove_closure = QPushButton("Re&move closure")
        self.remove_closure.setObjectName("removeClosure")
        self.remove_closure.clicked.connect(self._remove_closure)
        self.holidays = QLabel()
        self.holidays.setObjectName("settingsHolidays")
        self.holidays.setAccessibleName("Upcoming public holidays")
        self.holidays.setWordWrap(True)
        self.holidays.setTextFormat(Qt.TextFormat.RichText)
        self.state.changed.connect(self._show_holidays)
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
        form.addRow(
            _buddy("&Closures", self.closure_date), self.errors.wrap("closures", self._closures_box())
        )
        form.addRow(QLabel("Public holidays"), self.holidays)
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
        layout.addWidget(LetterheadSettings(session))  # its own fields and Save button
        layout.addStretch(1)
        self.load()
        if host is not None:
            self.saved.connect(host.practice_settings_changed)

    def _closures_box(self) -> QWidget:
        adding = QHBoxLayout()
        adding.setContentsMargins(0, 0, 0, 0)
        adding.addWidget(self.closure_date)
        adding.addWidget(self.add_closure)
        adding.addWidget(self.remove_closure)
        adding.addStretch(1)
        hint = QLabel(
            "Days the practice is closed beyond the public holidays below (a staff day, a move). Business-day "
            "deadlines such as referral follow-ups skip both."
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(adding)
        column.addWidget(self.closures)
        column.addWidget(hint)
        return box

    # -- closures and holidays ---------------------------------------------------------------------
    def closure_dates(self) -> list[date]:
        return [
            date.fromisoformat(self.closures.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.closures.count())
        ]

    def _set_closures(self, days: list[date]) -> None:
        self.closures.clear()
        for day in sorted(set(days)):
            item = QListWidgetItem(format_date(day))
            item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
            self.closures.addItem(item)
        self._show_holidays()

    def _add_closure(self) -> None:
        picked = self.closure_date.date()
        self._set_closures([*self.closure_dates(), date(picked.year(), picked.month(), picked.day())])

    def _remove_closure(self) -> None:
        row = self.closures.currentRow()
        if row >= 0:
            self._set_closures([d for i, d in enumerate(self.closure_dates()) if i != row])

    def _show_holidays(self) -> None:
        """What the calendar knows for the country and state as typed (saved or not), read-only."""
        calendar = PracticeCalendar.of(self.country.code() or "US", self.state.code())
        found = upcoming_holidays(calendar, self.session.clock.today(), HOLIDAYS_SHOWN)
        if not found:
            self.holidays.setText("No public holidays are known for this country and state.")
            return
        self.holidays.setText(
            "Next: " + "; ".join(f"<b>{format_date(day)}</b> {escape(name)}" for day, name in found)
        )

    def load(self) -> None:
        self.errors.clear_errors()
        self._show(auth.practice_settings(self.session))

    def _show(self, settings: PracticeSettings) -> None:
        self.name.setText(settings.practice_name)
        self.time_zone.set_zone(settings.time_zone)
        self.country.set_code(settings.country)
        self.state.set_code(settings.state)
        self.idle.setValue(settings.idle_lock_minutes)
        self.allow_stay.setChecked(settings.allow_stay_signed_in)
        self._set_closures(list(settings.closures))

    def values(self) -> dict[str, Any]:
        return {
            "practice_name": self.name.text(),
            "time_zone": self.time_zone.zone(),
            "country": self.country.code(),
            "state": self.state.code(),
            "idle_lock_minutes": self.idle.value(),
            "allow_stay_signed_in": self.allow_stay.isChecked(),
            "closures": [day.isoformat() for day in self.closure_dates()],
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
        stored = auth.practice_settings(self.session).model_dump(mode="json")
        return values if any(stored.get(k) != v for k, v in values.items()) else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.name.setText(str(payload.get("practice_name", self.name.text())))
        self.time_zone.set_zone(str(payload.get("time_zone", self.time_zone.zone())))
        self.country.set_code(str(payload.get("country", self.country.code())))
        self.state.set_code(str(payload.get("state", self.state.code())))
        self.idle.setValue(int(payload.get("idle_lock_minutes", self.idle.value())))
        self.allow_stay.setChecked(bool(payload.get("allow_stay_signed_in", self.allow_stay.isChecked())))
        if "closures" in payload:
            self._set_closures([date.fromisoformat(str(day)) for day in payload["closures"]])
