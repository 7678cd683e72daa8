"""Key rotation: a new database key for the vault, handed to every slot that stays, without any password.

Each staying slot (active accounts' passwords and keyring slots, the recovery key, the unattended-backup
slot) gets the new key sealed to its public key (storage.keys); every other slot (a disabled account, an
old password, a slot made before format 2, a slot not made by a holder of the key) is dropped. The
database is rekeyed (SQLCipher), so what a dropped slot unwraps opens neither the vault nor any backup
made after, since backups carry the keys file of their day and are encrypted under its key.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sqlalchemy import select

from carecoord_desktop.services import anchoring, audit_seed
from carecoord_desktop.services.backup import one_backup_at_a_time
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import audit, key_rotation
from carecoord_desktop.storage.keys import (
    KeySlot,
    KeySlotsFile,
    new_dek,
    new_recovery_key,
    normalize_recovery_key,
)
from carecoord_desktop.storage.schema import staff

ACTION = "vault.rotate_key"


@dataclass(frozen=True)
class RotationOutcome:
    kept: list[str]
    dropped: list[str]  # "what (why)"
    new_recovery_key: str | None = field(default=None, repr=False)

    def lines(self) -> list[str]:
        """What is and is not revoked, in the words the CLI prints and the Admin area shows."""
        out = [
            "The vault has a new database key. It was given to: " + ", ".join(self.kept) + ".",
            "Revoked: every copy of the keys file and every key slot from before now. They open neither this "
            "vault nor any backup made from now on"
            + (" (dropped: " + "; ".join(self.dropped) + ")." if self.dropped else "."),
            "Not revoked: backups made before now still open with the passwords and keys of their day, and "
            "anyone who read patient data before now may have kept it. Keep old backups locked away or delete "
            "them.",
        ]
        if self.new_recovery_key:
            out.append(
                "The old recovery slot could not receive the new key, so there is a NEW recovery key: "
                f"{self.new_recovery_key}  Print it and keep it away from this computer; the old one is void."
            )
        return out


def _describe(slot: KeySlot) -> str:
    return {
        "user": f"{slot.label}'s password",
        "keyring": f"{slot.label}'s 'stay signed in' on one computer",
        "recovery": "the recovery key",
        "backup": f"the unattended-backup key ({slot.label})",
    }[slot.kind]


def _why_dropped(keys: KeySlotsFile, slot: KeySlot, active: set[str], dek: bytes) -> str:
    if slot.kind in ("user", "keyring") and slot.label not in active:
        return "account disabled"
    if slot.version < 2:
        return "made by an older version; " + (
            "ask an administrator for a password reset" if slot.kind == "user" else "set it up again"
        )
    if not keys.is_bound(slot, dek):
        return "not made with this vault's key: the keys file was altered"
    return ""


def rotate_database_key(session: Session) -> RotationOutcome:
    """Rekey the open vault (this session must be the only one: the app lock guarantees it)."""
    session.require(Permission.MANAGE_STAFF, ACTION)
    vault = session.vault
    keys, old_dek, fresh = vault.keys, vault.dek, new_dek()
    with vault.read() as conn:
        active = {
            str(n) for n in conn.execute(select(staff.c.username).where(staff.c.active.is_(True))).scalars()
        }
    rotated = KeySlotsFile(path=keys.path, vault_id=keys.vault_id, disabled=list(keys.disabled))
    kept: list[str] = []
    dropped: list[str] = []
    for slot in keys.slots:
        why = _why_dropped(keys, slot, active, old_dek)
        if why:
            dropped.append(f"{_describe(slot)}: {why}")
            continue
        carried = dataclasses.replace(slot)
        rotated.reseal(carried, fresh)
        rotated.slots.append(carried)
        kept.append(_describe(slot))
    recovery_key = None
    if not rotated.find("recovery", "recovery"):
        recovery_key = new_recovery_key()
        rotated.add_slot("recovery", "recovery", normalize_recovery_key(recovery_key), fresh)
        kept.append("a new recovery key")
    with vault.read() as conn:
        audit_seed.hand_out(conn, rotated, fresh, session.audit_seed)
    with one_backup_at_a_time(vault.vault_id):  # a backup reading the vault meanwhile would fail halfway
        with vault.write("the key rotation") as conn:
            audit.pin_head_key(conn, vault.audit_key, session.user.username)
        key_rotation.write_pending(vault.path, rotated)
        try:
            vault.rekey(fresh)
        except BaseException:
            key_rotation.discard_pending(vault.path)
            raise
        key_rotation.commit_pending(vault.path)
        vault.keys = rotated
    outcome = RotationOutcome(kept, dropped, recovery_key)
    with vault.write("the key rotation") as conn:
        session.record(
            conn,
            ACTION,
            detail={"kept": kept, "dropped": dropped, "new_recovery_key": recovery_key is not None},
        )
    anchoring.update(session)
    return outcome
