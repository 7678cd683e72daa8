"""Key slots: each one gives the vault's database key (DEK) to whoever knows its secret.

A slot per staff account (their password through Argon2id), one for the printed recovery key, and
optional keyring and unattended-backup slots whose random secret lives in the OS keyring or a key file.

A slot (format 2) holds its own X25519 key pair: the private key is wrapped with AES-256-GCM under the
key derived from the slot's secret, and the DEK is sealed to the public key (storage.sealing). So an
administrator can hand a NEW database key to every slot that stays (key rotation) without anyone's
password, and slots that are dropped (a disabled account, an old password) open nothing made after.
The associated data binds the vault id, slot id, kind, label, KDF parameters and public key, so a slot
cannot be moved, renamed or given other KDF settings; the KDF settings are also bounded before use.
Format-1 slots (the DEK wrapped directly) still open and are upgraded when their secret is next used.
"""

from __future__ import annotations

import hashlib
import hmac
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
from carecoord_desktop.storage import sealing
from carecoord_desktop.storage.atomic import write_atomic
from carecoord_desktop.storage.sealing import b64 as _b64
from carecoord_desktop.storage.sealing import unb64 as _unb64

FORMAT = 2
READABLE_FORMATS = (1, 2)
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

# What a keys file may ask of the KDF: anything outside would crash, hang sign-in or be too weak to matter.
ARGON2_TIME = (1, 64)
ARGON2_MEMORY_KIB = (8 * 1024, 1024 * 1024)
ARGON2_PARALLELISM = (1, 16)
SALT_BYTES = (16, 64)


def default_kdf() -> KdfSettings:
    return _default_kdf


def set_default_kdf(settings: KdfSettings) -> KdfSettings:
    """Swap the KDF cost process-wide; only the test fixture calls this. Returns the previous value."""
    global _default_kdf
    previous, _default_kdf = _default_kdf, settings
    return previous


@dataclass
class KeySlot:
    slot_id: str
    kind: SlotKind
    label: str  # username for user and keyring slots; "recovery" for the recovery slot
    kdf: dict[str, Any]
    nonce: str
    wrapped: str  # format 2: the slot's X25519 private key; format 1: the DEK itself
    created_at: str = ""
    version: int = 1
    pub: str = ""  # the slot's X25519 public key
    dek_box: dict[str, str] = field(default_factory=dict)  # the DEK sealed to `pub`
    bind: str = ""  # HMAC under the DEK over the slot's identity: rotation hands keys to bound slots only
    audit_box: dict[str, str] = field(default_factory=dict)  # the audit trail's verifying seed (admins)

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "slot_id": self.slot_id,
            "kind": self.kind,
            "label": self.label,
            "kdf": self.kdf,
            "nonce": self.nonce,
            "wrapped": self.wrapped,
            "created_at": self.created_at,
        }
        if self.version >= 2:
            body.update(version=self.version, pub=self.pub, dek_box=self.dek_box, bind=self.bind)
            if self.audit_box:
                body["audit_box"] = self.audit_box
        return body


@dataclass(frozen=True)
class OpenedSlot:
    """What a secret unlocked: the DEK, and for format-2 slots the slot's private key."""

    slot: KeySlot
    dek: bytes
    private: bytes | None


def _bounded(value: Any, name: str, bounds: tuple[int, int]) -> int:
    if type(value) is not int or not bounds[0] <= value <= bounds[1]:
        raise VaultDamaged(
            f"A key slot in the keys file asks for a key-derivation {name} of {str(value)[:20]}, outside the "
            f"accepted range ({bounds[0]} to {bounds[1]}). The keys file was altered; restore it from a backup."
        )
    return value


