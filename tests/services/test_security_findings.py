"""Findings 11, 16 and 17 of issue 8: kept drafts, username enumeration, administrators and patient access."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert

from carecoord_desktop.domain.errors import PermissionDenied, SignInFailed, ValidationFailed
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import audit_trail, auth, drafts, security_view, staff, synthetic_practice
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.storage import keys as keys_module
from carecoord_desktop.storage.schema import drafts as drafts_table
from carecoord_desktop.storage.schema import patients
from tests.conftest import FRONT_PASSWORD, sign_in


# -- 11: drafts ------------------------------------------------------------------------------------------
def test_no_one_plants_a_draft_for_another_user_without_a_hand_over(practice: Path) -> None:
    fred = sign_in(practice, "fred")
    with pytest.raises(PermissionDenied, match="only for yourself"):
        drafts.save_draft(fred, "admin.practice_settings", {"practice_name": "Mallory's"}, owner_id=1)
    auth.sign_out(fred)
    admin = sign_in(practice, "admin")
    assert drafts.my_drafts(admin) == {}
    refused = audit_trail.search(admin, AuditFilter(username="fred", action="draft.save"))
    auth.sign_out(admin)
    assert [e.outcome for e in refused] == ["refused"]


@pytest.mark.parametrize(
    "payload", ["{not json", "[1, 2]", '{"a":' * 20 + "1" + "}" * 20], ids=["bad", "list", "deep"]
)
def test_a_damaged_draft_is_dropped_not_a_crash_at_every_sign_in(practice: Path, payload: str) -> None:
    fred = sign_in(practice, "fred")  # what fred can do with his own key and a few lines of Python
    with fred.vault.write() as conn:
        stamps = {"created_at": "x", "created_by": "fred", "updated_at": "x", "updated_by": "fred"}
        conn.execute(insert(drafts_table).values(staff_id=1, form_key="staff.add", payload=payload, **stamps))
    auth.sign_out(fred)
    admin = sign_in(practice, "admin")
    assert drafts.my_drafts(admin) == {}
    assert drafts.my_drafts(admin) == {}  # dropped for good
    dropped = audit_trail.search(admin, AuditFilter(action="draft.drop"))
    auth.sign_out(admin)
    assert len(dropped) == 1


# -- 16: unknown, disabled and known users look the same ---------------------------------------------------
def test_unknown_disabled_and_wrong_password_say_the_same_and_cost_the_same(
    practice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = sign_in(practice, "admin")
    staff.disable_staff(admin, "priya")
    auth.sign_out(admin)
    calls: list[int] = []
    real = keys_module.hash_secret_raw

    def counted(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keys_module, "hash_secret_raw", counted)
    messages = {}
    for username, password in (
        ("nobody", "whatever it is 1"),
        ("priya", "whatever it is 1"),
        ("fred", "nope nope"),
    ):
        calls.clear()
        with pytest.raises(SignInFailed) as refused:
            auth.sign_in(practice, username, password)
        messages[username] = (refused.value.message, len(calls))
    assert set(messages.values()) == {("Wrong username or password.", 1)}  # one Argon2id run each


# -- 17: administrators and patient access -------------------------------------------------------------------
def test_an_admin_cannot_change_their_own_role_even_with_a_second_admin(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    staff.change_role(admin, "priya", Role.ADMIN)
    with pytest.raises(ValidationFailed, match="own role"):
        staff.change_role(admin, "admin", Role.PROVIDER)
    assert admin.user.role is Role.ADMIN
    refused = audit_trail.search(admin, AuditFilter(action="staff.change_role", outcome="refused"))
    auth.sign_out(admin)
    assert len(refused) == 1


def test_security_view_shows_an_account_its_admin_made_and_then_used(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    staff.add_staff(
        admin, "ada2", "Ada Again", Role.PROVIDER, FRONT_PASSWORD, FRONT_PASSWORD, must_change_password=False
    )
    auth.sign_out(admin)
    auth.sign_out(auth.sign_in(practice, "ada2", FRONT_PASSWORD))  # same computer, minutes later
    admin = sign_in(practice, "admin")
    review = security_view.security_overview(admin).accounts_to_review
    auth.sign_out(admin)
    assert [(r.username, r.created_by) for r in review] == [("ada2", "admin")]
    assert "where admin created it" in review[0].why


def test_the_demo_filler_refuses_a_real_practice(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    with pytest.raises(ValidationFailed, match="demo practice"):
        synthetic_practice.fill(admin, 10, seed=1)
    with admin.vault.read() as conn:
        assert conn.execute(patients.select()).first() is None
    auth.sign_out(admin)
