"""Staff accounts (admin only)."""

from __future__ import annotations

from carecoord_desktop.domain.accounts import check_full_name, normalize_username
from carecoord_desktop.domain.errors import NotFound, UserError, ValidationFailed
from carecoord_desktop.domain.passwords import check_new_password
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import audit_seed
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


def _share_audit_seed(session: Session) -> None:
    """Administrators' slots get the audit trail's verifying seed; a former administrator's slot loses it."""
    keys = session.vault.keys
    with session.vault.read() as conn:
        changed = audit_seed.hand_out(conn, keys, session.vault.dek, session.audit_seed)
    if changed:
        keys.save()


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
    _share_audit_seed(session)
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
    _share_audit_seed(session)


def change_role(session: Session, username: str, role: Role) -> None:
    """Never one's own role: an administrator cannot give themselves patient access (another admin can)."""
    session.require(Permission.MANAGE_STAFF, "staff.change_role", subject=username)
    member = _existing(session, username)
    if member.role is role:
        return
    if member.id == session.user.id:
        session.audit_separately(
            "staff.change_role", "refused", subject=member.username, detail={"reason": "own role"}
        )
        raise ValidationFailed("You cannot change your own role; another administrator must do it.")
    with session.audited_write(
        Permission.MANAGE_STAFF,
        "staff.change_role",
        subject=member.username,
        detail={"from": member.role.value, "to": role.value},
    ) as conn:
        # The signed-in administrator stays one, so demoting another never leaves the practice without one.
        staff_repo.set_fields(conn, member.username, session.user.username, role=role.value)
    _share_audit_seed(session)
