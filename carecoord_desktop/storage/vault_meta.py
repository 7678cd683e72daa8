"""Facts about the vault itself in `meta` (not practice settings: no settings screen writes these)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from carecoord_desktop.storage.schema import meta
from carecoord_desktop.storage.stamped import upsert

#: Set at creation on demo, benchmark and test practices: the synthetic filler fills these only.
SYNTHETIC = "synthetic_practice"


def get(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()
    return None if value is None else str(value)


def put(conn: Connection, key: str, value: str, actor: str) -> None:
    upsert(conn, meta, {"key": key}, {"value": value}, actor)
