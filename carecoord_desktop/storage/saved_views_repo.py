"""Saved views: a name and a filter payload per staff member, for each screen that keeps them.

The panel's are in `saved_views` and the referral worklist's in `referral_views` (migrations 0002 and 0006);
one set of functions serves both, chosen by the screen's key.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, select

from carecoord_desktop.storage.schema import saved_views
from carecoord_desktop.storage.schema_referrals import referral_views
from carecoord_desktop.storage.stamped import upsert

TABLES: dict[str, Table] = {"panel": saved_views, "referrals": referral_views}


def save_view(
    conn: Connection, staff_id: int, name: str, payload: dict[str, Any], actor: str, screen: str = "panel"
) -> None:
    values = {"payload": json.dumps(payload, sort_keys=True)}
    upsert(conn, TABLES[screen], {"staff_id": staff_id, "name": name}, values, actor)


def views_for(conn: Connection, staff_id: int, screen: str = "panel") -> dict[str, dict[str, Any]]:
    table = TABLES[screen]
    rows = conn.execute(
        select(table.c.name, table.c.payload).where(table.c.staff_id == staff_id).order_by(table.c.name)
    )
    return {r.name: json.loads(r.payload) for r in rows}


def delete_view(conn: Connection, staff_id: int, name: str, screen: str = "panel") -> None:
    table = TABLES[screen]
    conn.execute(delete(table).where(and_(table.c.staff_id == staff_id, table.c.name == name)))
