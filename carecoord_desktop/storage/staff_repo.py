"""Staff accounts. Never deleted: disabled, with their key slots removed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema import staff


def add(
    conn: Connection, *, username: str, full_name: str, role: str, must_change_password: bool, actor: str
) -> int:
    now = utc_now()
    result = conn.execute(
        insert(staff).values(
            username=username,
            full_name=full_name,
            role=role,
            active=True,
            must_change_password=must_change_password,
            stay_signed_in=False,
            created_at=now,
            created_by=actor,
            updated_at=now,
            updated_by=actor,
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def set_fields(conn: Connection, username: str, actor: str, **values: Any) -> None:
    conn.execute(
        update(staff)
        .where(staff.c.username == username)
        .values(**values, updated_at=utc_now(), updated_by=actor)
    )


def all_rows(conn: Connection) -> list[Any]:
    return list(conn.execute(select(staff).order_by(staff.c.active.desc(), staff.c.full_name)))


def active_admin_count(conn: Connection) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(staff).where(staff.c.role == "admin", staff.c.active.is_(True))
        ).scalar_one()
    )


def names_by_id(conn: Connection) -> dict[int, str]:
    """Every account's full name (disabled ones too: old records still name them)."""
    return {row.id: row.full_name for row in conn.execute(select(staff.c.id, staff.c.full_name))}


def active_by_name(conn: Connection) -> list[tuple[int, str, str]]:
    """(id, full name, role) of active accounts, by name."""
    rows = conn.execute(
        select(staff.c.id, staff.c.full_name, staff.c.role)
        .where(staff.c.active.is_(True))
        .order_by(staff.c.full_name)
    )
    return [(r.id, r.full_name, r.role) for r in rows]


def by_username(conn: Connection, username: str) -> Any | None:
    return conn.execute(select(staff).where(staff.c.username == username)).first()


def active_ids(conn: Connection, role: str) -> list[int]:
    return [
        int(i) for i in conn.execute(select(staff.c.id).where(staff.c.role == role, staff.c.active)).scalars()
    ]
