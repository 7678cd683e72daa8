"""The keys file during a key rotation: written beside the vault before the rekey, put in place after.

A rotation writes the new keys file as `<vault>.keys.rotating`, rekeys the database, then renames the
pending file over the keys file. A kill between the two leaves the database on one key and the right
keys file on disk under one of the two names; `settle` (at the next sign-in, holding the vault's lock so
a rotation still running is never disturbed) tells which by trying the signing-in person's slot in the
pending file against the database, and finishes or discards it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.storage.atomic import describe_os_error, fsync_dir
from carecoord_desktop.storage.keys import KeySlotsFile, OpenedSlot
from carecoord_desktop.storage.lockfile import VaultLock
from carecoord_desktop.storage.vault import key_opens, keys_path_for


def pending_path(vault_path: Path) -> Path:
    keys = keys_path_for(vault_path)
    return keys.with_name(keys.name + ".rotating")


def write_pending(vault_path: Path, keys: KeySlotsFile) -> None:
    keys.save(pending_path(vault_path))


def commit_pending(vault_path: Path) -> None:
    try:
        os.replace(pending_path(vault_path), keys_path_for(vault_path))
        fsync_dir(vault_path.parent)
    except OSError as exc:
        raise describe_os_error(exc, "the vault's new keys file") from exc


def discard_pending(vault_path: Path) -> None:
    with contextlib.suppress(OSError):
        pending_path(vault_path).unlink()


def settle(
    vault_path: Path, keys: KeySlotsFile, opened: OpenedSlot, reopen: Callable[[KeySlotsFile], OpenedSlot]
) -> tuple[KeySlotsFile, OpenedSlot]:
    """After an interrupted rotation: (the keys file and opened slot that match the database)."""
    if not pending_path(vault_path).exists():
        return keys, opened
    lock = VaultLock(vault_path, "finishing a key rotation")
    lock.acquire()  # a rotation still running elsewhere holds it: the sign-in says the vault is in use
    try:
        return _settle_locked(vault_path, keys, opened, reopen)
    finally:
        lock.release()


def _settle_locked(
    vault_path: Path, keys: KeySlotsFile, opened: OpenedSlot, reopen: Callable[[KeySlotsFile], OpenedSlot]
) -> tuple[KeySlotsFile, OpenedSlot]:
    pending = pending_path(vault_path)
    if not pending.exists() or key_opens(vault_path, opened.dek):
        discard_pending(vault_path)  # the rekey never happened: the old keys file is the right one
        return keys, opened
    new_keys = KeySlotsFile.load(pending)
    new_keys.path = keys.path
    try:
        new_opened = reopen(new_keys)
    except UserError:
        return keys, opened  # this person's slot was not carried over; an administrator settles it
    if not key_opens(vault_path, new_opened.dek):
        return keys, opened
    commit_pending(vault_path)
    return new_keys, new_opened
