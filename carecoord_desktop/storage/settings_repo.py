"""Practice settings as validated JSON rows in `settings`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema import settings


def get(conn: Connection, key: str) -> Any | None:
    value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one_or_none()
    return None if value is None else json.loads(value)


def put(conn: Connection, key: str, value: Any, actor: str) -> None:
    body = json.dumps(value, sort_keys=True, ensure_ascii=False)
    now = utc_now()
    done = conn.execute(
        update(settings).where(settings.c.key == key).values(value=body, updated_at=now, updated_by=actor)
    )
    if done.rowcount == 0:
        conn.execute(
            insert(settings).values(
                key=key, value=body, created_at=now, created_by=actor, updated_at=now, updated_by=actor
            )
        )
