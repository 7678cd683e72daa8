"""0012_handouts adds the practice handouts to a vault made at 0013_risk_band: an admin can add one at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from carecoord_desktop.services import auth, handouts
from tests.documents.handout_pdfs import handout_pdf

FIXTURE = Path(__file__).parent / "data" / "schema-0013_risk_band.ccvault"


def test_a_0013_vault_upgrades_and_keeps_a_handout(tmp_path: Path) -> None:
    target = tmp_path / FIXTURE.name
    shutil.copy2(FIXTURE, target)
    shutil.copy2(FIXTURE.with_name(FIXTURE.name + ".keys"), target.with_name(target.name + ".keys"))
    admin = auth.sign_in(target, "admin", "correct horse battery staple")
    try:
        assert handouts.list_handouts(admin) == []
        facts = {"title": "Your first week at home", "condition": "general", "language": "en"}
        handouts.add_handout(admin, facts, handout_pdf(pages=1))
    finally:
        auth.sign_out(admin)
    admin = auth.sign_in(target, "admin", "correct horse battery staple")
    try:
        assert [(h.title, h.pages) for h in handouts.list_handouts(admin)] == [("Your first week at home", 1)]
    finally:
        auth.sign_out(admin)
