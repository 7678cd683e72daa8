"""Each user's 'stay signed in on this computer': a keyring slot whose random secret lives in the OS keyring."""

from __future__ import annotations

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import audit_seed
from carecoord_desktop.services.practice import practice_settings
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import secret_store, staff_repo


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
    with session.vault.read() as conn:
        audit_seed.hand_out(conn, keys, session.vault.dek, session.audit_seed)
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
