"""Unsaved form input kept for its owner (after an auto-lock where someone else signed in)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, select

from carecoord_desktop.storage.schema import drafts
from carecoord_desktop.storage.stamped import upsert


def save(conn: Connection, staff_id: int, form_key: str, payload: dict[str, Any], actor: str) -> None:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    upsert(conn, drafts, {"staff_id": staff_id, "form_key": form_key}, {"payload": body}, actor)


def raw_for_staff(conn: Connection, staff_id: int) -> dict[str, str]:
    """Form key -> the stored JSON text, unparsed: the service checks it before anything uses it."""
    rows = conn.execute(select(drafts.c.form_key, drafts.c.payload).where(drafts.c.staff_id == staff_id))
    return {str(row.form_key): str(row.payload) for row in rows}


def discard(conn: Connection, staff_id: int, form_key: str) -> None:
    conn.execute(delete(drafts).where((drafts.c.staff_id == staff_id) & (drafts.c.form_key == form_key)))
