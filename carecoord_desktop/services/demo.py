"""The demo practice: a vault in its own folder with one account per role and fixed, published passwords.

The passwords protect no real data; they are printed on the demo's sign-in window and in the README.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.services import (
    auth,
    demo_calls,
    demo_care_plans,
    demo_followups,
    demo_medications,
    demo_reconciliations,
    demo_referrals,
    demo_transitions,
    staff,
    synthetic_practice,
)
from carecoord_desktop.services.demo_accounts import (
    DEMO_ACCOUNTS,
    DEMO_PRACTICE,
    default_demo_folder,
    demo_vault_path,
)
from carecoord_desktop.storage.atomic import describe_os_error
from carecoord_desktop.storage.vault import sidecar_paths


def create_demo(folder: Path, *, patients: int = 2000, seed: int = 1) -> Path:
    """Make the demo vault in `folder` (which must not hold one yet) and return its path.

    It is built in a temporary folder beside `folder` and moved in when complete (the database file
    last), so a demo interrupted halfway is never mistaken for a finished one.
    """
    path = demo_vault_path(folder)
    if path.exists():
        raise ValidationFailed(f"{folder} already holds a demo practice.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(exc, "the demo practice") from exc
    building = Path(tempfile.mkdtemp(prefix=".demo-building-", dir=folder))
    try:
        built = _build(building, patients, seed)
        for part in [*sidecar_paths(built)[1:], built]:
            if part.exists():
                os.replace(part, folder / part.name)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return path


def _build(folder: Path, patients: int, seed: int) -> Path:
    path = demo_vault_path(folder)
    admin = DEMO_ACCOUNTS[0]
    session, _recovery = auth.create_practice(
        auth.NewPractice(
            path,
            PracticeSettings(practice_name=DEMO_PRACTICE, time_zone="America/New_York", state="MA"),
            admin.username,
            admin.full_name,
            admin.password,
            synthetic=True,
        )
    )
    try:
        for account in DEMO_ACCOUNTS[1:]:
            staff.add_staff(
                session,
                account.username,
                account.full_name,
                account.role,
                account.password,
                account.password,
                must_change_password=False,
            )
        synthetic_practice.fill(session, patients, seed)
        demo_referrals.fill(session, random.Random(seed))  # noqa: S311 - synthetic data, not security
        demo_transitions.fill(session, random.Random(seed))  # noqa: S311
        demo_transitions.fill_history(session, random.Random(seed))  # noqa: S311
        demo_followups.fill(session, random.Random(seed))  # noqa: S311
        demo_calls.fill(session, random.Random(seed))  # noqa: S311
        demo_medications.fill(session, random.Random(seed))  # noqa: S311
        demo_care_plans.fill(session, random.Random(seed))  # noqa: S311
        demo_reconciliations.fill(session, random.Random(seed))  # noqa: S311
    finally:
        auth.sign_out(session)
    return path


def ensure_demo(folder: Path | None = None, *, patients: int = 2000, seed: int = 1) -> Path:
    """Create the demo vault once; afterwards just return where it is."""
    folder = folder or default_demo_folder()
    path = demo_vault_path(folder)
    if not path.exists():
        create_demo(folder, patients=patients, seed=seed)
    return path
