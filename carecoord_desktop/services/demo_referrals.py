"""Demo referrals: a directory of outside providers and referrals in every state, some overdue.

Takes the vault's patients and a seeded random.Random (the same seed, the same referrals); every referral's
history follows the state machine (tests check each path against the one table of moves). Used by the demo
practice and the worklist benchmark; written in batches, each one audited transaction.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.directory import DirectoryKind, ReferralIntake, luhn_check_digit
from carecoord_desktop.domain.patients import normalize_for_search
from carecoord_desktop.domain.referrals import DEFAULT_TIMERS, ReferralState, Urgency
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.referrals import stamp, state_columns, sync_due_item
from carecoord_desktop.services.session import Session
from carecoord_desktop.services.synthetic_practice import require_synthetic
from carecoord_desktop.storage import directory_repo, referrals_repo

S = ReferralState
BATCH: Final = 5000

# Each end state and the path a referral takes to it (every step is an allowed move).
_TO_SCHEDULED = (S.DRAFT, S.SENT, S.ACCEPTED, S.SCHEDULED)
PATHS: Final[dict[ReferralState, tuple[ReferralState, ...]]] = {
    S.DRAFT: (S.DRAFT,),
    S.SENT: (S.DRAFT, S.SENT),
    S.ACKNOWLEDGED: (S.DRAFT, S.SENT, S.ACKNOWLEDGED),
    S.ACCEPTED: (S.DRAFT, S.SENT, S.ACKNOWLEDGED, S.ACCEPTED),
    S.DECLINED: (S.DRAFT, S.SENT, S.DECLINED),
    S.SCHEDULED: _TO_SCHEDULED,
    S.NO_SHOW: (*_TO_SCHEDULED, S.NO_SHOW),
    S.APPT_CANCELLED: (*_TO_SCHEDULED, S.APPT_CANCELLED),
    S.SEEN: (*_TO_SCHEDULED, S.SEEN),
    S.REPORT_RECEIVED: (*_TO_SCHEDULED, S.SEEN, S.REPORT_RECEIVED),
    S.REVIEWED: (*_TO_SCHEDULED, S.SEEN, S.REPORT_RECEIVED, S.REVIEWED),
    S.CLOSED: (*_TO_SCHEDULED, S.SEEN, S.REPORT_RECEIVED, S.REVIEWED, S.CLOSED),
    S.CLOSED_UNSUCCESSFUL: (*_TO_SCHEDULED, S.NO_SHOW, S.CLOSED_UNSUCCESSFUL),
    S.CANCELLED: (S.DRAFT, S.SENT, S.CANCELLED),
    S.PATIENT_DECLINED: (S.DRAFT, S.SENT, S.ACCEPTED, S.PATIENT_DECLINED),
    S.LOST_TO_FOLLOW_UP: (*_TO_SCHEDULED, S.NO_SHOW, S.LOST_TO_FOLLOW_UP),
}
_WEIGHTS: Final = {
    S.DRAFT: 5, S.SENT: 8, S.ACKNOWLEDGED: 3, S.ACCEPTED: 5, S.DECLINED: 3, S.SCHEDULED: 10, S.NO_SHOW: 3,
    S.APPT_CANCELLED: 2, S.SEEN: 6, S.REPORT_RECEIVED: 5, S.REVIEWED: 3, S.CLOSED: 35,
    S.CLOSED_UNSUCCESSFUL: 3, S.CANCELLED: 4, S.PATIENT_DECLINED: 3, S.LOST_TO_FOLLOW_UP: 2,
}  # fmt: skip
_REASONS: Final = {
    S.DECLINED: "Not accepting new patients",
    S.APPT_CANCELLED: "Specialist's clinic cancelled the day",
    S.CANCELLED: "No longer needed",
    S.PATIENT_DECLINED: "Patient prefers to wait",
    S.LOST_TO_FOLLOW_UP: "Three calls unanswered",
    S.CLOSED_UNSUCCESSFUL: "Did not attend twice",
}

# (specialty, reasons, question, problems) by specialty
_SPECIALTIES: Final = (
    ("Cardiology", ("Palpitations", "Chest pain on exertion", "New murmur"), "Rhythm or ischaemia work-up?", "Hypertension"),
    ("Endocrinology", ("Uncontrolled diabetes", "Thyroid nodule"), "Intensify therapy?", "Type 2 diabetes mellitus"),
    ("Nephrology", ("Falling eGFR", "Proteinuria"), "CKD staging and plan?", "Chronic kidney disease stage 3"),
    ("Pulmonology", ("Worsening COPD", "Abnormal chest CT"), "Optimise inhalers; PFTs?", "COPD"),
    ("Gastroenterology", ("Screening colonoscopy", "Iron-deficiency anaemia"), "Endoscopy?", "Iron deficiency anaemia"),
    ("Orthopedics", ("Knee osteoarthritis", "Shoulder pain"), "Surgical opinion?", "Osteoarthritis of knee"),
    ("Dermatology", ("Changing mole", "Psoriasis flare"), "Biopsy?", "Psoriasis"),
    ("Neurology", ("Memory complaints", "Migraine not controlled"), "Diagnosis and plan?", "Migraine"),
    ("Ophthalmology", ("Diabetic eye exam", "Cataract"), "Retinopathy?", "Type 2 diabetes mellitus"),
    ("Behavioral Health", ("Depression follow-up", "Anxiety"), "Therapy and medication review?", "Major depressive disorder"),
)  # fmt: skip
_PLACES: Final = (
    "Harbor",
    "Riverside",
    "Beacon",
    "Elm Street",
    "North Shore",
    "Lakeside",
    "Summit",
    "Cedar Hill",
)
_OTHERS: Final[tuple[tuple[str, DirectoryKind, str | None], ...]] = (
    ("Riverside General Hospital", DirectoryKind.HOSPITAL, None),
    ("North Shore Imaging", DirectoryKind.IMAGING, "Imaging"),
    ("Beacon Diagnostic Lab", DirectoryKind.LAB, "Laboratory"),
    ("Comfort Home Health", DirectoryKind.HOME_HEALTH, "Home health"),
    ("Elm Street Pharmacy", DirectoryKind.PHARMACY, None),
    ("Harbor Food Pantry", DirectoryKind.COMMUNITY, "Food assistance"),
    ("Lakeside Senior Transport", DirectoryKind.COMMUNITY, "Transportation"),
)


def synthetic_npi(rng: random.Random) -> str:
    body = str(rng.randrange(100_000_000, 300_000_000))
    return body + str(luhn_check_digit("80840" + body))


def directory_entries(rng: random.Random) -> Iterator[dict[str, Any]]:
    """Two or three offices per specialty, plus hospitals, imaging, a lab, home health, a pharmacy, community."""
    for specialty, *_rest in _SPECIALTIES:
        for place in rng.sample(_PLACES, rng.choice((2, 3))):
            yield {
                "name": f"{place} {specialty}",
                "kind": DirectoryKind.SPECIALIST.value,
                "specialty": specialty,
                "npi": synthetic_npi(rng),
                "phone": f"+1617555{rng.randrange(1000, 9999)}",
                "fax": f"+1617555{rng.randrange(1000, 9999)}",
                "address": f"{rng.randrange(10, 999)} {place} Road, Boston, MA",
                "intake": rng.choice(list(ReferralIntake)).value,
                "typical_wait_days": rng.choice((7, 14, 21, 30, 45)),
                "notes": None,
                "active": True,
            }
    for name, kind, service in _OTHERS:
        yield {
            "name": name, "kind": kind.value, "specialty": service, "npi": synthetic_npi(rng), "phone": None,
            "fax": f"+1617555{rng.randrange(1000, 9999)}", "address": None, "intake": ReferralIntake.FAX.value,
            "typical_wait_days": None, "notes": None, "active": True,
        }  # fmt: skip


@dataclass(frozen=True)
class DemoPatient:
    id: int
    pcp_id: int | None
    coordinator_id: int | None


@dataclass(frozen=True)
class DemoReferral:
    values: dict[str, Any]
    details: dict[str, Any]
    events: list[tuple[str | None, str, date, str]]


def demo_referral(
    rng: random.Random,
    patient: DemoPatient,
    specialists: dict[str, list[int]],
    providers: list[int],
    today: date,
    calendar: PracticeCalendar,
) -> DemoReferral:
    specialty, reasons, question, problem = rng.choice(_SPECIALTIES)
    end = rng.choices(list(_WEIGHTS), weights=list(_WEIGHTS.values()))[0]
    path = PATHS[end]
    urgency = rng.choices(list(Urgency), weights=(80, 16, 4))[0]
    gaps = [rng.randint(1, 9) for _ in path[1:]]
    # Most open referrals moved recently (on time); about one in five has waited too long (overdue).
    slack = (
        (rng.randint(0, 2) if rng.random() < 0.8 else rng.randint(3, 20))
        if end.is_open
        else rng.randint(0, 330)
    )
    day = today - timedelta(days=sum(gaps) + slack)
    referred_on = day
    events: list[tuple[str | None, str, date, str]] = [(None, S.DRAFT.value, day, "")]
    values: dict[str, Any] = dict.fromkeys(
        ("sent_on", "appointment_on", "visit_on", "report_on", "closed_on")
    )
    for previous, state, gap in zip(path, path[1:], gaps, strict=False):
        day += timedelta(days=gap)
        events.append((previous.value, state.value, day, _REASONS.get(state, "")))
        if state is S.SENT:
            values["sent_on"] = day
        elif previous is S.SCHEDULED:  # what happened on the appointment day
            values["appointment_on"] = day
        if state is S.SEEN:
            values["visit_on"] = day
        elif state is S.REPORT_RECEIVED:
            values["report_on"] = day
        if not state.is_open:
            values["closed_on"] = day
    if end is S.SCHEDULED:  # mostly booked ahead; some past and not yet recorded
        ahead = rng.random() < 0.7
        values["appointment_on"] = (
            today + timedelta(days=rng.randint(1, 40)) if ahead else day + timedelta(days=1)
        )
    requested_by = referred_on + timedelta(days=14 if urgency.uses_urgent_timers else 60)
    values |= {
        "patient_id": patient.id,
        "directory_id": rng.choice(specialists[specialty]),
        "specialty": specialty,
        "reason": rng.choice(reasons),
        "urgency": urgency.value,
        "requested_by": requested_by,
        "referring_provider_id": patient.pcp_id or rng.choice(providers),
        "coordinator_id": patient.coordinator_id,
        "prior_auth_needed": False,
        "referred_on": referred_on,
        "failed_patient_attempts": 3 if end is S.LOST_TO_FOLLOW_UP else 0,
        "entered_in_error": False,
    }
    values |= state_columns(end, urgency, day, calendar, DEFAULT_TIMERS, values)
    details = {
        "clinical_question": question,
        "clinical_info": {"problems": [problem], "medications": [], "allergies": [], "attachments": []},
        "report_summary": "Seen; plan in the letter" if values["report_on"] else None,
    }
    return DemoReferral(values, details, events)


def fill(session: Session, rng: random.Random, *, per_patient: float = 0.5) -> int:
    """Add a directory and `per_patient` referrals per patient of the vault (one patient has at most one);
    returns how many."""
    require_synthetic(session)
    today, calendar, actor = session.clock.today(), session.clock.calendar, session.user.username
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_directory") as conn:
        specialists: dict[str, list[int]] = {}
        for entry in directory_entries(rng):
            text = normalize_for_search(f"{entry['name']} {entry['specialty'] or ''} {entry['npi']}")
            entry_id = directory_repo.add(conn, entry, text, actor, stamp(session))
            specialists.setdefault(entry["specialty"] or "", []).append(entry_id)
        patients = [DemoPatient(*row) for row in referrals_repo.patient_owners(conn)]
        providers = referrals_repo.staff_ids(conn, Role.PROVIDER.value)
    chosen = sorted(rng.sample(patients, round(len(patients) * min(per_patient, 1.0))), key=lambda p: p.id)
    made = 0
    for start in range(0, len(chosen), BATCH):
        batch = [
            demo_referral(rng, p, specialists, providers, today, calendar)
            for p in chosen[start : start + BATCH]
        ]
        with session.audited_write(
            Permission.MANAGE_STAFF, "demo.add_referrals", detail={"referrals": len(batch)}
        ) as conn:
            ids = referrals_repo.add_many(conn, [(r.values, r.details) for r in batch], actor, stamp(session))
            referrals_repo.add_events_many(
                conn,
                [(rid, *event) for rid, r in zip(ids, batch, strict=True) for event in r.events],
                staff_id=session.user.id,
                by_name=session.user.full_name,
                at=stamp(session),
            )
            for rid, r in zip(ids, batch, strict=True):
                sync_due_item(session, conn, {"id": rid, **r.values})  # the panel's Next due, as a real one
        made += len(batch)
    return made
