"""The .ccbackup file: a consistent, encrypted copy of a vault and its key slots, checked after writing.

Layout (all integers big-endian)::

    b"CCBACKUP" | u16 format | u32 header length | header (JSON, authenticated, not secret)
    record*     : u8 kind | u32 length | AES-256-GCM ciphertext
    kinds       : 1 = a chunk of the database copy, 2 = the manifest (always last, exactly once)

The header holds the vault id, a random backup id, the creation time and the vault's keys file exactly
as it was: the same key slots (staff passwords, recovery key, backup slot) unwrap the database key (DEK),
so a backup opens with any password that worked when it was made. The records are encrypted under
HKDF(DEK, salt=backup id); each one's associated data binds the header's SHA-256, its index, its kind
and whether it is the last, so altering, reordering, dropping or appending anything fails a tag.

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
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import sqlcipher3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine, select, text

from carecoord_desktop import __version__
from carecoord_desktop.domain.backup_policy import BackupDamaged, BackupKeyRefused, VaultSnapshot
from carecoord_desktop.domain.errors import SignInFailed, StorageUnavailable, VaultDamaged
from carecoord_desktop.storage import audit
from carecoord_desktop.storage.atomic import describe_os_error, fsync_dir
from carecoord_desktop.storage.clock import parse_utc, utc_now
from carecoord_desktop.storage.db import connect_raw, make_engine, translate_storage_errors
from carecoord_desktop.storage.keys import KeySlot, KeySlotsFile
from carecoord_desktop.storage.schema import audit_log

MAGIC = b"CCBACKUP"
FORMAT = 1
SUFFIX = ".ccbackup"
CHUNK_BYTES = 1 << 20
KIND_DB, KIND_MANIFEST = 1, 2
_PREFIX = struct.Struct(">8sHI")
_RECORD = struct.Struct(">BI")
_MAX_HEADER = 4 << 20
_MAX_MANIFEST = 4 << 20
_TAG = 16

#: Given the key slots stored in a backup, return the database key (or raise SignInFailed).
Unlocker = Callable[[KeySlotsFile], bytes]
#: (what is happening, fraction done 0..1)
Progress = Callable[[str, float], None]


def _no_progress(_stage: str, _fraction: float) -> None:
    return None


# -- facts -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Manifest:
    backup_id: str
    vault_id: str
    vault_name: str
    schema_revision: str
    app_version: str
    created_at: str
    created_by: str
    workstation: str
    reason: str
    row_counts: dict[str, int]
    audit_seq: int
    last_activity: str
    audit_ok: bool
    db_bytes: int
    db_sha256: str
    keys_sha256: str
    chunks: int

    def as_json(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__})

    def snapshot(self) -> VaultSnapshot:
        return VaultSnapshot(self.vault_id, self.audit_seq, self.last_activity, dict(self.row_counts))


@dataclass(frozen=True)
class BackupHeader:
    path: Path
    vault_id: str
    backup_id: str
    created_at: str
    keys_text: str
    digest: bytes
    records_offset: int

    @property
    def created(self) -> datetime:
        return parse_utc(self.created_at)

    def key_slots(self) -> KeySlotsFile:
        raw = json.loads(self.keys_text)
        slots_file = KeySlotsFile(path=self.path.with_name(self.path.name + ".keys"), vault_id=self.vault_id)
        slots_file.slots = [KeySlot(**slot) for slot in raw["slots"]]
        slots_file.disabled = [str(n) for n in raw.get("disabled", [])]
        return slots_file


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


# -- keys --------------------------------------------------------------------------------------------------
def _record_key(dek: bytes, backup_id: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=bytes.fromhex(backup_id), info=b"carecoord-backup-v1"
    ).derive(dek)
    return AESGCM(key)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _aad(digest: bytes, index: int, kind: int, last: bool) -> bytes:
    return digest + struct.pack(">QBB", index, kind, int(last))


# -- reading -----------------------------------------------------------------------------------------------
def _damaged(path: Path, why: str) -> BackupDamaged:
    return BackupDamaged(f"The backup {path.name} is damaged and cannot be used: {why}.")


def _read_exact(handle: IO[bytes], size: int, path: Path, what: str) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise BackupDamaged(
            f"The backup {path.name} is incomplete: it ends in the middle of {what} (the file was cut short, "
            "for example by a full disk or a drive removed while copying)."
        )
    return data


def _open_for_reading(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise VaultDamaged(f"There is no backup file at {path}.") from None
    except IsADirectoryError:
        raise VaultDamaged(f"{path} is a folder, not a backup file.") from None
    except OSError as exc:
        raise VaultDamaged(f"The backup {path.name} could not be read: {exc.strerror or exc}.") from None


def _parse_header(handle: IO[bytes], path: Path) -> BackupHeader:
    prefix = handle.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size or not prefix.startswith(MAGIC):
        raise BackupDamaged(f"{path.name} is not a CareCoord backup (.ccbackup) file.")
    _magic, fmt, length = _PREFIX.unpack(prefix)
    if fmt != FORMAT:
        raise BackupDamaged(
            f"The backup {path.name} was written in format {fmt}, which this version of CareCoord cannot read. "
            "Update the app."
        )
    if length > _MAX_HEADER:
        raise _damaged(path, "its header has an impossible size")
    body = _read_exact(handle, length, path, "its header")
    try:
        raw = json.loads(body)
        header = BackupHeader(
            path=path,
            vault_id=str(raw["vault_id"]),
            backup_id=str(raw["backup_id"]),
            created_at=str(raw["created_at"]),
            keys_text=str(raw["keys_file"]),
            digest=hashlib.sha256(prefix + body).digest(),
            records_offset=_PREFIX.size + length,
        )
        bytes.fromhex(header.backup_id)
        header.key_slots()
        parse_utc(header.created_at)
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged(path, f"its header cannot be read ({type(exc).__name__})") from None
    return header


def read_header(path: Path) -> BackupHeader:
    """The unencrypted facts of a backup (vault id, when): enough to list and rotate, nothing secret."""
    with _open_for_reading(path) as handle:
        return _parse_header(handle, path)


def unlock_dek(header: BackupHeader, unlock: Unlocker) -> bytes:
    try:
        return unlock(header.key_slots())
    except BackupKeyRefused:
        raise
    except SignInFailed as exc:
        raise BackupKeyRefused(
            f"That password or key does not open the backup {header.path.name} ({exc.message.rstrip('.')})."
        ) from None


def _iter_records(handle: IO[bytes], header: BackupHeader, cipher: AESGCM) -> Iterator[tuple[int, bytes]]:
    """Decrypted records in order; raises BackupDamaged on any mismatch, truncation or trailing data."""
    path = header.path
    index = 0
    while True:
        prefix = handle.read(_RECORD.size)
        if not prefix:
            raise BackupDamaged(
                f"The backup {path.name} is incomplete: it ends after {handle.tell() / 1e6:.1f} MB without its "
                "closing manifest (the file was cut short)."
            )
        if len(prefix) < _RECORD.size:
            _read_exact(handle, _RECORD.size, path, "a record")
        kind, length = _RECORD.unpack(prefix)
        limit = (_MAX_MANIFEST if kind == KIND_MANIFEST else CHUNK_BYTES) + _TAG
        if kind not in (KIND_DB, KIND_MANIFEST) or length > limit or length < _TAG:
            raise _damaged(path, f"part {index + 1} has an unknown type or an impossible size")
        body = _read_exact(handle, length, path, f"part {index + 1}")
        last = kind == KIND_MANIFEST
        try:
            plain = cipher.decrypt(_nonce(index), body, _aad(header.digest, index, kind, last))
        except InvalidTag:
            if index == 0:
                raise _damaged(
                    path,
                    "its contents do not match its header (the file was altered or belongs to another vault)",
                ) from None
            raise _damaged(
                path, f"part {index + 1} (near {handle.tell() / 1e6:.1f} MB) was altered"
            ) from None
        yield kind, plain
        index += 1
        if last:
            if handle.read(1):
                raise _damaged(path, "extra data follows its closing manifest")
            return


def extract(
    path: Path, unlock: Unlocker, db_out: IO[bytes] | None, progress: Progress = _no_progress
) -> tuple[BackupHeader, bytes, Manifest]:
    """Decrypt and authenticate the whole file; write the database copy to `db_out`. Returns the DEK too."""
    with _open_for_reading(path) as handle:
        header = _parse_header(handle, path)
        dek = unlock_dek(header, unlock)
        total = max(1, os.fstat(handle.fileno()).st_size)
        cipher = _record_key(dek, header.backup_id)
        digest = hashlib.sha256()
        size = chunks = 0
        manifest: Manifest | None = None
        for kind, plain in _iter_records(handle, header, cipher):
            if kind == KIND_DB:
                if manifest is not None:
                    raise _damaged(path, "database data follows the manifest")
                digest.update(plain)
                size += len(plain)
                chunks += 1
                if db_out is not None:
                    db_out.write(plain)
                progress("Reading the backup", handle.tell() / total)
            else:
                try:
                    manifest = Manifest.from_json(plain)
                except (ValueError, KeyError, TypeError):
                    raise _damaged(path, "its manifest cannot be read") from None
    assert manifest is not None
    if manifest.vault_id != header.vault_id or manifest.backup_id != header.backup_id:
        raise _damaged(path, "its manifest belongs to another backup")
    if size != manifest.db_bytes or chunks != manifest.chunks or digest.hexdigest() != manifest.db_sha256:
        raise _damaged(path, "the database copy does not match the SHA-256 in its manifest")
    if hashlib.sha256(header.keys_text.encode("utf-8")).hexdigest() != manifest.keys_sha256:
        raise _damaged(path, "the key slots do not match the SHA-256 in its manifest")
    return header, dek, manifest


def read_manifest(path: Path, unlock: Unlocker) -> tuple[BackupHeader, Manifest]:
    """The manifest only, without decrypting the database: for showing what a backup holds, quickly.

    Skips over the database records (checking only their framing), then authenticates the manifest;
    a full check is `verify_backup`.
    """
    with _open_for_reading(path) as handle:
        header = _parse_header(handle, path)
        dek = unlock_dek(header, unlock)
        index = 0
        while True:
            prefix = _read_exact(handle, _RECORD.size, path, "a record")
            kind, length = _RECORD.unpack(prefix)
            if kind == KIND_DB and _TAG <= length <= CHUNK_BYTES + _TAG:
                handle.seek(length, os.SEEK_CUR)
                index += 1
                continue
            if kind != KIND_MANIFEST or not _TAG <= length <= _MAX_MANIFEST + _TAG:
                raise _damaged(path, f"part {index + 1} has an unknown type or an impossible size")
            body = _read_exact(handle, length, path, "its manifest")
            try:
                plain = _record_key(dek, header.backup_id).decrypt(
                    _nonce(index), body, _aad(header.digest, index, KIND_MANIFEST, True)
                )
                manifest = Manifest.from_json(plain)
            except InvalidTag:
                raise _damaged(path, "its manifest was altered, or the file is not from this vault") from None
            except (ValueError, KeyError, TypeError):
                raise _damaged(path, "its manifest cannot be read") from None
            return header, manifest


# -- facts about a database file ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DatabaseFacts:
    schema_revision: str
    row_counts: dict[str, int]
    audit: audit.ChainReport
    audit_seq: int
    last_activity: str
    integrity: str


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
    )


def vault_snapshot(vault_path: Path, dek: bytes, vault_id: str) -> VaultSnapshot:
    """What a live vault holds now (read-only, no lock), to compare with a backup before restoring."""
    facts = database_facts(vault_path, dek, vault_id, integrity=False)
    return VaultSnapshot(vault_id, facts.audit_seq, facts.last_activity, facts.row_counts)


# -- writing -----------------------------------------------------------------------------------------------
def backup_file_name(vault_name: str, created_at: str) -> str:
    stamp = parse_utc(created_at).strftime("%Y%m%d-%H%M%S")
    return f"{vault_name}-{stamp}Z{SUFFIX}"


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    n = 2
    while target.exists():
        target = folder / f"{name.removesuffix(SUFFIX)}-{n}{SUFFIX}"
        n += 1
    return target


@contextlib.contextmanager
def _work_dir(parent: Path, what: str) -> Iterator[Path]:
    """A private folder for the keyed (SQLCipher-encrypted) working copy; always removed afterwards."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=".carecoord-work-", dir=parent))
    except OSError as exc:
        raise describe_os_error(exc, what) from exc
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


