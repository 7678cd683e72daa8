"""What the printed care plan shows, read for the printed-documents layer (print_sources): the patient's
active plan, its reviews, the coordinator and the practice's phone.

The patient version goes to the patient or a caregiver; every other recipient gets the provider version
(`document_for`). Both need the care plan view: the front desk never prepares either.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection

from carecoord_desktop.documents.care_plan import (
    PATIENT_KEY,
    PROVIDER_KEY,
    CarePlanDocument,
    CoordinationLine,
    GoalLine,
    InterventionLine,
    ReviewLine,
    ServiceLine,
)
from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.domain.care_plans import CarePlanRecord, ReviewRecord
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.disclosures import RecipientKind
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import care_plans_repo, medications_repo, staff_repo


def document_for(recipient: RecipientKind) -> str:
    """The patient version for the patient or a caregiver; the provider version for anyone else."""
    return PATIENT_KEY if recipient in (RecipientKind.PATIENT, RecipientKind.CAREGIVER) else PROVIDER_KEY


def _reviews(record: CarePlanRecord, reviews: list[ReviewRecord]) -> tuple[ReviewLine, ...]:
    goals = record.plan.goals
    lines = []
    for r in reviews:
        progress = tuple(
            f"{goals[p.goal].description}: {p.achievement.label}" + (f" ({p.note})" if p.note else "")
            for p in r.progress
            if p.goal < len(goals)
        )
        lines.append(
            ReviewLine(reviewed_on=r.reviewed_on, reviewer=r.reviewer, progress=progress, note=r.note)
        )
    return tuple(lines)


def snapshot_of(
    record: CarePlanRecord,
    reviews: list[ReviewRecord],
    author: str,
    chart: Chart,
    frame: FrameFacts,
    provider_copy: bool,
) -> CarePlanDocument:
    """The printout of one plan version; `author` is the full name of whoever wrote it."""
    plan = record.plan
    p = chart.patient
    phone = frame.practice.letterhead.phone
    coordinator = chart.staff_names.get(p.coordinator_id) if p.coordinator_id is not None else None
    return CarePlanDocument(
        frame=frame,
        provider_copy=provider_copy,
        mrn=p.mrn,
        title=plan.title,
        version=record.version,
        written_on=date.fromisoformat(record.stamps.created_at[:10]),
        written_by=author,
        changes=record.changes,
        copy_given_on=record.copy_given_on,
        practice_phone=format_phone(phone) if phone else None,
        coordinator=coordinator,
        problems=tuple(pr.text for pr in plan.problems),
        expected_outcome=plan.expected_outcome,
        prognosis=plan.prognosis,
        goals=tuple(
            GoalLine(
                description=g.description,
                measure=g.measure,
                target=g.target,
                due_on=g.due_on,
                lifecycle=g.lifecycle.value,
                achievement=g.achievement.value if g.achievement else None,
            )
            for g in plan.goals
        ),
        symptom_management=plan.symptom_management,
        interventions=tuple(
            InterventionLine(
                description=i.description,
                who_kind=i.responsible.kind.value,
                who=i.responsible.name,
                role=i.responsible.role.value if i.responsible.role else None,
                due_on=i.due_on,
                frequency=i.frequency,
                status=i.status.value,
            )
            for i in plan.interventions
        ),
        medication_management=plan.medication_management,
        community_services=tuple(
            ServiceLine(service=c.service, contact=c.contact) for c in plan.community_services
        ),
        coordination=tuple(
            CoordinationLine(
                provider=c.provider,
                how=c.how,
                referral=f"#{c.referral_id}" if c.referral_id is not None else None,
            )
            for c in plan.coordination
        ),
        education=plan.education,
        call_us_if=plan.call_us_if,
        call_911_if=plan.call_911_if,
        review_every_months=plan.review_every_months,
        next_review_on=plan.next_review_on,
        reviews=_reviews(record, [r for r in reviews if r.plan_id == record.id]) if provider_copy else (),
    )


def _author(conn: Connection, username: str) -> str:
    row = staff_repo.by_username(conn, username)
    return str(row.full_name) if row is not None else username


def load(
    session: Session, chart: Chart, frame: FrameFacts, provider_copy: bool, _options: Mapping[str, Any]
) -> CarePlanDocument:
    """The active plan of the chart's patient (a plain UserError when there is none)."""
    with session.vault.read() as conn:
        record = care_plans_repo.active(conn, chart.id)
        if record is None:
            raise ValidationFailed("This patient has no care plan to print yet.")
        reviews = care_plans_repo.reviews(conn, chart.id)
        author = _author(conn, record.stamps.created_by)
        medicines = _medicines(session, conn, chart.id)
    snapshot = snapshot_of(record, reviews, author, chart, frame, provider_copy)
    return snapshot.model_copy(update={"medication_list": medicines})


def _medicines(session: Session, conn: Connection, patient_id: int) -> tuple[str, ...]:
    """The plan refers to the medication list; a printout shows that list as it is today (never a copy
    kept in the plan), when the role may see it."""
    if not session.can(Permission.VIEW_MEDICATIONS):
        return ()
    return tuple(m.medication.summary for m in medications_repo.for_patient(conn, patient_id) if m.is_current)
