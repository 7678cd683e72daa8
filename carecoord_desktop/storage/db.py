"""SQLCipher engines: the raw 256-bit key is applied per connection, so opening costs no KDF."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool

from carecoord_desktop.domain.errors import StorageUnavailable, VaultDamaged

BUSY_TIMEOUT_MS = 5000
FULL_BELOW_BYTES = 64 * 1024  # less free space than this when SQLite fails to open: the disk is full
_NOT_THIS_KEY = (
    "The vault file could not be opened with its key: it is damaged or does not belong to this keys file."
)
# Decrypted pages kept per connection: a 100,000-patient panel's indexes stay in memory after first use.
CACHE_KIB = 32 * 1024


def _key_pragma(dek: bytes) -> str:
    return f"PRAGMA key = \"x'{dek.hex()}'\""


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI; `#`, `?` and `%` in the path are percent-encoded, not taken as URI syntax."""
    return Path(path).absolute().as_uri() + "?mode=ro"


def connect_raw(path: Path, dek: bytes, *, readonly: bool = False) -> Any:
    """A keyed DB-API connection (for the backup API and raw checks)."""
    if readonly:
        conn = sqlcipher3.connect(readonly_uri(path), uri=True, check_same_thread=False, isolation_level=None)
    else:
        conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.execute(_key_pragma(dek))
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA synchronous = FULL")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
    return conn


def make_engine(path: Path, dek: bytes, *, readonly: bool = False) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect_raw(path, dek, readonly=readonly),
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # pysqlite-style drivers defer BEGIN; we issue it ourselves so a transaction covers reads too,
        # and writes take the write lock up front (no lock upgrade failures halfway through).
        mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def check_key(engine: Engine, folder: Path | None = None) -> None:
    """Fail with a plain message when the key does not open the file, or the disk (in `folder`) refuses."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    except OperationalError as exc:  # SQLite could not read or set up the file: the disk, not the key
        if folder is not None and _disk_is_full(folder):
            raise StorageUnavailable(
                "The disk is full, so the vault could not be opened. Free some space and try again."
            ) from exc
        message = str(exc.orig).lower() if exc.orig else str(exc).lower()
        if "disk i/o" in message or "unable to open" in message or "readonly" in message:
            raise StorageUnavailable(
                "The disk reported an error while opening the vault. Check the disk and try again."
            ) from exc
        raise VaultDamaged(_NOT_THIS_KEY) from exc
    except DatabaseError as exc:
        raise VaultDamaged(_NOT_THIS_KEY) from exc


@contextmanager
def translate_storage_errors(what: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        message = str(exc.orig).lower() if exc.orig else str(exc).lower()
        if "full" in message:
            raise StorageUnavailable(
                f"The disk is full, so {what} could not be saved. Nothing was changed. Free some space and try again."
            ) from exc
        if "readonly" in message or "read-only" in message or "read only" in message:
            raise StorageUnavailable(
                f"The vault's disk is read-only, so {what} could not be saved. Nothing was changed."
            ) from exc
        if "disk i/o" in message or "unable to open" in message:
            raise StorageUnavailable(
                f"The disk reported an error, so {what} could not be saved. Nothing was changed."
            ) from exc
        if "locked" in message or "busy" in message:
            raise StorageUnavailable(f"The vault is busy, so {what} could not be saved. Try again.") from exc
        raise
