"""Previous versions of clinical records: every update or retirement snapshots the row first."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from carecoord_desktop.domain.errors import NotFound
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema import record_history


def _json_default(value: Any) -> str:
    return str(value)


def record_version(
    conn: Connection,
    table: Table,
    record_id: int,
    operation: str,
    actor: str,
    extra: dict[str, Any] | None = None,
    *,
    patient_id: int | None = None,
) -> None:
    """Snapshot the row as it is now (plus `extra` columns kept in side tables) into record_history.

    `patient_id` (default: the row's own patient_id column, if it has one) puts the version on the
    patient's timeline."""
    found = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
    if found is None:
        raise NotFound(f"The record to change no longer exists ({table.name} #{record_id}).")
    row = {**found, **(extra or {})}
    if patient_id is None and "patient_id" in table.c:
        patient_id = found["patient_id"]
    version = conn.execute(
        select(func.coalesce(func.max(record_history.c.version), 0)).where(
            record_history.c.table_name == table.name, record_history.c.record_id == record_id
        )
    ).scalar_one()
    conn.execute(
        insert(record_history).values(
            table_name=table.name,
            record_id=record_id,
            version=int(version) + 1,
            patient_id=patient_id,
            operation=operation,
            data=json.dumps(row, default=_json_default, ensure_ascii=False, sort_keys=True),
            changed_at=utc_now(),
            changed_by=actor,
        )
    )


def versioned_update(
    conn: Connection,
    table: Table,
    record_id: int,
    values: dict[str, Any],
    actor: str,
    *,
    extra: dict[str, Any] | None = None,
    patient_id: int | None = None,
) -> None:
    """Keep the current row in history, then apply `values` and the updated stamps."""
    record_version(conn, table, record_id, "update", actor, extra, patient_id=patient_id)
    conn.execute(
        update(table).where(table.c.id == record_id).values(**values, updated_at=utc_now(), updated_by=actor)
    )


def versions(conn: Connection, table_name: str, record_id: int) -> list[dict[str, Any]]:
    """Earlier versions, oldest first, each with who replaced it and when."""
    rows = conn.execute(
        select(record_history)
        .where(record_history.c.table_name == table_name, record_history.c.record_id == record_id)
        .order_by(record_history.c.version)
    ).mappings()
    return [
        {
            "version": r["version"],
            "operation": r["operation"],
            "changed_at": r["changed_at"],
            "changed_by": r["changed_by"],
            "data": json.loads(r["data"]),
        }
        for r in rows
    ]


def patient_versions(conn: Connection, patient_id: int, table_name: str) -> dict[int, list[dict[str, Any]]]:
    """Earlier versions of every row of `table_name` on one patient's timeline, by row id, oldest first."""
    rows = conn.execute(
        select(record_history)
        .where(record_history.c.patient_id == patient_id, record_history.c.table_name == table_name)
        .order_by(record_history.c.record_id, record_history.c.version)
    ).mappings()
    out: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["record_id"], []).append(
            {
                "version": r["version"],
                "operation": r["operation"],
                "changed_at": r["changed_at"],
                "changed_by": r["changed_by"],
                "data": json.loads(r["data"]),
            }
        )
    return out
