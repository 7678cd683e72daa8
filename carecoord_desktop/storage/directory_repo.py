"""The outside-provider directory: entries, and search as you type over name, specialty and NPI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from carecoord_desktop.domain.errors import NotFound
from carecoord_desktop.storage import history
from carecoord_desktop.storage.schema_referrals import directory_entries

ENTRY_COLUMNS = (
    "name",
    "kind",
    "specialty",
    "npi",
    "phone",
    "fax",
    "address",
    "intake",
    "typical_wait_days",
    "notes",
    "active",
)


@dataclass(frozen=True)
class StoredEntry:
    id: int
    values: dict[str, Any]
    updated_at: str
    updated_by: str


def add(conn: Connection, values: dict[str, Any], search_text: str, actor: str, at: str) -> int:
    result = conn.execute(
        insert(directory_entries).values(
            **values,
            search_text=search_text,
            created_at=at,
            created_by=actor,
            updated_at=at,
            updated_by=actor,
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def replace(
    conn: Connection, entry_id: int, values: dict[str, Any], search_text: str, actor: str, at: str
) -> None:
    """Keep the current version in history, then write the new one."""
    history.record_version(conn, directory_entries, entry_id, "update", actor)
    conn.execute(
        update(directory_entries)
        .where(directory_entries.c.id == entry_id)
        .values(**values, search_text=search_text, updated_at=at, updated_by=actor)
    )


def get(conn: Connection, entry_id: int) -> StoredEntry:
    row = conn.execute(select(directory_entries).where(directory_entries.c.id == entry_id)).mappings().first()
    if row is None:
        raise NotFound(f"There is no directory entry #{entry_id}.")
    return StoredEntry(row["id"], {c: row[c] for c in ENTRY_COLUMNS}, row["updated_at"], row["updated_by"])


def search(conn: Connection, words: list[str], *, active_only: bool, limit: int) -> list[StoredEntry]:
    """Entries whose folded text contains every word (a directory is hundreds of rows, so a scan is fine)."""
    clauses = [directory_entries.c.search_text.contains(w, autoescape=True) for w in words]
    if active_only:
        clauses.append(directory_entries.c.active.is_(True))
    query = select(directory_entries).order_by(directory_entries.c.name, directory_entries.c.id).limit(limit)
    if clauses:
        query = query.where(and_(*clauses))
    return [
        StoredEntry(r["id"], {c: r[c] for c in ENTRY_COLUMNS}, r["updated_at"], r["updated_by"])
        for r in conn.execute(query).mappings()
    ]


def names(conn: Connection, ids: list[int]) -> dict[int, str]:
    rows = conn.execute(
        select(directory_entries.c.id, directory_entries.c.name).where(directory_entries.c.id.in_(ids))
    )
    return {r.id: r.name for r in rows}


def exists(conn: Connection, entry_id: int) -> bool:
    return (
        conn.execute(select(directory_entries.c.id).where(directory_entries.c.id == entry_id)).first()
        is not None
    )
