"""The vault: one SQLCipher file plus its keys file, opened with the raw database key."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, insert, select

from carecoord_desktop import __version__
from carecoord_desktop.domain.errors import StorageUnavailable, VaultDamaged, VaultNotFound
from carecoord_desktop.storage import audit
from carecoord_desktop.storage.atomic import describe_os_error
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.db import check_key, connect_raw, make_engine, translate_storage_errors
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.lockfile import VaultLock
from carecoord_desktop.storage.safe_files import make_private_dir
from carecoord_desktop.storage.schema import meta

VAULT_SUFFIX = ".ccvault"
MIGRATIONS = Path(__file__).parent / "migrations"


def keys_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".keys")


def sidecar_paths(path: Path) -> list[Path]:
    """Every file that belongs to a vault on disk."""
    names = [".keys", "-wal", "-shm", ".lock", ".signin"]
    return [path, *(path.with_name(path.name + n) for n in names)]


def key_opens(path: Path, dek: bytes) -> bool:
    """Does `dek` open the database file at `path`? (Read-only, without the app lock.)"""
    engine = make_engine(path, dek, readonly=True)
    try:
        check_key(engine)
    except VaultDamaged:
        return False
    finally:
        engine.dispose()
    return True


def _alembic_config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


class Vault:
    def __init__(self, path: Path, keys: KeySlotsFile, dek: bytes, engine: Engine, lock: VaultLock) -> None:
        self.path = path
        self.keys = keys
        self._dek = dek
        self.engine = engine
        self.lock = lock
        self.audit_key = audit.head_mac_key(dek)

    @property
    def vault_id(self) -> str:
        return self.keys.vault_id

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def dek(self) -> bytes:
        return self._dek

    # -- lifecycle -----------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        keys: KeySlotsFile,
        dek: bytes,
        *,
        holder: str,
        populate: Callable[[Connection, Vault], None],
    ) -> Vault:
        """Create the database, run `populate` in the first transaction, then save the keys file.

        Any failure removes what was written, so a half-made vault never stays behind.
        """
        if any(os.path.lexists(p) for p in (path, keys.path)):  # a dangling symlink counts: it is left alone
            raise StorageUnavailable(f"A vault already exists at {path}. Choose another name or folder.")
        make_private_dir(path.parent, "the new vault")
        lock = VaultLock(path, holder)
        lock.acquire()
        engine = make_engine(path, dek)
        vault = cls(path, keys, dek, engine, lock)
        try:
            with translate_storage_errors("the new vault"):
                vault._migrate()
                path.chmod(0o600)  # the file is encrypted; still, only its owner needs to read it
                with vault.write("the new vault") as conn:
                    now = utc_now()
                    stamps = {
                        "created_at": now,
                        "created_by": holder,
                        "updated_at": now,
                        "updated_by": holder,
                    }
                    conn.execute(
                        insert(meta),
                        [
                            {"key": "vault_id", "value": keys.vault_id, **stamps},
                            {"key": "created_with", "value": __version__, **stamps},
                        ],
                    )
                    audit.init_head(conn, vault.audit_key, keys.vault_id)
                    populate(conn, vault)
            keys.save()
        except BaseException:
            vault.close()
            for leftover in sidecar_paths(path):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise
        return vault

    @classmethod
    def open(cls, path: Path, dek: bytes, keys: KeySlotsFile, *, holder: str) -> Vault:
        if not path.exists():
            raise VaultNotFound(f"There is no vault at {path}.")
        lock = VaultLock(path, holder)
        lock.acquire()
        engine = make_engine(path, dek)
        try:
            check_key(engine, path.parent)
            vault = cls(path, keys, dek, engine, lock)
            vault._migrate_if_needed()
            stored_id = vault.meta_value("vault_id")
            if stored_id != keys.vault_id:
                raise VaultDamaged(
                    "The keys file belongs to a different vault than the database file beside it."
                )
        except BaseException:
            engine.dispose()
            lock.release()
            raise
        return vault

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.raw_pragma("PRAGMA optimize")  # refreshes planner statistics where they went stale
            self.checkpoint()
        self.engine.dispose()
        self.lock.release()

    # -- transactions --------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, what: str = "your change") -> Iterator[Connection]:
        """One write transaction; disk errors become a plain StorageUnavailable and nothing is half-written."""
        with translate_storage_errors(what), self.engine.connect() as conn:
            conn = conn.execution_options(write=True)
            with conn.begin():
                yield conn

    # -- facts ---------------------------------------------------------------------------------
    def meta_value(self, key: str) -> str | None:
        with self.read() as conn:
            value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()
        return None if value is None else str(value)

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def integrity_check(self) -> str:
        try:
            rows = [r[0] for r in self.raw_pragma("PRAGMA integrity_check")]
        except Exception as exc:
            return f"failed: {exc}"
        return "ok" if rows == ["ok"] else "; ".join(str(r) for r in rows[:5])

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in sidecar_paths(self.path)[:4] if p.exists())

    def raw_pragma(self, sql: str) -> list[Any]:
        """Run a statement outside any transaction (checkpoints and checks need that)."""
        raw = self.engine.raw_connection()
        try:
            return list(raw.cursor().execute(sql).fetchall())
        finally:
            raw.close()

    def analyze(self) -> None:
        """Planner statistics, after a bulk load changed the tables' shape."""
        self.raw_pragma("ANALYZE")

    def checkpoint(self) -> None:
        self.raw_pragma("PRAGMA wal_checkpoint(TRUNCATE)")

    def rekey(self, new_dek: bytes) -> None:
        """SQLCipher rekey: every page re-encrypted under `new_dek` in one transaction (the file holds the old
        key or the new one, never a mix); the WAL is emptied before and after, so no old-key page stays."""
        with translate_storage_errors("the new database key"):
            self.checkpoint()
            self.engine.dispose()
            raw = connect_raw(self.path, self._dek)
            try:
                raw.execute(f"PRAGMA rekey = \"x'{new_dek.hex()}'\"")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        self._dek = new_dek
        self.engine = make_engine(self.path, new_dek)
        self.audit_key = audit.head_mac_key(new_dek)

    # -- migrations ----------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.engine.connect() as conn:
            command.upgrade(_alembic_config(conn), "head")
            conn.commit()

    def _migrate_if_needed(self) -> None:
        current = self.schema_revision()
        if current == head_revision():
            return
        if current is None:
            raise VaultDamaged("The vault file has no schema version; it was not made by CareCoord.")
        known = {rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
        if current not in known:
            raise VaultDamaged(
                f"This vault was written by a newer version of CareCoord (schema {current}). Update the app to open it."
            )
        self.checkpoint()
        copy = self.path.with_name(f"{self.path.name}.before-{head_revision()}.bak")
        try:
            shutil.copy2(self.path, copy)
            shutil.copy2(self.keys.path, keys_path_for(copy))
        except OSError as exc:
            raise describe_os_error(exc, "the copy taken before upgrading the vault") from exc
        with translate_storage_errors("the vault upgrade"):
            self._migrate()
