"""Migration 0006: a vault made at schema 0002 upgrades, and its patients can be referred at once."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import auth, directory, patients, referral_worklist, referrals, staff
from carecoord_desktop.storage.vault import head_revision

DATA = Path(__file__).parent / "data"


def test_a_schema_0002_vault_takes_referrals_after_upgrading(tmp_path: Path) -> None:
    fixture = DATA / "schema-0002.ccvault"
    target = tmp_path / fixture.name
    shutil.copy2(fixture, target)
    shutil.copy2(fixture.with_name(fixture.name + ".keys"), target.with_name(target.name + ".keys"))
    admin = auth.sign_in(target, "admin", "correct horse battery staple")
    password = "copper willow 5590 summit"
    provider = staff.add_staff(admin, "priya", "Dr Priya Raman", Role.PROVIDER, password, password).id
    auth.sign_out(admin)
    nurse = auth.sign_in(target, "nina", "tulip meadow 4821 lantern")
    try:
        assert nurse.vault.schema_revision() == head_revision()  # 0006 or any later head
        patient = patients.search_patients(nurse, "nunez jose")[0]
        entry = directory.add_entry(nurse, {"name": "Harbor Cardiology", "specialty": "Cardiology"})
        rid = referrals.create_referral(
            nurse,
            {
                "patient_id": patient.id,
                "directory_id": entry,
                "specialty": "Cardiology",
                "reason": "Palpitations",
                "requested_by": date(2027, 1, 15),
                "referring_provider_id": provider,
            },
        )
        referrals.transition(nurse, rid, TransitionRequest(to=ReferralState.SENT))
        assert referral_worklist.open_referral(nurse, rid).state is ReferralState.SENT
    finally:
        auth.sign_out(nurse)
