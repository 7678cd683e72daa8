"""Backups, checks, restores and restore drills (domain.md 8.2): permission check, work, audit entry.

For the UI: `back_up_now`, `verify_backup_file`, `describe_backup`, `restore_to_new_vault`, `restore_drill`,
`backup_policy` / `save_backup_policy`, and for the main window `last_backup_status`, `backup_due` and
`run_scheduled_backup` (call them from a timer and before signing out or closing, in a worker thread).
For the CLI and the OS scheduler: `setup_unattended`, `unattended_backup`, `verify_file`, `restore_file`,
which work from a vault path and a credential instead of a session.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from carecoord_desktop.domain.backup_policy import (
    BackupDamaged,
    BackupEvent,
    BackupFile,
    BackupKeyRefused,
    BackupPolicy,
    RestoreNeedsConfirmation,
    backups_to_delete,
    describe_age,
    is_older,
    is_overdue,
    restore_losses,
)
from carecoord_desktop.domain.backup_policy import backup_due as policy_backup_due
from carecoord_desktop.domain.errors import (
    NoKeyringAvailable,
    PermissionDenied,
    UserError,
    VaultNotFound,
)
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.services import practice as practice_service
from carecoord_desktop.services.auth import PRACTICE_KEY, practice_settings
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session, workstation_name
from carecoord_desktop.storage import audit, secret_store, settings_repo
from carecoord_desktop.storage import backup as store
from carecoord_desktop.storage.atomic import describe_os_error
from carecoord_desktop.storage.backup import Manifest, Progress, Unlocker, VerifyReport
from carecoord_desktop.storage.db import make_engine
from carecoord_desktop.storage.keys import KeySlotsFile, new_recovery_key, normalize_recovery_key
from carecoord_desktop.storage.vault import Vault, keys_path_for

__all__ = [
    "BackupContents",
    "BackupListing",
    "BackupOutcome",
    "BackupPolicy",
    "Credential",
    "DrillReport",
    "LastBackup",
    "Manifest",
    "RestoreOutcome",
    "VerifyReport",
    "back_up_now",
    "backup_due",
    "backup_policy",
    "describe_backup",
    "last_backup_status",
    "last_good_backup",
    "list_backups",
    "restore_drill",
    "restore_file",
    "restore_to_new_vault",
    "run_scheduled_backup",
    "save_backup_policy",
    "setup_unattended",
    "unattended_backup",
    "verify_backup_file",
    "verify_file",
]

POLICY_KEY = "backup_policy"
UNATTENDED_ACTOR = "(unattended backup)"
KEYRING_ENTRY = "~backup"  # '~' is never part of a username, so this cannot clash with a staff keyring entry
SLOT_KEYRING, SLOT_KEY_FILE = "keyring", "key-file"
BACKUP_SUFFIX = store.SUFFIX
_BOOKKEEPING = frozenset({"alembic_version", "audit_head", "meta"})


def _noop(_stage: str, _fraction: float) -> None:
    return None


# -- credentials -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Credential:
    """What opens a backup: a staff password, the recovery key, the unattended-backup key file, or (all
    empty) this computer's keyring backup key."""

    username: str = ""
    password: str = field(default="", repr=False)
    recovery_key: str = field(default="", repr=False)
    key_file: Path | None = None

    def actor(self) -> str:
        if self.username:
            return self.username.strip().lower()
        if self.recovery_key:
            return "(recovery key)"
        return UNATTENDED_ACTOR

    def unlocker(self) -> Unlocker:
        def unlock(keys: KeySlotsFile) -> bytes:
            if self.username:
                return keys.unwrap_any("user", self.username.strip().lower(), self.password.encode("utf-8"))
            if self.recovery_key:
                return keys.unwrap_any("recovery", "recovery", normalize_recovery_key(self.recovery_key))
            if self.key_file is not None:
                return keys.unwrap_any("backup", SLOT_KEY_FILE, read_key_file(self.key_file))
            secret = secret_store.load_secret(keys.vault_id, KEYRING_ENTRY)
            if secret is None or not keys.find("backup", SLOT_KEYRING):
                raise BackupKeyRefused(
                    "This computer's keyring holds no backup key for this vault; give a staff username and "
                    "password, or the recovery key."
                )
            return keys.unwrap_any("backup", SLOT_KEYRING, secret)

        return unlock


