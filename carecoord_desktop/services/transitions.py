"""Transitions of care: record a stay, mark its TCM work done, list a patient's stays.

Every write is one audited transaction that also keeps the patient's due items current: a qualifying
discharge (domain/transitions.py) writes its three TCM deadlines (contact, face-to-face visit, medication
reconciliation) as due items, and marking the work done completes the matching item. Who recorded what and
when is stamped here from the session and the practice clock, never taken from a form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.contact_attempts import (
    AttemptOutcome,
    AttemptRecord,
    ContactAttempt,
    tcm_contact_met_on,
)
from carecoord_desktop.domain.discharge_checklist import ChecklistTask, TaskRecord, checklist
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.followups import FollowUpState, Serves
from carecoord_desktop.domain.stored import entered_in_error_reason
from carecoord_desktop.domain.transitions import ClockKind, Stay, StayRecord, check_met_on, tcm_dates
from carecoord_desktop.domain.validation import DEFAULT_RULES, validation_failed
from carecoord_desktop.services import due_items, followups, readmission
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import contact_attempts_repo, directory_repo, followups_repo, transitions_repo
from carecoord_desktop.storage.schema import transition_stays, transition_tasks

SOURCE_TABLE = transition_stays.name
TASK_TABLE = transition_tasks.name
TASK_KIND = "transition.task"


def _validated(session: Session, data: dict[str, Any]) -> Stay:
    try:
        return Stay.model_validate(data, context=DEFAULT_RULES.for_input(session.clock.today()).context())
    except ValidationError as exc:
        raise validation_failed(exc, "The stay") from None


def _with_facility(conn: Connection, stay: Stay) -> Stay:
    """A facility chosen from the directory is recorded under the directory's name."""
    if stay.facility_id is None:
        return stay
    if not directory_repo.exists(conn, stay.facility_id):
        message = "Choose the facility from the directory again, or type its name."
        raise ValidationFailed(message, {"facility_name": message})
    name = str(directory_repo.get(conn, stay.facility_id).values["name"])
    return stay.model_copy(update={"facility_name": name})


def sync_due_items(session: Session, conn: Connection, record: StayRecord) -> None:
    """The stay's TCM deadlines as due items: open until done, done once met."""
    for clock in record.clocks(session.clock.today(), session.clock.calendar):
        kind = clock.kind.due_item_kind
        if clock.met_on is None:
            item = DueItem(kind, SOURCE_TABLE, record.id, clock.due_on, clock.kind.due_item_label)
            due_items.set_due(session, conn, record.patient_id, item)
        else:
            due_items.complete(session, conn, kind=kind, source_table=SOURCE_TABLE, source_id=record.id)


def record_stay(session: Session, patient_id: int, data: dict[str, Any]) -> StayRecord:
    """A new stay; a qualifying discharge starts its TCM clocks (due items) in the same transaction."""
    stay = _validated(session, data)
    with session.audited_write(
        Permission.EDIT_TRANSITIONS, "transition.record", patient_id=patient_id, what="the stay"
    ) as conn:
        stay = _with_facility(conn, stay)
        stay_id = transitions_repo.add(conn, patient_id, stay, session.user.username)
        sync_patient_clocks(session, conn, patient_id)  # a stay entered late may fall before an open period
        readmission.refresh_patient(conn, patient_id)
        return transitions_repo.get(conn, stay_id)


def start_checklist(session: Session, conn: Connection, record: StayRecord) -> None:
    """A billable qualifying discharge's checklist: each task a row with its owner, and a due item."""
    if not record.tcm_qualification.qualifies:
        return
    planned = checklist(record.stay.discharged_on, record.stay.complexity, session.clock.calendar)
    transitions_repo.add_tasks(conn, record.id, record.patient_id, planned, session.user.username)
    _open_tasks(
        session,
        conn,
        record.patient_id,
        transitions_repo.tasks_for_patient(conn, record.patient_id).get(record.id, []),
    )
    followups.plan_discharge_visit(session, conn, record)  # the visit to book: a front-desk follow-up


def _open_tasks(session: Session, conn: Connection, patient_id: int, tasks: list[TaskRecord]) -> None:
    for task in tasks:
        if task.done_on is None:
            item = DueItem(TASK_KIND, TASK_TABLE, task.id, task.due_on, task.task.label)
            due_items.set_due(session, conn, patient_id, item)


