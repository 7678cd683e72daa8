"""Staff accounts (admin only) and each user's 'stay signed in on this computer' choice."""

from __future__ import annotations

from carecoord_desktop.domain.errors import NotFound, UserError, ValidationFailed
from carecoord_desktop.domain.passwords import check_new_password
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services.auth import check_full_name, normalize_username, practice_settings
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session, StaffMember, load_staff, staff_from_row
from carecoord_desktop.storage import secret_store, staff_repo
from carecoord_desktop.storage.keys import KeySlotsFile


def list_staff(session: Session) -> list[StaffMember]:
    session.require(Permission.MANAGE_STAFF, "staff.list")
    with session.vault.read() as conn:
        return [staff_from_row(row) for row in staff_repo.all_rows(conn)]


def _existing(session: Session, username: str) -> StaffMember:
    with session.vault.read() as conn:
        member = load_staff(conn, username)
    if member is None:
        raise NotFound(f"There is no staff account '{username}'.")
    return member


def _reload_keys_on_failure(session: Session) -> None:
    session.vault.keys = KeySlotsFile.load(session.vault.keys.path)


def add_staff(
    session: Session,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    confirm: str,
    *,
    must_change_password: bool = True,
) -> StaffMember:
    """The admin sets a first password; by default the new user must change it at their first sign-in."""
    session.require(Permission.MANAGE_STAFF, "staff.add", subject=username)
    name = normalize_username(username)
    full = check_full_name(full_name)
    check_new_password(password, confirm, user_words=(name, *full.split()))
    with session.vault.read() as conn:
        if load_staff(conn, name) is not None:
            message = f"The username '{name}' is taken. Staff accounts are never deleted, so choose another."
            raise ValidationFailed(message, {"username": message})
    keys = session.vault.keys
    keys.add_slot("user", name, password.encode("utf-8"), session.vault.dek)
    if name in keys.disabled:
        keys.disabled.remove(name)
    try:
        keys.save()
        with session.audited_write(
            Permission.MANAGE_STAFF, "staff.add", subject=name, detail={"role": role.value}
        ) as c:
            new_id = staff_repo.add(
                c,
                username=name,
                full_name=full,
                role=role.value,
                must_change_password=must_change_password,
                actor=session.user.username,
            )
    except BaseException:  # any failure (bad bytes in a name, a full disk): the new slot must not stay
        keys.remove("user", name)
        keys.save()
        raise
    return StaffMember(new_id, name, full, role, True, must_change_password, False)


def disable_staff(session: Session, username: str) -> None:
    session.require(Permission.MANAGE_STAFF, "staff.disable", subject=username)
    member = _existing(session, username)
    if member.id == session.user.id:
        raise ValidationFailed("You cannot disable your own account while signed in with it.")
    with session.audited_write(Permission.MANAGE_STAFF, "staff.disable", subject=member.username) as conn:
        if member.role is Role.ADMIN and staff_repo.active_admin_count(conn) <= 1:
            raise ValidationFailed("This is the last active administrator; add another administrator first.")
        staff_repo.set_fields(
            conn, member.username, session.user.username, active=False, stay_signed_in=False
        )
    # The database says "disabled" first; then the keys go, so their password no longer opens the vault.
    keys = session.vault.keys
    keys.remove("user", member.username)
    keys.remove("keyring", member.username)
    keys.disabled.append(member.username)
    try:
        keys.save()
    except UserError:
        _reload_keys_on_failure(session)
        raise
    secret_store.delete_secret(keys.vault_id, member.username)


def reset_password(session: Session, username: str, password: str, confirm: str) -> None:
    """Give a temporary password; the user must choose a new one at next sign-in. Also re-enables an account."""
    session.require(Permission.MANAGE_STAFF, "staff.reset_password", subject=username)
    member = _existing(session, username)
    check_new_password(password, confirm, user_words=(member.username, *member.full_name.split()))
    keys = session.vault.keys
    old = keys.find("user", member.username)
    keys.add_slot("user", member.username, password.encode("utf-8"), session.vault.dek)
    keys.slots = [s for s in keys.slots if s not in old]
    if member.username in keys.disabled:
        keys.disabled.remove(member.username)
    try:
        keys.save()
    except UserError:
        _reload_keys_on_failure(session)
        raise
    with session.audited_write(
        Permission.MANAGE_STAFF,
        "staff.reset_password",
        subject=member.username,
        detail={"reactivated": not member.active},
    ) as conn:
        staff_repo.set_fields(
            conn, member.username, session.user.username, must_change_password=True, active=True
        )


def change_role(session: Session, username: str, role: Role) -> None:
    session.require(Permission.MANAGE_STAFF, "staff.change_role", subject=username)
    member = _existing(session, username)
    if member.role is role:
        return
    with session.audited_write(
        Permission.MANAGE_STAFF,
        "staff.change_role",
        subject=member.username,
        detail={"from": member.role.value, "to": role.value},
    ) as conn:
        if member.role is Role.ADMIN and member.active and staff_repo.active_admin_count(conn) <= 1:
            raise ValidationFailed(
                "This is the last active administrator; make someone else an administrator first."
            )
        staff_repo.set_fields(conn, member.username, session.user.username, role=role.value)
    if member.id == session.user.id:
        session.refresh_user()


# -- stay signed in on this computer -----------------------------------------------------------
def stay_signed_in_status(session: Session) -> tuple[bool, str]:
    """(can the user turn it on here, why not)."""
    if not practice_settings(session).allow_stay_signed_in:
        return False, "Your practice administrator has not allowed staying signed in."
    ok, reason = secret_store.availability()
    return ok, reason


def remember_this_computer(session: Session) -> None:
    ok, reason = stay_signed_in_status(session)
    if not ok:
        raise UserError(reason)
    keys = session.vault.keys
    secret = secret_store.store_new_secret(keys.vault_id, session.user.username)
    keys.remove("keyring", session.user.username)
    keys.add_slot("keyring", session.user.username, secret, session.vault.dek)
    keys.save()
    with session.vault.write() as conn:
        staff_repo.set_fields(conn, session.user.username, session.user.username, stay_signed_in=True)
        session.record(conn, "stay_signed_in.enable")
    session.refresh_user()


def forget_this_computer(session: Session) -> None:
    keys = session.vault.keys
    if keys.remove("keyring", session.user.username):
        keys.save()
    secret_store.delete_secret(keys.vault_id, session.user.username)
    with session.vault.write() as conn:
        staff_repo.set_fields(conn, session.user.username, session.user.username, stay_signed_in=False)
        session.record(conn, "stay_signed_in.disable")
    session.refresh_user()
