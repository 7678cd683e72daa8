"""The vault's anchor: its audit trail's last entry number and hash, kept outside the vault file.

Copying an earlier vault file back erases the entries made since, with no key at all. So the anchor is
also kept in the workstation's OS keyring and in the (authenticated) header of every backup; a vault
whose audit trail ends before its anchor, or holds a different entry at the anchor's number, was rolled
back (or forked from an older copy).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import Connection, select

from carecoord_desktop.domain.audit_anchor import Anchor
from carecoord_desktop.storage import backup_format, secret_store
from carecoord_desktop.storage.clock import parse_utc
from carecoord_desktop.storage.db import make_engine
from carecoord_desktop.storage.schema import audit_log
from carecoord_desktop.storage.vault import Vault

__all__ = ["RESTORED_ACTION", "Anchor"]

RESTORED_ACTION = "backup.restored_from"


def of_vault(conn: Connection) -> Anchor:
    row = conn.execute(
        select(audit_log.c.seq, audit_log.c.entry_hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    return Anchor(0, "") if row is None else Anchor(int(row.seq), str(row.entry_hash))


def of_database_file(db_path: Path, dek: bytes) -> Anchor:
    engine = make_engine(db_path, dek, readonly=True)
    try:
        with engine.connect() as conn:
            return of_vault(conn)
    finally:
        engine.dispose()


def behind(conn: Connection, anchor: Anchor) -> str:
    """Why the vault is behind `anchor` (empty when it is not)."""
    if anchor.seq == 0:
        return ""
    held = conn.execute(
        select(audit_log.c.entry_hash).where(audit_log.c.seq == anchor.seq)
    ).scalar_one_or_none()
    if held is None:
        last = of_vault(conn).seq
        return (
            f"its audit trail ends at entry #{last}, but {anchor.source} recorded entry #{anchor.seq}: "
            "an earlier copy of the vault file was put back, and what was done since is not in it"
        )
    if held != anchor.entry_hash:
        return (
            f"its audit entry #{anchor.seq} differs from the one {anchor.source} recorded: the vault file was "
            "replaced by an earlier copy that has been used since"
        )
    return ""


def _keyring_name(vault_path: Path) -> str:
    """One anchor per vault file on this computer: a restored copy (same vault id, new file) has its own."""
    return "anchor:" + hashlib.sha256(str(vault_path.resolve()).encode("utf-8")).hexdigest()[:24]


def in_keyring(vault_id: str, vault_path: Path) -> Anchor | None:
    text = secret_store.load_value(vault_id, _keyring_name(vault_path))
    if text is None:
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    return Anchor.from_json(raw, "this computer's keyring")


def to_keyring(vault_id: str, vault_path: Path, anchor: Anchor) -> bool:
    return secret_store.store_value(vault_id, _keyring_name(vault_path), json.dumps(anchor.as_json()))


def reanchor(vault: Vault) -> bool:
    """Record the vault's current anchor in this computer's keyring; False where there is no keyring."""
    with vault.read() as conn:
        current = of_vault(conn)
    return to_keyring(vault.vault_id, vault.path, current)


def last_restore(conn: Connection) -> str | None:
    """When this vault was last made by an audited restore (backups from before then are not its anchors)."""
    query = (
        select(audit_log.c.at).where(audit_log.c.action == RESTORED_ACTION).order_by(audit_log.c.seq.desc())
    )
    return conn.execute(query.limit(1)).scalar_one_or_none()


def newest_in_backups(folder: Path, vault_id: str, *, since: str | None = None) -> Anchor | None:
    """The anchor with the highest entry number among this vault's backups in `folder` (headers only),
    leaving out backups made before `since` (the vault's last audited restore)."""
    best: Anchor | None = None
    for path, header in backup_format.headers_in(folder, vault_id):
        if header.anchor is None or (since is not None and header.created < parse_utc(since)):
            continue
        found = Anchor.from_json(header.anchor, f"the backup {path.name}")
        if found is not None and (best is None or found.seq > best.seq):
            best = found
    return best
