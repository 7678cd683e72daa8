"""Backups, checks, restores and restore drills for a signed-in session (domain.md 8.2).

Each use case is a permission check, the work and an audit entry. For the UI: `back_up_now`,
`verify_backup_file`, `describe_backup`, `restore_to_new_vault`, `restore_drill`, `backup_policy` /
`save_backup_policy`, and for the main window `last_backup_status`, `backup_due`, `run_scheduled_backup`
and `backup_running` (call them from a timer and before signing out or closing, in a worker thread).
Only one backup of a vault runs at a time in this process (`one_backup_at_a_time`).

Without a session (the CLI and the OS scheduler): services.backup_unattended.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from carecoord_desktop.domain.backup_policy import (
    BackupAlreadyRunning,
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
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.practice import STORED, PracticeSettings
from carecoord_desktop.services import practice as practice_service
from carecoord_desktop.services.backup_credentials import Credential
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.practice import PRACTICE_KEY, practice_settings
from carecoord_desktop.services.session import Session, workstation_name
from carecoord_desktop.storage import anchor, audit, settings_repo
from carecoord_desktop.storage import backup as store
from carecoord_desktop.storage import backup_format as fmt
from carecoord_desktop.storage.backup import VerifyReport
from carecoord_desktop.storage.backup_format import Manifest, Progress, Unlocker, no_progress
from carecoord_desktop.storage.clock import parse_utc
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.vault import Vault, keys_path_for

__all__ = [
    "BackupContents",
    "BackupOutcome",
    "BackupPolicy",
    "DrillReport",
    "LastBackup",
    "Manifest",
    "RestoreOutcome",
    "VerifyReport",
    "back_up_now",
    "backup_due",
    "backup_policy",
    "backup_running",
    "describe_backup",
    "last_backup_status",
    "last_good_backup",
    "one_backup_at_a_time",
    "restore_drill",
    "restore_to_new_vault",
    "run_scheduled_backup",
    "save_backup_policy",
    "verify_backup_file",
]

POLICY_KEY = settings_repo.BACKUP_POLICY_KEY
_BOOKKEEPING = frozenset({"alembic_version", "audit_head", "meta"})


# -- one backup at a time ------------------------------------------------------------------------------
_vault_locks: dict[str, threading.Lock] = {}
_vault_locks_guard = threading.Lock()


def _vault_lock(vault_id: str) -> threading.Lock:
    with _vault_locks_guard:
        return _vault_locks.setdefault(vault_id, threading.Lock())


_ALREADY_RUNNING = (
    "A backup is already running. Wait for it to finish; its result shows under Admin → Backups and in the "
    "status bar."
)


@contextlib.contextmanager
def one_backup_at_a_time(vault_id: str, vault_path: Path | None = None) -> Iterator[None]:
    """Hold the backup lock of the vault; a second backup meanwhile gets BackupAlreadyRunning.

    Two backups at once (the timer's, "Back up now", the one at sign-out, the OS scheduler's) would race
    for file names and delete each other's files in rotation, so a caller never waits silently: it is
    told, or (the timer) skips its turn. Within this process a thread lock says so; with `vault_path`, an
    OS lock on a file beside the vault says so across processes too (released even when one is killed).
    """
    lock = _vault_lock(vault_id)
    if not lock.acquire(blocking=False):
        raise BackupAlreadyRunning(_ALREADY_RUNNING)
    try:
        across = store.backup_lock(vault_path) if vault_path is not None else None
        if across is not None and not across.acquire():
            raise BackupAlreadyRunning(_ALREADY_RUNNING)
        try:
            yield
        finally:
            if across is not None:
                across.release()
    finally:
        lock.release()


def backup_running(session: Session) -> bool:
    """Whether a backup of the session's vault is being made right now, here or by another process."""
    if _vault_lock(session.vault.vault_id).locked():
        return True
    probe = store.backup_lock(session.vault.path)
    try:
        free = probe.acquire()
    except UserError:
        return False  # no lock file can be made beside the vault: no backup can hold one either
    probe.release()
    return not free


# -- credentials -----------------------------------------------------------------------------------------
def _session_unlocker(session: Session, credential: Credential | None) -> Unlocker:
    """The signed-in vault's own key opens its backups; another vault's backup needs a credential."""
    if credential is not None:
        return credential.unlock

    def unlock(keys: KeySlotsFile) -> bytes:
        if keys.vault_id != session.vault.vault_id:
            raise BackupKeyRefused(
                "This backup belongs to another practice vault. Open it with a password or the recovery key "
                "of that vault (carecoord restore FILE --to NEW_VAULT)."
            )
        return session.vault.dek

    return unlock


