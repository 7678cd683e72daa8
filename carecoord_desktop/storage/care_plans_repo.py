"""Care plan versions and their reviews: a version is edited in place only as a correction (kept in
record_history); a revision inserts the next version and marks the one before superseded. Never deleted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, insert, or_, select

from carecoord_desktop.domain.care_plans import (
    CarePlan,
    CarePlanRecord,
    GoalProgress,
    PlanStatus,
    ReviewRecord,
)
from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    entered_in_error_values,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.schema import care_plan_reviews, care_plans, patients


def _plan_values(plan: CarePlan) -> dict[str, Any]:
    return {"plan": plan.model_dump_json(), "next_review_on": plan.next_review_on}


def _record(row: Any) -> CarePlanRecord:
    try:
        return CarePlanRecord(
            id=row.id,
            patient_id=row.patient_id,
            version=row.version,
            status=PlanStatus(row.status),
            plan=CarePlan.model_validate_json(row.plan),
            changes=row.changes,
            supersedes_id=row.supersedes_id,
            copy_given_on=row.copy_given_on,
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Care plan #{row.id} could not be read: it is damaged or was saved by a newer version of CareCoord."
        ) from exc


def add(
    conn: Connection,
    patient_id: int,
    plan: CarePlan,
    actor: str,
    *,
    version: int = 1,
    changes: str | None = None,
    supersedes_id: int | None = None,
    copy_given_on: date | None = None,
) -> int:
    result = conn.execute(
        insert(care_plans).values(
            patient_id=patient_id,
            status=PlanStatus.ACTIVE.value,
            version=version,
            changes=changes,
            supersedes_id=supersedes_id,
            copy_given_on=copy_given_on,
            **_plan_values(plan),
            **new_stamps(actor),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def get(conn: Connection, plan_id: int) -> CarePlanRecord:
    row = conn.execute(select(care_plans).where(care_plans.c.id == plan_id)).first()
    if row is None:
        raise NotFound(f"There is no care plan #{plan_id}.")
    return _record(row)


def _current(patient_ids: Sequence[int] | None = None) -> Any:
    query = select(care_plans).where(
        care_plans.c.status == PlanStatus.ACTIVE.value, care_plans.c.entered_in_error_reason.is_(None)
    )
    if patient_ids is not None:
        query = query.where(care_plans.c.patient_id.in_(list(patient_ids)))
    return query


def active(conn: Connection, patient_id: int) -> CarePlanRecord | None:
    """The patient's one active plan, if any."""
    row = conn.execute(_current([patient_id]).order_by(care_plans.c.id.desc())).first()
    return _record(row) if row is not None else None


def active_for(conn: Connection, patient_ids: Sequence[int]) -> dict[int, CarePlanRecord]:
    """The active plan of each of these patients that has one."""
    found: dict[int, CarePlanRecord] = {}
    for start in range(0, len(patient_ids), 500):
        for row in conn.execute(_current(patient_ids[start : start + 500])):
            found[int(row.patient_id)] = _record(row)
    return found


def for_patient(conn: Connection, patient_id: int) -> list[CarePlanRecord]:
    """Every version of the patient's plans (entered in error too), newest first."""
    rows = conn.execute(
        select(care_plans).where(care_plans.c.patient_id == patient_id).order_by(care_plans.c.id.desc())
    )
    return [_record(row) for row in rows]


def review_due_patients(conn: Connection, on: date) -> list[int]:
    """Patients whose active plan is due a review on or before `on`."""
    rows = conn.execute(
        _current().with_only_columns(care_plans.c.patient_id).where(care_plans.c.next_review_on <= on)
    )
    return sorted({int(r.patient_id) for r in rows})


def update(conn: Connection, plan_id: int, plan: CarePlan, actor: str) -> None:
    """A correction of the version itself; what it said before goes to record_history."""
    history.versioned_update(conn, care_plans, plan_id, _plan_values(plan), actor)


def set_status(conn: Connection, plan_id: int, status: PlanStatus, actor: str) -> None:
    history.versioned_update(conn, care_plans, plan_id, {"status": status.value}, actor)


def set_copy_given(conn: Connection, plan_id: int, on: date, actor: str) -> None:
    history.versioned_update(conn, care_plans, plan_id, {"copy_given_on": on}, actor)


def mark_entered_in_error(conn: Connection, plan_id: int, reason: str, actor: str) -> None:
    history.versioned_update(conn, care_plans, plan_id, entered_in_error_values(reason, actor), actor)


# -- reviews ------------------------------------------------------------------------------------------
def add_review(
    conn: Connection,
    plan: CarePlanRecord,
    reviewed_on: date,
    reviewer: str,
    progress: Sequence[GoalProgress],
    note: str | None,
    next_review_on: date,
    actor: str,
) -> int:
    result = conn.execute(
        insert(care_plan_reviews).values(
            plan_id=plan.id,
            patient_id=plan.patient_id,
            reviewed_on=reviewed_on,
            reviewer=reviewer,
            progress=json.dumps([p.model_dump(mode="json") for p in progress]),
            note=note,
            next_review_on=next_review_on,
            **new_stamps(actor),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def reviews(conn: Connection, patient_id: int) -> list[ReviewRecord]:
    """The patient's plan reviews, newest first."""
    rows = conn.execute(
        select(care_plan_reviews)
        .where(care_plan_reviews.c.patient_id == patient_id)
        .order_by(care_plan_reviews.c.reviewed_on.desc(), care_plan_reviews.c.id.desc())
    )
    found = []
    for row in rows:
        try:
            found.append(
                ReviewRecord(
                    id=row.id,
                    plan_id=row.plan_id,
                    reviewed_on=row.reviewed_on,
                    reviewer=row.reviewer,
                    progress=tuple(GoalProgress.model_validate(p) for p in json.loads(row.progress)),
                    note=row.note,
                    next_review_on=row.next_review_on,
                )
            )
        except (ValidationError, ValueError) as exc:
            raise RecordUnreadable(f"Care plan review #{row.id} could not be read.") from exc
    return found


# -- the coordinator's Today ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewDueRow:
    patient_id: int
    family_name: str
    given_name: str
    mrn: str
    plan_id: int
    next_review_on: date
    plan: str  # the plan's JSON (its title is read from it)


def reviews_due(conn: Connection, *, coordinator_id: int, due_by: date, limit: int) -> list[ReviewDueRow]:
    """Active plans due a review by `due_by` of this coordinator's patients and of those nobody coordinates
    (the review index drives; one query), earliest first."""
    query = (
        select(
            patients.c.id,
            patients.c.family_name,
            patients.c.given_name,
            patients.c.mrn,
            care_plans.c.id.label("plan_id"),
            care_plans.c.next_review_on,
            care_plans.c.plan,
        )
        .select_from(care_plans.join(patients, patients.c.id == care_plans.c.patient_id))
        .where(
            care_plans.c.status == PlanStatus.ACTIVE.value,
            care_plans.c.entered_in_error_reason.is_(None),
            care_plans.c.next_review_on <= due_by,
            patients.c.status == "active",
            or_(patients.c.coordinator_id == coordinator_id, patients.c.coordinator_id.is_(None)),
        )
        .order_by(care_plans.c.next_review_on, patients.c.sort_name)
        .limit(limit)
    )
    return [ReviewDueRow(*row) for row in conn.execute(query)]
