"""Demo: the day's follow-ups, visits to confirm and calls already tried, so every Today screen and the call
list show real work on the first start.

On top of the discharges (demo_transitions, each with its visit to book): about 1 % of the active patients get
a routine follow-up whose window is open around today, three in four the front desk's (recalls and rechecks
to book) and one in four the coordinators' (check-ins); some were already tried yesterday without an answer;
and about a third of the open post-discharge visits and a quarter of the front desk's follow-ups are booked
in the next few business days (to confirm).
Seeded: the same seed gives the same work.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Final

from sqlalchemy import Connection

from carecoord_desktop.domain.appointments import Appointment, AppointmentKind
from carecoord_desktop.domain.calendar import add_business_days
from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome, ContactAttempt
from carecoord_desktop.domain.followups import FollowUp, FollowUpState, Serves
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import appointments, followups
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import contact_attempts_repo, followups_repo, referrals_repo

SHARE: Final = 0.01
BOOKED_SHARE: Final = 0.35
_FRONT_DESK_REASONS: Final = (
    "Annual wellness visit recall",
    "Recheck blood pressure in 4 weeks",
    "Repeat HbA1c: book the lab visit",
    "Flu and COVID vaccines",
)
_COORDINATOR_REASONS: Final = (
    "Check in on the new inhaler technique",
    "Review the home blood pressure log",
    "Call about the care plan goals",
)


def _routine(rng: random.Random, today: date) -> FollowUp:
    coordinator = rng.random() < 0.25
    starts = today - timedelta(days=rng.randrange(0, 21))
    return FollowUp(
        reason=rng.choice(_COORDINATOR_REASONS if coordinator else _FRONT_DESK_REASONS),
        due_from=starts,
        due_to=starts + timedelta(days=rng.randrange(3, 28)),
        owner_role=Role.NURSE_COORDINATOR if coordinator else Role.FRONT_DESK,
        serves=Serves.OTHER,
    )


def _tried_yesterday(session: Session, conn: Connection, patient_id: int, follow_up_id: int) -> None:
    user, yesterday = session.user, session.clock.today() - timedelta(days=1)
    contact_attempts_repo.add(
        conn,
        patient_id,
        (followups.SOURCE_TABLE, follow_up_id),
        ContactAttempt(channel=AttemptChannel.PHONE, outcome=AttemptOutcome.NO_ANSWER),
        on=yesterday,
        by_staff_id=user.id,
        by_name=user.full_name,
        actor=user.username,
    )


def _book_discharge_visits(session: Session, conn: Connection, rng: random.Random, today: date) -> int:
    """Book some of the open post-discharge visits in the next 1 to 3 business days."""
    booked = 0
    for record in followups_repo.open_starting_by(conn, today):
        if (
            record.follow_up.reason != followups.DISCHARGE_VISIT_REASON
            or record.state is not FollowUpState.OPEN
        ):
            continue
        if rng.random() >= BOOKED_SHARE:
            continue
        _book(session, conn, rng, record.patient_id, record.id, AppointmentKind.TCM_VISIT)
        booked += 1
    return booked


def _book(
    session: Session,
    conn: Connection,
    rng: random.Random,
    patient_id: int,
    follow_up_id: int,
    kind: AppointmentKind,
) -> None:
    """A visit for the follow-up in the next 1 to 3 business days (some of them to confirm today)."""
    visit = Appointment(
        on=add_business_days(session.clock.today(), rng.randrange(1, 4), session.clock.calendar),
        at=time(rng.choice((8, 9, 10, 11, 13, 14, 15)), rng.choice((0, 30))),
        kind=kind,
        with_whom="Dr Anika Patel",
        where="Riverside Family Medicine",
    )
    appointments.add(session, conn, patient_id, visit, (followups.SOURCE_TABLE, follow_up_id))


def fill(session: Session, rng: random.Random, *, share: float = SHARE) -> int:
    """Routine follow-ups for `share` of the active patients, attempts and booked visits; returns how many
    follow-ups were added."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    today = session.clock.today()
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_calls") as conn:
        patient_ids = [row[0] for row in referrals_repo.patient_owners(conn)]
        chosen = sorted(rng.sample(patient_ids, round(len(patient_ids) * min(share, 1.0))))
        for patient_id in chosen:
            record = followups.add(session, conn, patient_id, _routine(rng, today))
            if record.follow_up.owner_role is not Role.FRONT_DESK:
                continue
            chance = rng.random()
            if chance < 0.3:
                _tried_yesterday(session, conn, patient_id, record.id)
            elif chance < 0.55:
                _book(session, conn, rng, record.patient_id, record.id, AppointmentKind.OFFICE_VISIT)
        _book_discharge_visits(session, conn, rng, today)
    return len(chosen)
