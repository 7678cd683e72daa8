"""A small practice for referral tests: two patients, three directory entries, a fixed practice clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.referrals import TransitionRequest
from carecoord_desktop.services import auth, directory, patients, referrals
from carecoord_desktop.services.session import Session
from tests.conftest import make_practice, sign_in

NOW = datetime(2026, 11, 18, 10, 30)  # a Wednesday, practice time
TODAY = NOW.date()


@dataclass(frozen=True)
class ReferralPractice:
    path: Path
    patient_ids: tuple[int, int]
    directory_ids: tuple[int, int, int]
    staff_ids: dict[str, int]


def fixed_clock(at: datetime = NOW) -> PracticeClock:
    return PracticeClock.fixed(at, calendar=PracticeCalendar.of("US", "MA"))


def session_for(path: Path, username: str, at: datetime = NOW) -> Session:
    session = sign_in(path, username)
    session.clock = fixed_clock(at)
    return session


def build(path: Path) -> ReferralPractice:
    admin = make_practice(path)
    auth.sign_out(admin)
    nurse = session_for(path, "nina")
    try:
        staff_ids = {c.full_name.split()[0]: c.id for c in patients.staff_choices(nurse)}
        staff_ids["Nina"] = nurse.user.id
        first = patients.add_patient(
            nurse,
            {
                "mrn": "R-0001",
                "given_name": "Rosa",
                "family_name": "Alvarez",
                "date_of_birth": "1950-03-14",
                "sex_at_birth": "female",
                "phones": {"mobile": "617-555-0101"},
                "coordinator_id": nurse.user.id,
                "contact": {"do_not_contact": ["text"]},
            },
        )
        second = patients.add_patient(
            nurse,
            {
                "mrn": "R-0002",
                "given_name": "Tom",
                "family_name": "Baker",
                "date_of_birth": "1961-07-02",
                "sex_at_birth": "male",
            },
        )
        cardiology = directory.add_entry(
            nurse,
            {
                "name": "Harbor Cardiology",
                "specialty": "Cardiology",
                "npi": "1234567893",
                "fax": "617-555-0142",
            },
        )
        heart = directory.add_entry(nurse, {"name": "Beacon Heart Center", "specialty": "Cardiology"})
        derm = directory.add_entry(nurse, {"name": "Elm Dermatology", "specialty": "Dermatology"})
    finally:
        auth.sign_out(nurse)
    return ReferralPractice(path, (first, second), (cardiology, heart, derm), staff_ids)


def order(practice: ReferralPractice, **changes: object) -> dict[str, object]:
    """A complete new-referral form for the first patient to Harbor Cardiology."""
    return {
        "patient_id": practice.patient_ids[0],
        "directory_id": practice.directory_ids[0],
        "specialty": "Cardiology",
        "reason": "Palpitations",
        "clinical_question": "Is the new AF rate-controlled on metoprolol?",
        "urgency": "routine",
        "requested_by": date(2026, 12, 15),
        "referring_provider_id": practice.staff_ids["Dr"],
        "clinical_info": {"problems": ["Atrial fibrillation"], "medications": ["Metoprolol 25 mg"]},
        **changes,
    }


def new_referral(session: Session, practice: ReferralPractice, **changes: object) -> int:
    return referrals.create_referral(session, order(practice, **changes))


@contextmanager
def acting(path: Path, username: str, at: datetime = NOW) -> Iterator[Session]:
    """Signed in as `username` for the block (a vault takes one session at a time)."""
    session = session_for(path, username, at)
    try:
        yield session
    finally:
        auth.sign_out(session)


def _on(practice: ReferralPractice, day: date, rid: int, **request: object) -> None:
    with acting(practice.path, "nina", datetime.combine(day, datetime.min.time()).replace(hour=10)) as nurse:
        referrals.transition(nurse, rid, TransitionRequest.model_validate(request))


def hand_built_year(practice: ReferralPractice) -> None:
    """Patient 1: a closed loop (sent 3 Mar, appointment 13 Mar, report 20 Mar), then a no-show. Patient 2:
    declined. Expected: CMS50 1 of 2, medians 15 (10, 20) and 7 days, no-shows 1 of 2 scheduled, declines 1 of 3 sent."""
    with acting(practice.path, "nina", datetime(2026, 3, 2, 10)) as nurse:
        closed = new_referral(nurse, practice)
        declined = new_referral(nurse, practice, patient_id=practice.patient_ids[1], specialty="Dermatology")
    _on(practice, date(2026, 3, 3), closed, to="sent")
    _on(practice, date(2026, 3, 3), declined, to="sent")
    _on(practice, date(2026, 3, 4), declined, to="declined", reason="Out of network")
    _on(practice, date(2026, 3, 5), closed, to="accepted")
    _on(practice, date(2026, 3, 5), closed, to="scheduled", appointment_on="2026-03-13")
    _on(practice, date(2026, 3, 13), closed, to="seen")
    _on(practice, date(2026, 3, 20), closed, to="report_received", report_summary="Stable; no change")
    _on(practice, date(2026, 3, 23), closed, to="reviewed")
    _on(practice, date(2026, 3, 24), closed, to="closed", patient_told_how="phone")
    with acting(practice.path, "nina", datetime(2026, 5, 1, 10)) as nurse:
        no_show = new_referral(nurse, practice)
    _on(practice, date(2026, 5, 1), no_show, to="sent")
    _on(practice, date(2026, 5, 4), no_show, to="accepted")
    _on(practice, date(2026, 5, 4), no_show, to="scheduled", appointment_on="2026-05-21")
    _on(practice, date(2026, 5, 21), no_show, to="no_show")
