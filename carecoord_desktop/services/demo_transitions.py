"""Demo transitions: recent discharges at every stage of their TCM clocks, ED visits, and contact attempts.

About 2 % of the vault's patients get a stay discharged in the 30 days before the practice's today (a
realistic share for a primary-care panel); the work done on each follows how long ago it was, so the demo
shows clocks due, due today, overdue, met and met late. Seeded: the same seed gives the same stays.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Final

from sqlalchemy import Connection

from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome, ContactAttempt
from carecoord_desktop.domain.discharge_checklist import checklist
from carecoord_desktop.domain.readmission_risk import CharlsonItem
from carecoord_desktop.domain.transitions import (
    AdmissionType,
    ClockKind,
    Disposition,
    Stay,
    StayKind,
    tcm_dates,
)
from carecoord_desktop.domain.validation import DEFAULT_RULES
from carecoord_desktop.services import readmission, transitions
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import contact_attempts_repo, referrals_repo, transitions_repo

SHARE: Final = 0.02
#: Patients with a recorded stay, recent or past: at least 1 in 10 (their discharge packets can be printed).
WITH_A_STAY: Final = 0.1
HISTORY_DAYS: Final = (31, 540)
_FACILITIES: Final = ("Riverside General Hospital", "Mercy General Hospital", "Harbor Rehabilitation Center")
_DIAGNOSES: Final = (
    "Heart failure exacerbation",
    "COPD exacerbation",
    "Community-acquired pneumonia",
    "Hip fracture, repaired",
    "Sepsis from urinary tract infection",
    "Atrial fibrillation with rapid ventricular rate",
)
_KINDS: Final = (
    (StayKind.INPATIENT,) * 6
    + (StayKind.OBSERVATION,) * 2
    + (StayKind.SNF, StayKind.ED_VISIT, StayKind.ED_VISIT)
)

_HOSPITAL_KINDS: Final = tuple(k for k in _KINDS if k is not StayKind.ED_VISIT)


def demo_stay(
    rng: random.Random, today: date, days_ago: tuple[int, int] = (0, 30), kinds: tuple[StayKind, ...] = _KINDS
) -> Stay:
    kind = rng.choice(kinds)
    discharged = today - timedelta(days=rng.randrange(*days_ago))
    admitted = discharged - timedelta(days=0 if kind is StayKind.ED_VISIT else rng.randrange(1, 12))
    known = rng.random() < 0.7  # some stays come without the laboratory values
    data = dict(
        kind=kind,
        facility_name=rng.choice(_FACILITIES),
        admitted_on=admitted,
        discharged_on=discharged,
        admission_type=rng.choice((AdmissionType.EMERGENT, AdmissionType.URGENT, AdmissionType.ELECTIVE)),
        disposition=rng.choice((Disposition.HOME,) * 5 + (Disposition.HOME_HEALTH, Disposition.SNF)),
        diagnoses=(rng.choice(_DIAGNOSES),),
        ed_visits_6m=rng.randrange(0, 5),
        admissions_12m=rng.randrange(0, 7) if known else None,
        summary_received_on=discharged + timedelta(days=1)
        if rng.random() < 0.6 and discharged < today
        else None,
        charlson_items=tuple(rng.sample(list(CharlsonItem), rng.randrange(0, 4))) if known else None,
        haemoglobin_g_dl=round(rng.uniform(8.5, 15.5), 1) if known else None,
        sodium_mmol_l=float(rng.randrange(128, 145)) if known else None,
        oncology_service=rng.random() < 0.1 if known else None,
        procedure_during_stay=rng.random() < 0.4 if known else None,
    )
    return Stay.model_validate(data, context=DEFAULT_RULES.for_input(today).context())


def _work_done(session: Session, conn: Connection, rng: random.Random, patient_id: int, stay_id: int) -> None:
    """What the practice has done so far, by how long ago the discharge was (some of it late, some missed)."""
    today, user = session.clock.today(), session.user
    stay = transitions_repo.get(conn, stay_id).stay
    days = (today - stay.discharged_on).days
    dates = tcm_dates(stay.discharged_on, session.clock.calendar)
    unanswered = ContactAttempt(channel=AttemptChannel.PHONE, outcome=AttemptOutcome.NO_ANSWER)
    for on in (stay.discharged_on + timedelta(days=1 + i) for i in range(min(days, rng.randrange(0, 2)))):
        contact_attempts_repo.add(
            conn,
            patient_id,
            (transitions.SOURCE_TABLE, stay_id),
            unanswered,
            on=on,
            by_staff_id=user.id,
            by_name=user.full_name,
            actor=user.username,
        )
    if days >= 2 and rng.random() < 0.8:
        on = min(today, dates.contact_due + timedelta(days=rng.choice((-1, 0, 0, 1))))
        transitions_repo.set_met(conn, stay_id, ClockKind.CONTACT, max(on, stay.discharged_on), user.username)
    if days >= 6 and rng.random() < 0.7:
        visit = max(
            stay.discharged_on, min(today, dates.visit_due(stay.complexity) - timedelta(rng.randrange(-2, 4)))
        )
        transitions_repo.set_met(conn, stay_id, ClockKind.VISIT, visit, user.username)
        if rng.random() < 0.8:
            transitions_repo.set_met(conn, stay_id, ClockKind.MED_REC, visit, user.username)


def fill(session: Session, rng: random.Random, *, share: float = SHARE) -> int:
    """Add a recent stay for `share` of the vault's patients; returns how many."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    today = session.clock.today()
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_transitions") as conn:
        patient_ids = [row[0] for row in referrals_repo.patient_owners(conn)]
        chosen = sorted(rng.sample(patient_ids, round(len(patient_ids) * min(share, 1.0))))
        for patient_id in chosen:
            stay_id = transitions_repo.add(conn, patient_id, demo_stay(rng, today), session.user.username)
            _work_done(session, conn, rng, patient_id, stay_id)
            record = transitions_repo.get(conn, stay_id)
            transitions.sync_due_items(session, conn, record)
            transitions.start_checklist(session, conn, record)
            readmission.refresh_patient(conn, patient_id)
    return len(chosen)