# -- settings ----------------------------------------------------------------------------------------------
def policy_from(raw: Any) -> BackupPolicy:
    try:
        return BackupPolicy.model_validate(raw or {})
    except ValidationError:
        return BackupPolicy()  # a stored policy this version cannot read: the safe defaults


def backup_policy(session: Session) -> BackupPolicy:
    with session.vault.read() as conn:
        return policy_from(settings_repo.get(conn, POLICY_KEY))


def save_backup_policy(
    session: Session, changes: Mapping[str, Any], *, warn_after_days: int | None = None
) -> BackupPolicy:
    """Validate and store the backup settings and `warn_after_days` (the practice's backup_policy_days).

    Both go into one transaction with one audit entry: either everything is saved or nothing is.
    """
    current = backup_policy(session)
    try:
        updated = BackupPolicy.model_validate({**current.model_dump(), **dict(changes)})
    except ValidationError as exc:
        raise practice_service.validation_failed(exc, "The backup settings") from None
    changed = [k for k, v in updated.model_dump().items() if current.model_dump().get(k) != v]
    settings = practice_settings(session)
    new_settings: PracticeSettings | None = None
    if warn_after_days is not None and warn_after_days != settings.backup_policy_days:
        try:
            new_settings = PracticeSettings.model_validate(
                {**settings.model_dump(), "backup_policy_days": warn_after_days}, context=STORED
            )
        except ValidationError as exc:
            raise practice_service.validation_failed(exc, "The backup settings") from None
        changed.append("backup_policy_days")
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS, "backup.settings", detail={"changed": sorted(changed)}
    ) as conn:
        settings_repo.put(conn, POLICY_KEY, updated.model_dump(mode="json"), session.user.username)
        if new_settings is not None:
            settings_repo.put(conn, PRACTICE_KEY, new_settings.model_dump(mode="json"), session.user.username)
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
        at=parse_utc(entry.at),
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


def backups_in(folder: Path, vault_id: str) -> list[tuple[Path, fmt.BackupHeader]]:
    """This vault's readable backups in `folder` (other vaults' and damaged files are left out)."""
    return fmt.headers_in(folder, vault_id)


def rotate(folder: Path, vault_id: str, policy: BackupPolicy, zone: ZoneInfo, keep: Path) -> list[str]:
    """Delete this vault's backups the rotation no longer keeps; never `keep`, never another vault's files."""
    backups = {p.name: (p, h) for p, h in backups_in(folder, vault_id)}
    files = [BackupFile(name, h.created.astimezone(zone)) for name, (_p, h) in backups.items()]
    deleted: list[str] = []
    for name in backups_to_delete(files, policy, datetime.now(UTC).astimezone(zone)):
        if name == keep.name:
            continue
        with contextlib.suppress(OSError):
            backups[name][0].unlink()
            deleted.append(name)
    return deleted


def policy_folder(policy: BackupPolicy) -> Path:
    if not policy.configured:
        raise UserError("Choose a backup folder first (Admin → Backups).")
    return Path(policy.folder)


def checked(result: store.BackupResult) -> store.BackupResult:
    """The backup that was written, or BackupDamaged when it failed the check made right after writing."""
    if not result.report.ok:
        raise BackupDamaged(
            f"The backup {result.path.name} was written but failed its check: "
            + "; ".join(result.report.problems)
        )
    return result


def backup_detail(outcome: BackupOutcome, reason: str) -> dict[str, Any]:
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
    session: Session, folder: Path | None = None, *, reason: str = "manual", progress: Progress = no_progress
) -> BackupOutcome:
    """Write one backup (default: into the policy's folder), verify it, apply the rotation, audit it.

    Raises BackupAlreadyRunning (and writes nothing) while another backup of this vault is being made.
    """
    session.require(Permission.BACKUP, "backup.create")
    vault = session.vault
    with one_backup_at_a_time(vault.vault_id, vault.path):
        policy = backup_policy(session)
        target = folder or Path(policy.folder)
        try:
            target = folder or policy_folder(policy)
            result = checked(
                store.create_backup(
                    vault.path,
                    vault.dek,
                    target,
                    created_by=session.user.username,
                    workstation=session.workstation,
                    reason=reason,
                    progress=progress,
                )
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
            "backup.create", "ok", subject=result.path.name, detail=backup_detail(outcome, reason)
        )
        anchor.reanchor(vault)
    return outcome


