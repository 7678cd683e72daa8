"""Text that is not UTF-8 (as Python hands over undecodable bytes) reaching the services (issue 8, finding 7).

The CLI refuses such input before acting (tests/cli/test_hostile_input.py); these check what is left
when it gets past the front door anyway: nothing half-done.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import SignInFailed
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import auth, staff
from carecoord_desktop.storage.keys import KeySlotsFile
from tests.conftest import NURSE_PASSWORD, sign_in


def test_a_failed_add_leaves_no_key_slot_behind(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    try:
        with pytest.raises(Exception):
            staff.add_staff(
                admin, "zed", "Zed caf\udce9", Role.NURSE_COORDINATOR, NURSE_PASSWORD, NURSE_PASSWORD
            )
        assert not admin.vault.keys.find("user", "zed")
    finally:
        auth.sign_out(admin)
    assert not KeySlotsFile.load(practice.with_name(practice.name + ".keys")).find("user", "zed")
    with pytest.raises(SignInFailed):
        auth.sign_in(practice, "zed", NURSE_PASSWORD)
