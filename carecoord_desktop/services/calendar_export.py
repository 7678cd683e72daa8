"""Appointments exported to an iCalendar file the user chose: one appointment, or every one in a date range.

An export puts patient data outside the vault, so it is the user's explicit choice and audited: one
`appointments.export` entry per patient in the file (so each chart's audit trail shows it), written in the
same transaction as the file, and a failed write leaves a 'failed' entry instead. The file carries only the
patient's initials and MRN (interop/icalendar_out.py), and is written owner-only (0600), whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from carecoord_desktop.domain.appointments import AppointmentRecord
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.interop.icalendar_out import CalendarEntry, calendar_bytes, initials
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import appointments_repo
from carecoord_desktop.storage.atomic import write_atomic

ACTION: Final = "appointments.export"
MAX_RANGE_DAYS: Final = 366


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    appointments: int
    patients: int


def _entries(session: Session, records: list[AppointmentRecord]) -> list[CalendarEntry]:
    with session.vault.read() as conn:
        names = appointments_repo.patient_names(conn, sorted({r.patient_id for r in records}))
    return [
        CalendarEntry(r, initials(names[r.patient_id][0], names[r.patient_id][1]), names[r.patient_id][2])
        for r in records
    ]


def _export(session: Session, records: list[AppointmentRecord], path: Path, subject: str) -> CalendarExport:
    if not records:
        raise ValidationFailed("There are no appointments to export for these dates.")
    data = calendar_bytes(
        _entries(session, records), session.clock.zone, session.vault.vault_id, session.clock.now_utc()
    )
    patient_ids = sorted({r.patient_id for r in records})
    written = False
    try:
        with session.vault.write("the export") as conn:
            for patient_id in patient_ids:
                count = sum(1 for r in records if r.patient_id == patient_id)
                session.record(
                    conn, ACTION, patient_id=patient_id, subject=subject, detail={"appointments": count}
                )
            write_atomic(path, data, what="the calendar file")
            written = True
    except UserError as exc:
        if written:
            path.unlink(missing_ok=True)
        session.audit_separately(ACTION, "failed", subject=subject, detail={"error": type(exc).__name__})
        raise
    return CalendarExport(path, len(records), len(patient_ids))


def export_range(session: Session, first: date, last: date, path: Path) -> CalendarExport:
    """Every appointment from `first` to `last` (inclusive; up to a year), cancelled ones as cancelled."""
    session.require(Permission.SCHEDULE_FOLLOW_UPS, ACTION)
    if last < first:
        raise ValidationFailed(
            "The last day must be on or after the first.", {"last": "Before the first day."}
        )
    if last - first > timedelta(days=MAX_RANGE_DAYS):
        raise ValidationFailed("Export at most a year of appointments at a time.", {"last": "Too far."})
    with session.vault.read() as conn:
        records = appointments_repo.between(conn, first, last)
    return _export(session, records, path, f"{first.isoformat()}..{last.isoformat()}")


def export_one(session: Session, patient_id: int, appointment_id: int, path: Path) -> CalendarExport:
    """One appointment of this patient's."""
    session.require(Permission.SCHEDULE_FOLLOW_UPS, ACTION, patient_id=patient_id)
    with session.vault.read() as conn:
        record = appointments_repo.get(conn, appointment_id)
    if record.patient_id != patient_id or record.entered_in_error is not None:
        raise ValidationFailed("That appointment is not on this chart.")
    return _export(session, [record], path, f"appointment #{appointment_id}")
