"""Backups without a session: the OS scheduler's unattended backup and the CLI's verify, inspect, restore.

These work from a vault path and a `Credential` instead of a signed-in session. A staff password counts
only as far as that person's role allows (RESTORE to restore, BACKUP to check or look inside), looked
up in the vault at hand or, without one, in the backup itself. `setup_unattended` / `disable_unattended`
(an admin's session) manage the key slot the scheduler uses.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.exc import DatabaseError

from carecoord_desktop.domain.backup_policy import BackupKeyRefused, BackupPolicy, is_older, restore_losses
from carecoord_desktop.domain.errors import (
    NoKeyringAvailable,
    PermissionDenied,
    SignInFailed,
    UserError,
    VaultDamaged,
)
from carecoord_desktop.domain.practice import STORED, PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services.auth import PRACTICE_KEY, load_keys
from carecoord_desktop.services.backup import (
    POLICY_KEY,
    BackupOutcome,
    RestoreOutcome,
    backup_detail,
    checked,
    needs_confirmation,
    one_backup_at_a_time,
    policy_folder,
    policy_from,
    record_provenance,
    rotate,
)
from carecoord_desktop.services.backup_credentials import (
    KEYRING_ENTRY,
    SLOT_KEY_FILE,
    SLOT_KEYRING,
    UNATTENDED_ACTOR,
    Credential,
)
from carecoord_desktop.services.permissions import DESCRIPTIONS, Permission, allowed
from carecoord_desktop.services.session import Session, StaffMember, load_staff, workstation_name
from carecoord_desktop.storage import backup as store
from carecoord_desktop.storage import backup_format as fmt
from carecoord_desktop.storage import secret_store, settings_repo
from carecoord_desktop.storage.atomic import describe_os_error
from carecoord_desktop.storage.backup import VerifyReport
from carecoord_desktop.storage.backup_format import Manifest, Progress, no_progress
from carecoord_desktop.storage.db import make_engine
from carecoord_desktop.storage.keys import KeySlotsFile, new_recovery_key, normalize_recovery_key

__all__ = [
    "Credential",
    "disable_unattended",
    "inspect_file",
    "restore_file",
    "setup_unattended",
    "unattended_backup",
    "verify_file",
]

# -- what a credential may do ----------------------------------------------------------------------------
#: Looks at a decrypted database copy (path, key) before it is used; raises to refuse.
Acceptor = Callable[[Path, bytes], None]


def _staff_member(db_path: Path, dek: bytes, username: str) -> StaffMember | None:
    engine = make_engine(db_path, dek, readonly=True)
    try:
        with engine.connect() as conn:
            return load_staff(conn, username)
    except DatabaseError:
        raise VaultDamaged(f"The staff accounts in {db_path.name} could not be read.") from None
    finally:
        engine.dispose()


def _refusal(member: StaffMember | None, username: str, permission: Permission) -> str:
    """Why `member` may not use `permission` ("" when they may), in Session.require's words."""
    if member is None:
        return f"{username} is not a staff account of this vault."
    if not member.active:
        return "This account is disabled. Ask your practice administrator."
    if member.must_change_password:
        return "Choose a new password in the app before doing anything else."
    if not allowed(member.role, permission):
        return f"Your role ({member.role.label}) is not allowed to {DESCRIPTIONS[permission]}."
    return ""


@dataclass(frozen=True)
class _VaultAtHand:
    """A vault given on the command line that is the backup's own vault, opened by the credential."""

    path: Path
    dek: bytes = field(repr=False)
    vault_id: str


def _vault_at_hand(credential: Credential, vault: Path | None, vault_id: str) -> _VaultAtHand | None:
    """`vault` and its key, when it is the vault `vault_id` and the credential opens it (else None)."""
    if vault is None:
        return None
    keys = load_keys(vault)
    if keys.vault_id != vault_id:
        return None
    try:
        return _VaultAtHand(vault, credential.unlock(keys), vault_id)
    except SignInFailed:
        return None  # e.g. a password changed since the backup was made