def check_kdf(kdf: Any) -> dict[str, Any]:
    """Refuse KDF settings that would crash, hang sign-in or be trivially weak, before any work is done."""
    if not isinstance(kdf, dict) or not isinstance(kdf.get("salt"), str):
        raise VaultDamaged(
            "A key slot in the keys file is damaged (its key-derivation settings are unreadable)."
        )
    try:
        salt = _unb64(kdf["salt"])
    except ValueError:
        raise VaultDamaged("A key slot in the keys file is damaged (its salt is unreadable).") from None
    _bounded(len(salt), "salt length", SALT_BYTES)
    if kdf.get("alg") == "argon2id":
        _bounded(kdf.get("t"), "time cost", ARGON2_TIME)
        parallelism = _bounded(kdf.get("p"), "parallelism", ARGON2_PARALLELISM)
        _bounded(
            kdf.get("m"), "memory (KiB)", (max(ARGON2_MEMORY_KIB[0], 8 * parallelism), ARGON2_MEMORY_KIB[1])
        )
    elif kdf.get("alg") != "hkdf-sha256":
        raise VaultDamaged(f"The keys file uses an unknown key derivation '{str(kdf.get('alg'))[:40]}'.")
    return kdf


def _derive(secret: bytes, kdf: dict[str, Any]) -> bytes:
    check_kdf(kdf)
    salt = _unb64(kdf["salt"])
    if kdf["alg"] == "argon2id":
        return hash_secret_raw(
            secret,
            salt,
            time_cost=kdf["t"],
            memory_cost=kdf["m"],
            parallelism=kdf["p"],
            hash_len=32,
            type=Type.ID,
        )
    # Only for secrets that are themselves random (recovery key, keyring and key-file secrets).
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"carecoord-slot").derive(secret)


def _bind_key(dek: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"carecoord-slot-bind").derive(dek)