def _close_clocks(
    session: Session, conn: Connection, stay_id: int, tasks: list[TaskRecord], reason: str
) -> None:
    """The stay's TCM deadlines, checklist and visit to book leave the due items and the front desk's list
    (entered in error, or no longer billable)."""
    for kind in ClockKind:
        due_items.complete(
            session, conn, kind=kind.due_item_kind, source_table=SOURCE_TABLE, source_id=stay_id
        )
    for task in tasks:
        due_items.complete(session, conn, kind=TASK_KIND, source_table=TASK_TABLE, source_id=task.id)
    followups.cancel_serving(session, conn, Serves.TRANSITION, stay_id, reason)


def sync_patient_clocks(session: Session, conn: Connection, patient_id: int) -> None:
    """Each current stay's clocks and checklist as its place among the patient's stays says (one TCM per
    patient per 30 days): a billable discharge has them open until met, a discharge inside another's period
    none. Run after any stay is added or leaves the chart, since either can move which one is billable."""
    tasks = transitions_repo.tasks_for_patient(conn, patient_id)
    for record in transitions_repo.for_patient(conn, patient_id):
        if not record.tcm_qualification.qualifies:
            reason = "Inside another discharge's 30-day TCM period"
            _close_clocks(session, conn, record.id, tasks.get(record.id, []), reason)
            continue
        sync_due_items(session, conn, record)
        if record.id not in tasks:
            start_checklist(session, conn, record)
            continue
        _open_tasks(session, conn, patient_id, tasks[record.id])
        planned = followups_repo.for_serves(conn, Serves.TRANSITION.value, record.id)
        if all(f.state is FollowUpState.CANCELLED for f in planned):  # billable again: its visit to book
            followups.plan_discharge_visit(session, conn, record)


def mark_task_done(session: Session, patient_id: int, task_id: int, on: date | None = None) -> TaskRecord:
    """A checklist task was done on `on` (default: the practice's today). Booking the visit is scheduling
    (the front desk may do it); the rest is clinical work."""
    today = session.clock.today()
    day = on or today
    with session.vault.read() as conn:
        _owner, task = transitions_repo.get_task(conn, task_id)
    permission = (
        Permission.SCHEDULE_FOLLOW_UPS
        if task.task is ChecklistTask.BOOK_VISIT
        else Permission.EDIT_TRANSITIONS
    )
    with session.audited_write(
        permission, "transition.task_done", patient_id=patient_id, subject=f"task #{task_id}", what="the task"
    ) as conn:
        owner, task = transitions_repo.get_task(conn, task_id)
        if owner != patient_id:
            raise ValidationFailed("That task belongs to another patient's chart.")
        stay = _own_current_stay(conn, patient_id, task.stay_id).stay
        check_met_on(stay, day, today)
        transitions_repo.set_task_done(conn, task_id, day, session.user.username)
        due_items.complete(session, conn, kind=TASK_KIND, source_table=TASK_TABLE, source_id=task_id)
        return transitions_repo.get_task(conn, task_id)[1]


def _own_current_stay(conn: Connection, patient_id: int, stay_id: int) -> StayRecord:
    record = transitions_repo.get(conn, stay_id)
    if record.patient_id != patient_id:
        raise ValidationFailed("That stay belongs to another patient's chart.")
    if record.entered_in_error is not None:
        raise ValidationFailed("That stay is marked as entered in error.")
    return record


def _clock_stay(conn: Connection, patient_id: int, stay_id: int, day: date, today: date) -> StayRecord:
    """The patient's current stay with TCM clocks, for work done on `day` (from the discharge to today)."""
    record = _own_current_stay(conn, patient_id, stay_id)
    if not record.tcm_qualification.qualifies:
        raise ValidationFailed("This stay has no TCM clocks: " + record.tcm_qualification.reason)
    check_met_on(record.stay, day, today)
    return record


def mark_done(
    session: Session, patient_id: int, stay_id: int, kind: ClockKind, on: date | None = None
) -> StayRecord:
    """The TCM work `kind` was done on `on` (default: the practice's today); its due item is completed.

    A contact also sets the panel's "Last contact"."""
    today = session.clock.today()
    day = on or today
    with session.audited_write(
        Permission.EDIT_TRANSITIONS,
        f"transition.{kind.value}_done",
        patient_id=patient_id,
        subject=f"stay #{stay_id}",
        what="the stay",
    ) as conn:
        record = _clock_stay(conn, patient_id, stay_id, day, today)
        transitions_repo.set_met(conn, stay_id, kind, day, session.user.username)
        if kind is ClockKind.CONTACT:
            due_items.record_contact(session, conn, patient_id, day)
        record = transitions_repo.get(conn, stay_id)
        sync_due_items(session, conn, record)
        return record


