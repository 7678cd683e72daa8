"""'Stay signed in on this computer' through a keyring slot: in memory, and against the real Secret Service."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest

from carecoord_desktop.domain.errors import SignInFailed, UserError
from carecoord_desktop.services import auth, practice, stay_signed_in
from carecoord_desktop.storage import secret_store
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.vault import keys_path_for
from tests.conftest import sign_in


def _allow(path: Path, allowed: bool = True) -> None:
    admin = sign_in(path, "admin")
    practice.update_settings(admin, allow_stay_signed_in=allowed)
    auth.sign_out(admin)


def _round_trip(path: Path) -> None:
    _allow(path)
    nina = sign_in(path, "nina")
    ok, reason = stay_signed_in.stay_signed_in_status(nina)
    assert ok, reason
    stay_signed_in.remember_this_computer(nina)
    auth.sign_out(nina)
    keys = KeySlotsFile.load(keys_path_for(path))
    assert [s.label for s in keys.slots if s.kind == "keyring"] == ["nina"]
    stored = keyring.get_password(secret_store.SERVICE, f"{keys.vault_id}:nina")
    assert stored and len(stored) >= 40  # a random secret, not the password and not the key
    session = auth.sign_in_with_keyring(path, "nina")
    assert session.user.username == "nina"
    stay_signed_in.forget_this_computer(session)
    auth.sign_out(session)
    assert keyring.get_password(secret_store.SERVICE, f"{keys.vault_id}:nina") is None
    with pytest.raises(SignInFailed):
        auth.sign_in_with_keyring(path, "nina")


def test_keyring_slot_with_in_memory_backend(practice: Path, memory_keyring: object) -> None:
    _round_trip(practice)


@pytest.mark.keyring_real
def test_keyring_slot_with_the_real_secret_service(practice: Path) -> None:
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        if os.environ.get("CI"):
            pytest.fail("CI must run this test under dbus-run-session with gnome-keyring unlocked")
        pytest.skip("no D-Bus session: run under dbus-run-session with gnome-keyring (see .ci/run)")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        _round_trip(practice)
    finally:
        keyring.set_keyring(previous)


def test_admin_forbidding_it_turns_it_off(practice: Path, memory_keyring: object) -> None:
    _allow(practice)
    nina = sign_in(practice, "nina")
    stay_signed_in.remember_this_computer(nina)
    auth.sign_out(nina)
    _allow(practice, allowed=False)
    with pytest.raises(SignInFailed, match="no longer allowed"):
        auth.sign_in_with_keyring(practice, "nina")
    assert not KeySlotsFile.load(keys_path_for(practice)).find("keyring", "nina")


def test_off_by_default_and_says_why(practice: Path, memory_keyring: object) -> None:
    nina = sign_in(practice, "nina")
    ok, reason = stay_signed_in.stay_signed_in_status(nina)
    assert not ok and "administrator has not allowed" in reason
    with pytest.raises(UserError):
        stay_signed_in.remember_this_computer(nina)
    auth.sign_out(nina)


def test_without_a_keyring_backend_the_option_is_disabled_with_the_reason(
    practice: Path, no_keyring: None
) -> None:
    _allow(practice)
    nina = sign_in(practice, "nina")
    ok, reason = stay_signed_in.stay_signed_in_status(nina)
    auth.sign_out(nina)
    assert not ok and "no system keyring" in reason
