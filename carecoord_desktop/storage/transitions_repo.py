"""Transition stays: one row each, versioned in record_history on every change, never deleted."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection, func, insert, select, update

from carecoord_desktop.domain.discharge_checklist import ChecklistTask, PlannedTask, TaskRecord
from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.domain.patients import PatientStatus
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.transitions import (
    ClockKind,
    Disposition,
    Stay,
    StayKind,
    StayRecord,
    tcm_periods,
    tcm_qualification,
)
from carecoord_desktop.domain.validation import DEFAULT_RULES
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    entered_in_error_values,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema import patients, transition_stays, transition_tasks

STATUS_RECORDED: Final = "recorded"
MET_COLUMNS: Final = {
    ClockKind.CONTACT: "contact_on",
    ClockKind.VISIT: "visit_on",
    ClockKind.MED_REC: "med_rec_on",
}
_STORED: Final = DEFAULT_RULES.for_stored().context()


def _values(stay: Stay) -> dict[str, Any]:
    values = stay.model_dump(mode="python", exclude={"diagnoses", "charlson_items"})
    values["diagnoses"] = json.dumps(list(stay.diagnoses), ensure_ascii=False)
    values["charlson_items"] = (
        None if stay.charlson_items is None else json.dumps([item.value for item in stay.charlson_items])
    )
    return {key: value.value if hasattr(value, "value") else value for key, value in values.items()}


def _record(row: Any) -> StayRecord:
    try:
        data = {name: getattr(row, name) for name in Stay.model_fields}
        data["diagnoses"] = json.loads(row.diagnoses)
        data["charlson_items"] = None if row.charlson_items is None else json.loads(row.charlson_items)
        return StayRecord(
            id=row.id,
            patient_id=row.patient_id,
            stay=Stay.model_validate(data, context=_STORED),
            met={kind: getattr(row, column) for kind, column in MET_COLUMNS.items() if getattr(row, column)},
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Stay #{row.id} could not be read: it is damaged or was saved by a newer version of CareCoord."
        ) from exc


def add(conn: Connection, patient_id: int, stay: Stay, actor: str) -> int:
    result = conn.execute(
        insert(transition_stays).values(
            patient_id=patient_id, status=STATUS_RECORDED, **_values(stay), **new_stamps(actor)
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def _periods(conn: Connection, patient_id: int) -> dict[int, date]:
    """Which of the patient's current stays fall inside an earlier billable TCM period (tcm_periods)."""
    rows = conn.execute(
        select(
            transition_stays.c.id,
            transition_stays.c.discharged_on,
            transition_stays.c.kind,
            transition_stays.c.disposition,
        ).where(
            transition_stays.c.patient_id == patient_id, transition_stays.c.entered_in_error_reason.is_(None)
        )
    )
    return tcm_periods(
        (r.id, r.discharged_on, tcm_qualification(StayKind(r.kind), Disposition(r.disposition))) for r in rows
    )


def _placed(record: StayRecord, periods: dict[int, date]) -> StayRecord:
    within = periods.get(record.id) if record.is_current else None
    return record if within is None else record.model_copy(update={"within_period_of": within})


def get(conn: Connection, stay_id: int) -> StayRecord:
    row = conn.execute(select(transition_stays).where(transition_stays.c.id == stay_id)).first()
    if row is None:
        raise NotFound(f"There is no stay #{stay_id}.")
    record = _record(row)
    return _placed(record, _periods(conn, record.patient_id))


def for_patient(conn: Connection, patient_id: int, *, include_all: bool = False) -> list[StayRecord]:
    """The patient's stays, latest discharge first: current ones, or every row (entered in error too)."""
    query = (
        select(transition_stays)
        .where(transition_stays.c.patient_id == patient_id)
        .order_by(transition_stays.c.discharged_on.desc(), transition_stays.c.id.desc())
    )
    if not include_all:
        query = query.where(transition_stays.c.entered_in_error_reason.is_(None))
    records = [_record(row) for row in conn.execute(query)]
    periods = tcm_periods((r.id, r.stay.discharged_on, r.stay.qualification) for r in records if r.is_current)
    return [_placed(r, periods) for r in records]


