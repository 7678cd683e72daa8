"""A practice with work on every Today screen (a Tuesday before Thanksgiving): two recent discharges (each
with its visit to book, a front-desk follow-up), a coordinator's follow-up and four referrals in different
states. Shared by the Today service and UI tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.referrals import TransitionRequest
from carecoord_desktop.services import followups, referrals
from carecoord_desktop.services.session import Session
from carecoord_desktop.services.transitions import record_stay
from tests.referral_practice import ReferralPractice, acting, build, new_referral

TUESDAY = datetime(2026, 11, 24, 10, 0)  # Thanksgiving is on Thursday 11/26 (US-MA)


def _walk(session: Session, rid: int, *moves: dict[str, object]) -> None:
    for move in moves:
        referrals.transition(session, rid, TransitionRequest.model_validate(move))


def build_today(vault_path: Path) -> ReferralPractice:
    """Rosa (Nina coordinates; no texts) discharged Friday 11/20; Tom (nobody coordinates) on 11/17.
    Referrals: a report back for Dr Raman, a no-show, an appointment on Friday 11/27, one overdue draft."""
    made = build(vault_path)
    rosa, tom = made.patient_ids
    with acting(vault_path, "nina", TUESDAY) as nurse:
        for patient, admitted, discharged in (
            (rosa, "2026-11-16", "2026-11-20"),
            (tom, "2026-11-12", "2026-11-17"),
        ):
            record_stay(
                nurse,
                patient,
                {
                    "kind": "inpatient",
                    "facility_name": "Mercy General Hospital",
                    "admitted_on": admitted,
                    "discharged_on": discharged,
                    "disposition": "home",
                },
            )
        followups.create_follow_up(
            nurse,
            rosa,
            {
                "reason": "Review the home blood pressure log",
                "due_from": "2026-11-23",
                "due_to": "2026-11-26",
                "owner_role": "nurse_coordinator",
            },
        )
    with acting(vault_path, "nina", datetime(2026, 11, 10, 10)) as nurse:
        report = new_referral(nurse, made, coordinator_id=nurse.user.id)
        no_show = new_referral(nurse, made, patient_id=tom)
        confirm = new_referral(nurse, made, specialty="Dermatology", directory_id=made.directory_ids[2])
        new_referral(
            nurse, made, coordinator_id=nurse.user.id, reason="Chest pain"
        )  # a draft, overdue by 11/24
        _walk(nurse, report, {"to": "sent"}, {"to": "report_received", "report_summary": "Stable"})
        _walk(
            nurse,
            no_show,
            {"to": "sent"},
            {"to": "accepted"},
            {"to": "scheduled", "appointment_on": "2026-11-12"},
        )
        _walk(
            nurse,
            confirm,
            {"to": "sent"},
            {"to": "accepted"},
            {"to": "scheduled", "appointment_on": "2026-11-27"},
        )
    with acting(vault_path, "nina", datetime(2026, 11, 12, 16)) as nurse:
        _walk(nurse, no_show, {"to": "no_show"})
    return made
