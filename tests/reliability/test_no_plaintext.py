"""No plaintext: after a demo session, a distinctive patient string is in no byte on disk.

The session adds and edits a patient, searches and opens the chart, leaves a draft, then an admin backs
up, verifies, runs a restore drill and restores into a new vault. Every file under the test's folder is
scanned: vault, WAL and shm (while open and after closing), keys, backups, the restored vault, the temp
folder (tempfile is pointed at a private one) and a DEBUG log of everything the app logged. Printing is
a deliberate, audited disclosure, so no patient document is printed here.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from carecoord_desktop.services import auth, backup, drafts, patients
from carecoord_desktop.services.demo import create_demo
from carecoord_desktop.services.demo_accounts import DEMO_ACCOUNTS

NAME = "Quillonette"
FAMILY = "Zebrowski-Marchbanks"
NOTE = "Xylophagous-Vantablack"


def needles() -> list[bytes]:
    out: list[bytes] = []
    for text in (NAME, FAMILY, NOTE):
        for variant in {text, text.upper(), text.lower()}:
            out += [variant.encode("utf-8"), variant.encode("utf-16-le"), variant.encode("utf-16-be")]
    return out


def scan(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(root)}: {n!r}" for n in needles() if n in data]
    return found


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    log = tmp_path / "logs" / "carecoord.log"
    log.parent.mkdir()
    handler = logging.FileHandler(log, encoding="utf-8")
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield log
    root.removeHandler(handler)
    root.setLevel(previous)
    handler.close()


def test_no_patient_string_anywhere_on_disk(tmp_path: Path, private_temp: Path, debug_log: Path) -> None:
    vault = create_demo(tmp_path / "demo", patients=20)
    passwords = {a.username: a.password for a in DEMO_ACCOUNTS}
    nurse = auth.sign_in(vault, "nurse", passwords["nurse"])
    new_id = patients.add_patient(
        nurse,
        {
            "mrn": "QZ-424242",
            "given_name": NAME,
            "family_name": FAMILY,
            "date_of_birth": date(1951, 4, 2).isoformat(),
            "sex_at_birth": "female",
        },
        duplicates_reviewed=True,
    )
    assert patients.search_patients(nurse, f"{NAME} {FAMILY[:5]}")
    patients.open_chart(nurse, new_id)
    patients.update_patient(nurse, new_id, {"preferred_name": "Quilly"})
    drafts.save_draft(nurse, "chart.note", {"text": f"{NOTE} called about {NAME}"})
    open_leaks = scan(tmp_path)  # WAL and shm while the vault is open
    auth.sign_out(nurse)

    admin = auth.sign_in(vault, "admin", passwords["admin"])
    backup.save_backup_policy(admin, {"folder": str(tmp_path / "usb")})
    made = backup.back_up_now(admin)
    assert backup.verify_backup_file(admin, made.path).ok
    assert backup.restore_drill(admin).ok
    backup.restore_to_new_vault(admin, made.path, tmp_path / "restored" / "copy.ccvault", confirm_loss=True)
    auth.sign_out(admin)

    assert open_leaks == []
    assert scan(tmp_path) == []
    assert made.path.exists() and (tmp_path / "restored" / "copy.ccvault").exists()
    # the check is real: the string is there for whoever holds the key
    again = auth.sign_in(tmp_path / "restored" / "copy.ccvault", "nurse", passwords["nurse"])
    try:
        assert patients.open_chart(again, new_id).patient.family_name == FAMILY
    finally:
        auth.sign_out(again)
