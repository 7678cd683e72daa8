"""The call list's queries: what needs a call (each one an indexed range), and for the few patients on it, how
to reach them and the last attempt. Never a query per patient."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from carecoord_desktop.domain.followups import FollowUpState
from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.storage.schema import contact_attempts, patient_records, patients
from carecoord_desktop.storage.schema_followups import appointments, follow_ups
from carecoord_desktop.storage.schema_referrals import directory_entries, referrals


@dataclass(frozen=True)
class CallTarget:
    """Something that needs a call: the row it serves, its patient and what the call is for."""

    table: str
    row_id: int
    patient_id: int
    family_name: str
    given_name: str
    mrn: str
    due_on: date | None
    about: str  # the follow-up's reason, the specialist, whom the appointment is with
    on: date | None  # the window's start, the missed or coming appointment's day
    state: str  # the row's own state ("open", "no_show", "booked")
    at: str | None = None  # the appointment's time (HH:MM), when known


_PATIENT = (patients.c.id, patients.c.family_name, patients.c.given_name, patients.c.mrn)


def _targets(conn: Connection, table: str, query: Any) -> list[CallTarget]:
    return [CallTarget(table, *row) for row in conn.execute(query)]


def follow_ups_due(
    conn: Connection, today: date, *, role: str, staff_id: int, limit: int
) -> list[CallTarget]:
    """The `limit` most urgent follow-ups to book (open, or a missed visit to rebook) whose window has started,
    owned by `role`, by `staff_id` or by nobody in particular (the status index, in due order)."""
    owned = or_(
        follow_ups.c.owner_staff_id == staff_id,
        and_(
            follow_ups.c.owner_staff_id.is_(None),
            or_(follow_ups.c.owner_role == role, follow_ups.c.owner_role.is_(None)),
        ),
    )
    query = (
        select(
            follow_ups.c.id,
            *_PATIENT,
            follow_ups.c.due_to,
            follow_ups.c.reason,
            follow_ups.c.due_from,
            follow_ups.c.status,
        )
        .join(patients, patients.c.id == follow_ups.c.patient_id)
        .where(
            follow_ups.c.status.in_([FollowUpState.OPEN.value, FollowUpState.NO_SHOW.value]),
            follow_ups.c.due_from <= today,
            follow_ups.c.entered_in_error_reason.is_(None),
            owned,
        )
        .order_by(follow_ups.c.due_to, follow_ups.c.id)
        .limit(limit)
    )
    return _targets(conn, follow_ups.name, query)


def referral_no_shows(conn: Connection, *, limit: int) -> list[CallTarget]:
    """The `limit` most urgent open referrals whose patient missed the specialist visit: reach them to rebook
    (the open-state index, in due order)."""
    query = (
        select(
            referrals.c.id,
            *_PATIENT,
            referrals.c.next_action_due,
            directory_entries.c.name,
            referrals.c.appointment_on,
            referrals.c.state,
        )
        .join(patients, patients.c.id == referrals.c.patient_id)
        .join(directory_entries, directory_entries.c.id == referrals.c.directory_id)
        .where(
            referrals.c.is_open.is_(True),
            referrals.c.state_rank == list(ReferralState).index(ReferralState.NO_SHOW),
            referrals.c.entered_in_error.is_(False),
        )
        .order_by(referrals.c.next_action_due, referrals.c.id)
        .limit(limit)
    )
    return _targets(conn, referrals.name, query)


def appointments_between(conn: Connection, after: date, until: date, *, limit: int) -> list[CallTarget]:
    """The first `limit` booked appointments on the days (after, until]: to confirm (the day index)."""
    query = (
        select(
            appointments.c.id,
            *_PATIENT,
            appointments.c.appointment_on,
            appointments.c.with_whom,
            appointments.c.appointment_on,
            appointments.c.status,
            appointments.c.start_time,
        )
        .join(patients, patients.c.id == appointments.c.patient_id)
        .where(
            appointments.c.appointment_on > after,
            appointments.c.appointment_on <= until,
            appointments.c.status == "booked",
            appointments.c.entered_in_error_reason.is_(None),
        )
        .order_by(appointments.c.appointment_on, appointments.c.start_time, appointments.c.id)
        .limit(limit)
    )
    return _targets(conn, appointments.name, query)


@dataclass(frozen=True)
class ReachRow:
    phone: str | None
    contact: str  # the record's contact preferences as canonical JSON text ("{}" when none): a cache key
    language: str
    interpreter: bool


def reach(conn: Connection, patient_ids: Iterable[int]) -> dict[int, ReachRow]:
    """Phone, contact preferences, language and interpreter need of these patients, in one query."""
    ids = sorted(set(patient_ids))
    if not ids:
        return {}
    # One json_extract with three paths parses each (large) record once, not three times.
    picked = func.json_extract(
        patient_records.c.record, "$.contact", "$.preferred_language", "$.interpreter_needed"
    )
    query = (
        select(patients.c.id, patients.c.phone, picked)
        .join(patient_records, patient_records.c.patient_id == patients.c.id)
        .where(patients.c.id.in_(ids), patients.c.status != "deceased")
    )
    found = {}
    for pid, phone, values in conn.execute(query):
        contact, language, interpreter = json.loads(values)
        found[int(pid)] = ReachRow(
            phone, json.dumps(contact or {}, sort_keys=True), language or "en", bool(interpreter)
        )
    return found


@dataclass(frozen=True)
class LastAttempt:
    on: date
    channel: str
    outcome: str


def last_attempts(conn: Connection, table: str, row_ids: Sequence[int]) -> dict[int, LastAttempt]:
    """The latest current attempt to reach the patient about each row of `table` (the about index)."""
    if not row_ids:
        return {}
    query = (
        select(
            contact_attempts.c.about_id,
            contact_attempts.c.attempted_on,
            contact_attempts.c.channel,
            contact_attempts.c.outcome,
        )
        .where(
            contact_attempts.c.about_table == table,
            contact_attempts.c.about_id.in_(list(row_ids)),
            contact_attempts.c.entered_in_error_reason.is_(None),
            # the patient (NULL in rows older than the target column), not a specialist's office
            or_(contact_attempts.c.target.is_(None), contact_attempts.c.target == "patient"),
        )
        .order_by(contact_attempts.c.attempted_on, contact_attempts.c.id)
    )
    return {
        int(row_id): LastAttempt(on, channel, outcome) for row_id, on, channel, outcome in conn.execute(query)
    }
