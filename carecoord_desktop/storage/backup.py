"""Making, checking and restoring the database copy inside a .ccbackup file (storage.backup_format).

The database copy is made with the SQLite backup API into a new database keyed with the same DEK, so
the copy on disk is SQLCipher ciphertext before it is encrypted again: no plaintext is ever written.
Reading needs no lock on the vault: a read-only connection sees one consistent WAL snapshot while the
app that holds the vault keeps working.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import sqlcipher3
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from carecoord_desktop import __version__
from carecoord_desktop.domain.backup_policy import BackupDamaged, VaultSnapshot
from carecoord_desktop.domain.errors import StorageUnavailable, UserError, VaultDamaged
from carecoord_desktop.storage import anchor, audit
from carecoord_desktop.storage import backup_format as fmt
from carecoord_desktop.storage.atomic import describe_os_error, fsync_dir
from carecoord_desktop.storage.backup_format import Manifest, Progress, Unlocker, no_progress
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.db import connect_raw, make_engine, translate_storage_errors
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.lockfile import FileLock
from carecoord_desktop.storage.safe_files import FILE_MODE, make_private_dir
from carecoord_desktop.storage.schema import audit_log
from carecoord_desktop.storage.vault import keys_path_for


# -- results -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class VerifyReport:
    path: Path
    manifest: Manifest
    integrity: str
    audit: audit.ChainReport
    counts_match: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        m = self.manifest
        when = m.created_at[:16].replace("T", " ")
        if self.ok:
            return (
                f"Backup OK: {self.path.name}, made {when} UTC by {m.created_by}; database intact, "
                f"audit trail intact ({self.audit.entries_checked} entries), contents match the manifest."
            )
        return f"Backup {self.path.name} FAILED its check: " + "; ".join(self.problems)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    size_bytes: int
    report: VerifyReport
    seconds: float


# -- facts about a database file ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DatabaseFacts:
    schema_revision: str
    row_counts: dict[str, int]
    audit: audit.ChainReport
    audit_seq: int
    last_activity: str
    integrity: str
    staff: dict[str, dict[str, Any]] = field(default_factory=dict)


_FTS_SHADOWS = ("_config", "_content", "_data", "_docsize", "_idx")


def _table_names(engine: Engine) -> list[str]:
    """User tables, without SQLite's own and without the shadow tables behind full-text indexes."""
    query = (
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(query)).all()
    virtual = [str(r[0]) for r in rows if str(r[1] or "").upper().startswith("CREATE VIRTUAL TABLE")]
    shadows = {f"{v}{suffix}" for v in virtual for suffix in _FTS_SHADOWS}
    return [str(r[0]) for r in rows if str(r[0]) not in shadows]


def database_facts(db_path: Path, dek: bytes, vault_id: str, *, integrity: bool = True) -> DatabaseFacts:
    """Rows per table, the audit chain and (optionally) SQLite's integrity check of a keyed database file."""
    engine = make_engine(db_path, dek, readonly=True)
    try:
        try:
            names = _table_names(engine)
        except Exception:
            raise BackupDamaged("The database inside the backup does not open with its key.") from None
        with engine.connect() as conn:
            counts = {n: int(conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()) for n in names}
            revision = ""
            if "alembic_version" in names:
                revision = str(
                    conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none() or ""
                )
            chain = audit.verify(conn, audit.head_mac_key(dek), vault_id)
            last = conn.execute(
                select(audit_log.c.seq, audit_log.c.at).order_by(audit_log.c.seq.desc()).limit(1)
            ).first()
            staff = {}
            if "staff" in names:
                query = "SELECT username, role, active, must_change_password FROM staff"
                staff = {
                    str(r[0]): {"role": str(r[1]), "active": bool(r[2]), "must_change_password": bool(r[3])}
                    for r in conn.execute(text(query))
                }
            check = "not run"
            if integrity:
                rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
                check = "ok" if rows == ["ok"] else "; ".join(rows[:5])
    finally:
        engine.dispose()
    return DatabaseFacts(
        schema_revision=revision,
        row_counts=counts,
        audit=chain,
        audit_seq=int(last.seq) if last else 0,
        last_activity=str(last.at) if last else "",
        integrity=check,
        staff=staff,
    )


def vault_snapshot(vault_path: Path, dek: bytes, vault_id: str) -> VaultSnapshot:
    """What a live vault holds now (read-only, no lock), to compare with a backup before restoring."""
    facts = database_facts(vault_path, dek, vault_id, integrity=False)
    return VaultSnapshot(vault_id, facts.audit_seq, facts.last_activity, facts.row_counts)


