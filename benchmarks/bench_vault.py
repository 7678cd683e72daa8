"""A throwaway practice for the document benchmarks: a real vault in a temp folder, a nurse signed in."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services.session import Session

PASSWORD = "bench lantern 5521 harbor"  # noqa: S105 (a throwaway vault in a temp folder)


@contextmanager
def nurse_session(prefix: str) -> Iterator[tuple[Session, Path]]:
    """Nina Okafor (nurse coordinator) signed in to a new practice, and its folder; all removed afterwards."""
    from carecoord_desktop.services import auth, staff

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        path = folder / "bench.ccvault"
        admin, _ = auth.create_practice(
            auth.NewPractice(
                path, PracticeSettings(practice_name="Bench Practice"), "admin", "Admin", PASSWORD
            )
        )
        staff.add_staff(
            admin,
            "nurse",
            "Nina Okafor",
            Role.NURSE_COORDINATOR,
            PASSWORD,
            PASSWORD,
            must_change_password=False,
        )
        auth.sign_out(admin)
        nurse = auth.sign_in(path, "nurse", PASSWORD)
        try:
            yield nurse, folder
        finally:
            auth.sign_out(nurse)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
