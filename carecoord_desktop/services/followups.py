"""Follow-ups: create one, mark it done or cancelled, read a patient's follow-ups and appointments.

Scheduling is front-desk work (`SCHEDULE_FOLLOW_UPS`); reading follow-up logistics needs the patient's
details only (`VIEW_PATIENT_DEMOGRAPHICS`). Every write is one audited transaction that keeps the patient's
due item current: an open or missed follow-up is due by the end of its window; a booked, done or cancelled
one is not. Booking, no-shows and cancelled visits move the follow-up through services/appointments.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.appointments import AppointmentRecord
from carecoord_desktop.domain.contact_attempts import AttemptOutcome, AttemptRecord, ContactAttempt
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.followups import (
    FollowUp,
    FollowUpRecord,
    FollowUpState,
    Serves,
    check_state_change,
    close_reason,
)
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.stored import entered_in_error_reason
from carecoord_desktop.domain.transitions import StayRecord, tcm_dates
from carecoord_desktop.domain.validation import DEFAULT_RULES, validation_failed
from carecoord_desktop.services import due_items
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import (
    appointments_repo,
    contact_attempts_repo,
    followups_repo,
    referrals_repo,
    staff_repo,
    transitions_repo,
)
from carecoord_desktop.storage.schema import follow_ups

SOURCE_TABLE: Final = follow_ups.name
DUE_KIND: Final = "follow_up"


def sync_due_item(session: Session, conn: Connection, record: FollowUpRecord) -> None:
    """Open or missed: due by the end of the window (a no-show at the earliest today). Otherwise done."""
    if record.state.needs_booking and record.entered_in_error is None:
        due_on = record.follow_up.due_to
        if record.state is FollowUpState.NO_SHOW:
            due_on = max(due_on, session.clock.today())
        label = ("Rebook: " if record.state is FollowUpState.NO_SHOW else "") + record.follow_up.reason
        item = DueItem(
            DUE_KIND, SOURCE_TABLE, record.id, due_on, label if len(label) <= 60 else label[:59] + "…"
        )
        due_items.set_due(session, conn, record.patient_id, item)
    else:
        due_items.complete(session, conn, kind=DUE_KIND, source_table=SOURCE_TABLE, source_id=record.id)


def _check_owner(conn: Connection, follow_up: FollowUp) -> None:
    if follow_up.owner_staff_id is None:
        return
    for staff_id, _name, role in staff_repo.active_by_name(conn):
        if staff_id == follow_up.owner_staff_id:
            if role == Role.ADMIN.value:
                break
            return
    message = "Choose an active staff member who works with patients as the owner."
    raise ValidationFailed(message, {"owner_staff_id": message})


def _check_serves(conn: Connection, patient_id: int, follow_up: FollowUp) -> None:
    """A follow-up that serves a stay or a referral must name one of this patient's."""
    if follow_up.serves_id is None:
        return
    owner: int | None = None
    if follow_up.serves is Serves.TRANSITION:
        owner = transitions_repo.get(conn, follow_up.serves_id).patient_id
    elif follow_up.serves is Serves.REFERRAL:
        owner = int(referrals_repo.get(conn, follow_up.serves_id)["patient_id"])
    else:
        return
    if owner != patient_id:
        raise ValidationFailed(f"That {follow_up.serves.label.lower()} belongs to another patient's chart.")


def validated(data: dict[str, Any]) -> FollowUp:
    try:
        return FollowUp.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The follow-up") from None


def add(session: Session, conn: Connection, patient_id: int, follow_up: FollowUp) -> FollowUpRecord:
    """Inside a caller's audited write (a care-gap proposal accepted): the row and its due item."""
    _check_owner(conn, follow_up)
    _check_serves(conn, patient_id, follow_up)
    follow_up_id = followups_repo.add(conn, patient_id, follow_up, session.user.username)
    record = followups_repo.get(conn, follow_up_id)
    sync_due_item(session, conn, record)
    return record


DISCHARGE_VISIT_REASON: Final = "Post-discharge visit (TCM face-to-face)"