def log_contact_attempt(session: Session, patient_id: int, stay_id: int, data: dict[str, Any]) -> StayRecord:
    """A call (or other attempt) to reach the patient after this discharge, checked against the patient's
    contact preferences. A two-way contact, or the second unsuccessful call inside the window, meets the TCM
    contact clock (domain/contact_attempts.py); reaching the patient sets the panel's "Last contact"."""
    today = session.clock.today()
    try:
        attempt = ContactAttempt.model_validate(data, context=DEFAULT_RULES.for_input(today).context())
    except ValidationError as exc:
        raise validation_failed(exc, "The contact attempt") from None
    day = attempt.on or today
    session.require(Permission.RECORD_CONTACT_ATTEMPTS, "transition.contact_attempt", patient_id=patient_id)
    with session.audited_write(
        Permission.EDIT_TRANSITIONS,
        "transition.contact_attempt",
        patient_id=patient_id,
        subject=f"stay #{stay_id}",
        detail={"channel": attempt.channel.value, "outcome": attempt.outcome.value},
        what="the contact attempt",
    ) as conn:
        record = _clock_stay(conn, patient_id, stay_id, day, today)
        due_items.check_outreach(conn, patient_id, attempt.channel, attempt.outcome)
        user = session.user
        about = (SOURCE_TABLE, stay_id)
        contact_attempts_repo.add(
            conn,
            patient_id,
            about,
            attempt,
            on=day,
            by_staff_id=user.id,
            by_name=user.full_name,
            actor=user.username,
        )
        if attempt.outcome is AttemptOutcome.REACHED:
            due_items.record_contact(session, conn, patient_id, day)
        if ClockKind.CONTACT not in record.met:
            attempts = contact_attempts_repo.about(conn, *about)
            met_on = tcm_contact_met_on(
                ((a.on, a.channel, a.outcome) for a in attempts),
                record.stay.discharged_on,
                tcm_dates(record.stay.discharged_on, session.clock.calendar).contact_due,
            )
            if met_on is not None:
                transitions_repo.set_met(conn, stay_id, ClockKind.CONTACT, met_on, user.username)
        record = transitions_repo.get(conn, stay_id)
        sync_due_items(session, conn, record)
        return record


@dataclass(frozen=True)
class ChartStay:
    """A stay as the chart shows it: the stay and the contact attempts logged against it."""

    record: StayRecord
    attempts: list[AttemptRecord]
    tasks: list[TaskRecord]


def stays_for_chart(session: Session, patient_id: int) -> list[ChartStay]:
    """The patient's current stays, latest discharge first, each with its attempts (one audited read)."""

    def read(conn: Connection) -> list[ChartStay]:
        attempts = contact_attempts_repo.for_patient_about(conn, patient_id, SOURCE_TABLE)
        tasks = transitions_repo.tasks_for_patient(conn, patient_id)
        return [
            ChartStay(r, attempts.get(r.id, []), tasks.get(r.id, []))
            for r in transitions_repo.for_patient(conn, patient_id)
        ]

    return session.audited_read(Permission.VIEW_TRANSITIONS, "transitions.view", read, patient_id=patient_id)


def list_stays(session: Session, patient_id: int, *, include_all: bool = False) -> list[StayRecord]:
    """The patient's stays, latest discharge first; `include_all` adds those entered in error."""
    return session.audited_read(
        Permission.VIEW_TRANSITIONS,
        "transitions.view",
        lambda conn: transitions_repo.for_patient(conn, patient_id, include_all=include_all),
        patient_id=patient_id,
    )


def mark_entered_in_error(session: Session, patient_id: int, stay_id: int, reason: str) -> StayRecord:
    """A mistaken stay leaves the chart and its clocks leave the due items; it stays on record with the reason."""
    why = entered_in_error_reason(reason, "stay")
    with session.audited_write(
        Permission.EDIT_TRANSITIONS,
        "transition.entered_in_error",
        patient_id=patient_id,
        subject=f"stay #{stay_id}",
        what="the stay",
    ) as conn:
        _own_current_stay(conn, patient_id, stay_id)
        transitions_repo.mark_entered_in_error(conn, stay_id, why, session.user.username)
        tasks = transitions_repo.tasks_for_patient(conn, patient_id).get(stay_id, [])
        _close_clocks(session, conn, stay_id, tasks, "The stay was entered in error")
        sync_patient_clocks(session, conn, patient_id)  # a discharge inside its period may now be billable
        readmission.refresh_patient(conn, patient_id)
        return transitions_repo.get(conn, stay_id)