def _session_unlocker(session: Session, credential: Credential | None) -> Unlocker:
    """The signed-in vault's own key opens its backups; another vault's backup needs a credential."""
    if credential is not None:
        return credential.unlocker()

    def unlock(keys: KeySlotsFile) -> bytes:
        if keys.vault_id != session.vault.vault_id:
            raise BackupKeyRefused(
                "This backup belongs to another practice vault. Open it with a password or the recovery key "
                "of that vault (carecoord restore FILE --to NEW_VAULT)."
            )
        return session.vault.dek

    return unlock


def read_key_file(path: Path) -> bytes:
    try:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError:
        raise VaultNotFound(f"There is no backup key file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupKeyRefused(f"The backup key file {path} could not be read ({exc}).") from None
    keys = [ln for ln in lines if ln and not ln.startswith("#")]
    if not keys:
        raise BackupKeyRefused(f"The backup key file {path} holds no key.")
    return normalize_recovery_key(keys[-1])


# -- settings ----------------------------------------------------------------------------------------------
def _policy_from(raw: Any) -> BackupPolicy:
    try:
        return BackupPolicy.model_validate(raw or {})
    except ValidationError:
        return BackupPolicy()  # a stored policy this version cannot read: the safe defaults


def backup_policy(session: Session) -> BackupPolicy:
    with session.vault.read() as conn:
        return _policy_from(settings_repo.get(conn, POLICY_KEY))


def save_backup_policy(
    session: Session, changes: Mapping[str, Any], *, warn_after_days: int | None = None
) -> BackupPolicy:
    """Validate and store the backup settings; `warn_after_days` is the practice's backup_policy_days."""
    current = backup_policy(session)
    try:
        updated = BackupPolicy.model_validate({**current.model_dump(), **dict(changes)})
    except ValidationError as exc:
        raise practice_service.validation_failed(exc, "The backup settings") from None
    if warn_after_days is not None and warn_after_days != practice_settings(session).backup_policy_days:
        practice_service.update_settings(session, backup_policy_days=warn_after_days)
    changed = sorted(k for k, v in updated.model_dump().items() if current.model_dump().get(k) != v)
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS, "backup.settings", detail={"changed": changed}
    ) as conn:
        settings_repo.put(conn, POLICY_KEY, updated.model_dump(), session.user.username)
    return updated


# -- status ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LastBackup:
    at: datetime
    file: str
    folder: str
    username: str


