"""Appointments that close loops: book one (for a follow-up or a discharge), then mark it arrived, fulfilled,
cancelled or no-show; a referral's visit follows the referral's own moves (`sync_referral_visit`).
Front-desk work (`SCHEDULE_FOLLOW_UPS`), audited.

What an appointment closes moves with it, in the same transaction:
- a follow-up becomes scheduled when its visit is booked, done when the visit is fulfilled, a no-show (to
  rebook) when it is missed, and open again when the visit is cancelled;
- a discharge's checklist task "Book the face-to-face visit" is done when a visit for the stay (or for a
  follow-up serving it) is booked, and a fulfilled post-discharge (TCM) visit meets the TCM visit clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.appointments import (
    REFERRAL_VISIT_STATUS,
    Appointment,
    AppointmentKind,
    AppointmentRecord,
    AppointmentStatus,
    check_status_change,
    check_status_day,
    parse_clock_time,
)
from carecoord_desktop.domain.discharge_checklist import ChecklistTask
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.followups import FollowUpRecord, FollowUpState, Serves
from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.domain.validation import validation_failed
from carecoord_desktop.services import due_items, followups, transitions
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import (
    appointments_repo,
    directory_repo,
    followups_repo,
    referrals_repo,
    transitions_repo,
)
from carecoord_desktop.storage.schema import transition_stays
from carecoord_desktop.storage.schema_referrals import referrals

REFERRAL_TABLE: Final = referrals.name

STAY_TABLE: Final = transition_stays.name
_FOLLOWUP_MOVES: Final = {
    AppointmentStatus.FULFILLED: FollowUpState.DONE,
    AppointmentStatus.NO_SHOW: FollowUpState.NO_SHOW,
    AppointmentStatus.CANCELLED: FollowUpState.OPEN,
}


def _validated(data: dict[str, Any]) -> Appointment:
    try:
        return Appointment.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The appointment") from None


def _stay_of(conn: Connection, about: tuple[str, int] | None) -> int | None:
    """The transition stay a visit is for: directly, or through the follow-up it closes."""
    if about is None:
        return None
    table, row_id = about
    if table == STAY_TABLE:
        return row_id
    if table == followups.SOURCE_TABLE:
        follow_up = followups_repo.get(conn, row_id).follow_up
        if follow_up.serves is Serves.TRANSITION:
            return follow_up.serves_id
    return None


def _follow_up_of(conn: Connection, record: AppointmentRecord) -> FollowUpRecord | None:
    if record.about_table != followups.SOURCE_TABLE or record.about_id is None:
        return None
    follow_up = followups_repo.get(conn, record.about_id)
    return follow_up if follow_up.entered_in_error is None else None


def _visit_booked(session: Session, conn: Connection, patient_id: int, stay_id: int) -> None:
    """The discharge checklist's "Book the face-to-face visit" is done today."""
    for task in transitions_repo.tasks_for_patient(conn, patient_id).get(stay_id, []):
        if task.task is ChecklistTask.BOOK_VISIT and task.done_on is None:
            transitions_repo.set_task_done(conn, task.id, session.clock.today(), session.user.username)
            due_items.complete(
                session,
                conn,
                kind=transitions.TASK_KIND,
                source_table=transitions.TASK_TABLE,
                source_id=task.id,
            )


def _check_about(conn: Connection, patient_id: int, about: tuple[str, int] | None) -> FollowUpRecord | None:
    if about is None:
        return None
    table, row_id = about
    if table == followups.SOURCE_TABLE:
        follow_up = followups.own_follow_up(conn, patient_id, row_id)
        if not follow_up.state.needs_booking:
            raise ValidationFailed(
                f"This follow-up is {follow_up.state.label.lower()}: there is nothing to book for it."
            )
        return follow_up
    if table == STAY_TABLE:
        if transitions_repo.get(conn, row_id).patient_id != patient_id:
            raise ValidationFailed("That stay belongs to another patient's chart.")
        return None
    raise ValidationFailed("An appointment closes a follow-up or a discharge.")


def add(
    session: Session,
    conn: Connection,
    patient_id: int,
    appointment: Appointment,
    about: tuple[str, int] | None,
) -> AppointmentRecord:
    """Inside a caller's audited write: the appointment and what its booking closes."""
    due_items.check_outreach(conn, patient_id)
    follow_up = _check_about(conn, patient_id, about)
    appointment_id = appointments_repo.add(conn, patient_id, appointment, about, session.user.username)
    if follow_up is not None:
        followups.move(session, conn, follow_up, FollowUpState.SCHEDULED, appointment_id=appointment_id)
    stay_id = _stay_of(conn, about)
    if stay_id is not None:
        _visit_booked(session, conn, patient_id, stay_id)
    return appointments_repo.get(conn, appointment_id)


def book(
    session: Session, patient_id: int, data: dict[str, Any], *, about: tuple[str, int] | None = None
) -> AppointmentRecord:
    """Book an appointment, optionally for a follow-up (`("follow_ups", id)`) or a discharge
    (`("transition_stays", id)`)."""
    appointment = _validated(data)
    with session.audited_write(
        Permission.SCHEDULE_FOLLOW_UPS,
        "appointment.book",
        patient_id=patient_id,
        detail={"kind": appointment.kind.value},
        what="the appointment",
    ) as conn:
        return add(session, conn, patient_id, appointment, about)


