"""Creating a practice, signing in and out, locking, passwords and the recovery key."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from carecoord_desktop.domain.errors import AccountDisabled, SignInFailed, ValidationFailed, VaultNotFound
from carecoord_desktop.domain.passwords import check_new_password
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.signin import delay_after_failures
from carecoord_desktop.services.session import Session, StaffMember, load_staff, workstation_name
from carecoord_desktop.storage import audit, settings_repo, signin_failures, staff_repo
from carecoord_desktop.storage.clock import parse_utc
from carecoord_desktop.storage.keys import (
    KdfSettings,
    KeySlotsFile,
    new_dek,
    new_recovery_key,
    normalize_recovery_key,
)
from carecoord_desktop.storage.vault import Vault, keys_path_for

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
PRACTICE_KEY = settings_repo.PRACTICE_KEY


class SignInThrottled(SignInFailed):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"Too many wrong passwords. Wait {seconds} seconds before trying again.")
        self.retry_after = seconds


def normalize_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        message = "A username is 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit."
        raise ValidationFailed(message, {"username": message})
    return name


def check_full_name(full_name: str) -> str:
    name = " ".join(full_name.split())
    if not name or len(name) > 100:
        message = "Enter the person's full name (up to 100 characters)."
        raise ValidationFailed(message, {"full_name": message})
    return name


def _audit_direct(
    conn: Connection, vault: Vault, username: str, action: str, outcome: str, **kw: Any
) -> None:
    """An entry written before a Session exists (creation, sign-in)."""
    audit.append(
        conn,
        vault.audit_key,
        username=username,
        action=action,
        outcome=outcome,
        workstation=workstation_name(),
        **kw,
    )


# -- creating a practice ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NewPractice:
    vault_path: Path
    settings: PracticeSettings
    admin_username: str
    admin_full_name: str
    admin_password: str
    admin_password_confirm: str | None = None


def create_practice(new: NewPractice, *, kdf: KdfSettings | None = None) -> tuple[Session, str]:
    """Create the vault with its first admin. Returns the signed-in session and the recovery key."""
    username = normalize_username(new.admin_username)
    full_name = check_full_name(new.admin_full_name)
    check_new_password(
        new.admin_password, new.admin_password_confirm, user_words=(username, *full_name.split())
    )
    path = new.vault_path
    keys = KeySlotsFile.new(keys_path_for(path))
    dek = new_dek()
    recovery_key = new_recovery_key()
    keys.add_slot("user", username, new.admin_password.encode("utf-8"), dek, kdf=kdf)
    keys.add_slot("recovery", "recovery", normalize_recovery_key(recovery_key), dek)
    admin_id = 0

    def populate(conn: Connection, vault: Vault) -> None:
        nonlocal admin_id
        settings_repo.put(conn, PRACTICE_KEY, new.settings.model_dump(mode="json"), username)
        admin_id = staff_repo.add(
            conn,
            username=username,
            full_name=full_name,
            role=Role.ADMIN.value,
            must_change_password=False,
            actor=username,
        )
        _audit_direct(conn, vault, username, "vault.create", "ok", staff_id=admin_id, subject=path.name)

    vault = Vault.create(path, keys, dek, holder=username, populate=populate)
    user = StaffMember(admin_id, username, full_name, Role.ADMIN, True, False, False)
    return Session(vault, user), recovery_key


# -- signing in ----------------------------------------------------------------------------------
def _check_throttle(path: Path, username: str) -> None:
    failures = signin_failures.failures_for(path, username)
    wait = delay_after_failures(len(failures))
    if not wait:
        return
    last = parse_utc(failures[-1].at)
    remaining = (last + timedelta(seconds=wait) - datetime.now(UTC)).total_seconds()
    if remaining > 0:
        raise SignInThrottled(int(remaining) + 1)


def retry_after(path: Path, username: str) -> int:
    """Seconds before this username may try again (0 when it may try now)."""
    try:
        _check_throttle(path, username.strip().lower())
    except SignInThrottled as exc:
        return exc.retry_after
    return 0


def load_keys(path: Path) -> KeySlotsFile:
    if not path.exists():
        raise VaultNotFound(f"There is no vault at {path}. Check the path, or create a practice first.")
    return KeySlotsFile.load(keys_path_for(path))


def _open_as(path: Path, keys: KeySlotsFile, dek: bytes, username: str, method: str) -> Session:
    vault = Vault.open(path, dek, keys, holder=username)
    try:
        with vault.write("the sign-in") as conn:
            for entry in signin_failures.audit_entries(path):  # untrusted lines, marked unverified
                audit.append(conn, vault.audit_key, workstation=workstation_name(), **entry)
            user = load_staff(conn, username)
            if user is None or not user.active:
                _audit_direct(
                    conn,
                    vault,
                    username,
                    "sign_in",
                    "refused",
                    subject=username,
                    detail={"reason": "account disabled"},
                )
                raise AccountDisabled("This account is disabled. Ask your practice administrator.")
            _audit_direct(conn, vault, username, "sign_in", "ok", staff_id=user.id, detail={"method": method})
    except BaseException:
        vault.close()
        raise
    signin_failures.after_sign_in(path, username)
    return Session(vault, user)


def sign_in(path: Path, username: str, password: str) -> Session:
    name = username.strip().lower()
    _check_throttle(path, name)
    keys = load_keys(path)
    if name in keys.disabled:
        signin_failures.record(path, name, "account disabled")
        raise AccountDisabled("This account is disabled. Ask your practice administrator.")
    try:
        dek = keys.unwrap_any("user", name, password.encode("utf-8"))
    except SignInFailed:
        signin_failures.record(path, name, "wrong username or password")
        raise SignInFailed("Wrong username or password.") from None
    return _open_as(path, keys, dek, name, "password")


def sign_in_with_keyring(path: Path, username: str) -> Session:
    """'Stay signed in on this computer': the OS keyring holds a random secret for this user's keyring slot."""
    from carecoord_desktop.storage import secret_store

    name = username.strip().lower()
    keys = load_keys(path)
    secret = secret_store.load_secret(keys.vault_id, name)
    if secret is None or not keys.find("keyring", name):
        raise SignInFailed("This computer no longer keeps you signed in. Sign in with your password.")
    dek = keys.unwrap_any("keyring", name, secret)
    session = _open_as(path, keys, dek, name, "keyring")
    if not practice_settings(session).allow_stay_signed_in or not session.user.stay_signed_in:
        from carecoord_desktop.services.staff import forget_this_computer

        try:
            forget_this_computer(session)
        finally:
            session.vault.close()
        raise SignInFailed("Staying signed in is no longer allowed. Sign in with your password.")
    return session