def snapshot_database(vault_path: Path, dek: bytes, target: Path, progress: Progress = _no_progress) -> None:
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
        except sqlcipher3.OperationalError as exc:
            raise _as_storage_error(exc, "the backup") from None
        except sqlcipher3.DatabaseError as exc:
            raise VaultDamaged(
                f"The vault {vault_path.name} could not be read for the backup ({exc})."
            ) from None
        finally:
            src.close()


def _as_storage_error(exc: Exception, what: str) -> StorageUnavailable:
    message = str(exc).lower()
    if "full" in message:
        return StorageUnavailable(
            f"The disk is full, so {what} could not be saved. Free some space and try again."
        )
    if "readonly" in message or "read-only" in message:
        return StorageUnavailable(f"The disk is read-only, so {what} could not be saved.")
    if "locked" in message or "busy" in message:
        return StorageUnavailable(f"The vault is busy, so {what} could not be made. Try again in a moment.")
    return StorageUnavailable(f"{what[:1].upper()}{what[1:]} could not be made: {exc}.")


def _write_container(
    out: IO[bytes],
    db_path: Path,
    dek: bytes,
    header_json: bytes,
    manifest_fields: dict[str, Any],
    progress: Progress,
) -> Manifest:
    prefix = _PREFIX.pack(MAGIC, FORMAT, len(header_json))
    out.write(prefix + header_json)
    digest = hashlib.sha256(prefix + header_json).digest()
    backup_id = manifest_fields["backup_id"]
    cipher = _record_key(dek, backup_id)
    content = hashlib.sha256()
    total = max(1, db_path.stat().st_size)
    index = size = 0
    with db_path.open("rb") as db:
        while chunk := db.read(CHUNK_BYTES):
            content.update(chunk)
            size += len(chunk)
            sealed = cipher.encrypt(_nonce(index), chunk, _aad(digest, index, KIND_DB, False))
            out.write(_RECORD.pack(KIND_DB, len(sealed)) + sealed)
            index += 1
            progress("Encrypting the backup", size / total)
    manifest = Manifest(**manifest_fields, db_bytes=size, db_sha256=content.hexdigest(), chunks=index)
    sealed = cipher.encrypt(_nonce(index), manifest.as_json(), _aad(digest, index, KIND_MANIFEST, True))
    out.write(_RECORD.pack(KIND_MANIFEST, len(sealed)) + sealed)
    return manifest


