"""Every schema version this app has shipped upgrades to the current one; a copy is taken first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carecoord_desktop.services import auth, patients, staff
from carecoord_desktop.storage.vault import head_revision

DATA = Path(__file__).parent / "data"
# Vaults made by earlier versions (password "correct horse battery staple", cheap KDF in their slots).
SHIPPED = sorted(DATA.glob("schema-*.ccvault"))


@pytest.mark.parametrize("fixture", SHIPPED, ids=lambda p: p.stem)
def test_vault_from_an_earlier_schema_opens_and_upgrades(fixture: Path, tmp_path: Path) -> None:
    target = tmp_path / fixture.name
    shutil.copy2(fixture, target)
    shutil.copy2(fixture.with_name(fixture.name + ".keys"), target.with_name(target.name + ".keys"))
    made_at = fixture.stem.removeprefix("schema-")
    session = auth.sign_in(target, "admin", "correct horse battery staple")
    try:
        assert session.vault.schema_revision() == head_revision()
        assert session.vault.integrity_check() == "ok"
        assert {m.username for m in staff.list_staff(session)} == {"admin", "nina"}
    finally:
        auth.sign_out(session)
    if made_at >= "0002":  # vaults with patients keep them, searchable
        nurse = auth.sign_in(target, "nina", "tulip meadow 4821 lantern")
        try:
            assert [r.mrn for r in patients.search_patients(nurse, "nunez jose")] == ["F-0001"]
        finally:
            auth.sign_out(nurse)
    copies = list(tmp_path.glob(f"{target.name}.before-*.bak"))
    if made_at != head_revision():
        assert len(copies) == 1, "a copy must be taken before migrating"


def test_there_is_a_fixture_for_every_earlier_revision() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from carecoord_desktop.storage.vault import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    revisions = {r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()}
    shipped = {p.stem.removeprefix("schema-") for p in SHIPPED}
    assert revisions - {head_revision()} <= shipped
