"""The layer every document shares: catalogues and their fallback, font coverage, the logo, the rendered page."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from carecoord_desktop.documents import catalogue
from carecoord_desktop.documents.catalogue import Catalogue, missing_translations, resolve_language
from carecoord_desktop.documents.coverage import first_unprintable
from carecoord_desktop.documents.frame import PracticeHeading
from carecoord_desktop.documents.logo import check_logo
from carecoord_desktop.documents.registry import DOCUMENTS
from carecoord_desktop.domain.errors import ValidationFailed
from tests.documents.samples import pdf_text
from tests.documents.snapshots import LETTERHEAD, summary

# Keys a language lacks on purpose (they print in English). Keep this empty: add the translation instead.
KNOWN_MISSING: dict[tuple[str, str], list[str]] = {}


def test_every_catalogue_is_complete() -> None:
    """A missing translation falls back to English; this lists any so they are translated, not forgotten."""
    assert missing_translations() == KNOWN_MISSING


def test_a_missing_translation_prints_in_english_never_as_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    real = catalogue._entries

    def without_title(document: str, language: str) -> dict[str, str] | None:
        found = real(document, language)
        if found is not None and language == "es":
            found = {k: v for k, v in found.items() if k not in ("title", "page_of")}
        return found

    monkeypatch.setattr(catalogue, "_entries", without_title)
    assert missing_translations()[("summary", "es")] == ["title"]
    text = pdf_text(DOCUMENTS["summary"].produce(summary(frame_kw={"language": "es"})).pdf)
    assert "Patient summary" in text and "Page 1 of" in text  # English, not "title" or "page_of"
    assert "Datos de contacto" in text


def test_every_document_is_in_english_and_spanish() -> None:
    for spec in DOCUMENTS.values():
        assert spec.languages() == ("en", "es")


def test_the_language_follows_the_patient_where_a_catalogue_exists() -> None:
    assert resolve_language("summary", "es-MX") == "es"
    assert resolve_language("summary", "vi") == "en"
    assert resolve_language("summary", None) == "en"


def test_every_catalogue_string_can_be_drawn_by_the_bundled_fonts() -> None:
    for spec in DOCUMENTS.values():
        for language in spec.languages():
            text = Catalogue(spec.key, language)
            for key, value in text._texts.items():
                assert first_unprintable(value) is None, (spec.key, language, key)


def _png(size: tuple[int, int] = (300, 120), kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 140)).save(buffer, kind)
    return buffer.getvalue()


def test_logo_checks() -> None:
    assert check_logo(_png()) == "PNG"
    assert check_logo(_png(kind="JPEG")) == "JPEG"
    with pytest.raises(ValidationFailed, match="must be a PNG or JPEG"):
        check_logo(b"GIF89a" + b"\0" * 100)
    with pytest.raises(ValidationFailed, match="damaged"):
        check_logo(_png()[:60])
    with pytest.raises(ValidationFailed, match="too large"):
        check_logo(b"\x89PNG\r\n\x1a\n" + b"\0" * 600_000)
    with pytest.raises(ValidationFailed, match="between 16 and 4000 pixels"):
        check_logo(_png((8, 8)))


def _render(pdf: bytes, tmp_path: Path, dpi: int = 50) -> list[Image.Image]:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]


def _ink_rows(image: Image.Image) -> list[int]:
    """Rows of the page image with anything darker than the light band colour."""
    width, height = image.size
    pixels = image.load()
    return [y for y in range(height) if any(pixels[x, y] < 200 for x in range(0, width, 2))]  # type: ignore[index]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_rendered_pages_have_the_logo_letterhead_and_footer_inside_the_margins(tmp_path: Path) -> None:
    practice = PracticeHeading(practice_name="Elm Street Family Practice", letterhead=LETTERHEAD, logo=_png())
    pdf = DOCUMENTS["summary"].produce(summary(frame_kw={"practice": practice})).pdf
    [first, *_rest] = pages = _render(pdf, tmp_path)
    assert first.size == (425, 550)  # Letter at 50 dpi
    margin = round(18 / 25.4 * 50)
    for page in pages:
        rows = _ink_rows(page)
        assert rows and rows[0] >= margin - 1 and rows[-1] <= page.size[1] - margin + 1
    logo_corner = first.crop((margin, margin, margin + 20, margin + 20))
    assert logo_corner.getextrema()[1] < 140  # the logo's dark blue at the top left