def plan_discharge_visit(session: Session, conn: Connection, stay: StayRecord) -> None:
    """Inside the stay's own write: a qualifying discharge's face-to-face visit as a front-desk follow-up,
    due from the day after discharge to the visit's TCM deadline. Booking it ticks the checklist's "Book the
    face-to-face visit"; its fulfilled visit meets the TCM visit clock (services/appointments.py)."""
    if not stay.stay.qualification.qualifies:
        return
    discharged = stay.stay.discharged_on
    due_to = tcm_dates(discharged, session.clock.calendar).visit_due(stay.stay.complexity)
    follow_up = FollowUp(
        reason=DISCHARGE_VISIT_REASON,
        due_from=discharged + timedelta(days=1),
        due_to=due_to,
        owner_role=Role.FRONT_DESK,
        serves=Serves.TRANSITION,
        serves_id=stay.id,
    )
    add(session, conn, stay.patient_id, follow_up)


def cancel_serving(session: Session, conn: Connection, serves: Serves, serves_id: int, reason: str) -> None:
    """Inside a caller's write: the open follow-ups that serve a row entered in error are cancelled."""
    for record in followups_repo.for_serves(conn, serves.value, serves_id):
        if record.state.is_open:
            move(session, conn, record, FollowUpState.CANCELLED, reason=reason)


def create_follow_up(session: Session, patient_id: int, data: dict[str, Any]) -> FollowUpRecord:
    """A new open follow-up, due by the end of its window (a deceased patient gets none)."""
    follow_up = validated(data)
    with session.audited_write(
        Permission.SCHEDULE_FOLLOW_UPS, "follow_up.add", patient_id=patient_id, what="the follow-up"
    ) as conn:
        return add(session, conn, patient_id, follow_up)


def own_follow_up(conn: Connection, patient_id: int, follow_up_id: int) -> FollowUpRecord:
    record = followups_repo.get(conn, follow_up_id)
    if record.patient_id != patient_id:
        raise ValidationFailed("That follow-up belongs to another patient's chart.")
    if record.entered_in_error is not None:
        raise ValidationFailed("That follow-up is marked as entered in error.")
    return record


def move(
    session: Session,
    conn: Connection,
    record: FollowUpRecord,
    state: FollowUpState,
    *,
    appointment_id: int | None = None,
    reason: str | None = None,
) -> FollowUpRecord:
    """Inside a caller's audited write: the follow-up's next state, checked, and its due item kept current."""
    check_state_change(record.state, state)
    values: dict[str, Any] = {"status": state.value}
    if appointment_id is not None:
        values["appointment_id"] = appointment_id
    if state in (FollowUpState.DONE, FollowUpState.CANCELLED, FollowUpState.NO_SHOW):
        values["closed_on"] = session.clock.today()
        values["close_reason"] = reason
    elif state is FollowUpState.OPEN:
        values["closed_on"] = None
        values["close_reason"] = None
    followups_repo.update(conn, record.id, values, session.user.username)
    updated = followups_repo.get(conn, record.id)
    sync_due_item(session, conn, updated)
    return updated


def mark_done(session: Session, patient_id: int, follow_up_id: int) -> FollowUpRecord:
    """The follow-up's work is done (seen elsewhere, called, sorted out): it leaves the due items."""
    with session.audited_write(
        Permission.SCHEDULE_FOLLOW_UPS,
        "follow_up.done",
        patient_id=patient_id,
        subject=f"follow-up #{follow_up_id}",
        what="the follow-up",
    ) as conn:
        record = own_follow_up(conn, patient_id, follow_up_id)
        return move(session, conn, record, FollowUpState.DONE)


def cancel(session: Session, patient_id: int, follow_up_id: int, reason: str) -> FollowUpRecord:
    """Not needed any more, with the reason; a booked visit for it stays as it is (cancel it on its own)."""
    why = close_reason(reason)
    with session.audited_write(
        Permission.SCHEDULE_FOLLOW_UPS,
        "follow_up.cancel",
        patient_id=patient_id,
        subject=f"follow-up #{follow_up_id}",
        what="the follow-up",
    ) as conn:
        record = own_follow_up(conn, patient_id, follow_up_id)
        return move(session, conn, record, FollowUpState.CANCELLED, reason=why)