def create_backup(
    vault_path: Path,
    dek: bytes,
    folder: Path,
    *,
    created_by: str,
    workstation: str,
    reason: str,
    progress: Progress = _no_progress,
) -> BackupResult:
    """Write one verified .ccbackup of the vault into `folder` and return what was written.

    The file appears under its final name only once it is complete and fsynced; a failure (full or
    read-only disk) leaves no partial file behind and the vault untouched.
    """
    started = time.monotonic()
    keys_path = vault_path.with_name(vault_path.name + ".keys")
    keys = KeySlotsFile.load(keys_path)
    keys_text = keys_path.read_text(encoding="utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(exc, "the backup") from exc
    created_at = utc_now()
    backup_id = secrets.token_hex(16)
    with _work_dir(folder, "the backup") as work:
        copy = work / "copy.db"
        snapshot_database(vault_path, dek, copy, progress)
        progress("Counting what the backup holds", 0.0)
        facts = database_facts(copy, dek, keys.vault_id, integrity=False)
        header_json = json.dumps(
            {
                "vault_id": keys.vault_id,
                "backup_id": backup_id,
                "created_at": created_at,
                "keys_file": keys_text,
                "app_version": __version__,
            },
            sort_keys=True,
        ).encode("utf-8")
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
        }
        target = _free_name(folder, backup_file_name(vault_path.stem, created_at))
        partial = work / (target.name + ".partial")
        try:
            with partial.open("wb") as out:
                manifest = _write_container(out, copy, dek, header_json, manifest_fields, progress)
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