def _member_in(manifest: Manifest, username: str) -> StaffMember | None:
    """The account as the backup's manifest recorded it (None when it had none, or an unknown role)."""
    raw = manifest.staff.get(username)
    if not isinstance(raw, dict):
        return None
    try:
        role = Role(str(raw.get("role")))
    except ValueError:
        return None
    return StaffMember(
        0, username, "", role, bool(raw.get("active")), bool(raw.get("must_change_password")), False
    )


def _authorize(
    credential: Credential,
    permission: Permission,
    action: str,
    backup: Path,
    at_hand: _VaultAtHand | None,
    manifest: Manifest | None = None,
) -> Acceptor | None:
    """Refuse now, or return a check to run on the backup's own database copy (None: nothing to check).

    The recovery key may restore (it is the administrator's emergency tool); the unattended-backup key
    only makes and checks backups; a staff password allows what that person's role allows. The role comes
    from the vault at hand (see `_vault_at_hand`; a refusal is recorded in its audit trail), else from the
    backup's `manifest` (before anything is decrypted), else (older backups) from the backup's database.
    """
    if credential.recovery_key:
        return None
    if not credential.username:
        if permission is Permission.BACKUP:
            return None
        raise PermissionDenied(
            "The unattended-backup key makes and checks backups only. Restore with an administrator's "
            "password (--user) or the recovery key (--recovery-key)."
        )
    name = credential.name
    if at_hand is not None:
        why = _refusal(_staff_member(at_hand.path, at_hand.dek, name), name, permission)
        if why:
            _audit_unlocked(
                at_hand.path,
                at_hand.dek,
                at_hand.vault_id,
                name,
                action,
                "refused",
                subject=backup.name,
                detail={"missing_permission": permission.value},
            )
            raise PermissionDenied(why)
        return None
    if manifest is not None and manifest.staff:
        why = _refusal(_member_in(manifest, name), name, permission)
        if why:
            raise PermissionDenied(why)
        return None

    def accept(db_path: Path, dek: bytes) -> None:
        why = _refusal(_staff_member(db_path, dek, name), name, permission)
        if why:
            raise PermissionDenied(why)

    return accept


# -- unattended backups (OS scheduler) ---------------------------------------------------------------------
def _save_keys(session: Session) -> None:
    """Write the session's key slots; after a failed write, take the file as it is on disk again."""
    try:
        session.vault.keys.save()
    except UserError:
        session.vault.keys = KeySlotsFile.load(session.vault.keys.path)
        raise


def setup_unattended(session: Session, key_file: Path | None = None) -> str:
    """Add the key slot that lets `carecoord backup --vault V --to DIR` run without a password.

    Its random secret goes into this computer's keyring; where there is none, into `key_file`, written
    readable by its owner only. Returns a sentence saying which.
    """
    session.require(Permission.MANAGE_PRACTICE_SETTINGS, "backup.setup_unattended")
    session.require(Permission.BACKUP, "backup.setup_unattended")
    keys = session.vault.keys
    if key_file is None:
        ok, reason = secret_store.availability()
        if not ok:
            raise NoKeyringAvailable(
                f"{reason} Use a key file instead (--key-file PATH) and keep it readable only by the backup account."
            )
        secret = secret_store.store_new_secret(keys.vault_id, KEYRING_ENTRY)
        label, where = SLOT_KEYRING, "this computer's keyring"
    else:
        secret_text = new_recovery_key()
        body = (
            f"# CareCoord Desktop unattended-backup key for vault {keys.vault_id}.\n"
            "# Anyone holding this file can open the vault: keep it readable only by the account that runs backups.\n"
            f"{secret_text}\n"
        )
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(body)
        except FileExistsError:
            raise UserError(f"{key_file} already exists; choose a new file for the backup key.") from None
        except OSError as exc:
            raise describe_os_error(exc, "the backup key file") from exc
        secret = normalize_recovery_key(secret_text)
        label, where = SLOT_KEY_FILE, str(key_file)
    keys.remove("backup", label)
    keys.add_slot("backup", label, secret, session.vault.dek)
    _save_keys(session)
    session.audit_separately("backup.setup_unattended", "ok", detail={"where": label})
    return f"Unattended backups can now open this vault with the key kept in {where}."