def run_scheduled_backup(
    session: Session, event: BackupEvent = "timer", *, progress: Progress = no_progress
) -> BackupOutcome | None:
    """Back up into the policy folder if `backup_due(session, event)`.

    None when nothing was due, or when another backup of this vault is being made right now (that one
    counts: the caller waits for it, or the timer tries again at its next turn).
    """
    if not backup_due(session, event):
        return None
    try:
        return back_up_now(session, reason=event, progress=progress)
    except BackupAlreadyRunning:
        return None


# -- checking ----------------------------------------------------------------------------------------------
def verify_backup_file(
    session: Session, path: Path, credential: Credential | None = None, *, progress: Progress = no_progress
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
        lines += [
            f"  {table.replace('_', ' ')}: {n}"
            for table, n in sorted(m.row_counts.items())
            if table not in _BOOKKEEPING | {"audit_log"}
        ]
        return lines


def describe_backup(session: Session, path: Path, credential: Credential | None = None) -> BackupContents:
    """Read the manifest (fast) and compare it with the open vault; nothing is written."""
    session.require(Permission.RESTORE, "backup.inspect", subject=path.name)
    _header, manifest = fmt.read_manifest(path, _session_unlocker(session, credential))
    same = manifest.vault_id == session.vault.vault_id
    if not same:
        return BackupContents(path, manifest, False, False, [])
    current = store.vault_snapshot(session.vault.path, session.vault.dek, session.vault.vault_id)
    backup = manifest.snapshot()
    return BackupContents(path, manifest, True, is_older(backup, current), restore_losses(backup, current))


# -- restoring ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RestoreOutcome:
    vault_path: Path
    manifest: Manifest
    report: VerifyReport


def needs_confirmation(manifest: Manifest, losses: list[str]) -> RestoreNeedsConfirmation:
    when = manifest.created_at[:16].replace("T", " ")
    return RestoreNeedsConfirmation(
        f"The backup is from {when} UTC, older than the open vault. Restoring it loses: "
        + "; ".join(losses)
        + ". Confirm to restore anyway (into a new file; the current vault is kept).",
        losses,
    )


def record_provenance(actor: str, source: Path, final_path: Path) -> store.Finisher:
    """What a restore runs on the restored vault before putting it in place: open it once (upgrading its
    schema if needed) and record where it came from, so a restored vault never lacks that entry; then this
    computer's anchor for `final_path` names the restored trail (issue 8.3: an audited restore re-anchors)."""

    def finish(db_path: Path, dek: bytes, manifest: Manifest) -> None:
        keys = KeySlotsFile.load(keys_path_for(db_path))
        vault = Vault.open(db_path, dek, keys, holder=actor)
        try:
            with vault.write("the restore record") as conn:
                audit.append(
                    conn,
                    vault.audit_key,
                    username=actor,
                    action=anchor.RESTORED_ACTION,
                    subject=source.name,
                    detail={"backup_created_at": manifest.created_at, "backup_id": manifest.backup_id},
                    workstation=workstation_name(),
                )
            with vault.read() as conn:
                anchor.to_keyring(vault.vault_id, final_path, anchor.of_vault(conn))
        finally:
            vault.close()

    return finish


def restore_to_new_vault(
    session: Session,
    path: Path,
    new_vault: Path,
    *,
    confirm_loss: bool = False,
    credential: Credential | None = None,
    progress: Progress = no_progress,
) -> RestoreOutcome:
    """Restore a backup into a NEW vault file; the open vault is never touched.

    Raises RestoreNeedsConfirmation when the backup is older than the open vault and `confirm_loss` is False.
    """
    session.require(Permission.RESTORE, "backup.restore", subject=path.name)
    store.check_restore_target(new_vault)
    try:
        contents = describe_backup(session, path, credential)
        if contents.is_older and contents.losses and not confirm_loss:
            raise needs_confirmation(contents.manifest, contents.losses)
        result = store.restore_backup(
            path,
            _session_unlocker(session, credential),
            new_vault,
            progress=progress,
            finish=record_provenance(session.user.username, path, new_vault),
        )
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
    folder = policy_folder(backup_policy(session))
    found = backups_in(folder, session.vault.vault_id)
    if not found:
        raise UserError(f"There is no backup of this vault in {folder} yet. Back up first.")
    return max(found, key=lambda item: item[1].created_at)[0]


def restore_drill(
    session: Session, path: Path | None = None, *, progress: Progress = no_progress
) -> DrillReport:
    """Restore a backup (default: the newest) into a temporary folder, open it as the app would, check it."""
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
