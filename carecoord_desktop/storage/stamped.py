"""Rows that carry created/updated by/at stamps: write one by its key, updating it or inserting it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, and_, insert, update

from carecoord_desktop.storage.clock import utc_now


def upsert(conn: Connection, table: Table, key: dict[str, Any], values: dict[str, Any], actor: str) -> None:
    """Update the row whose columns equal `key`, or insert it; either way the stamps say who and when."""
    now = utc_now()
    where = and_(*(table.c[name] == value for name, value in key.items()))
    if conn.execute(update(table).where(where).values(**values, updated_at=now, updated_by=actor)).rowcount:
        return
    conn.execute(
        insert(table).values(
            **key, **values, created_at=now, created_by=actor, updated_at=now, updated_by=actor
        )
    )