def disable_unattended(session: Session) -> int:
    session.require(Permission.MANAGE_PRACTICE_SETTINGS, "backup.disable_unattended")
    keys = session.vault.keys
    removed = keys.remove("backup", SLOT_KEYRING) + keys.remove("backup", SLOT_KEY_FILE)
    _save_keys(session)
    secret_store.delete_secret(keys.vault_id, KEYRING_ENTRY)
    session.audit_separately("backup.disable_unattended", "ok", detail={"slots_removed": removed})
    return removed


def _read_settings(vault_path: Path, dek: bytes) -> tuple[PracticeSettings | None, BackupPolicy]:
    engine = make_engine(vault_path, dek, readonly=True)
    try:
        with engine.connect() as conn:
            raw_practice = settings_repo.get(conn, PRACTICE_KEY)
            policy = policy_from(settings_repo.get(conn, POLICY_KEY))
    finally:
        engine.dispose()
    try:
        return PracticeSettings.model_validate(raw_practice, context=STORED), policy
    except ValidationError:
        return None, policy


def _audit_unlocked(
    vault_path: Path, dek: bytes, vault_id: str, actor: str, action: str, outcome: str, **kw: Any
) -> bool:
    """Record an entry from a process that does not hold the vault; False when the vault could not be written."""
    try:
        store.append_audit_unlocked(
            vault_path,
            dek,
            vault_id,
            username=actor,
            action=action,
            outcome=outcome,
            workstation=workstation_name(),
            **kw,
        )
    except (UserError, OSError):
        return False
    return True


def _unattended_dek(keys: KeySlotsFile, key_file: Path | None) -> bytes:
    try:
        return Credential(key_file=key_file).unlock(keys)
    except BackupKeyRefused:
        raise UserError(
            "Unattended backups are not set up for this vault on this computer. Run "
            "`carecoord backup setup-unattended --vault V --user ADMIN` (add --key-file PATH where there is no keyring)."
        ) from None
    except UserError as exc:
        if key_file is not None:
            raise UserError(
                f"The key file {key_file} does not open this vault ({exc.message.rstrip('.')})."
            ) from None
        raise


def unattended_backup(
    vault_path: Path,
    folder: Path | None = None,
    *,
    key_file: Path | None = None,
    progress: Progress = no_progress,
) -> BackupOutcome:
    """`carecoord backup --vault V --to DIR`: no password, no lock; works while the app has the vault open."""
    keys = load_keys(vault_path)
    dek = _unattended_dek(keys, key_file)
    settings, policy = _read_settings(vault_path, dek)
    target = folder or policy_folder(policy)

    def record(outcome: str, subject: str, detail: dict[str, Any]) -> None:
        _audit_unlocked(
            vault_path,
            dek,
            keys.vault_id,
            UNATTENDED_ACTOR,
            "backup.create",
            outcome,
            subject=subject,
            detail=detail,
        )

    with one_backup_at_a_time(keys.vault_id, vault_path):
        try:
            result = checked(
                store.create_backup(
                    vault_path,
                    dek,
                    target,
                    created_by=UNATTENDED_ACTOR,
                    workstation=workstation_name(),
                    reason="unattended",
                    progress=progress,
                )
            )
        except UserError as exc:
            record("failed", str(target), {"reason": exc.message[:300]})
            raise
        zone = ZoneInfo(settings.time_zone if settings else "UTC")
        rotated = rotate(result.path.parent, keys.vault_id, policy, zone, result.path)
    outcome = BackupOutcome(result.path, result.size_bytes, result.seconds, result.report, rotated)
    record("ok", result.path.name, backup_detail(outcome, "unattended"))
    return outcome