def set_met(conn: Connection, stay_id: int, kind: ClockKind, on: date | None, actor: str) -> None:
    """The day the TCM work `kind` was done (None: not done after all)."""
    history.versioned_update(conn, transition_stays, stay_id, {MET_COLUMNS[kind]: on}, actor)


def mark_entered_in_error(conn: Connection, stay_id: int, reason: str, actor: str) -> None:
    history.versioned_update(conn, transition_stays, stay_id, entered_in_error_values(reason, actor), actor)


def versions(conn: Connection, patient_id: int) -> dict[int, list[dict[str, Any]]]:
    """Earlier versions of each of the patient's stays, by stay id, oldest first."""
    return history.patient_versions(conn, patient_id, transition_stays.name)


# -- the discharge checklist ------------------------------------------------------------------------
def add_tasks(
    conn: Connection, stay_id: int, patient_id: int, planned: tuple[PlannedTask, ...], actor: str
) -> None:
    if planned:
        stamps = new_stamps(actor)
        conn.execute(
            insert(transition_tasks),
            [
                {
                    "stay_id": stay_id,
                    "patient_id": patient_id,
                    "task": p.task.value,
                    "owner_role": p.task.owner.value,
                    "due_on": p.due_on,
                    **stamps,
                }
                for p in planned
            ],
        )


def _task(row: Any) -> TaskRecord:
    try:
        return TaskRecord(
            id=row.id,
            stay_id=row.stay_id,
            task=ChecklistTask(row.task),
            owner=Role(row.owner_role),
            due_on=row.due_on,
            done_on=row.done_on,
            done_by=row.done_by,
        )
    except ValueError as exc:
        raise RecordUnreadable(f"Checklist task #{row.id} could not be read.") from exc


def tasks_for_patient(conn: Connection, patient_id: int) -> dict[int, list[TaskRecord]]:
    """The patient's checklist tasks by stay id, earliest due first."""
    rows = conn.execute(
        select(transition_tasks)
        .where(transition_tasks.c.patient_id == patient_id)
        .order_by(transition_tasks.c.due_on, transition_tasks.c.id)
    )
    found: dict[int, list[TaskRecord]] = {}
    for row in rows:
        found.setdefault(int(row.stay_id), []).append(_task(row))
    return found


def get_task(conn: Connection, task_id: int) -> tuple[int, TaskRecord]:
    """The task and its patient's id."""
    row = conn.execute(select(transition_tasks).where(transition_tasks.c.id == task_id)).first()
    if row is None:
        raise NotFound(f"There is no checklist task #{task_id}.")
    return int(row.patient_id), _task(row)


def set_task_done(conn: Connection, task_id: int, on: date, actor: str) -> None:
    conn.execute(
        update(transition_tasks)
        .where(transition_tasks.c.id == task_id)
        .values(done_on=on, done_by=actor, updated_at=utc_now(), updated_by=actor)
    )


def active_patients_by_name(conn: Connection) -> list[int]:
    """Every active patient's id in family-name order (demo stays spread across the alphabet)."""
    query = (
        select(patients.c.id)
        .where(patients.c.status == PatientStatus.ACTIVE.value)
        .order_by(patients.c.sort_name, patients.c.id)
    )
    return [int(row.id) for row in conn.execute(query)]


def patient_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(patients)).scalar_one())


def patients_with_stays(conn: Connection) -> set[int]:
    """Patients with at least one current hospital, observation or SNF stay (an ED visit is not a stay)."""
    query = (
        select(transition_stays.c.patient_id)
        .where(
            transition_stays.c.entered_in_error_at.is_(None),
            transition_stays.c.kind != StayKind.ED_VISIT.value,
        )
        .distinct()
    )
    return {int(row.patient_id) for row in conn.execute(query)}