def _all_work_done(session: Session, conn: Connection, rng: random.Random, stay_id: int) -> None:
    """A stay long past: its TCM work and checklist done in time, so it leaves no due item behind."""
    user = session.user.username
    record = transitions_repo.get(conn, stay_id)
    if not record.stay.qualification.qualifies:
        return
    discharged = record.stay.discharged_on
    dates = tcm_dates(discharged, session.clock.calendar)
    visit = dates.visit_due(record.stay.complexity) - timedelta(days=rng.randrange(0, 4))
    for kind, on in (
        (ClockKind.CONTACT, dates.contact_due),
        (ClockKind.VISIT, visit),
        (ClockKind.MED_REC, visit),
    ):
        transitions_repo.set_met(conn, stay_id, kind, max(on, discharged), user)
    planned = checklist(discharged, record.stay.complexity, session.clock.calendar)
    transitions_repo.add_tasks(conn, stay_id, record.patient_id, planned, user)
    for task in transitions_repo.tasks_for_patient(conn, record.patient_id).get(stay_id, []):
        transitions_repo.set_task_done(conn, task.id, max(discharged, task.due_on - timedelta(days=1)), user)


def fill_history(session: Session, rng: random.Random, *, share: float = WITH_A_STAY) -> int:
    """Past stays (31 days to 18 months ago, work done) until `share` of all patients have a recorded stay,
    chosen evenly along the alphabet (every k-th active patient by name); returns how many were added."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    today = session.clock.today()
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_transitions") as conn:
        everyone = transitions_repo.patient_count(conn)
        have = transitions_repo.patients_with_stays(conn)
        candidates = [p for p in transitions_repo.active_patients_by_name(conn) if p not in have]
        wanted = max(0, math.ceil(everyone * share) - len(have))
        if not candidates or not wanted:
            return 0
        step = max(1.0, len(candidates) / wanted)
        chosen = sorted({candidates[int(i * step)] for i in range(min(wanted, len(candidates)))})
        for patient_id in chosen:
            stay = demo_stay(rng, today, HISTORY_DAYS, _HOSPITAL_KINDS)
            stay_id = transitions_repo.add(conn, patient_id, stay, session.user.username)
            _all_work_done(session, conn, rng, stay_id)
    return len(chosen)