def recover_with_key(
    path: Path, recovery_key: str, username: str, new_password: str, confirm: str
) -> Session:
    """An admin who lost their password opens the vault with the recovery key and sets a new one."""
    name = username.strip().lower()
    check_new_password(new_password, confirm, user_words=(name,))
    keys = load_keys(path)
    try:
        dek = keys.unwrap_any("recovery", "recovery", normalize_recovery_key(recovery_key))
    except SignInFailed:
        signin_failures.record(path, name, "wrong recovery key")
        raise SignInFailed(
            "That recovery key does not open this vault. Check each group of characters."
        ) from None
    vault = Vault.open(path, dek, keys, holder=name)
    try:
        with vault.read() as conn:
            user = load_staff(conn, name)
        if user is None or not user.active or user.role is not Role.ADMIN:
            with vault.write() as conn:
                _audit_direct(
                    conn, vault, name, "password.recover", "refused", detail={"reason": "not an active admin"}
                )
            raise SignInFailed(
                "The recovery key resets the password of an active administrator account only."
            )
        keys.remove("user", name)
        keys.add_slot("user", name, new_password.encode("utf-8"), dek)
        keys.save()
        with vault.write() as conn:
            staff_repo.set_fields(conn, name, name, must_change_password=False)
            _audit_direct(conn, vault, name, "password.recover", "ok", staff_id=user.id)
    except BaseException:
        vault.close()
        raise
    vault.close()
    return _open_as(path, KeySlotsFile.load(keys_path_for(path)), dek, name, "recovery key")


