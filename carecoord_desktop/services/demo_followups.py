"""Demo follow-ups and appointments at every stage, with the calls made about them.

- Each recent discharge's planned visit (a follow-up made at discharge): seen (a fulfilled TCM visit) where
  the demo's stay has its visit met, booked ahead for most of the rest, still to book for the others.
- Recall follow-ups for about 3 % of active patients: overdue, due now and coming up; open with calls
  logged (no answer, a voicemail where the patient allows it, reached), scheduled with a visit to confirm
  (some arrived today, some moved at the patient's request), done after a fulfilled visit, missed (no-show,
  to rebook) and cancelled with a reason.

Every call honours the patient's contact preferences (a refused channel is simply not logged). Seeded: the
same seed gives the same work. Runs after demo_transitions.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Final

from sqlalchemy import Connection

from carecoord_desktop.domain.appointments import Appointment, AppointmentKind, AppointmentStatus
from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome, ContactAttempt
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.followups import FollowUp, FollowUpRecord, FollowUpState, Serves
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.services import appointments, due_items, followups
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import (
    appointments_repo,
    contact_attempts_repo,
    followups_repo,
    referrals_repo,
    transitions_repo,
)

SHARE: Final = 0.03
_REASONS: Final = (
    "Annual wellness visit",
    "Blood pressure recheck",
    "Diabetes review (HbA1c due)",
    "Flu vaccination",
    "Medication review",
    "Follow-up after specialist visit",
)
_WITH: Final = ("Dr Anika Patel", "Nurse clinic")
_WHERE: Final = "Maple Harbor Family Practice"
_STAGES: Final = (
    "open",
    "open",
    "called",
    "scheduled",
    "scheduled",
    "rebooked",
    "done",
    "no_show",
    "cancelled",
)


def _visit(rng: random.Random, on: date, kind: AppointmentKind) -> Appointment:
    return Appointment(
        on=on,
        at=time(rng.choice((8, 9, 10, 11, 13, 14, 15, 16)), rng.choice((0, 15, 30, 45))),
        minutes=rng.choice((20, 30, 40)),
        kind=kind,
        with_whom=rng.choice(_WITH),
        where=_WHERE,
    )


def _call(
    session: Session, conn: Connection, record: FollowUpRecord, on: date, outcome: AttemptOutcome
) -> bool:
    """Log a phone call if the patient's preferences allow it (False when they do not)."""
    try:
        due_items.check_outreach(conn, record.patient_id, AttemptChannel.PHONE, outcome)
    except UserError:
        return False
    user = session.user
    contact_attempts_repo.add(
        conn,
        record.patient_id,
        (followups.SOURCE_TABLE, record.id),
        ContactAttempt(channel=AttemptChannel.PHONE, outcome=outcome),
        on=on,
        by_staff_id=user.id,
        by_name=user.full_name,
        actor=user.username,
    )
    if outcome is AttemptOutcome.REACHED:
        due_items.record_contact(session, conn, record.patient_id, on)
    return True


def _book(
    session: Session,
    conn: Connection,
    rng: random.Random,
    record: FollowUpRecord,
    on: date,
    kind: AppointmentKind,
) -> int:
    visit = appointments.add(
        session, conn, record.patient_id, _visit(rng, on, kind), (followups.SOURCE_TABLE, record.id)
    )
    return visit.id


def _close_visit(
    session: Session, conn: Connection, visit_id: int, status: AppointmentStatus, reason: str | None = None
) -> None:
    """A past visit's outcome, and its follow-up's (done, or a no-show to rebook)."""
    appointments_repo.set_status(
        conn,
        visit_id,
        status,
        appointments_repo.get(conn, visit_id).appointment.on,
        reason,
        session.user.username,
    )
    visit = appointments_repo.get(conn, visit_id)
    if visit.about_id is not None:
        follow_up = followups_repo.get(conn, visit.about_id)
        target = FollowUpState.DONE if status is AppointmentStatus.FULFILLED else FollowUpState.NO_SHOW
        followups.move(session, conn, follow_up, target)


