"""Sealed boxes: encrypt to an X25519 public key, so anyone can give a key slot a secret without its password.

A box is an ephemeral X25519 key pair's public half, a nonce and an AES-256-GCM ciphertext under
HKDF(shared secret, salt = ephemeral public || recipient public). Only the holder of the recipient's
private key (unwrapped from the slot with its password or secret) can open it. Key rotation uses this
to hand the new database key to every slot that stays, and the audit trail to hand its verifying seed
to administrator and recovery slots.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from carecoord_desktop.domain.errors import VaultDamaged

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(_RAW, _RAW_PRIV, serialization.NoEncryption()),
        private.public_key().public_bytes(_RAW, _RAW_PUB),
    )


def public_of(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, _RAW_PUB)


def _box_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=b"carecoord-sealed-box-v1",
    ).derive(shared)
    return AESGCM(key)


def seal(recipient_public: bytes, plaintext: bytes, aad: bytes) -> dict[str, str]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = secrets.token_bytes(12)
    sealed = _box_key(shared, ephemeral_public, recipient_public).encrypt(nonce, plaintext, aad)
    return {"epk": b64(ephemeral_public), "nonce": b64(nonce), "ct": b64(sealed)}


def open_box(private: bytes, box: dict[str, Any], aad: bytes) -> bytes:
    """The plaintext, or VaultDamaged when the box was not sealed to this key or was altered."""
    try:
        me = X25519PrivateKey.from_private_bytes(private)
        ephemeral_public = unb64(str(box["epk"]))
        shared = me.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        recipient_public = me.public_key().public_bytes(_RAW, _RAW_PUB)
        return _box_key(shared, ephemeral_public, recipient_public).decrypt(
            unb64(str(box["nonce"])), unb64(str(box["ct"])), aad
        )
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise VaultDamaged("A key slot in the keys file is damaged or was altered.") from None