# -- while signed in -----------------------------------------------------------------------------
def verify_password(session: Session, username: str, password: str) -> StaffMember:
    """Check `username`'s password against this open vault (unlocking, or another user taking over).

    The same growing delay as at sign-in applies, so the lock screen is no place to guess passwords.
    """
    name = username.strip().lower()
    path = session.vault.path
    _check_throttle(path, name)
    keys = session.vault.keys
    try:
        dek = keys.unwrap_any("user", name, password.encode("utf-8"))
        if not hmac.compare_digest(dek, session.vault.dek):
            raise SignInFailed("Wrong username or password.")
    except SignInFailed:
        signin_failures.record(path, name, "wrong username or password", logged=True)
        session.audit_separately(
            "unlock",
            "failed",
            subject=signin_failures.as_recorded(path, name),  # never a password typed as a username
            detail={"reason": "wrong username or password"},
        )
        raise SignInFailed("Wrong username or password.") from None
    signin_failures.after_sign_in(path, name)
    with session.vault.read() as conn:
        user = load_staff(conn, name)
    if user is None or not user.active:
        session.audit_separately("unlock", "refused", subject=name, detail={"reason": "account disabled"})
        raise AccountDisabled("This account is disabled. Ask your practice administrator.")
    return user


def unlock(session: Session, username: str, password: str) -> Session:
    """Unlock after auto-lock. The same user keeps their session; another user gets a new one."""
    user = verify_password(session, username, password)
    if user.id == session.user.id:
        session.audit_separately("unlock", "ok")
        session.refresh_user()
        return session
    successor = Session(session.vault, user, session.clock)
    session.vault.lock.set_holder(user.username)
    successor.audit_separately(
        "sign_in", "ok", detail={"method": "password", "took_over_from": session.user.username}
    )
    return successor


def lock(session: Session, *, idle: bool) -> None:
    session.audit_separately("lock", "ok", detail={"reason": "idle" if idle else "manual"})


def sign_out(session: Session) -> None:
    session.audit_separately("sign_out", "ok")
    session.vault.close()


def change_password(session: Session, old_password: str, new_password: str, confirm: str) -> None:
    user = session.user
    check_new_password(new_password, confirm, user_words=(user.username, *user.full_name.split()))
    if old_password == new_password:
        raise ValidationFailed(
            "Choose a password different from the current one.", {"password": "Same as before."}
        )
    keys = session.vault.keys
    try:
        dek = keys.unwrap_any("user", user.username, old_password.encode("utf-8"))
    except SignInFailed:
        session.audit_separately("password.change", "failed", detail={"reason": "wrong current password"})
        raise SignInFailed("The current password is wrong.") from None
    # New slot first, then drop the old one, in a single atomic rewrite of the keys file.
    old_slots = keys.find("user", user.username)
    keys.add_slot("user", user.username, new_password.encode("utf-8"), dek)
    keys.slots = [s for s in keys.slots if s not in old_slots]
    try:
        keys.save()
    except Exception:
        session.vault.keys = KeySlotsFile.load(keys.path)
        raise
    with session.vault.write("the new password") as conn:
        staff_repo.set_fields(conn, user.username, user.username, must_change_password=False)
        session.record(conn, "password.change")
    session.refresh_user()


# -- practice settings ---------------------------------------------------------------------------
def practice_settings(session: Session) -> PracticeSettings:
    with session.vault.read() as conn:
        raw = settings_repo.get(conn, PRACTICE_KEY)
    return PracticeSettings.model_validate(raw)