# -- checking and restoring (CLI) --------------------------------------------------------------------------
def verify_file(
    path: Path, credential: Credential, *, audit_vault: Path | None = None, progress: Progress = no_progress
) -> tuple[VerifyReport, bool]:
    """Check a backup without a session. Returns (report, whether it was recorded in `audit_vault`).

    A staff password needs the BACKUP permission (every active role has it).
    """
    at_hand = _vault_at_hand(credential, audit_vault, fmt.read_header(path).vault_id)
    accept = _authorize(credential, Permission.BACKUP, "backup.verify", path, at_hand)
    report = store.verify_backup(path, credential.unlock, progress=progress, accept=accept)
    recorded = at_hand is not None and _audit_unlocked(
        at_hand.path,
        at_hand.dek,
        at_hand.vault_id,
        credential.actor(),
        "backup.verify",
        "ok" if report.ok else "failed",
        subject=path.name,
        detail={"problems": report.problems[:5]},
    )
    return report, recorded


def _losses(manifest: Manifest, at_hand: _VaultAtHand | None) -> list[str]:
    if at_hand is None:
        return []
    now = store.vault_snapshot(at_hand.path, at_hand.dek, at_hand.vault_id)
    backup = manifest.snapshot()
    return restore_losses(backup, now) if is_older(backup, now) else []


def inspect_file(
    path: Path, credential: Credential, current: Path | None = None
) -> tuple[Manifest, list[str]]:
    """The manifest, and what restoring would lose compared with the vault at `current` (same vault only).

    A staff password needs the BACKUP permission, looked up in the vault at hand or in the manifest (only
    the manifest is read, quick); a backup made before manifests named roles is decrypted to look it up.
    """
    at_hand = _vault_at_hand(credential, current, fmt.read_header(path).vault_id)
    _header, manifest = fmt.read_manifest(path, credential.unlock)
    accept = _authorize(credential, Permission.BACKUP, "backup.inspect", path, at_hand, manifest)
    if accept is not None:  # an older backup, whose manifest names no roles
        manifest = store.verify_backup(path, credential.unlock, accept=accept).manifest
    return manifest, _losses(manifest, at_hand)


def check_restore_target(new_vault: Path) -> None:
    """Refuse a restore target that exists or cannot be written, before anyone types a password."""
    store.check_restore_target(new_vault)


def restore_file(
    path: Path,
    credential: Credential,
    new_vault: Path,
    *,
    current: Path | None = None,
    confirm_loss: bool = False,
    progress: Progress = no_progress,
) -> RestoreOutcome:
    """`carecoord restore FILE --to NEW_VAULT`: restore into a new file, recorded in the restored vault's audit.

    A staff password needs the RESTORE permission (an administrator), looked up in `current` when it is
    the backup's vault, else in the backup before anything is written. The recovery key stays allowed:
    it is the administrator's emergency tool when no password works any more. The unattended-backup key
    is refused.
    """
    store.check_restore_target(new_vault)
    at_hand = _vault_at_hand(credential, current, fmt.read_header(path).vault_id)
    _header, manifest = fmt.read_manifest(path, credential.unlock)  # the manifest only: nothing is decrypted
    accept = _authorize(credential, Permission.RESTORE, "backup.restore", path, at_hand, manifest)
    losses = _losses(manifest, at_hand)
    if losses and not confirm_loss:
        raise needs_confirmation(manifest, losses)
    result = store.restore_backup(
        path,
        credential.unlock,
        new_vault,
        progress=progress,
        accept=accept,
        finish=record_provenance(credential.actor(), path, new_vault),
    )
    if at_hand is not None and hmac.compare_digest(at_hand.dek, result.dek):
        _audit_unlocked(
            at_hand.path,
            at_hand.dek,
            at_hand.vault_id,
            credential.actor(),
            "backup.restore",
            "ok",
            subject=path.name,
            detail={"to": str(new_vault), "confirmed_loss": confirm_loss},
        )
    return RestoreOutcome(result.vault_path, result.manifest, result.report)