def _discharge_visits(session: Session, conn: Connection, rng: random.Random) -> None:
    today = session.clock.today()
    planned = followups_repo.open_starting_by(conn, today + timedelta(days=1))
    for record in planned:
        if record.follow_up.serves is not Serves.TRANSITION or record.follow_up.serves_id is None:
            continue
        stay = transitions_repo.get(conn, record.follow_up.serves_id)
        met = stay.met.get(ClockKind.VISIT)
        if met is not None:
            visit_id = _book(session, conn, rng, record, met, AppointmentKind.TCM_VISIT)
            _close_visit(session, conn, visit_id, AppointmentStatus.FULFILLED)
        elif rng.random() < 0.6:
            _call(session, conn, record, today - timedelta(days=rng.randrange(0, 2)), AttemptOutcome.REACHED)
            _book(
                session,
                conn,
                rng,
                record,
                today + timedelta(days=rng.randrange(0, 5)),
                AppointmentKind.TCM_VISIT,
            )


def _recall(session: Session, conn: Connection, rng: random.Random, patient_id: int) -> None:
    today = session.clock.today()
    start = today + timedelta(days=rng.randrange(-40, 15))
    follow_up = FollowUp(
        reason=rng.choice(_REASONS),
        due_from=start,
        due_to=start + timedelta(days=rng.choice((14, 21, 30))),
        owner_role=rng.choice((Role.FRONT_DESK,) * 3 + (Role.NURSE_COORDINATOR,)),
        serves=rng.choice((Serves.CARE_PLAN, Serves.CARE_GAP, Serves.OTHER)),
    )
    try:
        record = followups.add(session, conn, patient_id, follow_up)
    except UserError:
        return
    stage = rng.choice(_STAGES) if start <= today else "open"
    if stage == "called":
        first = max(start, today - timedelta(days=3))
        _call(session, conn, record, first, AttemptOutcome.NO_ANSWER)
        _call(
            session,
            conn,
            record,
            min(today, first + timedelta(days=1)),
            rng.choice(
                (AttemptOutcome.LEFT_VOICEMAIL, AttemptOutcome.NO_ANSWER, AttemptOutcome.WRONG_NUMBER)
            ),
        )
    elif stage == "scheduled":
        if _call(session, conn, record, max(start, today - timedelta(days=2)), AttemptOutcome.REACHED):
            on = today + timedelta(days=rng.choice((0, 0, 1, 2, 3, 5, 8)))
            on = min(on, max(today, record.follow_up.due_to))  # inside the window where it still can be
            visit_id = _book(session, conn, rng, record, on, AppointmentKind.OFFICE_VISIT)
            if on == today:  # in the waiting room now
                appointments_repo.set_status(
                    conn, visit_id, AppointmentStatus.ARRIVED, today, None, session.user.username
                )
    elif stage in ("done", "no_show"):
        visit_id = _book(
            session,
            conn,
            rng,
            record,
            today - timedelta(days=rng.randrange(1, 8)),
            AppointmentKind.OFFICE_VISIT,
        )
        status = AppointmentStatus.FULFILLED if stage == "done" else AppointmentStatus.NO_SHOW
        _close_visit(session, conn, visit_id, status)
    elif (
        stage == "rebooked"
    ):  # the patient asked to move the visit: the first one cancelled, a new one booked
        moved = _book(session, conn, rng, record, today + timedelta(days=1), AppointmentKind.OFFICE_VISIT)
        appointments_repo.set_status(
            conn, moved, AppointmentStatus.CANCELLED, today, "Patient asked to move it", session.user.username
        )
        followups.move(session, conn, followups_repo.get(conn, record.id), FollowUpState.OPEN)
        _book(
            session,
            conn,
            rng,
            followups_repo.get(conn, record.id),
            today + timedelta(days=9),
            AppointmentKind.OFFICE_VISIT,
        )
    elif stage == "cancelled":
        reason = rng.choice(("Seen at another practice", "Patient moved away", "No longer needed"))
        followups.move(session, conn, record, FollowUpState.CANCELLED, reason=reason)


def fill(session: Session, rng: random.Random, *, share: float = SHARE) -> int:
    """Follow-ups for `share` of the active patients and the discharges' planned visits; returns how many
    recall follow-ups were added."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_followups") as conn:
        _discharge_visits(session, conn, rng)
        patient_ids = [row[0] for row in referrals_repo.patient_owners(conn)]
        chosen = sorted(rng.sample(patient_ids, round(len(patient_ids) * min(share, 1.0))))
        for patient_id in chosen:
            _recall(session, conn, rng, patient_id)
    return len(chosen)
