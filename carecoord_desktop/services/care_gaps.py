"""Care-gap proposals across the practice (domain/care_gaps.py), and a coordinator's answer to each: accept
(the proposed follow-up is created) or dismiss with a reason. Either way the gap is not proposed again.

Clinical staff only: a gap names a discharge or a referral (`VIEW_CLINICAL` to see them, `EDIT_CLINICAL` to
decide). The list is an audited read; each decision is an audited write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from sqlalchemy import Connection

from carecoord_desktop.domain.care_gaps import (
    LOOK_BACK_DAYS,
    CareGap,
    GapKey,
    post_discharge_gaps,
    referral_loop_gap,
    undecided,
)
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.followups import FollowUpRecord, close_reason
from carecoord_desktop.services import followups
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import appointments_repo, care_gaps_repo, transitions_repo

ACCEPTED: Final = "accepted"
DISMISSED: Final = "dismissed"


@dataclass(frozen=True)
class Proposal:
    gap: CareGap
    patient_name: str  # "Family, Given"
    mrn: str


def _gaps(session: Session, conn: Connection) -> list[CareGap]:
    today, calendar = session.clock.today(), session.clock.calendar
    stay_ids = care_gaps_repo.stays_with_overdue_clocks(conn, today, today - timedelta(days=LOOK_BACK_DAYS))
    planned = care_gaps_repo.stays_with_planned_visit(conn, stay_ids)
    found: list[CareGap] = []
    for stay_id in stay_ids:
        stay = transitions_repo.get(conn, stay_id)
        found += post_discharge_gaps(stay, today, calendar, visit_planned=stay_id in planned)
    for referral in care_gaps_repo.referrals_waiting_for_report(conn, today):
        gap = referral_loop_gap(referral, today, calendar)
        if gap is not None:
            found.append(gap)
    return undecided(found, care_gaps_repo.decided(conn))


def proposals(session: Session) -> list[Proposal]:
    """Every open proposal in the practice, oldest gap first, with its patient's name and MRN."""

    def read(conn: Connection) -> list[Proposal]:
        gaps = _gaps(session, conn)
        names = appointments_repo.patient_names(conn, sorted({g.patient_id for g in gaps}))
        return [
            Proposal(g, f"{names[g.patient_id][1]}, {names[g.patient_id][0]}", names[g.patient_id][2])
            for g in gaps
        ]

    return session.audited_read(Permission.VIEW_CLINICAL, "care_gaps.view", read)


def _still_open(session: Session, conn: Connection, key: GapKey) -> CareGap:
    for gap in _gaps(session, conn):
        if gap.key == key:
            return gap
    raise ValidationFailed("This gap is closed or already decided: refresh the list.")


def _patient_of(session: Session, key: GapKey) -> int:
    session.require(Permission.VIEW_CLINICAL, "care_gap.decide")
    with session.vault.read() as conn:
        return _still_open(session, conn, key).patient_id


def accept(session: Session, key: GapKey) -> FollowUpRecord:
    """The proposed follow-up is created (with its due item) and the gap is marked accepted."""
    patient_id = _patient_of(session, key)
    with session.audited_write(
        Permission.EDIT_CLINICAL,
        "care_gap.accept",
        patient_id=patient_id,
        subject=f"{key.rule.value} {key.about_table} #{key.about_id}",
        what="the follow-up",
    ) as conn:
        gap = _still_open(session, conn, key)
        record = followups.add(session, conn, patient_id, gap.proposal)
        care_gaps_repo.add_decision(
            conn, key, patient_id, ACCEPTED, reason=None, follow_up_id=record.id, actor=session.user.username
        )
        return record


def dismiss(session: Session, key: GapKey, reason: str) -> None:
    """Not a gap for this patient (seen elsewhere, declined, moved away...), with the reason."""
    why = close_reason(reason, "Say why the gap is dismissed.")
    patient_id = _patient_of(session, key)
    with session.audited_write(
        Permission.EDIT_CLINICAL,
        "care_gap.dismiss",
        patient_id=patient_id,
        subject=f"{key.rule.value} {key.about_table} #{key.about_id}",
        what="the decision",
    ) as conn:
        _still_open(session, conn, key)
        care_gaps_repo.add_decision(
            conn, key, patient_id, DISMISSED, reason=why, follow_up_id=None, actor=session.user.username
        )
