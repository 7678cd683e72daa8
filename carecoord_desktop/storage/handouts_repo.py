"""Practice handouts: add one (its PDF as a blob inside the vault), list them without their bytes, read the
bytes of those a packet merges, retire one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import Connection, insert, select, update

from carecoord_desktop.domain.handouts import HandoutCondition, HandoutFacts, HandoutInfo
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema_handouts import practice_handouts as h

_LISTED = (
    h.c.id,
    h.c.title,
    h.c.condition,
    h.c.language,
    h.c.pages,
    h.c.size_bytes,
    h.c.created_at,
    h.c.created_by,
)


def add(conn: Connection, facts: HandoutFacts, pdf: bytes, pages: int, actor: str) -> int:
    now = utc_now()
    result = conn.execute(
        insert(h).values(
            title=facts.title,
            condition=facts.condition.value,
            language=facts.language,
            pdf=pdf,
            pages=pages,
            size_bytes=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            created_at=now,
            created_by=actor,
            updated_at=now,
            updated_by=actor,
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def listed(conn: Connection) -> list[HandoutInfo]:
    """The handouts in use (not retired), by condition, language and title."""
    rows = conn.execute(
        select(*_LISTED)
        .where(h.c.retired_at.is_(None))
        .order_by(h.c.condition, h.c.language, h.c.title, h.c.id)
    )
    return [
        HandoutInfo(
            id=r.id,
            title=r.title,
            condition=HandoutCondition(r.condition),
            language=r.language,
            pages=r.pages,
            size_bytes=r.size_bytes,
            added_on=r.created_at,
            added_by=r.created_by,
        )
        for r in rows
    ]


def same_file_exists(conn: Connection, pdf: bytes) -> str | None:
    """The title of a handout in use with exactly these bytes, if any."""
    digest = hashlib.sha256(pdf).hexdigest()
    row = conn.execute(select(h.c.title).where(h.c.sha256 == digest, h.c.retired_at.is_(None))).first()
    return None if row is None else str(row.title)


def files(conn: Connection, ids: Sequence[int]) -> list[tuple[int, str, bytes]]:
    """(id, title, PDF) of the handouts in use among `ids`, in the order asked for."""
    rows = conn.execute(select(h.c.id, h.c.title, h.c.pdf).where(h.c.id.in_(ids), h.c.retired_at.is_(None)))
    found = {r.id: (r.id, r.title, bytes(r.pdf)) for r in rows}
    return [found[i] for i in ids if i in found]


def retire(conn: Connection, handout_id: int, actor: str) -> bool:
    now = utc_now()
    result = conn.execute(
        update(h)
        .where(h.c.id == handout_id, h.c.retired_at.is_(None))
        .values(retired_at=now, retired_by=actor, updated_at=now, updated_by=actor)
    )
    return result.rowcount == 1
