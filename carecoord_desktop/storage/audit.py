"""The hash-chained, append-only audit log.

Each entry carries the hash of the one before. The newest entry's number and hash are also kept in
`audit_head` under an HMAC keyed from the vault key, so editing, deleting or truncating entries without
that key is detected by `verify`. Triggers refuse UPDATE and DELETE on the log. Every user holds the
vault key, so against them the chain and head prove nothing: the forward-secure seal (audit_seal.py)
does, checked by `verify` when it is given the seed that only administrator and recovery slots hold.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Select, and_, func, insert, select, update

from carecoord_desktop.storage import audit_seal, vault_meta
from carecoord_desktop.storage.audit_seal import AuditSeed
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema import audit_head, audit_log

#: A fixed head key kept in `meta` (set before a key rotation), so rotating the database key keeps the head valid.
HEAD_KEY_META = "audit_head_key"


def head_mac_key(dek: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"carecoord-audit-head").derive(dek)


def _head_key(conn: Connection, derived: bytes) -> bytes:
    fixed = vault_meta.get(conn, HEAD_KEY_META)
    return bytes.fromhex(fixed) if fixed else derived


def pin_head_key(conn: Connection, derived: bytes, actor: str) -> None:
    """Keep today's head key in the vault, so a new database key (rotation) leaves the head verifiable."""
    if vault_meta.get(conn, HEAD_KEY_META) is None:
        vault_meta.put(conn, HEAD_KEY_META, derived.hex(), actor)


def genesis_hash(vault_id: str) -> str:
    return hashlib.sha256(f"carecoord-audit-genesis:{vault_id}".encode()).hexdigest()


