"""The forward-secure seal on the audit trail (Schneier and Kelsey, "Secure audit logs to support computer
forensics", 1999).

Every entry from `start_seq` on gets a MAC under its own key; right after, in the same transaction, the
key is replaced by SHA-256 of itself, so the key that sealed an entry is gone once the entry is written.
Anyone who signs in can read today's key (it lives in the vault, under the database key every user
holds) and append, but cannot recompute the seal of any earlier entry, nor move the key back to hide
entries removed from the end. The seed (the first key and its entry number) is sealed only to the key
slots of administrators and the recovery key (storage.keys), and verifying replays the keys from it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from carecoord_desktop.storage.schema import audit_log
from carecoord_desktop.storage.schema_audit_seal import audit_sealing_key, audit_seals

_SEED = struct.Struct(">Q32s")


@dataclass(frozen=True)
class AuditSeed:
    """The key of entry `start_seq`: whoever holds it can check every seal from there on."""

    start_seq: int
    key: bytes

    def to_bytes(self) -> bytes:
        return _SEED.pack(self.start_seq, self.key)

    @classmethod
    def from_bytes(cls, data: bytes) -> AuditSeed:
        start_seq, key = _SEED.unpack(data)
        return cls(int(start_seq), bytes(key))


def evolve(key: bytes) -> bytes:
    return hashlib.sha256(b"carecoord-audit-evolve" + key).digest()


def _mac(key: bytes, seq: int, entry_hash: str) -> str:
    mac_key = hashlib.sha256(b"carecoord-audit-mac" + key).digest()
    return hmac.new(mac_key, f"{seq}:{entry_hash}".encode(), hashlib.sha256).hexdigest()


def started(conn: Connection) -> bool:
    return conn.execute(select(audit_sealing_key.c.id)).first() is not None


def upcoming(conn: Connection) -> int:
    """The entry number the appending key is at (0 before sealing started)."""
    value = conn.execute(
        select(audit_sealing_key.c.next_seq).where(audit_sealing_key.c.id == 1)
    ).scalar_one_or_none()
    return int(value or 0)


def start(conn: Connection, start_seq: int) -> AuditSeed:
    """Begin sealing at entry `start_seq` (inside the caller's transaction); the caller hands out the seed."""
    seed = AuditSeed(start_seq, secrets.token_bytes(32))
    conn.execute(
        insert(audit_sealing_key).values(id=1, start_seq=start_seq, next_seq=start_seq, key=seed.key.hex())
    )
    return seed


def seal_entry(conn: Connection, seq: int, entry_hash: str) -> None:
    """Seal entry `seq` with the current key and advance the key, in the caller's transaction."""
    state = conn.execute(select(audit_sealing_key).where(audit_sealing_key.c.id == 1)).first()
    if state is None:
        return  # a vault whose sealing has not started yet (upgraded, no administrator signed in since)
    key, upcoming = bytes.fromhex(state.key), int(state.next_seq)
    while upcoming < seq:  # numbers are never reused; a gap is reported by verify
        key, upcoming = evolve(key), upcoming + 1
    conn.execute(insert(audit_seals).prefix_with("OR IGNORE").values(seq=seq, mac=_mac(key, seq, entry_hash)))
    conn.execute(
        update(audit_sealing_key)
        .where(audit_sealing_key.c.id == 1)
        .values(next_seq=max(upcoming, seq) + 1, key=evolve(key).hex())
    )


@dataclass(frozen=True)
class SealReport:
    checked: int
    problem: str = ""
    first_broken_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


def verify(conn: Connection, seed: AuditSeed) -> SealReport:
    """Replay the keys from the seed and check every seal, then that the current key is where it should be."""
    query = (
        select(audit_log.c.seq, audit_log.c.at, audit_log.c.action, audit_log.c.entry_hash, audit_seals.c.mac)
        .select_from(audit_log.outerjoin(audit_seals, audit_seals.c.seq == audit_log.c.seq))
        .where(audit_log.c.seq >= seed.start_seq)
        .order_by(audit_log.c.seq)
    )
    key, expected, checked = seed.key, seed.start_seq, 0
    for row in conn.execute(query):
        if row.seq != expected:
            return SealReport(checked, f"sealed entry #{expected} is missing.", expected)
        if row.mac is None or not hmac.compare_digest(row.mac, _mac(key, row.seq, row.entry_hash)):
            return SealReport(
                checked,
                f"entry #{row.seq} ({row.at}, {row.action}) does not carry the seal it was written with: it or an "
                "entry before it was rewritten after the fact.",
                row.seq,
            )
        key, expected, checked = evolve(key), expected + 1, checked + 1
    state = conn.execute(select(audit_sealing_key).where(audit_sealing_key.c.id == 1)).first()
    if state is None:
        return SealReport(checked, "the audit trail's appending key is missing (it was removed).", expected)
    if int(state.next_seq) > expected:
        return SealReport(
            checked,
            f"entries #{expected} to #{int(state.next_seq) - 1} were removed from the end of the log "
            f"(it ends at #{expected - 1}, but its appending key had already sealed #{int(state.next_seq) - 1}).",
            expected,
        )
    if int(state.next_seq) != expected or not hmac.compare_digest(state.key, key.hex()):
        return SealReport(checked, "the audit trail's appending key was replaced outside the app.", expected)
    return SealReport(checked)
