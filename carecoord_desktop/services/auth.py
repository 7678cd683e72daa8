"""Creating a practice, signing in and out, locking, passwords and the recovery key."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from carecoord_desktop.domain.accounts import check_full_name, normalize_username
from carecoord_desktop.domain.errors import AccountDisabled, SignInFailed, ValidationFailed, VaultNotFound
from carecoord_desktop.domain.passwords import check_new_password
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.signin import delay_after_failures
from carecoord_desktop.services import anchoring, audit_seed
from carecoord_desktop.services.practice import PRACTICE_KEY, practice_settings
from carecoord_desktop.services.session import Session, StaffMember, load_staff, workstation_name
from carecoord_desktop.services.stay_signed_in import forget_this_computer
from carecoord_desktop.storage import (
    audit,
    audit_seal,
    key_rotation,
    settings_repo,
    signin_failures,
    staff_repo,
    vault_meta,
)
from carecoord_desktop.storage.audit_seal import AuditSeed
from carecoord_desktop.storage.clock import parse_utc
from carecoord_desktop.storage.keys import (
    KdfSettings,
    KeySlotsFile,
    OpenedSlot,
    SlotKind,
    default_kdf,
    new_dek,
    new_recovery_key,
    normalize_recovery_key,
)
from carecoord_desktop.storage.vault import Vault, keys_path_for

__all__ = ["PRACTICE_KEY", "check_full_name", "normalize_username", "practice_settings"]

WRONG = "Wrong username or password."


class SignInThrottled(SignInFailed):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"Too many wrong passwords. Wait {seconds} seconds before trying again.")
        self.retry_after = seconds


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
    # A practice of made-up patients (demo, benchmarks, tests): the only kind the synthetic filler fills.
    synthetic: bool = False


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
    seed: AuditSeed | None = None

    def populate(conn: Connection, vault: Vault) -> None:
        nonlocal admin_id, seed
        settings_repo.put(conn, PRACTICE_KEY, new.settings.model_dump(mode="json"), username)
        admin_id = staff_repo.add(
            conn,
            username=username,
            full_name=full_name,
            role=Role.ADMIN.value,
            must_change_password=False,
            actor=username,
        )
        if new.synthetic:
            vault_meta.put(conn, vault_meta.SYNTHETIC, "yes", username)
        seed = audit_seal.start(conn, 1)
        audit_seed.hand_out(conn, keys, dek, seed)
        _audit_direct(conn, vault, username, "vault.create", "ok", staff_id=admin_id, subject=path.name)

    vault = Vault.create(path, keys, dek, holder=username, populate=populate)
    user = StaffMember(admin_id, username, full_name, Role.ADMIN, True, False, False)
    session = Session(vault, user, audit_seed=seed)
    anchoring.update(session)
    return session, recovery_key


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


def _unlock(
    path: Path, keys: KeySlotsFile, kind: SlotKind, label: str, secret: bytes
) -> tuple[KeySlotsFile, OpenedSlot]:
    """Open the slot, and settle a key rotation that a kill interrupted (under the vault's lock)."""
    opened = keys.open_any(kind, label, secret)
    return key_rotation.settle(path, keys, opened, lambda fresh: fresh.open_any(kind, label, secret))


def _upgraded(keys: KeySlotsFile, opened: OpenedSlot, secret: bytes) -> OpenedSlot:
    """A format-1 slot whose secret was just given becomes format 2, so a key rotation can reach it later.
    Only with the vault's lock held: nobody else rewrites the keys file meanwhile."""
    if opened.slot.version >= 2:
        return opened
    upgraded = keys.upgrade(opened, secret)
    keys.save()
    return upgraded


def _seed_of(keys: KeySlotsFile, opened: OpenedSlot) -> AuditSeed | None:
    raw = keys.open_audit_seed(opened)
    return AuditSeed.from_bytes(raw) if raw is not None else None


def _open_as(
    path: Path, keys: KeySlotsFile, opened: OpenedSlot, secret: bytes, username: str, method: str
) -> Session:
    dek = opened.dek
    vault = Vault.open(path, dek, keys, holder=username)
    try:
        opened = _upgraded(keys, opened, secret)
        seed = _seed_of(keys, opened)
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
                raise AccountDisabled(WRONG)
            if user.role is Role.ADMIN and not audit_seal.started(conn):
                # A vault from before the seal: it starts here, with this entry, and the seed goes to admins.
                seed = audit_seal.start(conn, audit.next_seq(conn))
            if audit_seed.hand_out(conn, keys, dek, seed if user.role is Role.ADMIN else None):
                keys.save()
            _audit_direct(conn, vault, username, "sign_in", "ok", staff_id=user.id, detail={"method": method})
    except BaseException:
        vault.close()
        raise
    signin_failures.after_sign_in(path, username)
    session = Session(vault, user, audit_seed=seed)
    anchoring.check_at_sign_in(session)
    return session


def _spend_like_a_password_check(password: str) -> None:
    """An unknown or disabled username costs what a wrong password costs, so timing names no account."""
    scratch = KeySlotsFile(path=Path(), vault_id="timing")
    scratch.add_slot("user", "timing", password.encode("utf-8"), new_dek(), kdf=default_kdf())


def sign_in(path: Path, username: str, password: str) -> Session:
    """Unknown, disabled and wrong-password sign-ins take the same time and say the same words."""
    name = username.strip().lower()
    _check_throttle(path, name)
    keys = load_keys(path)
    secret = password.encode("utf-8")
    if name in keys.disabled or not keys.find("user", name):
        _spend_like_a_password_check(password)
        reason = "account disabled" if name in keys.disabled else "wrong username or password"
        signin_failures.record(path, name, reason)
        raise SignInFailed(WRONG)
    try:
        keys, opened = _unlock(path, keys, "user", name, secret)
    except SignInFailed:
        signin_failures.record(path, name, "wrong username or password")
        raise SignInFailed(WRONG) from None
    return _open_as(path, keys, opened, secret, name, "password")


def sign_in_with_keyring(path: Path, username: str) -> Session:
    """'Stay signed in on this computer': the OS keyring holds a random secret for this user's keyring slot."""
    from carecoord_desktop.storage import secret_store

    name = username.strip().lower()
    keys = load_keys(path)
    secret = secret_store.load_secret(keys.vault_id, name)
    if secret is None or not keys.find("keyring", name):
        raise SignInFailed("This computer no longer keeps you signed in. Sign in with your password.")
    keys, opened = _unlock(path, keys, "keyring", name, secret)
    session = _open_as(path, keys, opened, secret, name, "keyring")
    if not practice_settings(session).allow_stay_signed_in or not session.user.stay_signed_in:
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
    secret = normalize_recovery_key(recovery_key)
    try:
        keys, opened = _unlock(path, keys, "recovery", "recovery", secret)
    except SignInFailed:
        signin_failures.record(path, name, "wrong recovery key")
        raise SignInFailed(
            "That recovery key does not open this vault. Check each group of characters."
        ) from None
    dek = opened.dek
    vault = Vault.open(path, dek, keys, holder=name)
    try:
        seed = _seed_of(keys, _upgraded(keys, opened, secret))
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
        with vault.write() as conn:
            audit_seed.hand_out(conn, keys, dek, seed)
            keys.save()
            staff_repo.set_fields(conn, name, name, must_change_password=False)
            _audit_direct(conn, vault, name, "password.recover", "ok", staff_id=user.id)
    except BaseException:
        vault.close()
        raise
    vault.close()
    fresh = KeySlotsFile.load(keys_path_for(path))
    password = new_password.encode("utf-8")
    return _open_as(path, fresh, fresh.open_any("user", name, password), password, name, "recovery key")


# -- while signed in -----------------------------------------------------------------------------
def verify_password(session: Session, username: str, password: str) -> StaffMember:
    """Check `username`'s password against this open vault (unlocking, or another user taking over).

    The same growing delay as at sign-in applies, so the lock screen is no place to guess passwords.
    """
    return _check_password(session, username, password)[0]


def _check_password(session: Session, username: str, password: str) -> tuple[StaffMember, OpenedSlot]:
    name = username.strip().lower()
    path = session.vault.path
    _check_throttle(path, name)
    keys = session.vault.keys
    try:
        if not keys.find("user", name):
            _spend_like_a_password_check(password)
            raise SignInFailed(WRONG)
        opened = keys.open_any("user", name, password.encode("utf-8"))
        if not hmac.compare_digest(opened.dek, session.vault.dek):
            raise SignInFailed(WRONG)
    except SignInFailed:
        signin_failures.record(path, name, "wrong username or password", logged=True)
        session.audit_separately(
            "unlock",
            "failed",
            subject=signin_failures.as_recorded(path, name),  # never a password typed as a username
            detail={"reason": "wrong username or password"},
        )
        raise SignInFailed(WRONG) from None
    signin_failures.after_sign_in(path, name)
    with session.vault.read() as conn:
        user = load_staff(conn, name)
    if user is None or not user.active:
        session.audit_separately("unlock", "refused", subject=name, detail={"reason": "account disabled"})
        raise AccountDisabled(WRONG)
    return user, opened


def unlock(session: Session, username: str, password: str) -> Session:
    """Unlock after auto-lock. The same user keeps their session; another user gets a new one."""
    user, opened = _check_password(session, username, password)
    if user.id == session.user.id:
        session.audit_separately("unlock", "ok")
        session.refresh_user()
        return session
    successor = Session(
        session.vault,
        user,
        session.clock,
        audit_seed=_seed_of(session.vault.keys, opened),
        handed_over_from=session.handed_over_from | {session.user.id},
    )
    session.vault.lock.set_holder(user.username)
    successor.audit_separately(
        "sign_in", "ok", detail={"method": "password", "took_over_from": session.user.username}
    )
    anchoring.update(successor)
    return successor


def lock(session: Session, *, idle: bool) -> None:
    session.audit_separately("lock", "ok", detail={"reason": "idle" if idle else "manual"})
    anchoring.update(session)


def sign_out(session: Session) -> None:
    session.audit_separately("sign_out", "ok")
    try:
        anchoring.update(session)
    finally:
        session.vault.close()


def change_password(session: Session, old_password: str, new_password: str, confirm: str) -> None:
    """A new slot (with a new key pair) replaces the old one in the keys file. A copy of the keys file taken
    before still opens the vault with the old password until an administrator rotates the database key."""
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
        with session.vault.read() as conn:
            audit_seed.hand_out(conn, keys, dek, session.audit_seed)
        keys.save()
    except Exception:
        session.vault.keys = KeySlotsFile.load(keys.path)
        raise
    with session.vault.write("the new password") as conn:
        staff_repo.set_fields(conn, user.username, user.username, must_change_password=False)
        session.record(conn, "password.change")
    session.refresh_user()