def _entry_hash(row: dict[str, Any]) -> str:
    canonical = json.dumps(
        [
            row["seq"],
            row["at"],
            row["staff_id"],
            row["username"],
            row["action"],
            row["outcome"],
            row["patient_id"],
            row["subject"],
            row["detail"],
            row["workstation"],
            row["prev_hash"],
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _head_mac(key: bytes, seq: int, entry_hash: str) -> str:
    return hmac.new(key, f"{seq}:{entry_hash}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    staff_id: int | None
    username: str
    action: str
    outcome: str
    patient_id: int | None
    subject: str
    detail: dict[str, Any]
    workstation: str


def init_head(conn: Connection, mac_key: bytes, vault_id: str) -> None:
    mac_key = _head_key(conn, mac_key)
    first = genesis_hash(vault_id)
    conn.execute(
        insert(audit_head).values(
            id=1, seq=0, entry_hash=first, mac=_head_mac(mac_key, 0, first), updated_at=utc_now()
        )
    )


def next_seq(conn: Connection) -> int:
    """The number the next entry gets. Never reuses one, even if the head was rewound or the newest entries
    removed (the appending key knows how far it got): the gap stays visible to verify()."""
    head_seq = conn.execute(select(audit_head.c.seq).where(audit_head.c.id == 1)).scalar_one()
    last_seq = conn.execute(select(func.coalesce(func.max(audit_log.c.seq), 0))).scalar_one()
    return max(int(head_seq) + 1, int(last_seq) + 1, audit_seal.upcoming(conn))


def append(
    conn: Connection,
    mac_key: bytes,
    *,
    username: str,
    action: str,
    outcome: str = "ok",
    staff_id: int | None = None,
    patient_id: int | None = None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    workstation: str = "",
    at: str | None = None,
) -> int:
    """Append one entry inside the caller's transaction (sealed, when sealing has started); returns its number."""
    mac_key = _head_key(conn, mac_key)
    head = conn.execute(select(audit_head.c.entry_hash).where(audit_head.c.id == 1)).one()
    row: dict[str, Any] = {
        "seq": next_seq(conn),
        "at": at or utc_now(),
        "staff_id": staff_id,
        "username": username,
        "action": action,
        "outcome": outcome,
        "patient_id": patient_id,
        "subject": subject,
        "detail": json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
        "workstation": workstation,
        "prev_hash": head.entry_hash,
    }
    row["entry_hash"] = _entry_hash(row)
    conn.execute(insert(audit_log).values(**row))
    audit_seal.seal_entry(conn, row["seq"], row["entry_hash"])
    conn.execute(
        update(audit_head)
        .where(audit_head.c.id == 1)
        .values(
            seq=row["seq"],
            entry_hash=row["entry_hash"],
            mac=_head_mac(mac_key, row["seq"], row["entry_hash"]),
            updated_at=utc_now(),
        )
    )
    return int(row["seq"])


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries_checked: int
    first_broken_seq: int | None = None
    problem: str = ""
    sealed_from: int | None = None  # the first sealed entry, when the seals were checked
    seal_note: str = ""

    def describe(self) -> str:
        if not self.ok:
            return f"Audit trail BROKEN: {self.problem}"
        text = f"Audit trail intact: {self.entries_checked} entries, hash chain and stored head agree"
        if self.sealed_from is not None:
            text += f"; the forward-secure seals of entries #{self.sealed_from} on match"
        return text + (f" ({self.seal_note})." if self.seal_note else ".")


def verify(conn: Connection, mac_key: bytes, vault_id: str, seed: AuditSeed | None = None) -> ChainReport:
    """The hash chain and the stored head; with `seed`, also every forward-secure seal and the appending key."""
    report = _verify_chain(conn, _head_key(conn, mac_key), vault_id)
    if not report.ok:
        return report
    if seed is None:
        note = "the forward-secure seals were not checked: that needs an administrator's or the recovery key"
        return ChainReport(True, report.entries_checked, seal_note=note if audit_seal.started(conn) else "")
    seals = audit_seal.verify(conn, seed)
    if not seals.ok:
        return ChainReport(False, report.entries_checked, seals.first_broken_seq, seals.problem)
    return ChainReport(True, report.entries_checked, sealed_from=seed.start_seq)


def _verify_chain(conn: Connection, mac_key: bytes, vault_id: str) -> ChainReport:
    head = conn.execute(select(audit_head)).first()
    if head is None:
        return ChainReport(False, 0, 1, "the stored head of the audit trail is missing.")
    if not hmac.compare_digest(head.mac, _head_mac(mac_key, head.seq, head.entry_hash)):
        return ChainReport(False, 0, head.seq, "the stored head of the audit trail has been altered.")
    prev = genesis_hash(vault_id)
    expected_seq = 1
    checked = 0
    for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)).mappings():
        seq = row["seq"]
        if seq != expected_seq:
            return ChainReport(
                False,
                checked,
                expected_seq,
                f"entry #{expected_seq} is missing (the log jumps from #{expected_seq - 1} to #{seq}).",
            )
        if row["prev_hash"] != prev:
            return ChainReport(
                False,
                checked,
                seq,
                f"entry #{seq} ({row['at']}, {row['action']}) does not follow entry #{seq - 1}.",
            )
        if _entry_hash(dict(row)) != row["entry_hash"]:
            return ChainReport(
                False,
                checked,
                seq,
                f"entry #{seq} ({row['at']}, {row['action']}) was modified after it was written.",
            )
        prev = row["entry_hash"]
        expected_seq += 1
        checked += 1
    last = expected_seq - 1
    if last != head.seq:
        if last < head.seq:
            return ChainReport(
                False,
                checked,
                last + 1,
                f"entries #{last + 1} to #{head.seq} were removed from the end of the log (it ends at #{last}).",
            )
        return ChainReport(
            False, checked, head.seq + 1, f"entries after #{head.seq} were added outside the app."
        )
    if prev != head.entry_hash:
        return ChainReport(False, checked, last, f"entry #{last} does not match the stored head.")
    return ChainReport(True, checked)


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    patient_id: int | None = None
    action: str | None = None
    outcome: str | None = None
    since: str | None = None  # inclusive UTC ISO
    until: str | None = None  # exclusive UTC ISO
    actions: Sequence[str] = field(default_factory=tuple)


def _filtered(query: Select[Any], flt: AuditFilter) -> Select[Any]:
    clauses = []
    if flt.username:
        clauses.append(audit_log.c.username == flt.username)
    if flt.patient_id is not None:
        clauses.append(audit_log.c.patient_id == flt.patient_id)
    if flt.action:
        clauses.append(audit_log.c.action == flt.action)
    if flt.actions:
        clauses.append(audit_log.c.action.in_(list(flt.actions)))
    if flt.outcome:
        clauses.append(audit_log.c.outcome == flt.outcome)
    if flt.since:
        clauses.append(audit_log.c.at >= flt.since)
    if flt.until:
        clauses.append(audit_log.c.at < flt.until)
    return query.where(and_(*clauses)) if clauses else query


def _to_entry(row: Any) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        at=row.at,
        staff_id=row.staff_id,
        username=row.username,
        action=row.action,
        outcome=row.outcome,
        patient_id=row.patient_id,
        subject=row.subject,
        detail=json.loads(row.detail),
        workstation=row.workstation,
    )


def count(conn: Connection, flt: AuditFilter) -> int:
    return int(conn.execute(_filtered(select(func.count()).select_from(audit_log), flt)).scalar_one())


def search(conn: Connection, flt: AuditFilter, *, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    query = _filtered(select(audit_log), flt).order_by(audit_log.c.seq.desc()).limit(limit).offset(offset)
    return [_to_entry(row) for row in conn.execute(query)]


def iter_all(conn: Connection, flt: AuditFilter) -> Iterator[AuditEntry]:
    query = _filtered(select(audit_log), flt).order_by(audit_log.c.seq)
    for row in conn.execute(query):
        yield _to_entry(row)


def distinct_values(conn: Connection, column: str) -> list[str]:
    col = audit_log.c[column]
    return [str(v) for v in conn.execute(select(col).distinct().order_by(col)).scalars()]
