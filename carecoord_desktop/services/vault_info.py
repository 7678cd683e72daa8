"""Facts about the open vault, for `carecoord vault info` and the About dialog."""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3

from carecoord_desktop import __version__
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage.vault import head_revision


@dataclass(frozen=True)
class VaultInfo:
    path: str
    vault_id: str
    app_version: str
    created_with: str
    schema_revision: str
    schema_head: str
    key_slots: list[tuple[str, str]]
    size_bytes: int
    integrity: str
    sqlcipher_version: str


def sqlcipher_version(session: Session | None = None) -> str:
    if session is not None:
        with session.vault.read() as conn:
            return str(conn.exec_driver_sql("PRAGMA cipher_version").scalar_one())
    conn = sqlcipher3.connect(":memory:")
    try:
        return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()


def vault_info(session: Session) -> VaultInfo:
    session.require(Permission.VIEW_VAULT_INFO, "vault.info")
    vault = session.vault
    info = VaultInfo(
        path=str(vault.path),
        vault_id=vault.vault_id,
        app_version=__version__,
        created_with=vault.meta_value("created_with") or "?",
        schema_revision=vault.schema_revision() or "none",
        schema_head=head_revision(),
        key_slots=[(slot.kind, slot.label) for slot in vault.keys.slots],
        size_bytes=vault.size_bytes(),
        integrity=vault.integrity_check(),
        sqlcipher_version=sqlcipher_version(session),
    )
    session.audit_separately("vault.info", "ok")
    return info