@dataclass
class KeySlotsFile:
    path: Path
    vault_id: str
    slots: list[KeySlot] = field(default_factory=list)
    # Usernames of disabled accounts, so sign-in can say so instead of "wrong password".
    disabled: list[str] = field(default_factory=list)

    # -- reading and writing -------------------------------------------------------------------
    @classmethod
    def from_json(cls, path: Path, raw: Any) -> KeySlotsFile:
        if not isinstance(raw, dict) or raw.get("format") not in READABLE_FORMATS:
            raise VaultDamaged(f"The keys file {path.name} has an unsupported format.")
        slots = [KeySlot(**slot) for slot in raw["slots"]]
        disabled = [str(name) for name in raw.get("disabled", [])]
        return cls(path=path, vault_id=str(raw["vault_id"]), slots=slots, disabled=disabled)

    @classmethod
    def load(cls, path: Path) -> KeySlotsFile:
        try:
            return cls.from_json(path, json.loads(path.read_bytes()))
        except FileNotFoundError:
            raise VaultDamaged(
                f"The keys file {path.name} is missing. Restore it from a backup; without it the vault cannot open."
            ) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise VaultDamaged(f"The keys file {path.name} is damaged and cannot be read ({exc}).") from None

    def text(self) -> str:
        body = {
            "format": FORMAT,
            "vault_id": self.vault_id,
            "slots": [s.as_json() for s in self.slots],
            "disabled": sorted(set(self.disabled)),
        }
        return json.dumps(body, indent=2)

    def save(self, path: Path | None = None) -> None:
        write_atomic(path or self.path, self.text().encode("utf-8"), what="the vault's keys file")

    @classmethod
    def new(cls, path: Path) -> KeySlotsFile:
        return cls(path=path, vault_id=str(uuid.uuid4()))

    # -- slots ---------------------------------------------------------------------------------
    def _aad_v1(self, slot: KeySlot) -> bytes:
        return f"carecoord/{self.vault_id}/{slot.slot_id}/{slot.kind}/{slot.label}".encode()

    def _aad(self, slot: KeySlot, purpose: str) -> bytes:
        """Format 2: everything that identifies the slot, its KDF settings and public key, and the purpose."""
        identity = json.dumps(
            [self.vault_id, slot.slot_id, slot.kind, slot.label, slot.kdf, slot.pub, purpose],
            sort_keys=True,
            separators=(",", ":"),
        )
        return b"carecoord-slot-v2:" + identity.encode("utf-8")

    def _seal_dek(self, slot: KeySlot, dek: bytes) -> None:
        slot.dek_box = sealing.seal(_unb64(slot.pub), dek, self._aad(slot, "dek"))
        slot.bind = hmac.new(_bind_key(dek), self._aad(slot, "bind"), hashlib.sha256).hexdigest()

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
        private, public = sealing.new_key_pair()
        slot = KeySlot(uuid.uuid4().hex[:12], kind, label, params, "", "", created_at, 2, _b64(public))
        nonce = secrets.token_bytes(12)
        slot.nonce = _b64(nonce)
        slot.wrapped = _b64(
            AESGCM(_derive(secret, params)).encrypt(nonce, private, self._aad(slot, "private"))
        )
        self._seal_dek(slot, dek)
        self.slots.append(slot)
        return slot

    def find(self, kind: SlotKind, label: str) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == kind and s.label == label]

    def remove(self, kind: SlotKind, label: str) -> int:
        before = len(self.slots)
        self.slots = [s for s in self.slots if not (s.kind == kind and s.label == label)]
        return before - len(self.slots)

    def open_slot(self, slot: KeySlot, secret: bytes) -> OpenedSlot:
        try:
            key = _derive(secret, slot.kdf)
            if slot.version >= 2:
                private = AESGCM(key).decrypt(
                    _unb64(slot.nonce), _unb64(slot.wrapped), self._aad(slot, "private")
                )
                if sealing.public_of(private) != _unb64(slot.pub):
                    raise VaultDamaged("A key slot in the keys file is damaged or was altered.")
                dek = sealing.open_box(private, slot.dek_box, self._aad(slot, "dek"))
                opened = OpenedSlot(slot, dek, private)
            else:
                dek = AESGCM(key).decrypt(_unb64(slot.nonce), _unb64(slot.wrapped), self._aad_v1(slot))
                opened = OpenedSlot(slot, dek, None)
        except InvalidTag:
            raise SignInFailed("Wrong username or password.") from None
        except (ValueError, KeyError, TypeError):
            raise VaultDamaged("A key slot in the keys file is damaged.") from None
        if len(opened.dek) != DEK_BYTES:
            raise VaultDamaged("A key slot in the keys file is damaged.")
        return opened

    def unwrap(self, slot: KeySlot, secret: bytes) -> bytes:
        return self.open_slot(slot, secret).dek

    def open_any(self, kind: SlotKind, label: str, secret: bytes) -> OpenedSlot:
        candidates = self.find(kind, label)
        if not candidates:
            raise SignInFailed("Wrong username or password.")
        error: Exception | None = None
        for slot in candidates:
            try:
                return self.open_slot(slot, secret)
            except SignInFailed as exc:
                error = exc
        assert error is not None
        raise error

    def unwrap_any(self, kind: SlotKind, label: str, secret: bytes) -> bytes:
        return self.open_any(kind, label, secret).dek

    def upgrade(self, opened: OpenedSlot, secret: bytes) -> OpenedSlot:
        """Replace a format-1 slot, whose secret was just given, by a format-2 slot (same kind and label)."""
        old = opened.slot
        if old.version >= 2:
            return opened
        new = self.add_slot(old.kind, old.label, secret, opened.dek, created_at=old.created_at)
        self.slots = [s for s in self.slots if s is not old]
        return self.open_slot(new, secret)

    # -- handing keys to slots without their secret ----------------------------------------------
    def is_bound(self, slot: KeySlot, dek: bytes) -> bool:
        """Was this slot made by someone holding `dek` (not planted in the keys file by someone without it)?"""
        if slot.version < 2 or not slot.bind:
            return False
        expected = hmac.new(_bind_key(dek), self._aad(slot, "bind"), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, slot.bind)

    def reseal(self, slot: KeySlot, new_dek: bytes) -> None:
        """Give `slot` a new database key (rotation); the slot's secret and private key stay as they are."""
        self._seal_dek(slot, new_dek)

    def seal_audit_seed(self, slot: KeySlot, seed: bytes) -> None:
        slot.audit_box = sealing.seal(_unb64(slot.pub), seed, self._aad(slot, "audit-seed"))

    def open_audit_seed(self, opened: OpenedSlot) -> bytes | None:
        slot = opened.slot
        if opened.private is None or not slot.audit_box:
            return None
        return sealing.open_box(opened.private, slot.audit_box, self._aad(slot, "audit-seed"))


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