def verify_backup(
    path: Path, unlock: Unlocker, *, work_parent: Path | None = None, progress: Progress = _no_progress
) -> VerifyReport:
    """Decrypt and authenticate everything, then check the database copy as SQLite and as an audit trail.

    Damage to the file raises BackupDamaged; a copy that decrypts but fails a check comes back with problems.
    """
    parent = work_parent or Path(tempfile.gettempdir())
    with _work_dir(parent, "the backup check") as work:
        db_path = work / "check.db"
        try:
            with db_path.open("wb") as out:
                _header, dek, manifest = extract(path, unlock, out, progress)
        except OSError as exc:
            raise describe_os_error(exc, "the working copy for the backup check") from exc
        progress("Checking the backup", 1.0)
        return _check_extracted(path, db_path, dek, manifest)


@dataclass(frozen=True)
class RestoreResult:
    vault_path: Path
    manifest: Manifest
    report: VerifyReport
    dek: bytes = field(repr=False)


def check_restore_target(new_vault: Path) -> None:
    """Refuse a restore target that exists: a restore never overwrites a vault."""
    for existing in (new_vault, *(new_vault.with_name(new_vault.name + n) for n in (".keys", "-wal"))):
        if existing.exists():
            raise StorageUnavailable(
                f"{existing} already exists. Restore into a new file name; the current vault is never overwritten."
            )


