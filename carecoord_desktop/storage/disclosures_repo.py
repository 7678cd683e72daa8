"""The disclosure log: append one row per print or save, read a patient's rows newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from carecoord_desktop.storage.clock import parse_utc, utc_now
from carecoord_desktop.storage.schema_disclosures import disclosures


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    patient_id: int
    disclosed_at: datetime  # aware, UTC
    staff_name: str
    delivery: str
    document: str
    clinical: bool
    language: str
    large_print: bool
    recipient_kind: str
    recipient_name: str | None
    purpose: str
    purpose_text: str | None
    page_count: int
    sha256: str


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def add(conn: Connection, row: DisclosureRow, staff_id: int, actor: str) -> int:
    now = utc_now()
    values = {
        name: getattr(row, name)
        for name in DisclosureRow.__dataclass_fields__
        if name not in ("id", "disclosed_at")
    }
    result = conn.execute(
        insert(disclosures).values(
            **values,
            disclosed_at=_stamp(row.disclosed_at),
            staff_id=staff_id,
            created_at=now,
            created_by=actor,
            updated_at=now,
            updated_by=actor,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def link_audit_entry(conn: Connection, disclosure_id: int, seq: int) -> None:
    conn.execute(update(disclosures).where(disclosures.c.id == disclosure_id).values(audit_seq=seq))


def for_patient(
    conn: Connection, patient_id: int, *, since: datetime | None = None, until: datetime | None = None
) -> list[DisclosureRow]:
    """Newest first; `since` inclusive, `until` exclusive (UTC)."""
    query = select(disclosures).where(disclosures.c.patient_id == patient_id)
    if since is not None:
        query = query.where(disclosures.c.disclosed_at >= _stamp(since))
    if until is not None:
        query = query.where(disclosures.c.disclosed_at < _stamp(until))
    query = query.order_by(disclosures.c.disclosed_at.desc(), disclosures.c.id.desc())
    return [
        DisclosureRow(
            id=r.id,
            patient_id=r.patient_id,
            disclosed_at=parse_utc(r.disclosed_at),
            staff_name=r.staff_name,
            delivery=r.delivery,
            document=r.document,
            clinical=bool(r.clinical),
            language=r.language,
            large_print=bool(r.large_print),
            recipient_kind=r.recipient_kind,
            recipient_name=r.recipient_name,
            purpose=r.purpose,
            purpose_text=r.purpose_text,
            page_count=r.page_count,
            sha256=r.sha256,
        )
        for r in conn.execute(query)
    ]