# -- writing -----------------------------------------------------------------------------------------------
def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    n = 2
    while target.exists():
        target = folder / f"{name.removesuffix(fmt.SUFFIX)}-{n}{fmt.SUFFIX}"
        n += 1
    return target


WORK_PREFIX = ".carecoord-work-"
_IN_USE = ".in-use"  # locked (an OS lock, gone with the process) for as long as the folder is in use
_JOURNAL = "restore.json"  # written by a restore just before it puts its files in place
_LEGACY_STALE_S = 3600  # a work folder without a lock file (older versions) is stale after an hour


def backup_lock(vault_path: Path) -> FileLock:
    """The lock that one backup of a vault holds, across processes (the app and the OS scheduler)."""
    return FileLock(vault_path.with_name(vault_path.name + ".backup-lock"), "the vault's backup lock file")


def _undo_interrupted_restore(folder: Path, parent: Path) -> None:
    """A restore killed between its renames: remove the keys file it put in place without its vault."""
    try:
        journal = json.loads((folder / _JOURNAL).read_text(encoding="utf-8"))
        vault = parent / Path(str(journal["vault"])).name
        keys = vault.with_name(vault.name + ".keys")
        orphan = not vault.exists() and keys.is_file() and not keys.is_symlink()
        if orphan and hashlib.sha256(keys.read_bytes()).hexdigest() == journal["keys_sha256"]:
            keys.unlink()
    except (OSError, ValueError, KeyError, TypeError):
        return


def clean_stale_work(parent: Path) -> list[str]:
    """Remove work folders in `parent` that no running backup, check or restore holds; their names."""
    removed: list[str] = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(WORK_PREFIX) and p.is_dir()]
    except OSError:
        return removed
    for folder in candidates:
        if folder.is_symlink():
            continue
        lock = FileLock(folder / _IN_USE, "a backup work folder's lock")
        try:
            if not (folder / _IN_USE).exists():
                if time.time() - folder.stat().st_mtime < _LEGACY_STALE_S:
                    continue  # just made by a backup that is about to lock it, or an older version's
            elif not lock.acquire():
                continue  # in use
            _undo_interrupted_restore(folder, parent)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        except (OSError, UserError):
            continue
        finally:
            lock.release()
    return removed


@contextlib.contextmanager
def _work_dir(parent: Path, what: str) -> Iterator[Path]:
    """A private folder for the keyed (SQLCipher-encrypted) working copy; removed afterwards, or by the next
    run in `parent` when a kill left it behind (its lock shows whether anyone still uses it)."""
    clean_stale_work(parent)
    try:
        folder = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=parent))
    except OSError as exc:
        raise describe_os_error(exc, what) from exc
    lock = FileLock(folder / _IN_USE, "a backup work folder's lock")
    try:
        lock.acquire()
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        lock.release()


def _keyed_copy(src: Any, target: Path, dek: bytes, progress: Progress, stage: str) -> None:
    dst = sqlcipher3.connect(str(target), isolation_level=None)
    try:
        dst.execute(f"PRAGMA key = \"x'{dek.hex()}'\"")
        dst.execute("PRAGMA journal_mode = OFF")

        def step(_status: int, remaining: int, total: int) -> None:
            progress(stage, 1 - remaining / max(total, 1))

        src.backup(dst, pages=1024, progress=step)
    finally:
        dst.close()


def snapshot_database(vault_path: Path, dek: bytes, target: Path, progress: Progress = no_progress) -> None:
    """A consistent, keyed copy of the vault's database via the SQLite backup API, without the vault's lock."""
    if not vault_path.exists():
        raise VaultDamaged(f"There is no vault at {vault_path}.")
    with translate_storage_errors("the backup"):
        try:
            src = connect_raw(vault_path, dek, readonly=True)
        except sqlcipher3.DatabaseError as exc:
            raise VaultDamaged(
                f"The vault {vault_path.name} could not be read for the backup ({exc})."
            ) from None
        try:
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            _keyed_copy(src, target, dek, progress, "Copying the vault")
        except sqlcipher3.OperationalError as exc:  # full or read-only disk, busy vault: plain words
            raise OperationalError("the backup copy", None, exc) from exc
        except sqlcipher3.DatabaseError as exc:
            raise VaultDamaged(
                f"The vault {vault_path.name} could not be read for the backup ({exc})."
            ) from None
        finally:
            src.close()


