"""Practice settings as validated JSON rows in `settings`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from carecoord_desktop.storage.schema import settings
from carecoord_desktop.storage.stamped import upsert

PRACTICE_KEY = "practice"
BACKUP_POLICY_KEY = "backup_policy"


def get(conn: Connection, key: str) -> Any | None:
    value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one_or_none()
    return None if value is None else json.loads(value)


def put(conn: Connection, key: str, value: Any, actor: str) -> None:
    upsert(
        conn, settings, {"key": key}, {"value": json.dumps(value, sort_keys=True, ensure_ascii=False)}, actor
    )
