"""Due items, written by features in their own write transaction, and the panel columns they keep current.

"Next due" on the panel row is the earliest open item (a fact, not date-dependent); "overdue" is computed at
query time against the practice's today (patients_panel_repo). "Last contact" is set by contact attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Connection, and_, insert, select, update

from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema import patient_due_items, patients


@dataclass(frozen=True)
class DueItemRow:
    id: int
    patient_id: int
    due_on: date
    kind: str
    source_table: str
    source_id: int
    label: str
    done: bool


def _key(source_table: str, source_id: int, kind: str) -> ColumnElement[bool]:
    return and_(
        patient_due_items.c.source_table == source_table,
        patient_due_items.c.source_id == source_id,
        patient_due_items.c.kind == kind,
    )


def upsert(
    conn: Connection,
    patient_id: int,
    *,
    kind: str,
    source_table: str,
    source_id: int,
    due_on: date,
    label: str,
    actor: str,
) -> None:
    """The due item of (source row, kind): created, or moved to a new date and label and reopened."""
    now = utc_now()
    values = {"patient_id": patient_id, "due_on": due_on, "label": label, "done": False, "done_at": None}
    changed = conn.execute(
        update(patient_due_items)
        .where(_key(source_table, source_id, kind))
        .values(**values, updated_at=now, updated_by=actor)
    ).rowcount
    if not changed:
        conn.execute(
            insert(patient_due_items).values(
                **values,
                kind=kind,
                source_table=source_table,
                source_id=source_id,
                created_at=now,
                created_by=actor,
                updated_at=now,
                updated_by=actor,
            )
        )
    refresh_next_due(conn, patient_id)


def complete(conn: Connection, *, source_table: str, source_id: int, kind: str, actor: str) -> bool:
    """Mark the due item of (source row, kind) done; False if there is none open."""
    row = conn.execute(
        select(patient_due_items.c.id, patient_due_items.c.patient_id).where(
            _key(source_table, source_id, kind), patient_due_items.c.done.is_(False)
        )
    ).first()
    if row is None:
        return False
    now = utc_now()
    conn.execute(
        update(patient_due_items)
        .where(patient_due_items.c.id == row.id)
        .values(done=True, done_at=now, updated_at=now, updated_by=actor)
    )
    refresh_next_due(conn, row.patient_id)
    return True


def refresh_next_due(conn: Connection, patient_id: int) -> None:
    """Copy the earliest open due item onto the patient's panel row (or clear it)."""
    first = conn.execute(
        select(patient_due_items.c.due_on, patient_due_items.c.label)
        .where(patient_due_items.c.patient_id == patient_id, patient_due_items.c.done.is_(False))
        .order_by(patient_due_items.c.due_on, patient_due_items.c.id)
        .limit(1)
    ).first()
    conn.execute(
        update(patients)
        .where(patients.c.id == patient_id)
        .values(next_due_on=first.due_on if first else None, next_due_label=first.label if first else None)
    )


def set_last_contact(conn: Connection, patient_id: int, on: date) -> None:
    """A contact with the patient happened on `on`; the panel keeps the latest."""
    current = conn.execute(select(patients.c.last_contact_on).where(patients.c.id == patient_id)).scalar()
    if current is None or on > current:
        conn.execute(update(patients).where(patients.c.id == patient_id).values(last_contact_on=on))


def open_items(conn: Connection, patient_id: int) -> list[DueItemRow]:
    rows = conn.execute(
        select(patient_due_items)
        .where(patient_due_items.c.patient_id == patient_id, patient_due_items.c.done.is_(False))
        .order_by(patient_due_items.c.due_on, patient_due_items.c.id)
    )
    return [
        DueItemRow(r.id, r.patient_id, r.due_on, r.kind, r.source_table, r.source_id, r.label, bool(r.done))
        for r in rows
    ]


def close_all(conn: Connection, patient_id: int, actor: str) -> int:
    """Every open item of the patient done (the patient died); the panel's Next due clears."""
    now = utc_now()
    closed = conn.execute(
        update(patient_due_items)
        .where(patient_due_items.c.patient_id == patient_id, patient_due_items.c.done.is_(False))
        .values(done=True, done_at=now, updated_at=now, updated_by=actor)
    ).rowcount
    refresh_next_due(conn, patient_id)
    return int(closed)


def status_and_name(conn: Connection, patient_id: int) -> tuple[str, str] | None:
    """The patient's status and "Family, Given", for the outreach check."""
    row = conn.execute(
        select(patients.c.status, patients.c.family_name, patients.c.given_name).where(
            patients.c.id == patient_id
        )
    ).first()
    return (row.status, f"{row.family_name}, {row.given_name}") if row else None