def create_backup(
    vault_path: Path,
    dek: bytes,
    folder: Path,
    *,
    created_by: str,
    workstation: str,
    reason: str,
    progress: Progress = no_progress,
) -> BackupResult:
    """Write one verified .ccbackup of the vault into `folder` and return what was written.

    The file appears under its final name only once it is complete and fsynced; a failure (full or
    read-only disk) leaves no partial file behind and the vault untouched.
    """
    started = time.monotonic()
    keys_path = keys_path_for(vault_path)
    keys = KeySlotsFile.load(keys_path)
    keys_text = keys_path.read_text(encoding="utf-8")
    make_private_dir(folder, "the backup")
    created_at = utc_now()
    backup_id = secrets.token_hex(16)
    with _work_dir(folder, "the backup") as work:
        copy = work / "copy.db"
        snapshot_database(vault_path, dek, copy, progress)
        progress("Counting what the backup holds", 0.0)
        facts = database_facts(copy, dek, keys.vault_id, integrity=False)
        header_fields = {
            "vault_id": keys.vault_id,
            "backup_id": backup_id,
            "created_at": created_at,
            "keys_file": keys_text,
            "app_version": __version__,
            "anchor": anchor.of_database_file(copy, dek).as_json(),
        }
        manifest_fields: dict[str, Any] = {
            "backup_id": backup_id,
            "vault_id": keys.vault_id,
            "vault_name": vault_path.stem,
            "schema_revision": facts.schema_revision,
            "app_version": __version__,
            "created_at": created_at,
            "created_by": created_by,
            "workstation": workstation,
            "reason": reason,
            "row_counts": facts.row_counts,
            "audit_seq": facts.audit_seq,
            "last_activity": facts.last_activity,
            "audit_ok": facts.audit.ok,
            "keys_sha256": hashlib.sha256(keys_text.encode("utf-8")).hexdigest(),
            "staff": facts.staff,
        }
        target = _free_name(folder, fmt.backup_file_name(vault_path.stem, created_at))
        partial = work / (target.name + ".partial")
        try:
            with _private_output(partial) as out:
                manifest = fmt.write_container(out, copy, dek, header_fields, manifest_fields, progress)
                out.flush()
                os.fsync(out.fileno())
            copy.unlink()
            os.replace(partial, target)
            fsync_dir(folder)
        except OSError as exc:
            raise describe_os_error(exc, "the backup") from exc
    report = verify_backup(target, lambda _keys: dek, work_parent=folder, progress=progress)
    return BackupResult(target, manifest, target.stat().st_size, report, time.monotonic() - started)


# -- checking and restoring --------------------------------------------------------------------------------
def _check_extracted(path: Path, db_path: Path, dek: bytes, manifest: Manifest) -> VerifyReport:
    facts = database_facts(db_path, dek, manifest.vault_id)
    problems: list[str] = []
    if facts.integrity != "ok":
        problems.append(f"the database copy failed SQLite's integrity check ({facts.integrity})")
    if not facts.audit.ok:
        problems.append(facts.audit.describe())
    counts_match = facts.row_counts == manifest.row_counts and facts.audit_seq == manifest.audit_seq
    if not counts_match:
        problems.append("the row counts differ from the manifest")
    return VerifyReport(path, manifest, facts.integrity, facts.audit, counts_match, problems)


#: Looks at the decrypted database copy (its path and key) before it is checked and used; raises to refuse.
Acceptor = Callable[[Path, bytes], None]


def _extract_copy(
    path: Path, unlock: Unlocker, db_path: Path, what: str, progress: Progress, accept: Acceptor | None
) -> tuple[bytes, Manifest]:
    """Decrypt and authenticate the backup's database copy into `db_path` (fsynced); (its key, manifest)."""
    try:
        with _private_output(db_path) as out:
            _header, dek, manifest = fmt.extract(path, unlock, out, progress)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise describe_os_error(exc, what) from exc
    if accept is not None:
        accept(db_path, dek)
    return dek, manifest


def verify_backup(
    path: Path,
    unlock: Unlocker,
    *,
    work_parent: Path | None = None,
    progress: Progress = no_progress,
    accept: Acceptor | None = None,
) -> VerifyReport:
    """Decrypt and authenticate everything, then check the database copy as SQLite and as an audit trail.

    Damage to the file raises BackupDamaged; a copy that decrypts but fails a check comes back with problems.
    """
    parent = work_parent or Path(tempfile.gettempdir())
    with _work_dir(parent, "the backup check") as work:
        db_path = work / "check.db"
        dek, manifest = _extract_copy(
            path, unlock, db_path, "the working copy for the backup check", progress, accept
        )
        progress("Checking the backup", 1.0)
        return _check_extracted(path, db_path, dek, manifest)


