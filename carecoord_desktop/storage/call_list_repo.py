"""The call list's queries: what needs a call (each one indexed range), and for the few patients on it, how
to reach them and the last attempt. Never a query per patient."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, select

from carecoord_desktop.domain.discharge_checklist import ChecklistTask
from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.storage.clock import parse_utc
from carecoord_desktop.storage.schema import (
    contact_attempts,
    patient_due_items,
    patient_records,
    patients,
    transition_stays,
    transition_tasks,
)
from carecoord_desktop.storage.schema_referrals import directory_entries, referral_outreach, referrals


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
    about: str  # the facility or the specialist
    on: date | None  # the discharge day or the appointment day


def _target(table: str, row: Any) -> CallTarget:
    return CallTarget(table, *row)


_PATIENT = (patients.c.id, patients.c.family_name, patients.c.given_name, patients.c.mrn)


def visits_to_book(conn: Connection, since: date) -> list[CallTarget]:
    """Open "book the face-to-face visit" tasks of current stays discharged on or after `since` whose visit
    is not yet done (through the due-items index)."""
    query = (
        select(
            transition_tasks.c.id,
            *_PATIENT,
            patient_due_items.c.due_on,
            transition_stays.c.facility_name,
            transition_stays.c.discharged_on,
        )
        .select_from(
            patient_due_items.join(
                transition_tasks,
                and_(
                    patient_due_items.c.source_table == transition_tasks.name,
                    patient_due_items.c.source_id == transition_tasks.c.id,
                ),
            )
            .join(transition_stays, transition_stays.c.id == transition_tasks.c.stay_id)
            .join(patients, patients.c.id == patient_due_items.c.patient_id)
        )
        .where(
            patient_due_items.c.done.is_(False),
            patient_due_items.c.due_on >= since,
            patient_due_items.c.source_table == transition_tasks.name,
            transition_tasks.c.task == ChecklistTask.BOOK_VISIT.value,
            transition_tasks.c.done_on.is_(None),
            transition_stays.c.visit_on.is_(None),
            transition_stays.c.entered_in_error_reason.is_(None),
        )
    )
    return [_target(transition_tasks.name, row) for row in conn.execute(query)]


def _referrals(conn: Connection, *conditions: Any) -> list[CallTarget]:
    query = (
        select(
            referrals.c.id,
            *_PATIENT,
            referrals.c.next_action_due,
            directory_entries.c.name,
            referrals.c.appointment_on,
        )
        .join(patients, patients.c.id == referrals.c.patient_id)
        .join(directory_entries, directory_entries.c.id == referrals.c.directory_id)
        .where(referrals.c.is_open.is_(True), referrals.c.entered_in_error.is_(False), *conditions)
    )
    return [_target(referrals.name, row) for row in conn.execute(query)]


def _state_rank(state: ReferralState) -> int:
    return list(ReferralState).index(state)


def no_shows(conn: Connection) -> list[CallTarget]:
    """Open referrals whose patient did not show: to reach the patient and rebook (the open-state index)."""
    return _referrals(conn, referrals.c.state_rank == _state_rank(ReferralState.NO_SHOW))


def appointments_between(conn: Connection, after: date, until: date) -> list[CallTarget]:
    """Scheduled specialist appointments in (after, until]: to confirm with the patient."""
    return _referrals(
        conn,
        referrals.c.state_rank == _state_rank(ReferralState.SCHEDULED),
        referrals.c.appointment_on > after,
        referrals.c.appointment_on <= until,
    )


@dataclass(frozen=True)
class ReachRow:
    phone: str | None
    contact: dict[str, Any]  # the record's contact preferences, as stored
    language: str
    interpreter: bool


def reach(conn: Connection, patient_ids: Iterable[int]) -> dict[int, ReachRow]:
    """Phone, contact preferences, language and interpreter need of these patients, in one query."""
    ids = sorted(set(patient_ids))
    if not ids:
        return {}
    record = patient_records.c.record
    query = (
        select(
            patients.c.id,
            patients.c.phone,
            func.json_extract(record, "$.contact"),
            func.json_extract(record, "$.preferred_language"),
            func.json_extract(record, "$.interpreter_needed"),
        )
        .join(patient_records, patient_records.c.patient_id == patients.c.id)
        .where(patients.c.id.in_(ids))
    )
    return {
        int(pid): ReachRow(phone, json.loads(contact) if contact else {}, language or "en", bool(interpreter))
        for pid, phone, contact, language, interpreter in conn.execute(query)
    }


@dataclass(frozen=True)
class LastAttempt:
    on: date
    channel: str
    outcome: str


def last_attempts(conn: Connection, table: str, row_ids: Sequence[int]) -> dict[int, LastAttempt]:
    """The latest current contact attempt about each row of `table` (the about index)."""
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
        )
        .order_by(contact_attempts.c.attempted_on, contact_attempts.c.id)
    )
    return {
        int(row_id): LastAttempt(on, channel, outcome) for row_id, on, channel, outcome in conn.execute(query)
    }


def last_referral_outreach(
    conn: Connection, referral_ids: Sequence[int], day_of: Callable[[datetime], date]
) -> dict[int, LastAttempt]:
    """The latest outreach to the patient on each referral (its own log: it keeps the failed count);
    `day_of` turns the stored UTC moment into the practice's day."""
    if not referral_ids:
        return {}
    query = (
        select(
            referral_outreach.c.referral_id,
            referral_outreach.c.at,
            referral_outreach.c.channel,
            referral_outreach.c.outcome,
        )
        .where(
            referral_outreach.c.referral_id.in_(list(referral_ids)), referral_outreach.c.target == "patient"
        )
        .order_by(referral_outreach.c.id)
    )
    return {
        int(row_id): LastAttempt(day_of(parse_utc(at)), channel, outcome)
        for row_id, at, channel, outcome in conn.execute(query)
    }