def mark_entered_in_error(
    session: Session, patient_id: int, follow_up_id: int, reason: str
) -> FollowUpRecord:
    why = entered_in_error_reason(reason, "follow-up")
    with session.audited_write(
        Permission.SCHEDULE_FOLLOW_UPS,
        "follow_up.entered_in_error",
        patient_id=patient_id,
        subject=f"follow-up #{follow_up_id}",
        what="the follow-up",
    ) as conn:
        own_follow_up(conn, patient_id, follow_up_id)
        followups_repo.mark_entered_in_error(conn, follow_up_id, why, session.user.username)
        due_items.complete(session, conn, kind=DUE_KIND, source_table=SOURCE_TABLE, source_id=follow_up_id)
        return followups_repo.get(conn, follow_up_id)


def log_attempt(session: Session, patient_id: int, follow_up_id: int, data: dict[str, Any]) -> AttemptRecord:
    """A call, message or letter to reach the patient about an open follow-up (to book it, or rebook a missed
    visit): the shared contact attempts, checked against the patient's consent and contact preferences."""
    today = session.clock.today()
    try:
        attempt = ContactAttempt.model_validate(data, context=DEFAULT_RULES.for_input(today).context())
    except ValidationError as exc:
        raise validation_failed(exc, "The contact attempt") from None
    with session.audited_write(
        Permission.RECORD_CONTACT_ATTEMPTS,
        "follow_up.contact_attempt",
        patient_id=patient_id,
        subject=f"follow-up #{follow_up_id}",
        detail={"channel": attempt.channel.value, "outcome": attempt.outcome.value},
        what="the contact attempt",
    ) as conn:
        record = own_follow_up(conn, patient_id, follow_up_id)
        if not record.state.is_open:
            raise ValidationFailed(
                f"This follow-up is {record.state.label.lower()}: there is no one to call."
            )
        due_items.check_outreach(conn, patient_id, attempt.channel, attempt.outcome)
        day = attempt.on or today
        user = session.user
        attempt_id = contact_attempts_repo.add(
            conn,
            patient_id,
            (SOURCE_TABLE, follow_up_id),
            attempt,
            on=day,
            by_staff_id=user.id,
            by_name=user.full_name,
            actor=user.username,
        )
        if attempt.outcome is AttemptOutcome.REACHED:
            due_items.record_contact(session, conn, patient_id, day)
        return next(
            a for a in contact_attempts_repo.about(conn, SOURCE_TABLE, follow_up_id) if a.id == attempt_id
        )


@dataclass(frozen=True)
class WorklistRow:
    record: FollowUpRecord
    patient_name: str  # "Family, Given"
    mrn: str


def worklist(session: Session, through: date) -> list[WorklistRow]:
    """Every open follow-up (open, scheduled, no-show) whose window starts by `through`, earliest end first:
    what recall and reminder letters are written for (one audited read: it names patients)."""

    def read(conn: Connection) -> list[WorklistRow]:
        records = followups_repo.open_starting_by(conn, through)
        names = appointments_repo.patient_names(conn, sorted({r.patient_id for r in records}))
        return [
            WorklistRow(r, f"{names[r.patient_id][1]}, {names[r.patient_id][0]}", names[r.patient_id][2])
            for r in records
        ]

    return session.audited_read(Permission.SCHEDULE_FOLLOW_UPS, "follow_ups.worklist", read)


@dataclass(frozen=True)
class ChartFollowUps:
    """A patient's follow-ups and appointments, as the chart's Follow-ups tab shows them."""

    follow_ups: list[FollowUpRecord]
    appointments: list[AppointmentRecord]
    attempts: dict[int, list[AttemptRecord]]  # by follow-up id, oldest first
    today: date


def for_chart(session: Session, patient_id: int) -> ChartFollowUps:
    """The patient's current follow-ups and appointments (one audited read)."""

    def read(conn: Connection) -> ChartFollowUps:
        return ChartFollowUps(
            followups_repo.for_patient(conn, patient_id),
            appointments_repo.for_patient(conn, patient_id),
            contact_attempts_repo.for_patient_about(conn, patient_id, SOURCE_TABLE),
            session.clock.today(),
        )

    return session.audited_read(
        Permission.VIEW_PATIENT_DEMOGRAPHICS, "follow_ups.view", read, patient_id=patient_id
    )