@dataclass(frozen=True)
class RestoreResult:
    vault_path: Path
    manifest: Manifest
    report: VerifyReport
    dek: bytes = field(repr=False)


def check_restore_target(new_vault: Path) -> None:
    """Refuse a restore target that exists: a restore never overwrites a vault.

    What a restore killed at its last step left in that folder is undone first, so it can be run again.
    """
    if new_vault.parent.is_dir():
        clean_stale_work(new_vault.parent)
    for existing in (new_vault, *(new_vault.with_name(new_vault.name + n) for n in (".keys", "-wal"))):
        if os.path.lexists(existing):
            raise StorageUnavailable(
                f"{existing} already exists. Restore into a new file name; the current vault is never overwritten."
            )


#: Runs on the restored vault (its database path and key, the backup's manifest) while it is still in the
#: work folder, before it is put in place: e.g. recording where it came from in its audit trail.
Finisher = Callable[[Path, bytes, Manifest], None]


def _private_output(path: Path) -> IO[bytes]:
    """A new file readable by its owner only, for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, FILE_MODE), "wb")


def _write_synced(path: Path, data: bytes) -> None:
    with _private_output(path) as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _publish(work: Path, db_tmp: Path, keys_tmp: Path, new_vault: Path) -> None:
    """Put the restored keys file, then the database, in place; a journal lets the next run undo a half."""
    keys_target = keys_path_for(new_vault)
    if os.path.lexists(new_vault) or os.path.lexists(keys_target):
        raise StorageUnavailable(f"{new_vault} appeared while restoring; nothing was overwritten.")
    journal = {"vault": new_vault.name, "keys_sha256": hashlib.sha256(keys_tmp.read_bytes()).hexdigest()}
    _write_synced(work / _JOURNAL, json.dumps(journal).encode("utf-8"))
    os.replace(keys_tmp, keys_target)
    try:
        os.replace(db_tmp, new_vault)
    except OSError:
        keys_target.unlink()
        raise
    fsync_dir(new_vault.parent)


def restore_backup(
    path: Path,
    unlock: Unlocker,
    new_vault: Path,
    *,
    progress: Progress = no_progress,
    accept: Acceptor | None = None,
    finish: Finisher | None = None,
) -> RestoreResult:
    """Restore into a new vault file (and its keys file). Never overwrites; on any failure nothing is left.

    `accept` may refuse the decrypted copy (by raising) before anything is put in place; `finish` runs on
    the checked copy before it is put in place. A kill between the two final renames is undone by the
    next restore or backup that uses this folder.
    """
    keys_target = keys_path_for(new_vault)
    check_restore_target(new_vault)
    header = fmt.read_header(path)  # refuses a non-backup before any folder is made
    make_private_dir(new_vault.parent, "the restored vault")
    with _work_dir(new_vault.parent, "the restored vault") as work:
        db_tmp = work / new_vault.name
        keys_tmp = work / keys_target.name
        dek, manifest = _extract_copy(path, unlock, db_tmp, "the restored vault", progress, accept)
        progress("Checking the restored vault", 1.0)
        report = _check_extracted(path, db_tmp, dek, manifest)
        if not report.ok:
            raise BackupDamaged(
                f"The backup {path.name} decrypts but its contents failed the check, so it was not restored: "
                + "; ".join(report.problems)
            )
        try:
            _write_synced(keys_tmp, header.keys_text.encode("utf-8"))
            if finish is not None:
                finish(db_tmp, dek, manifest)
            for sidecar in work.iterdir():  # -wal/-shm/.lock of the check and `finish`: the copy is complete
                if sidecar.name not in (db_tmp.name, keys_tmp.name, _IN_USE):
                    sidecar.unlink()
            _publish(work, db_tmp, keys_tmp, new_vault)
        except OSError as exc:
            raise describe_os_error(exc, "the restored vault") from exc
    return RestoreResult(new_vault, manifest, report, dek)


def append_audit_unlocked(vault_path: Path, dek: bytes, vault_id: str, **entry: Any) -> None:
    """One audit entry written without the vault's app lock (unattended backups while the app is open).

    SQLite's own locking serializes this single short write with the app's transactions; the app lock
    exists to stop two people editing through two app windows, which this is not.
    """
    engine = make_engine(vault_path, dek)
    try:
        with translate_storage_errors("the audit entry"), engine.connect() as conn:
            conn = conn.execution_options(write=True)
            with conn.begin():
                audit.append(conn, audit.head_mac_key(dek), **entry)
    finally:
        engine.dispose()
