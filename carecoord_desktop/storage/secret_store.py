"""The OS keyring, behind a small adapter.

It holds only random slot secrets (never the database key, never a password). Where no keyring backend
exists, `available()` is False with a reason, and callers turn the feature off; there is no fallback.
"""

from __future__ import annotations

import contextlib
import secrets

from carecoord_desktop.domain.errors import NoKeyringAvailable

SERVICE = "CareCoord Desktop"


def _backend_problem() -> str | None:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a hard dependency
        return "The keyring library is not installed."
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        return f"The system keyring could not be reached ({type(exc).__name__})."
    if isinstance(backend, fail.Keyring):
        return "This computer has no system keyring (such as GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager)."
    if getattr(backend, "priority", 1) <= 0:
        return "The system keyring on this computer is not usable."
    return None


def availability() -> tuple[bool, str]:
    """(available, reason when not). Cheap enough to call when a dialog opens."""
    problem = _backend_problem()
    return (problem is None, problem or "")


def _entry(vault_id: str, name: str) -> str:
    return f"{vault_id}:{name}"


def store_new_secret(vault_id: str, name: str) -> bytes:
    """Create a random secret, store it in the keyring and return it."""
    import keyring
    from keyring.errors import KeyringError

    ok, reason = availability()
    if not ok:
        raise NoKeyringAvailable(reason)
    secret = secrets.token_urlsafe(32)
    try:
        keyring.set_password(SERVICE, _entry(vault_id, name), secret)
    except KeyringError as exc:
        raise NoKeyringAvailable(f"The system keyring refused to store the secret ({exc}).") from None
    return secret.encode("ascii")


def load_secret(vault_id: str, name: str) -> bytes | None:
    import keyring
    from keyring.errors import KeyringError

    if not availability()[0]:
        return None
    try:
        value = keyring.get_password(SERVICE, _entry(vault_id, name))
    except KeyringError:
        return None
    return value.encode("ascii") if value else None


def delete_secret(vault_id: str, name: str) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    if not availability()[0]:
        return
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, _entry(vault_id, name))


def store_value(vault_id: str, name: str, value: str) -> bool:
    """Keep a non-secret value (the vault's anchor) in the keyring; False where there is none or it refuses."""
    import keyring
    from keyring.errors import KeyringError

    if not availability()[0]:
        return False
    try:
        keyring.set_password(SERVICE, _entry(vault_id, name), value)
    except KeyringError:
        return False
    return True


def load_value(vault_id: str, name: str) -> str | None:
    raw = load_secret(vault_id, name)
    return raw.decode("ascii") if raw is not None else None