def last_good_backup(session: Session) -> LastBackup | None:
    """The newest backup that was written and verified, from the audit trail (unattended ones included)."""
    with session.vault.read() as conn:
        found = audit.search(conn, audit.AuditFilter(action="backup.create", outcome="ok"), limit=1)
    if not found:
        return None
    entry = found[0]
    return LastBackup(
        at=datetime.strptime(entry.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
        file=str(entry.detail.get("file", "")),
        folder=str(entry.detail.get("folder", "")),
        username=entry.username,
    )


def last_backup_status(session: Session) -> tuple[str, bool]:
    """(one line for the status bar, whether it is older than the practice's backup policy)."""
    last = last_good_backup(session)
    now = datetime.now(UTC)
    days = practice_settings(session).backup_policy_days
    overdue = is_overdue(last.at if last else None, now, days)
    if last is None:
        if session.can(Permission.RESTORE):
            return "No backup yet: set one up under Admin → Backups.", True
        return "No backup yet: ask your practice administrator to set up backups.", True
    text = f"Last good backup {describe_age(last.at, now)} ({_local(session, last.at):%Y-%m-%d %H:%M})"
    if overdue:
        text += f": older than the practice's {days}-day policy"
    return text, overdue


def _zone(session: Session) -> ZoneInfo:
    return ZoneInfo(practice_settings(session).time_zone)


def _local(session: Session, at: datetime) -> datetime:
    return at.astimezone(_zone(session))


def backup_due(session: Session, event: BackupEvent = "timer") -> bool:
    """Whether `run_scheduled_backup` would back up now (timer: the interval has passed; sign-out/close)."""
    if not session.can(Permission.BACKUP):
        return False
    last = last_good_backup(session)
    return policy_backup_due(backup_policy(session), last.at if last else None, datetime.now(UTC), event)


# -- backing up --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupOutcome:
    path: Path
    size_bytes: int
    seconds: float
    report: VerifyReport
    rotated_away: list[str]

    @property
    def manifest(self) -> Manifest:
        return self.report.manifest


@dataclass(frozen=True)
class BackupListing:
    path: Path
    created_at: datetime
    size_bytes: int


def _backups_in(folder: Path, vault_id: str) -> list[tuple[Path, store.BackupHeader]]:
    found: list[tuple[Path, store.BackupHeader]] = []
    try:
        candidates = sorted(folder.glob(f"*{BACKUP_SUFFIX}"))
    except OSError:
        return found
    for path in candidates:
        try:
            header = store.read_header(path)
        except UserError:
            continue  # not ours or damaged: never listed, never rotated away
        if header.vault_id == vault_id:
            found.append((path, header))
    return found


def list_backups(session: Session, folder: Path | None = None) -> list[BackupListing]:
    """This vault's backups in the folder (default: the policy's), newest first."""
    session.require(Permission.BACKUP, "backup.list")
    where = folder or _policy_folder(backup_policy(session))
    rows = [
        BackupListing(p, h.created, p.stat().st_size) for p, h in _backups_in(where, session.vault.vault_id)
    ]
    return sorted(rows, key=lambda r: r.created_at, reverse=True)


def rotate(folder: Path, vault_id: str, policy: BackupPolicy, zone: ZoneInfo, keep: Path) -> list[str]:
    """Delete this vault's backups the rotation no longer keeps; never `keep`, never another vault's files."""
    backups = {p.name: (p, h) for p, h in _backups_in(folder, vault_id)}
    files = [BackupFile(name, h.created.astimezone(zone)) for name, (_p, h) in backups.items()]
    deleted: list[str] = []
    for name in backups_to_delete(files, policy, datetime.now(UTC).astimezone(zone)):
        if name == keep.name:
            continue
        with contextlib.suppress(OSError):
            backups[name][0].unlink()
            deleted.append(name)
    return deleted


def _policy_folder(policy: BackupPolicy) -> Path:
    if not policy.configured:
        raise UserError("Choose a backup folder first (Admin → Backups).")
    return Path(policy.folder)


def _backup_detail(outcome: BackupOutcome, reason: str) -> dict[str, Any]:
    return {
        "file": outcome.path.name,
        "folder": str(outcome.path.parent),
        "bytes": outcome.size_bytes,
        "sha256": outcome.manifest.db_sha256,
        "reason": reason,
        "seconds": round(outcome.seconds, 2),
        "rotated_away": len(outcome.rotated_away),
    }


def back_up_now(
    session: Session, folder: Path | None = None, *, reason: str = "manual", progress: Progress = _noop
) -> BackupOutcome:
    """Write one backup (default: into the policy's folder), verify it, apply the rotation, audit it."""
    session.require(Permission.BACKUP, "backup.create")
    policy = backup_policy(session)
    vault = session.vault
    target = folder or Path(policy.folder)
    try:
        target = folder or _policy_folder(policy)
        result = store.create_backup(
            vault.path,
            vault.dek,
            target,
            created_by=session.user.username,
            workstation=session.workstation,
            reason=reason,
            progress=progress,
        )
        if not result.report.ok:
            raise BackupDamaged(
                f"The backup {result.path.name} was written but failed its check: "
                + "; ".join(result.report.problems)
            )
        rotated = (
            rotate(result.path.parent, vault.vault_id, policy, _zone(session), result.path)
            if folder is None
            else []
        )
    except UserError as exc:
        session.audit_separately(
            "backup.create", "failed", subject=str(target), detail={"reason": exc.message[:300]}
        )
        raise
    outcome = BackupOutcome(result.path, result.size_bytes, result.seconds, result.report, rotated)
    session.audit_separately(
        "backup.create", "ok", subject=result.path.name, detail=_backup_detail(outcome, reason)
    )
    return outcome


def run_scheduled_backup(
    session: Session, event: BackupEvent = "timer", *, progress: Progress = _noop
) -> BackupOutcome | None:
    """Back up into the policy folder if `backup_due(session, event)`; None when nothing was due."""
    if not backup_due(session, event):
        return None
    return back_up_now(session, reason=event, progress=progress)


# -- checking ----------------------------------------------------------------------------------------------
def verify_backup_file(
    session: Session, path: Path, credential: Credential | None = None, *, progress: Progress = _noop
) -> VerifyReport:
    session.require(Permission.BACKUP, "backup.verify", subject=path.name)
    try:
        report = store.verify_backup(path, _session_unlocker(session, credential), progress=progress)
    except UserError as exc:
        session.audit_separately(
            "backup.verify", "failed", subject=path.name, detail={"reason": exc.message[:300]}
        )
        raise
    outcome = "ok" if report.ok else "failed"
    session.audit_separately(
        "backup.verify", outcome, subject=path.name, detail={"problems": report.problems[:5]}
    )
    return report


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, and what restoring it would lose compared with the open vault."""

    path: Path
    manifest: Manifest
    same_vault: bool
    is_older: bool
    losses: list[str]

    def summary_lines(self) -> list[str]:
        m = self.manifest
        lines = [
            f"Backup made {m.created_at[:16].replace('T', ' ')} UTC by {m.created_by} on {m.workstation or '?'}",
            f"Vault: {m.vault_name} (schema {m.schema_revision}, CareCoord {m.app_version})",
            f"Audit trail: {m.audit_seq} entries, last at {m.last_activity[:16].replace('T', ' ')} UTC",
        ]
        quiet = {"alembic_version", "audit_head", "meta", "audit_log"}
        lines += [
            f"  {table.replace('_', ' ')}: {n}"
            for table, n in sorted(m.row_counts.items())
            if table not in quiet
        ]
        return lines


def describe_backup(session: Session, path: Path, credential: Credential | None = None) -> BackupContents:
    """Read the manifest (fast) and compare it with the open vault; nothing is written."""
    session.require(Permission.RESTORE, "backup.inspect", subject=path.name)
    _header, manifest = store.read_manifest(path, _session_unlocker(session, credential))
    same = manifest.vault_id == session.vault.vault_id
    if not same:
        return BackupContents(path, manifest, False, False, [])
    current = store.vault_snapshot(session.vault.path, session.vault.dek, session.vault.vault_id)
    backup = manifest.snapshot()
    return BackupContents(path, manifest, True, is_older(backup, current), restore_losses(backup, current))


@dataclass(frozen=True)
class RestoreOutcome:
    vault_path: Path
    manifest: Manifest
    report: VerifyReport


def _needs_confirmation(contents: BackupContents) -> RestoreNeedsConfirmation:
    when = contents.manifest.created_at[:16].replace("T", " ")
    return RestoreNeedsConfirmation(
        f"The backup is from {when} UTC, older than the open vault. Restoring it loses: "
        + "; ".join(contents.losses)
        + ". Confirm to restore anyway (into a new file; the current vault is kept).",
        contents.losses,
    )


def _finish_restore(result: store.RestoreResult, actor: str, source: Path) -> None:
    """Open the restored vault once (upgrading its schema if needed) and record where it came from."""
    keys = KeySlotsFile.load(keys_path_for(result.vault_path))
    try:
        vault = Vault.open(result.vault_path, result.dek, keys, holder=actor)
    except BaseException:
        for leftover in (result.vault_path, keys.path):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    try:
        with vault.write("the restore record") as conn:
            audit.append(
                conn,
                vault.audit_key,
                username=actor,
                action="backup.restored_from",
                subject=source.name,
                detail={
                    "backup_created_at": result.manifest.created_at,
                    "backup_id": result.manifest.backup_id,
                },
                workstation=workstation_name(),
            )
    finally:
        vault.close()


def restore_to_new_vault(
    session: Session,
    path: Path,
    new_vault: Path,
    *,
    confirm_loss: bool = False,
    credential: Credential | None = None,
    progress: Progress = _noop,
) -> RestoreOutcome:
    """Restore a backup into a NEW vault file; the open vault is never touched.

    Raises RestoreNeedsConfirmation when the backup is older than the open vault and `confirm_loss` is False.
    """
    session.require(Permission.RESTORE, "backup.restore", subject=path.name)
    check_restore_target(new_vault)
    try:
        contents = describe_backup(session, path, credential)
        if contents.is_older and contents.losses and not confirm_loss:
            raise _needs_confirmation(contents)
        result = store.restore_backup(
            path, _session_unlocker(session, credential), new_vault, progress=progress
        )
        _finish_restore(result, session.user.username, path)
    except RestoreNeedsConfirmation:
        raise
    except UserError as exc:
        session.audit_separately(
            "backup.restore", "failed", subject=path.name, detail={"reason": exc.message[:300]}
        )
        raise
    session.audit_separately(
        "backup.restore",
        "ok",
        subject=path.name,
        detail={
            "to": str(new_vault),
            "backup_created_at": result.manifest.created_at,
            "confirmed_loss": confirm_loss,
        },
    )
    return RestoreOutcome(result.vault_path, result.manifest, result.report)


@dataclass(frozen=True)
class DrillReport:
    path: Path
    ok: bool
    seconds: float
    lines: list[str]

    def describe(self) -> str:
        head = "Restore drill PASSED" if self.ok else "Restore drill FAILED"
        return "\n".join([f"{head}: {self.path.name} ({self.seconds:.1f} s)", *self.lines])


def _latest_backup(session: Session) -> Path:
    folder = _policy_folder(backup_policy(session))
    found = _backups_in(folder, session.vault.vault_id)
    if not found:
        raise UserError(f"There is no backup of this vault in {folder} yet. Back up first.")
    return max(found, key=lambda item: item[1].created_at)[0]


def restore_drill(session: Session, path: Path | None = None, *, progress: Progress = _noop) -> DrillReport:
    """Restore a backup (default: the newest) into a temporary folder, open it as the app would, check it."""
    import tempfile

    session.require(Permission.RESTORE, "backup.drill")
    started = time.monotonic()
    try:
        source = path or _latest_backup(session)
        with tempfile.TemporaryDirectory(prefix="carecoord-drill-") as tmp:
            target = Path(tmp) / "drill.ccvault"
            result = store.restore_backup(source, _session_unlocker(session, None), target, progress=progress)
            keys = KeySlotsFile.load(keys_path_for(target))
            vault = Vault.open(target, result.dek, keys, holder=session.user.username)
            try:
                integrity = vault.integrity_check()
                with vault.read() as conn:
                    chain = audit.verify(conn, vault.audit_key, vault.vault_id)
            finally:
                vault.close()
    except UserError as exc:
        session.audit_separately("backup.drill", "failed", detail={"reason": exc.message[:300]})
        raise
    m = result.manifest
    seconds = time.monotonic() - started
    lines = [
        f"Backup made {m.created_at[:16].replace('T', ' ')} UTC by {m.created_by}",
        f"Decrypted and matched its manifest (SHA-256 {m.db_sha256[:16]}…)",
        f"Opened as a vault: integrity check {integrity}",
        chain.describe(),
        "Rows: " + ", ".join(f"{t} {n}" for t, n in sorted(m.row_counts.items()) if t not in _BOOKKEEPING),
    ]
    ok = integrity == "ok" and chain.ok
    session.audit_separately(
        "backup.drill",
        "ok" if ok else "failed",
        subject=source.name,
        detail={"seconds": round(seconds, 2), "integrity": integrity, "audit_ok": chain.ok},
    )
    return DrillReport(source, ok, seconds, lines)


# -- unattended backups (OS scheduler) ---------------------------------------------------------------------
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
    try:
        keys.save()
    except UserError:
        session.vault.keys = KeySlotsFile.load(keys.path)
        raise
    session.audit_separately("backup.setup_unattended", "ok", detail={"where": label})
    return f"Unattended backups can now open this vault with the key kept in {where}."


def disable_unattended(session: Session) -> int:
    session.require(Permission.MANAGE_PRACTICE_SETTINGS, "backup.disable_unattended")
    keys = session.vault.keys
    removed = keys.remove("backup", SLOT_KEYRING) + keys.remove("backup", SLOT_KEY_FILE)
    keys.save()
    secret_store.delete_secret(keys.vault_id, KEYRING_ENTRY)
    session.audit_separately("backup.disable_unattended", "ok", detail={"slots_removed": removed})
    return removed


def _load_keys(vault_path: Path) -> KeySlotsFile:
    if not vault_path.exists():
        raise VaultNotFound(f"There is no vault at {vault_path}.")
    return KeySlotsFile.load(keys_path_for(vault_path))


def _read_settings(vault_path: Path, dek: bytes) -> tuple[PracticeSettings | None, BackupPolicy]:
    engine = make_engine(vault_path, dek, readonly=True)
    try:
        with engine.connect() as conn:
            raw_practice = settings_repo.get(conn, PRACTICE_KEY)
            policy = _policy_from(settings_repo.get(conn, POLICY_KEY))
    finally:
        engine.dispose()
    try:
        return PracticeSettings.model_validate(raw_practice), policy
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


def unattended_backup(
    vault_path: Path, folder: Path | None = None, *, key_file: Path | None = None, progress: Progress = _noop
) -> BackupOutcome:
    """`carecoord backup --vault V --to DIR`: no password, no lock; works while the app has the vault open."""
    keys = _load_keys(vault_path)
    try:
        dek = Credential(key_file=key_file).unlocker()(keys)
    except BackupKeyRefused:
        raise UserError(
            "Unattended backups are not set up for this vault on this computer. Run "
            "`carecoord backup setup-unattended --vault V --user ADMIN` (add --key-file PATH where there is no keyring)."
        ) from None
    except PermissionDenied:
        raise
    except UserError as exc:
        if key_file is not None:
            raise UserError(
                f"The key file {key_file} does not open this vault ({exc.message.rstrip('.')})."
            ) from None
        raise
    settings, policy = _read_settings(vault_path, dek)
    target = folder or _policy_folder(policy)
    try:
        result = store.create_backup(
            vault_path,
            dek,
            target,
            created_by=UNATTENDED_ACTOR,
            workstation=workstation_name(),
            reason="unattended",
        )
        if not result.report.ok:
            raise BackupDamaged(
                f"The backup {result.path.name} was written but failed its check: "
                + "; ".join(result.report.problems)
            )
    except UserError as exc:
        _audit_unlocked(
            vault_path,
            dek,
            keys.vault_id,
            UNATTENDED_ACTOR,
            "backup.create",
            "failed",
            subject=str(target),
            detail={"reason": exc.message[:300]},
        )
        raise
    zone = ZoneInfo(settings.time_zone if settings else "UTC")
    rotated = rotate(result.path.parent, keys.vault_id, policy, zone, result.path)
    outcome = BackupOutcome(result.path, result.size_bytes, result.seconds, result.report, rotated)
    _audit_unlocked(
        vault_path,
        dek,
        keys.vault_id,
        UNATTENDED_ACTOR,
        "backup.create",
        "ok",
        subject=result.path.name,
        detail=_backup_detail(outcome, "unattended"),
    )
    return outcome


def verify_file(
    path: Path, credential: Credential, *, audit_vault: Path | None = None, progress: Progress = _noop
) -> tuple[VerifyReport, bool]:
    """Check a backup without a session. Returns (report, whether it was recorded in `audit_vault`)."""
    report = store.verify_backup(path, credential.unlocker(), progress=progress)
    recorded = False
    if audit_vault is not None:
        keys = _load_keys(audit_vault)
        if keys.vault_id == report.manifest.vault_id:
            dek = credential.unlocker()(keys)
            recorded = _audit_unlocked(
                audit_vault,
                dek,
                keys.vault_id,
                credential.actor(),
                "backup.verify",
                "ok" if report.ok else "failed",
                subject=path.name,
                detail={"problems": report.problems[:5]},
            )
    return report, recorded


def check_restore_target(new_vault: Path) -> None:
    """Raise a plain error when `new_vault` exists (a restore never overwrites)."""
    store.check_restore_target(new_vault)


def inspect_file(
    path: Path, credential: Credential, current: Path | None = None
) -> tuple[Manifest, list[str]]:
    """The manifest, and what restoring would lose compared with the vault at `current` (same vault only)."""
    _header, manifest = store.read_manifest(path, credential.unlocker())
    if current is None:
        return manifest, []
    keys = _load_keys(current)
    if keys.vault_id != manifest.vault_id:
        return manifest, []
    dek = credential.unlocker()(keys)
    now = store.vault_snapshot(current, dek, keys.vault_id)
    backup = manifest.snapshot()
    return manifest, restore_losses(backup, now) if is_older(backup, now) else []


def restore_file(
    path: Path,
    credential: Credential,
    new_vault: Path,
    *,
    current: Path | None = None,
    confirm_loss: bool = False,
    progress: Progress = _noop,
) -> RestoreOutcome:
    """`carecoord restore FILE --to NEW_VAULT`: restore into a new file, recorded in the restored vault's audit."""
    check_restore_target(new_vault)
    manifest, losses = inspect_file(path, credential, current)
    if losses and not confirm_loss:
        contents = BackupContents(path, manifest, True, True, losses)
        raise _needs_confirmation(contents)
    result = store.restore_backup(path, credential.unlocker(), new_vault, progress=progress)
    _finish_restore(result, credential.actor(), path)
    if current is not None:
        keys = _load_keys(current)
        if keys.vault_id == manifest.vault_id and hmac.compare_digest(
            credential.unlocker()(keys), result.dek
        ):
            _audit_unlocked(
                current,
                result.dek,
                keys.vault_id,
                credential.actor(),
                "backup.restore",
                "ok",
                subject=path.name,
                detail={"to": str(new_vault), "confirmed_loss": confirm_loss},
            )
    return RestoreOutcome(result.vault_path, result.manifest, result.report)
