"""The open TCM clocks across the practice: open tcm.* due items with their patient and stay, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, or_, select

from carecoord_desktop.storage.schema import patient_due_items, patients, transition_stays


@dataclass(frozen=True)
class OpenClockRow:
    patient_id: int
    family_name: str
    given_name: str
    mrn: str
    coordinator_name: str | None
    kind: str
    due_on: date
    stay_kind: str
    facility_name: str
    discharged_on: date
    stay_id: int


def open_clocks(
    conn: Connection,
    *,
    coordinator_id: int | None = None,
    with_unassigned: bool = False,
    due_by: date | None = None,
    discharged_since: date | None = None,
) -> list[OpenClockRow]:
    """Every open TCM clock, earliest due first: optionally only one coordinator's patients (and, with
    `with_unassigned`, the patients nobody coordinates), only those due by `due_by`, and only those of stays
    discharged since `discharged_since` (read from the recent stays, not from every open due item)."""
    query = (
        select(
            patients.c.id.label("patient_id"),
            patients.c.family_name,
            patients.c.given_name,
            patients.c.mrn,
            patients.c.coordinator_name,
            patient_due_items.c.kind,
            patient_due_items.c.due_on,
            transition_stays.c.kind.label("stay_kind"),
            transition_stays.c.facility_name,
            transition_stays.c.discharged_on,
            transition_stays.c.id.label("stay_id"),
        )
        .select_from(
            patient_due_items.join(patients, patients.c.id == patient_due_items.c.patient_id).join(
                transition_stays,
                (patient_due_items.c.source_table == transition_stays.name)
                & (patient_due_items.c.source_id == transition_stays.c.id),
            )
        )
        .where(
            patient_due_items.c.done.is_(False),
            patient_due_items.c.source_table == transition_stays.name,
            transition_stays.c.entered_in_error_reason.is_(None),
        )
        .order_by(patient_due_items.c.due_on, patients.c.sort_name)
    )
    if coordinator_id is not None:
        mine = patients.c.coordinator_id == coordinator_id
        query = query.where(or_(mine, patients.c.coordinator_id.is_(None)) if with_unassigned else mine)
    if due_by is not None:
        query = query.where(patient_due_items.c.due_on <= due_by)
    if discharged_since is not None:
        # Driven from the recent stays (the discharge index, then each stay's due items by their key), not by
        # walking every open due item of the practice up to `due_by`.
        recent = select(transition_stays.c.id).where(transition_stays.c.discharged_on >= discharged_since)
        query = query.where(patient_due_items.c.source_id.in_(recent))
    return [OpenClockRow(**row._asdict()) for row in conn.execute(query)]