def _own(conn: Connection, patient_id: int, appointment_id: int) -> AppointmentRecord:
    record = appointments_repo.get(conn, appointment_id)
    if record.patient_id != patient_id:
        raise ValidationFailed("That appointment belongs to another patient's chart.")
    if record.entered_in_error is not None:
        raise ValidationFailed("That appointment is marked as entered in error.")
    return record


def _meet_visit_clock(session: Session, conn: Connection, record: AppointmentRecord) -> None:
    """A fulfilled post-discharge visit meets the stay's TCM face-to-face clock on the visit's day."""
    about = (record.about_table, record.about_id) if record.about_table and record.about_id else None
    stay_id = _stay_of(conn, about)
    if stay_id is None or record.appointment.kind is not AppointmentKind.TCM_VISIT:
        return
    stay = transitions_repo.get(conn, stay_id)
    if ClockKind.VISIT in stay.met or not stay.stay.qualification.qualifies or stay.entered_in_error:
        return
    if record.appointment.on < stay.stay.discharged_on:
        return
    transitions_repo.set_met(conn, stay_id, ClockKind.VISIT, record.appointment.on, session.user.username)
    transitions.sync_due_items(session, conn, transitions_repo.get(conn, stay_id))


def set_status(
    session: Session,
    patient_id: int,
    appointment_id: int,
    status: AppointmentStatus | str,
    reason: str | None = None,
) -> AppointmentRecord:
    """Arrived, fulfilled, cancelled or no-show; what the appointment closes moves with it."""
    new = AppointmentStatus(status)
    why = " ".join((reason or "").split()) or None
    if new is AppointmentStatus.CANCELLED and why is None:
        raise ValidationFailed("Say why the appointment is cancelled.", {"reason": "Say why."})
    if why is not None and len(why) > 300:
        raise ValidationFailed("Keep the reason to 300 characters.", {"reason": "Too long."})
    today = session.clock.today()
    with session.audited_write(
        Permission.SCHEDULE_FOLLOW_UPS,
        f"appointment.{new.value}",
        patient_id=patient_id,
        subject=f"appointment #{appointment_id}",
        what="the appointment",
    ) as conn:
        record = _own(conn, patient_id, appointment_id)
        if record.about_table == REFERRAL_TABLE:
            raise ValidationFailed(
                "This is a referral's specialist visit: record it on the referral, so the referral moves too."
            )
        check_status_change(record.status, new)
        check_status_day(new, record.appointment, today)
        appointments_repo.set_status(conn, appointment_id, new, today, why, session.user.username)
        record = appointments_repo.get(conn, appointment_id)
        follow_up = _follow_up_of(conn, record)
        target = _FOLLOWUP_MOVES.get(new)
        if (
            follow_up is not None
            and target is not None
            and follow_up.state is FollowUpState.SCHEDULED
            and follow_up.appointment_id == appointment_id
        ):
            followups.move(session, conn, follow_up, target, reason=why)
        if new is AppointmentStatus.FULFILLED:
            _meet_visit_clock(session, conn, record)
            due_items.record_contact(session, conn, patient_id, record.appointment.on)
        return record


def referral_visit(directory_name: str, address: str | None, on: date, time_text: str | None) -> Appointment:
    """A referral's specialist visit as a shared appointment: with the directory entry, at its address; a
    time the office gave that is not a clock time stays in the note."""
    at = parse_clock_time(time_text)
    note = f"Time given as: {time_text}" if time_text and at is None else None
    return Appointment(
        on=on,
        at=at,
        kind=AppointmentKind.SPECIALIST_VISIT,
        with_whom=directory_name[:120],
        where=(address or directory_name)[:200],
        note=note,
    )


def sync_referral_visit(session: Session, conn: Connection, referral_id: int, to: ReferralState) -> None:
    """Inside the referral's own transition: its specialist visit follows the move (booked when scheduled,
    the open one cancelled first on a reschedule; fulfilled when seen or a report arrives; no-show; cancelled
    when the visit or the referral is cancelled)."""
    target = REFERRAL_VISIT_STATUS.get(to)
    if target is None:
        return
    actor, today = session.user.username, session.clock.today()
    ahead = [a for a in appointments_repo.about(conn, REFERRAL_TABLE, referral_id) if a.status.is_open]
    if target is AppointmentStatus.BOOKED:
        for open_visit in ahead:
            appointments_repo.set_status(
                conn, open_visit.id, AppointmentStatus.CANCELLED, today, "Rebooked", actor
            )
        row = referrals_repo.get(conn, referral_id)
        entry = directory_repo.get(conn, int(row["directory_id"])).values
        visit = referral_visit(
            str(entry["name"]), entry.get("address"), row["appointment_on"], row["appointment_time"]
        )
        appointments_repo.add(conn, int(row["patient_id"]), visit, (REFERRAL_TABLE, referral_id), actor)
        return
    reason = to.label if target is AppointmentStatus.CANCELLED else None
    for open_visit in ahead:
        appointments_repo.set_status(conn, open_visit.id, target, today, reason, actor)
