"""Appointments as an iCalendar file (RFC 5545) for the practice's own calendar.

The least patient data that still lets staff find the visit: the patient's initials and MRN, the kind of
visit, with whom and where. Never the follow-up's reason, the appointment's note, a diagnosis or a date of
birth (a calendar is synced, shared and shown on lock screens). A cancelled or missed visit is exported as
cancelled, so a calendar that imported it earlier drops it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from carecoord_desktop.domain.appointments import AppointmentRecord, AppointmentStatus

PRODUCT_ID: Final = "-//CareCoord Desktop//Appointments//EN"
_STATUS: Final = {
    AppointmentStatus.BOOKED: "CONFIRMED",
    AppointmentStatus.ARRIVED: "CONFIRMED",
    AppointmentStatus.FULFILLED: "CONFIRMED",
    AppointmentStatus.CANCELLED: "CANCELLED",
    AppointmentStatus.NO_SHOW: "CANCELLED",
}


@dataclass(frozen=True)
class CalendarEntry:
    """One appointment with what identifies its patient in a calendar (initials and MRN only)."""

    record: AppointmentRecord
    initials: str
    mrn: str


def initials(given: str, family: str) -> str:
    """ "José", "Núñez García" -> "J.N.G." (the first letter of each part of the name)."""
    parts = [*given.split(), *family.replace("-", " ").split()]
    return "".join(f"{p[0].upper()}." for p in parts if p)


def summary(entry: CalendarEntry) -> str:
    return f"{entry.initials} ({entry.mrn}): {entry.record.appointment.kind.label}"


def calendar_bytes(entries: Iterable[CalendarEntry], zone: ZoneInfo, vault_id: str, stamp: datetime) -> bytes:
    """The .ics file: one event per appointment, its UID stable across exports (re-importing updates it)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for entry in entries:
        record = entry.record
        visit = record.appointment
        event = Event()
        event.add("uid", f"appointment-{record.id}@{vault_id}.carecoord")
        event.add("dtstamp", stamp)
        event.add("summary", summary(entry))
        event.add("location", visit.where)
        event.add("description", f"With {visit.with_whom}. {record.status.label}.")
        event.add("status", _STATUS[record.status])
        starts, ends = visit.starts, visit.ends
        if starts is None or ends is None:
            event.add("dtstart", visit.on)  # the time is not known: an all-day entry
        else:
            event.add("dtstart", starts.replace(tzinfo=zone))
            event.add("dtend", ends.replace(tzinfo=zone))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
