"""Make the fixture vault of the CURRENT head schema for the migration tests.

    .venv/bin/python scripts/make_fixture_vault.py [--out tests/storage/data]

Writes tests/storage/data/schema-<head>.ccvault and .keys: practice "Fixture Practice <head>", accounts
admin ("correct horse battery staple") and nina, nurse coordinator ("tulip meadow 4821 lantern"), both with
the tests' cheap key derivation, and the sample patients every fixture carries (F-0001 José Núñez with a
phone, allergies and a CCM enrolment; F-0002 芳 王). Commit it before adding the next migration, so that
migration's upgrade test starts from what this version wrote.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import auth, patients, staff
from carecoord_desktop.storage.keys import KdfSettings, set_default_kdf
from carecoord_desktop.storage.vault import head_revision, keys_path_for

ADMIN_PASSWORD = "correct horse battery staple"  # noqa: S105 - protects fixture data only
NURSE_PASSWORD = "tulip meadow 4821 lantern"  # noqa: S105
CHEAP_KDF = KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1)  # as tests/conftest.py TEST_KDF
SAMPLE_PATIENTS = (
    {
        "mrn": "F-0001",
        "given_name": "José",
        "family_name": "Núñez",
        "date_of_birth": "1952-03-14",
        "sex_at_birth": "male",
        "phones": {"mobile": "(617) 555-0142"},
        "programs": [{"program": "ccm", "started_on": "2026-10-01", "consent_date": "2026-09-30"}],
        "clinical": {
            "allergies": [
                {
                    "substance": "Penicillin",
                    "category": "medication",
                    "reactions": ["Hives"],
                    "severity": "severe",
                },
                {"substance": "Peanuts", "category": "food"},
            ]
        },
    },
    {
        "mrn": "F-0002",
        "given_name": "王",
        "family_name": "芳",
        "date_of_birth": "1970-01-02",
        "sex_at_birth": "female",
    },
)


def make(folder: Path) -> Path:
    revision = head_revision()
    path = folder / f"schema-{revision}.ccvault"
    for leftover in (path, keys_path_for(path)):
        leftover.unlink(missing_ok=True)
    set_default_kdf(CHEAP_KDF)
    session, _recovery = auth.create_practice(
        auth.NewPractice(
            path,
            PracticeSettings(practice_name=f"Fixture Practice {revision}"),
            "admin",
            "Ada Admin",
            ADMIN_PASSWORD,
        )
    )
    staff.add_staff(
        session,
        "nina",
        "Nina Okafor",
        Role.NURSE_COORDINATOR,
        NURSE_PASSWORD,
        NURSE_PASSWORD,
        must_change_password=False,
    )
    auth.sign_out(session)
    nurse = auth.sign_in(path, "nina", NURSE_PASSWORD)
    nurse.clock = PracticeClock.fixed(
        datetime(2026, 11, 2, 9, 0)
    )  # fixed, so every run writes the same dates
    for data in SAMPLE_PATIENTS:
        patients.add_patient(nurse, data, duplicates_reviewed=True)
    auth.sign_out(nurse)
    for runtime_file in (".lock", ".signin", "-wal", "-shm"):  # only the vault and its keys are the fixture
        path.with_name(path.name + runtime_file).unlink(missing_ok=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent.parent / "tests" / "storage" / "data"
    )
    args = parser.parse_args(argv)
    print(make(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
