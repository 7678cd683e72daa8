"""Keeping the vault's anchor outside the vault file, and noticing a vault that was rolled back.

The anchor (storage.anchor) is written to this computer's keyring at sign-in, sign-out, lock and backup
(never on the chart-open path), and into every backup's header. At sign-in the vault is compared with
the keyring's anchor and with the newest backup's; a vault behind either is reported to the user,
audited, and listed in Admin → Security. A restore writes the restored vault's own anchor.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from carecoord_desktop.domain.backup_policy import BackupPolicy
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import anchor, secret_store, settings_repo
from carecoord_desktop.storage.anchor import Anchor

BEHIND_ACTION = "vault.behind_anchor"


def _backup_folder(session: Session) -> Path | None:
    with session.vault.read() as conn:
        raw = settings_repo.get(conn, settings_repo.BACKUP_POLICY_KEY)
    try:
        policy = BackupPolicy.model_validate(raw or {})
    except ValidationError:
        return None  # a policy this version cannot read: no folder to look in
    return Path(policy.folder) if policy.configured else None


def anchors_for(session: Session) -> list[Anchor]:
    """The anchors this vault can be checked against: this computer's keyring, then the newest backup
    (made since the vault's last audited restore, which re-anchors it)."""
    found: list[Anchor] = []
    kept = anchor.in_keyring(session.vault.vault_id, session.vault.path)
    if kept is not None:
        found.append(kept)
    folder = _backup_folder(session)
    if folder is not None:
        with session.vault.read() as conn:
            restored = anchor.last_restore(conn)
        newest = anchor.newest_in_backups(folder, session.vault.vault_id, since=restored)
        if newest is not None:
            found.append(newest)
    return found


def check_at_sign_in(session: Session) -> None:
    """Warn (and audit) when the vault is behind an anchor; then move this computer's anchor to the vault."""
    problems: list[tuple[Anchor, str]] = []
    with session.vault.read() as conn:
        for known in anchors_for(session):
            why = anchor.behind(conn, known)
            if why:
                problems.append((known, why))
    for known, why in problems[:1]:
        message = (
            f"This vault is behind what was recorded outside it: {why}. An administrator can see this in "
            "Admin → Security; restore the newest backup if entries are missing."
        )
        session.warnings.append(message)
        session.audit_separately(
            BEHIND_ACTION,
            "warning",
            subject=known.source,
            detail={"anchor_seq": known.seq, "reason": why},
        )
    update(session)


def update(session: Session) -> bool:
    """Record the vault's current anchor in this computer's keyring; False where there is no keyring."""
    return anchor.reanchor(session.vault)


def keyring_status() -> str:
    ok, reason = secret_store.availability()
    if ok:
        return "This computer's keyring holds the vault's anchor (updated at sign-in, sign-out, lock and backup)."
    return f"{reason} The vault's anchor is kept in backups only, so a rollback is noticed only against a backup."
