"""Key slots: each one wraps the vault's database key (DEK) under a secret.

A slot per staff account (their password through Argon2id), one for the printed recovery key, and
optional keyring slots whose random secret lives in the OS keyring. Slots are AES-256-GCM with the
vault id and slot id as associated data, so a slot cannot be moved to another vault or renamed.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from carecoord_desktop.domain.errors import SignInFailed, VaultDamaged
from carecoord_desktop.storage.atomic import write_atomic

FORMAT = 1
SlotKind = Literal["user", "recovery", "keyring", "backup"]
DEK_BYTES = 32


@dataclass(frozen=True)
class KdfSettings:
    """Argon2id cost: about 0.3 s on a 2-core clinic workstation, and 64 MiB, well above OWASP's minimum
    (19 MiB), while keeping a sign-in's memory peak modest."""

    time_cost: int = 6
    memory_kib: int = 64 * 1024
    parallelism: int = 2


STRONG_KDF = KdfSettings()
_default_kdf = STRONG_KDF


def default_kdf() -> KdfSettings:
    return _default_kdf


def set_default_kdf(settings: KdfSettings) -> KdfSettings:
    """Swap the KDF cost process-wide; only the test fixture calls this. Returns the previous value."""
    global _default_kdf
    previous, _default_kdf = _default_kdf, settings
    return previous


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class KeySlot:
    slot_id: str
    kind: SlotKind
    label: str  # username for user and keyring slots; "recovery" for the recovery slot
    kdf: dict[str, Any]
    nonce: str
    wrapped: str
    created_at: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "slot_id": self.slot_id,
            "kind": self.kind,
            "label": self.label,
            "kdf": self.kdf,
            "nonce": self.nonce,
            "wrapped": self.wrapped,
            "created_at": self.created_at,
        }


def _derive(secret: bytes, kdf: dict[str, Any]) -> bytes:
    salt = _unb64(kdf["salt"])
    if kdf["alg"] == "argon2id":
        return hash_secret_raw(
            secret,
            salt,
            time_cost=int(kdf["t"]),
            memory_cost=int(kdf["m"]),
            parallelism=int(kdf["p"]),
            hash_len=32,
            type=Type.ID,
        )
    if kdf["alg"] == "hkdf-sha256":
        # Only for secrets that are themselves random (recovery key, keyring secrets).
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"carecoord-slot").derive(secret)
    raise VaultDamaged(f"The keys file uses an unknown key derivation '{kdf['alg']}'.")


@dataclass
class KeySlotsFile:
    path: Path
    vault_id: str
    slots: list[KeySlot] = field(default_factory=list)
    # Usernames of disabled accounts, so sign-in can say so instead of "wrong password".
    disabled: list[str] = field(default_factory=list)

    # -- reading and writing -------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeySlotsFile:
        try:
            raw = json.loads(path.read_bytes())
            if raw.get("format") != FORMAT:
                raise VaultDamaged(f"The keys file {path.name} has an unsupported format.")
            slots = [KeySlot(**slot) for slot in raw["slots"]]
            disabled = [str(name) for name in raw.get("disabled", [])]
            return cls(path=path, vault_id=str(raw["vault_id"]), slots=slots, disabled=disabled)
        except FileNotFoundError:
            raise VaultDamaged(
                f"The keys file {path.name} is missing. Restore it from a backup; without it the vault cannot open."
            ) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise VaultDamaged(f"The keys file {path.name} is damaged and cannot be read ({exc}).") from None

    def save(self) -> None:
        body = {
            "format": FORMAT,
            "vault_id": self.vault_id,
            "slots": [s.as_json() for s in self.slots],
            "disabled": sorted(set(self.disabled)),
        }
        write_atomic(self.path, json.dumps(body, indent=2).encode("utf-8"), what="the vault's keys file")

    @classmethod
    def new(cls, path: Path) -> KeySlotsFile:
        return cls(path=path, vault_id=str(uuid.uuid4()))

    # -- slots ---------------------------------------------------------------------------------
    def _aad(self, slot_id: str, kind: str, label: str) -> bytes:
        return f"carecoord/{self.vault_id}/{slot_id}/{kind}/{label}".encode()

    def add_slot(
        self,
        kind: SlotKind,
        label: str,
        secret: bytes,
        dek: bytes,
        *,
        kdf: KdfSettings | None = None,
        created_at: str = "",
    ) -> KeySlot:
        salt = secrets.token_bytes(16)
        if kind == "user":
            cost = kdf or default_kdf()
            params: dict[str, Any] = {
                "alg": "argon2id",
                "t": cost.time_cost,
                "m": cost.memory_kib,
                "p": cost.parallelism,
                "salt": _b64(salt),
            }
        else:
            params = {"alg": "hkdf-sha256", "salt": _b64(salt)}
        slot_id = uuid.uuid4().hex[:12]
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(_derive(secret, params)).encrypt(nonce, dek, self._aad(slot_id, kind, label))
        slot = KeySlot(slot_id, kind, label, params, _b64(nonce), _b64(wrapped), created_at)
        self.slots.append(slot)
        return slot

    def find(self, kind: SlotKind, label: str) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == kind and s.label == label]

    def remove(self, kind: SlotKind, label: str) -> int:
        before = len(self.slots)
        self.slots = [s for s in self.slots if not (s.kind == kind and s.label == label)]
        return before - len(self.slots)

    def unwrap(self, slot: KeySlot, secret: bytes) -> bytes:
        try:
            key = _derive(secret, slot.kdf)
            dek = AESGCM(key).decrypt(
                _unb64(slot.nonce), _unb64(slot.wrapped), self._aad(slot.slot_id, slot.kind, slot.label)
            )
        except InvalidTag:
            raise SignInFailed("Wrong username or password.") from None
        except (ValueError, KeyError, TypeError):
            raise VaultDamaged("A key slot in the keys file is damaged.") from None
        if len(dek) != DEK_BYTES:
            raise VaultDamaged("A key slot in the keys file is damaged.")
        return dek

    def unwrap_any(self, kind: SlotKind, label: str, secret: bytes) -> bytes:
        candidates = self.find(kind, label)
        if not candidates:
            raise SignInFailed("Wrong username or password.")
        error: Exception | None = None
        for slot in candidates:
            try:
                return self.unwrap(slot, secret)
            except SignInFailed as exc:
                error = exc
        assert error is not None
        raise error


def new_dek() -> bytes:
    return os.urandom(DEK_BYTES)


_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"  # Crockford-like: no I, L, O, U


def new_recovery_key() -> str:
    """160 random bits as 8 groups of 4 characters, easy to read aloud and type."""
    chars = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(32)]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, 32, 4))


def normalize_recovery_key(text: str) -> bytes:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned.encode("ascii", "ignore")