def restore_backup(
    path: Path, unlock: Unlocker, new_vault: Path, *, progress: Progress = _no_progress
) -> RestoreResult:
    """Restore into a new vault file (and its keys file). Never overwrites; on any failure nothing is left."""
    keys_target = new_vault.with_name(new_vault.name + ".keys")
    check_restore_target(new_vault)
    header = read_header(path)  # refuses a non-backup before any folder is made
    try:
        new_vault.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(exc, "the restored vault") from exc
    with _work_dir(new_vault.parent, "the restored vault") as work:
        db_tmp = work / new_vault.name
        keys_tmp = work / keys_target.name
        try:
            with db_tmp.open("wb") as out:
                _h, dek, manifest = extract(path, unlock, out, progress)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            raise describe_os_error(exc, "the restored vault") from exc
        progress("Checking the restored vault", 1.0)
        report = _check_extracted(path, db_tmp, dek, manifest)
        if not report.ok:
            raise BackupDamaged(
                f"The backup {path.name} decrypts but its contents failed the check, so it was not restored: "
                + "; ".join(report.problems)
            )
        for sidecar in work.iterdir():  # -wal/-shm made by the check: the copy itself is complete
            if sidecar.name != db_tmp.name:
                sidecar.unlink()
        try:
            with keys_tmp.open("wb") as out:
                out.write(header.keys_text.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            if new_vault.exists() or keys_target.exists():
                raise StorageUnavailable(f"{new_vault} appeared while restoring; nothing was overwritten.")
            os.replace(keys_tmp, keys_target)
            try:
                os.replace(db_tmp, new_vault)
            except OSError:
                keys_target.unlink()
                raise
            fsync_dir(new_vault.parent)
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
