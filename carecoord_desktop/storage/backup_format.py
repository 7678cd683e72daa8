"""The .ccbackup container: header, encrypted parts and manifest (how a backup file is laid out).

Layout (all integers big-endian)::

    b"CCBACKUP" | u16 format | u32 header length | header (JSON, authenticated, not secret)
    record*     : u8 kind | u32 length | AES-256-GCM ciphertext
    kinds       : 1 = a chunk of the database copy, 2 = the manifest (always last, exactly once)

The header holds the vault id, a random backup id, the creation time, the vault's audit anchor (its last
entry's number and hash, storage.anchor) and the vault's keys file exactly as it was: the same key slots (staff passwords, recovery key, backup slot) unwrap the database key (DEK),
so a backup opens with any password that worked when it was made. The records are encrypted under
HKDF(DEK, salt=backup id); each one's associated data binds the header's SHA-256, its index, its kind
and whether it is the last, so altering, reordering, dropping or appending anything fails a tag.

This module only reads and writes that container; making, checking and restoring the database copy
inside it is storage.backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from carecoord_desktop.domain.backup_policy import BackupDamaged, BackupKeyRefused, VaultSnapshot
from carecoord_desktop.domain.errors import SignInFailed, UserError, VaultDamaged
from carecoord_desktop.storage.clock import parse_utc
from carecoord_desktop.storage.keys import KeySlot, KeySlotsFile
from carecoord_desktop.storage.safe_files import NotARegularFile, open_regular

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


def no_progress(_stage: str, _fraction: float) -> None:
    """The Progress that reports nothing (the default everywhere)."""
    return None


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
    # Each account's role and state when the backup was made, so that what a password may do with the
    # backup is known from the manifest alone, before anything is decrypted (empty in older backups).
    staff: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})

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
    anchor: dict[str, Any] | None = None  # the vault's audit anchor when it was made (storage.anchor)

    @property
    def created(self) -> datetime:
        return parse_utc(self.created_at)

    def key_slots(self) -> KeySlotsFile:
        raw = json.loads(self.keys_text)
        slots_file = KeySlotsFile(path=self.path.with_name(self.path.name + ".keys"), vault_id=self.vault_id)
        slots_file.slots = [KeySlot(**slot) for slot in raw["slots"]]
        slots_file.disabled = [str(n) for n in raw.get("disabled", [])]
        return slots_file


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


def _read(handle: IO[bytes], size: int, path: Path) -> bytes:
    try:
        return handle.read(size)
    except OSError as exc:  # e.g. /proc/self/mem, a failing drive
        raise VaultDamaged(
            f"The backup {path.name} could not be read: {exc.strerror or type(exc).__name__}."
        ) from None


def _read_exact(handle: IO[bytes], size: int, path: Path, what: str) -> bytes:
    data = _read(handle, size, path)
    if len(data) != size:
        raise BackupDamaged(
            f"The backup {path.name} is incomplete: it ends in the middle of {what} (the file was cut short, "
            "for example by a full disk or a drive removed while copying)."
        )
    return data


def _open_for_reading(path: Path) -> IO[bytes]:
    """The backup file, opened only when it is a regular file (never blocking on a FIFO or a device)."""
    try:
        return os.fdopen(open_regular(path), "rb")
    except FileNotFoundError:
        raise VaultDamaged(f"There is no backup file at {path}.") from None
    except IsADirectoryError:
        raise VaultDamaged(f"{path} is a folder, not a backup file.") from None
    except NotARegularFile:
        raise VaultDamaged(
            f"{path} is not a regular file (a pipe or a device), so it is no backup."
        ) from None
    except OSError as exc:
        raise VaultDamaged(f"The backup {path.name} could not be read: {exc.strerror or exc}.") from None


def _parse_header(handle: IO[bytes], path: Path) -> BackupHeader:
    prefix = _read(handle, _PREFIX.size, path)
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
            anchor=raw["anchor"] if isinstance(raw.get("anchor"), dict) else None,
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


def headers_in(folder: Path, vault_id: str) -> list[tuple[Path, BackupHeader]]:
    """This vault's readable backups in `folder` (other vaults' and damaged files are left out)."""
    found: list[tuple[Path, BackupHeader]] = []
    try:
        candidates = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return found
    for path in candidates:
        try:
            header = read_header(path)
        except UserError:
            continue  # not ours or damaged: never listed, never rotated away
        if header.vault_id == vault_id:
            found.append((path, header))
    return found


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
        prefix = _read(handle, _RECORD.size, path)
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
            if _read(handle, 1, path):
                raise _damaged(path, "extra data follows its closing manifest")
            return


def extract(
    path: Path, unlock: Unlocker, db_out: IO[bytes] | None, progress: Progress = no_progress
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


# -- writing -----------------------------------------------------------------------------------------------
def backup_file_name(vault_name: str, created_at: str) -> str:
    stamp = parse_utc(created_at).strftime("%Y%m%d-%H%M%S")
    return f"{vault_name}-{stamp}Z{SUFFIX}"


def write_container(
    out: IO[bytes],
    db_path: Path,
    dek: bytes,
    header_fields: dict[str, Any],
    manifest_fields: dict[str, Any],
    progress: Progress = no_progress,
) -> Manifest:
    """Write the header, the database file at `db_path` in encrypted parts, and the closing manifest.

    `header_fields` must hold vault_id, backup_id, created_at and keys_file (the keys file's text);
    `manifest_fields` everything of a Manifest but what is measured here (db_bytes, db_sha256, chunks).
    """
    header_json = json.dumps(header_fields, sort_keys=True).encode("utf-8")
    prefix = _PREFIX.pack(MAGIC, FORMAT, len(header_json))
    out.write(prefix + header_json)
    digest = hashlib.sha256(prefix + header_json).digest()
    cipher = _record_key(dek, header_fields["backup_id"])
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
