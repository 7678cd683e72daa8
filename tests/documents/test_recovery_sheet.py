"""The recovery sheet PDF carries the practice, the vault id and the key, in the bundled font."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from carecoord_desktop.documents.recovery_sheet import RecoverySheet, build_recovery_sheet

SHEET = RecoverySheet(
    practice_name="Clínica Søndergård Family Practice",
    vault_id="6f1c2a9e-1234-4bcd-9f00-abcdef012345",
    vault_file="sondergard.ccvault",
    recovery_key="ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789",
    created_on=date(2026, 3, 14),
    admin_username="admin",
)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_sheet_shows_practice_vault_id_key_and_date() -> None:
    pdf = build_recovery_sheet(SHEET)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Clínica Søndergård Family Practice" in text
    assert SHEET.vault_id in text
    assert SHEET.recovery_key in text
    assert "2026-03-14" in text
    assert "What to do with this sheet" in text


def test_sheet_is_one_page_and_embeds_dejavu() -> None:
    pdf = build_recovery_sheet(SHEET.model_copy(update={"paper": "a4"}))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in f for f in fonts)
