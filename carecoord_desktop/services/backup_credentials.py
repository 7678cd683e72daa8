"""What opens a backup without a session: a staff password, the recovery key, or the unattended-backup key.

Its own module so that the session's backup use cases (services.backup) and the unattended ones
(services.backup_unattended) can both name it without importing each other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from carecoord_desktop.domain.backup_policy import BackupKeyRefused
from carecoord_desktop.domain.errors import VaultNotFound
from carecoord_desktop.storage import secret_store
from carecoord_desktop.storage.keys import KeySlotsFile, normalize_recovery_key
from carecoord_desktop.storage.safe_files import NotARegularFile, open_regular

__all__ = [
    "KEYRING_ENTRY",
    "SLOT_KEYRING",
    "SLOT_KEY_FILE",
    "UNATTENDED_ACTOR",
    "Credential",
    "read_key_file",
]

UNATTENDED_ACTOR = "(unattended backup)"
KEYRING_ENTRY = "~backup"  # '~' is never part of a username, so this cannot clash with a staff keyring entry
SLOT_KEYRING, SLOT_KEY_FILE = "keyring", "key-file"
MAX_KEY_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Credential:
    """What opens a backup: a staff password, the recovery key, the unattended-backup key file, or (all
    empty) this computer's keyring backup key."""

    username: str = ""
    password: str = field(default="", repr=False)
    recovery_key: str = field(default="", repr=False)
    key_file: Path | None = None

    @property
    def name(self) -> str:
        return self.username.strip().lower()

    def actor(self) -> str:
        if self.username:
            return self.name
        if self.recovery_key:
            return "(recovery key)"
        return UNATTENDED_ACTOR

    def unlock(self, keys: KeySlotsFile) -> bytes:
        """The database key from `keys` (an Unlocker); SignInFailed when this credential does not open them."""
        if self.username:
            return keys.unwrap_any("user", self.name, self.password.encode("utf-8"))
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


def read_key_file(path: Path) -> bytes:
    """The key in an unattended-backup key file (a small regular file; a FIFO or device is refused)."""
    try:
        fd = open_regular(path)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES)
        lines = [ln.strip() for ln in data.decode("utf-8").splitlines()]
    except FileNotFoundError:
        raise VaultNotFound(f"There is no backup key file at {path}.") from None
    except NotARegularFile:
        raise BackupKeyRefused(
            f"The backup key file {path} is not a regular file (a pipe or a device)."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "it is not text"
        raise BackupKeyRefused(
            f"The backup key file {path} could not be read ({why or type(exc).__name__})."
        ) from None
    keys = [ln for ln in lines if ln and not ln.startswith("#")]
    if not keys:
        raise BackupKeyRefused(f"The backup key file {path} holds no key.")
    return normalize_recovery_key(keys[-1])
