"""Saved panel views: a name and a filter payload per staff member."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, delete, select

from carecoord_desktop.storage.schema import saved_views
from carecoord_desktop.storage.stamped import upsert


def save_view(conn: Connection, staff_id: int, name: str, payload: dict[str, Any], actor: str) -> None:
    upsert(
        conn,
        saved_views,
        {"staff_id": staff_id, "name": name},
        {"payload": json.dumps(payload, sort_keys=True)},
        actor,
    )


def views_for(conn: Connection, staff_id: int) -> dict[str, dict[str, Any]]:
    rows = conn.execute(
        select(saved_views.c.name, saved_views.c.payload)
        .where(saved_views.c.staff_id == staff_id)
        .order_by(saved_views.c.name)
    )
    return {r.name: json.loads(r.payload) for r in rows}


def delete_view(conn: Connection, staff_id: int, name: str) -> None:
    conn.execute(
        delete(saved_views).where(and_(saved_views.c.staff_id == staff_id, saved_views.c.name == name))
    )
