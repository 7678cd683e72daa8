"""Appointments that close coordination loops: the practice's own visits (a TCM face-to-face visit, a
follow-up visit) and specialist visits from referrals. Not a practice-management calendar: one row per
visit, with whom, where, what kind, and how it went (FHIR Appointment.status: booked, arrived, fulfilled,
cancelled, noshow).

Pure: callers pass the practice's today.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.domain.stored import EnteredInError, Stamps
from carecoord_desktop.domain.validation import DayDate, OptionalText, Text, require_text, user_error

_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return "No-show" if self is AppointmentStatus.NO_SHOW else self.value.capitalize()

    @property
    def is_open(self) -> bool:
        """Still ahead of the patient (booked, or arrived and not yet seen)."""
        return self in (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED)


#: From each status, where an appointment may go next. Fulfilled, cancelled and no-show are final: a
#: rebooking is a new appointment, so the history of what happened stays true.
NEXT_STATUS: Final[dict[AppointmentStatus, frozenset[AppointmentStatus]]] = {
    AppointmentStatus.BOOKED: frozenset(
        {
            AppointmentStatus.ARRIVED,
            AppointmentStatus.FULFILLED,
            AppointmentStatus.CANCELLED,
            AppointmentStatus.NO_SHOW,
        }
    ),
    AppointmentStatus.ARRIVED: frozenset({AppointmentStatus.FULFILLED, AppointmentStatus.CANCELLED}),
    AppointmentStatus.FULFILLED: frozenset(),
    AppointmentStatus.CANCELLED: frozenset(),
    AppointmentStatus.NO_SHOW: frozenset(),
}


class AppointmentKind(StrEnum):
    OFFICE_VISIT = "office_visit"
    TCM_VISIT = "tcm_visit"  # the transition's face-to-face visit (meets the TCM visit clock when fulfilled)
    SPECIALIST_VISIT = "specialist_visit"
    TELEHEALTH = "telehealth"
    HOME_VISIT = "home_visit"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: Final = {
    AppointmentKind.OFFICE_VISIT: "Office visit",
    AppointmentKind.TCM_VISIT: "Post-discharge (TCM) visit",
    AppointmentKind.SPECIALIST_VISIT: "Specialist visit",
    AppointmentKind.TELEHEALTH: "Telehealth visit",
    AppointmentKind.HOME_VISIT: "Home visit",
}


class Appointment(BaseModel):
    """An appointment as a person books it. The day may be in the past (booked after the fact)."""

    model_config = _CONFIG

    on: DayDate
    at: time | None = None  # None: the time is not known (a specialist's office did not say)
    minutes: int = Field(default=30, ge=5, le=480)
    kind: AppointmentKind = AppointmentKind.OFFICE_VISIT
    with_whom: Text = Field(max_length=120)
    where: Text = Field(max_length=200)
    note: OptionalText = Field(default=None, max_length=500)

    @field_validator("with_whom", mode="before")
    @classmethod
    def _with_whom(cls, value: object) -> object:
        return require_text(value, "Say who the appointment is with")

    @field_validator("where", mode="before")
    @classmethod
    def _where(cls, value: object) -> object:
        return require_text(value, "Say where the appointment is")

    @field_validator("at", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str):
            try:
                return time.fromisoformat(value.strip())
            except ValueError:
                raise user_error(
                    "time_unreadable", "Enter the time as hours and minutes, such as 09:30"
                ) from None
        return value

    @property
    def starts(self) -> datetime | None:
        """The start as a naive practice-local date and time (None when the time is not known)."""
        return None if self.at is None else datetime.combine(self.on, self.at)

    @property
    def ends(self) -> datetime | None:
        return None if self.starts is None else self.starts + timedelta(minutes=self.minutes)

    @property
    def when(self) -> str:
        """As the chart and letters say it: "Tue 11/25/2026 09:30" (or the day alone)."""
        day = f"{self.on:%a %m/%d/%Y}"
        return day if self.at is None else f"{day} {self.at:%H:%M}"


class AppointmentRecord(BaseModel):
    """A stored appointment. `about` names what it closes: a follow-up, a referral or a transition stay."""

    model_config = _CONFIG

    id: int
    patient_id: int
    appointment: Appointment
    status: AppointmentStatus
    about_table: str | None
    about_id: int | None
    status_on: date | None  # the day it was marked arrived, fulfilled, cancelled or no-show
    status_reason: str | None
    entered_in_error: EnteredInError | None
    stamps: Stamps


_CLOCK_TIME: Final = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def parse_clock_time(text: str | None) -> time | None:
    """A time as people write it ("14:30", "2:30 pm", "9 am", "9h30"), or None when it is not one."""
    found = _CLOCK_TIME.match(" ".join((text or "").split()))
    if found is None:
        return None
    hour, minute, half = int(found.group(1)), int(found.group(2) or 0), (found.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif found.group(2) is None:
        return None  # a bare number is not a time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


#: What a referral's move does to its specialist visit (the shared appointment, domain.md 2.2).
REFERRAL_VISIT_STATUS: Final[dict[ReferralState, AppointmentStatus]] = {
    ReferralState.SCHEDULED: AppointmentStatus.BOOKED,  # booked, or rebooked: the open one is cancelled
    ReferralState.SEEN: AppointmentStatus.FULFILLED,
    ReferralState.REPORT_RECEIVED: AppointmentStatus.FULFILLED,  # a report without a logged visit: seen
    ReferralState.NO_SHOW: AppointmentStatus.NO_SHOW,
    ReferralState.APPT_CANCELLED: AppointmentStatus.CANCELLED,
    ReferralState.CANCELLED: AppointmentStatus.CANCELLED,
    ReferralState.PATIENT_DECLINED: AppointmentStatus.CANCELLED,
    ReferralState.LOST_TO_FOLLOW_UP: AppointmentStatus.CANCELLED,
    ReferralState.CLOSED_UNSUCCESSFUL: AppointmentStatus.CANCELLED,
}


def check_status_change(current: AppointmentStatus, new: AppointmentStatus) -> None:
    """Refuse a move the table does not allow, saying what is allowed from here."""
    allowed = NEXT_STATUS[current]
    if new in allowed:
        return
    if not allowed:
        raise ValidationFailed(
            f"This appointment is already {current.label.lower()}; book a new one to see the patient again."
        )
    names = ", ".join(sorted(s.label.lower() for s in allowed))
    raise ValidationFailed(
        f"A {current.label.lower()} appointment cannot be marked {new.label.lower()}; it can be: {names}."
    )


def check_status_day(new: AppointmentStatus, appointment: Appointment, today: date) -> None:
    """Arrived, fulfilled and no-show are facts about the visit's day: not before it comes."""
    on_the_day = (AppointmentStatus.ARRIVED, AppointmentStatus.FULFILLED, AppointmentStatus.NO_SHOW)
    if new in on_the_day and appointment.on > today:
        raise ValidationFailed(
            f"This appointment is on {appointment.on:%m/%d/%Y}: it cannot be marked "
            f"{new.label.lower()} before that day."
        )
