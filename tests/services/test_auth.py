"""Signing in, throttling, disabled accounts, recovery, passwords, locking."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, SignInFailed, ValidationFailed
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.signin import delay_after_failures
from carecoord_desktop.services import audit_trail, auth, drafts, staff
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage.keys import new_recovery_key, normalize_recovery_key
from tests.conftest import ADMIN_PASSWORD, FRONT_PASSWORD, NURSE_PASSWORD, sign_in


@pytest.mark.parametrize(("failures", "delay"), [(0, 0), (2, 0), (3, 2), (4, 4), (5, 8), (6, 16), (30, 300)])
def test_growing_delay(failures: int, delay: int) -> None:
    assert delay_after_failures(failures) == delay


def test_third_wrong_password_imposes_a_wait_that_survives_a_restart(practice: Path) -> None:
    for _ in range(3):
        with pytest.raises(SignInFailed, match="Wrong username or password"):
            auth.sign_in(practice, "nina", "wrong wrong wrong")
    assert 1 <= auth.retry_after(practice, "nina") <= 2
    with pytest.raises(auth.SignInThrottled, match="Wait"):
        auth.sign_in(practice, "nina", NURSE_PASSWORD)  # even the right password waits
    assert auth.retry_after(practice, "admin") == 0  # other users are not slowed down


def test_failures_before_opening_reach_the_audit_log(practice: Path) -> None:
    for _ in range(2):
        with pytest.raises(SignInFailed):
            auth.sign_in(practice, "fred", "wrong wrong wrong")
    session = sign_in(practice, "admin")
    failed = audit_trail.search(session, AuditFilter(username="fred", action="sign_in", outcome="failed"))
    auth.sign_out(session)
    assert len(failed) == 2
    session = sign_in(practice, "admin")  # written once, not again at the next opening
    again = audit_trail.search(session, AuditFilter(username="fred", action="sign_in", outcome="failed"))
    auth.sign_out(session)
    assert len(again) == 2


def test_disabled_user_cannot_sign_in(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    staff.disable_staff(admin, "fred")
    auth.sign_out(admin)
    with pytest.raises(SignInFailed, match=r"^Wrong username or password\.$"):  # names no account
        auth.sign_in(practice, "fred", FRONT_PASSWORD)
    admin = sign_in(practice, "admin")
    refused = audit_trail.search(admin, AuditFilter(username="fred", action="sign_in"))
    assert refused and refused[0].outcome == "failed" and refused[0].detail["reason"] == "account disabled"
    # Reset re-enables with a temporary password the user must change.
    staff.reset_password(admin, "fred", "orchid canyon 4410 kite", "orchid canyon 4410 kite")
    auth.sign_out(admin)
    fred = auth.sign_in(practice, "fred", "orchid canyon 4410 kite")
    assert fred.user.must_change_password
    with pytest.raises(PermissionDenied, match="new password"):
        staff.list_staff(fred)
    auth.change_password(
        fred, "orchid canyon 4410 kite", "quartz ember 2231 fjord", "quartz ember 2231 fjord"
    )
    assert not fred.user.must_change_password
    auth.sign_out(fred)
    auth.sign_in(practice, "fred", "quartz ember 2231 fjord").vault.close()


def test_front_desk_calling_an_admin_service_is_refused_and_audited(practice: Path) -> None:
    fred = sign_in(practice, "fred")
    with pytest.raises(PermissionDenied, match=r"Front desk\) is not allowed to manage staff accounts"):
        staff.add_staff(
            fred, "eve", "Eve Intruder", Role.ADMIN, "mallow breeze 9134 pine", "mallow breeze 9134 pine"
        )
    with pytest.raises(PermissionDenied):
        audit_trail.search(fred, AuditFilter())
    auth.sign_out(fred)
    admin = sign_in(practice, "admin")
    refusals = audit_trail.search(admin, AuditFilter(username="fred", outcome="refused"))
    assert [e.action for e in refusals] == ["audit.view", "staff.add"]
    assert all(s.username != "eve" for s in staff.list_staff(admin))
    auth.sign_out(admin)


def test_recovery_key_lets_an_admin_set_a_new_password(vault_path: Path) -> None:
    session, recovery_key = auth.create_practice(
        auth.NewPractice(
            vault_path, PracticeSettings(practice_name="Elm"), "admin", "Ada Admin", ADMIN_PASSWORD
        )
    )
    auth.sign_out(session)
    with pytest.raises(SignInFailed, match="recovery key does not open"):
        auth.recover_with_key(
            vault_path, "AAAA-" * 7 + "AAAA", "admin", "sable comet 3321 ridge", "sable comet 3321 ridge"
        )
    typed = recovery_key.lower().replace("-", " ")  # typed loosely, still accepted
    session = auth.recover_with_key(
        vault_path, typed, "admin", "sable comet 3321 ridge", "sable comet 3321 ridge"
    )
    auth.sign_out(session)
    with pytest.raises(SignInFailed):
        auth.sign_in(vault_path, "admin", ADMIN_PASSWORD)
    auth.sign_in(vault_path, "admin", "sable comet 3321 ridge").vault.close()


def test_recovery_key_does_not_reset_a_non_admin(practice: Path) -> None:
    key = _recovery_for(practice)
    with pytest.raises(SignInFailed, match="administrator"):
        auth.recover_with_key(practice, key, "nina", "sable comet 3321 ridge", "sable comet 3321 ridge")
    sign_in(practice, "nina").vault.close()  # nina's password is untouched


def _recovery_for(path: Path) -> str:
    """The practice fixture does not keep its recovery key, so replace the recovery slot with a known one."""
    session = sign_in(path, "admin")
    key = new_recovery_key()
    session.vault.keys.remove("recovery", "recovery")
    session.vault.keys.add_slot("recovery", "recovery", normalize_recovery_key(key), session.vault.dek)
    session.vault.keys.save()
    auth.sign_out(session)
    return key


def test_new_passwords_are_checked(admin_session: Session) -> None:
    with pytest.raises(ValidationFailed, match="at least 12"):
        auth.change_password(admin_session, ADMIN_PASSWORD, "short", "short")
    with pytest.raises(ValidationFailed, match="don't match"):
        auth.change_password(admin_session, ADMIN_PASSWORD, "lemon grove 1 2 3 4", "lemon grove 1 2 3 5")
    with pytest.raises(SignInFailed, match="current password is wrong"):
        auth.change_password(admin_session, "not it at all!!", "lemon grove 1 2 3 4", "lemon grove 1 2 3 4")


def test_lock_then_same_user_unlocks(practice: Path) -> None:
    session = sign_in(practice, "nina")
    auth.lock(session, idle=True)
    with pytest.raises(SignInFailed):
        auth.unlock(session, "nina", "wrong wrong wrong")
    assert auth.unlock(session, "nina", NURSE_PASSWORD) is session
    auth.sign_out(session)


def test_unlock_attempts_are_throttled_like_sign_in(practice: Path) -> None:
    session = sign_in(practice, "nina")
    auth.lock(session, idle=False)
    for _ in range(3):
        with pytest.raises(SignInFailed, match="Wrong"):
            auth.unlock(session, "nina", "wrong wrong wrong")
    with pytest.raises(auth.SignInThrottled, match="Wait"):
        auth.unlock(session, "nina", NURSE_PASSWORD)
    assert auth.retry_after(practice, "nina") >= 1
    session.vault.close()
    admin = sign_in(practice, "admin")  # the failures were audited once, not again at the next opening
    again = audit_trail.search(admin, AuditFilter(username="nina", outcome="failed"))
    assert len(again) == 3
    auth.sign_out(admin)


def test_another_user_takes_over_and_the_first_keeps_a_draft(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    auth.lock(nina, idle=True)
    fred = auth.unlock(nina, "fred", FRONT_PASSWORD)
    assert fred is not nina and fred.user.username == "fred"
    drafts.save_draft(fred, "staff.add", {"full_name": "half typed"}, owner_id=nina.user.id)
    assert drafts.my_drafts(fred) == {}
    auth.sign_out(fred)
    nina = sign_in(practice, "nina")
    assert drafts.my_drafts(nina) == {"staff.add": {"full_name": "half typed"}}
    auth.sign_out(nina)


def test_last_admin_cannot_be_disabled_and_only_another_admin_demotes(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    with pytest.raises(ValidationFailed, match="own account"):
        staff.disable_staff(admin, "admin")
    staff.change_role(admin, "priya", Role.ADMIN)
    auth.sign_out(admin)
    priya = sign_in(practice, "priya")
    staff.change_role(priya, "admin", Role.PROVIDER)  # another administrator may
    assert {m.username: m.role for m in staff.list_staff(priya)}["admin"] is Role.PROVIDER
    auth.sign_out(priya)


def test_usernames_are_unique_forever(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    staff.disable_staff(admin, "fred")
    with pytest.raises(ValidationFailed, match="taken"):
        staff.add_staff(
            admin,
            "Fred",
            "Another Fred",
            Role.FRONT_DESK,
            "mallow breeze 9134 pine",
            "mallow breeze 9134 pine",
        )
    with pytest.raises(ValidationFailed, match="username"):
        staff.add_staff(
            admin, "a b", "Bad Name", Role.FRONT_DESK, "mallow breeze 9134 pine", "mallow breeze 9134 pine"
        )
    auth.sign_out(admin)
