"""Who holds the audit trail's verifying seed: the key slots of active administrators and the recovery key.

The seed is sealed to each slot's public key (storage.keys), so any administrator who holds it can give
it to a new administrator's slot without that person's password, and nobody else's slot ever holds it.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from carecoord_desktop.domain.roles import Role
from carecoord_desktop.storage.audit_seal import AuditSeed
from carecoord_desktop.storage.keys import KeySlot, KeySlotsFile
from carecoord_desktop.storage.schema import staff


def active_admins(conn: Connection) -> set[str]:
    query = select(staff.c.username).where(staff.c.active.is_(True), staff.c.role == Role.ADMIN.value)
    return {str(name) for name in conn.execute(query).scalars()}


def entitled(slot: KeySlot, admins: set[str]) -> bool:
    """The recovery key, and an active administrator's password and 'stay signed in' slots."""
    return slot.kind == "recovery" or (slot.kind in ("user", "keyring") and slot.label in admins)


def hand_out(conn: Connection, keys: KeySlotsFile, dek: bytes, seed: AuditSeed | None) -> int:
    """Seal the seed to every entitled slot made by a holder of the database key that lacks it; withdraw it
    from slots no longer entitled (a former administrator). Returns how many slots changed; the caller saves."""
    admins = active_admins(conn)
    changed = 0
    for slot in keys.slots:
        if not entitled(slot, admins):
            if slot.audit_box:
                slot.audit_box = {}
                changed += 1
        elif seed is not None and not slot.audit_box and keys.is_bound(slot, dek):
            keys.seal_audit_seed(slot, seed.to_bytes())
            changed += 1
    return changed
