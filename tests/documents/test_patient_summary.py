"""The patient summary as a reader sees it: every section, both languages, both type scales, long content."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from carecoord_desktop.documents.coverage import UnprintableCharacter
from carecoord_desktop.documents.frame import MARGIN
from carecoord_desktop.documents.registry import DOCUMENTS
from carecoord_desktop.domain.letterhead import Letterhead
from tests.documents.samples import page_texts, pdf_text
from tests.documents.snapshots import LETTERHEAD, long_summary, summary

SUMMARY = DOCUMENTS["summary"]


def test_every_section_prints_in_english() -> None:
    text = pdf_text(SUMMARY.produce(summary()).pdf)
    for expected in (
        "Elm Street Family Practice",
        "12 Elm Street, Suite 4",
        "Phone (217) 555-0100",
        "Fax (217) 555-0101",
        "Patient summary",
        "Identity",
        "Núñez, José (Pepe)",
        "MRN F-0001",
        "Date of birth 03/14/1952 (74 years)",
        "Sex assigned at birth Male",
        "Contact details",
        "Mobile phone (217) 555-0142",
        "jose.nunez@example.org",
        "Contact preferences",
        "Preferred way to reach Phone call",
        "Best time Morning",
        "Language Spanish; interpreter needed",
        "Voicemail may be left Yes",
        "Caregivers and family",
        "María Núñez",
        "Emergency contact",
        "Authorized 01/05/2025: appointments, medications",
        "Care team",
        "Care coordinator Nina Okafor",
        "Primary care provider Dr Priya Raman",
        "Dr Ana Costa",
        "Care programs",
        "Chronic Care Management (CCM)",
        "Allergies",
        "Penicillin Hives Severe",
        "Problems",
        "Type 2 diabetes mellitus E11.9 06/01/2015 Active",
        "Risk tier",
        "High: Two admissions this year",
        "Confidential: contains protected health information",
        "Printed 11/28/2026 3:40 PM EST",
        "Page 1 of",
    ):
        assert expected in text, expected


def test_spanish_copy_translates_the_frame_and_the_fixed_text() -> None:
    doc = summary(frame_kw={"language": "es"})
    text = pdf_text(SUMMARY.produce(doc).pdf)
    for expected in (
        "Resumen del paciente",
        "Fecha de nacimiento 14/03/1952 (74 años)",
        "Datos de contacto",
        "Cuidadores y familia",
        "Autorizado el 05/01/2025: citas, medicamentos",
        "Alergias",
        "Grave",
        "Nivel de riesgo",
        "Confidencial: contiene información médica protegida",
        "Impreso el 28/11/2026 15:40 EST",
        "Página 1 de",
        "Idioma Español; necesita intérprete",
    ):
        assert expected in text, expected
    assert "Patient summary" not in text and "Page 1" not in text


def test_a_copy_without_clinical_content_says_so_and_shows_none() -> None:
    text = pdf_text(SUMMARY.produce(summary(clinical=False)).pdf)
    assert "This copy leaves out clinical information" in text
    assert "Penicillin" not in text and "E11.9" not in text and "Risk tier" not in text


def _font_sizes(pdf: bytes) -> set[float]:
    sizes: set[float] = set()

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.add(round(size * tm[3], 1))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_body_text_is_at_least_14_points() -> None:
    normal = _font_sizes(SUMMARY.produce(summary()).pdf)
    large = _font_sizes(SUMMARY.produce(summary(frame_kw={"large_print": True})).pdf)
    assert min(normal) < 10  # the normal scale has small print
    assert min(large) >= 12  # nothing in large print is smaller than 12 pt (footer, table headers)
    assert 14 in large  # and the body text is 14 pt


def _text_positions(pdf: bytes) -> list[tuple[int, float, float, float]]:
    """(page, x, y, page height) of every piece of text drawn."""
    found: list[tuple[int, float, float, float]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        height = float(page.mediabox.height)

        def visit(text: str, cm: list[float], tm: list[float], _f: object, _s: float) -> None:
            if text.strip():
                found.append((number, cm[4] + tm[4], cm[5] + tm[5], height))  # noqa: B023

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_long_content_paginates_without_losing_or_clipping_anything(large_print: bool, paper: str) -> None:
    practice = summary().frame.practice.model_copy(
        update={"letterhead": LETTERHEAD.model_copy(update={"paper": paper})}
    )
    doc = long_summary(large_print=large_print, practice=practice)
    built = SUMMARY.produce(doc)
    pages = page_texts(built.pdf)
    assert built.pages == len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Vanderbilt-Montgomery-Worthington-Smythe" in text  # the patient on every page
        assert "Confidential: contains protected health information" in text
    whole = " ".join(pages)
    letters = "".join(whole.split())  # a word too long for its column wraps inside itself
    for i in range(12):
        assert letters.count(f"Caregiver{i:02d}Wolfeschlegelsteinhausenbergerdorff") == 1
    for i in range(30):
        assert whole.count(f"Problem {i:02d}:") == 1
    assert whole.count("Problem Code Onset Status") == sum("Problem Code Onset Status" in p for p in pages)
    for _page, x, y, height in _text_positions(built.pdf):
        assert x >= MARGIN - 1 and MARGIN - 1 <= y <= height - MARGIN + 1


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Thị Ánh Tuyết",  # Vietnamese
        "Иванова Анна Сергеевна",  # Cyrillic
        "Παπαδοπούλου Ελένη",  # Greek
        "Ødegård Åsa Bjørnstad",  # Scandinavian
        "Françoise Lefèvre-Dûchesne",  # French accents
        "Zoë Ñúñez O'Brien",
        "김민준",  # Korean: the bundled Hangul fallback
        "王芳",  # Chinese: the bundled Han fallback
        "さくら 佐藤",  # Japanese Kana and Kanji
        "Kim 김서연 (Sophie)",  # mixed in one line
    ],
)
def test_names_in_other_scripts_print(name: str) -> None:
    text = pdf_text(SUMMARY.produce(summary(name)).pdf)
    assert text.count(name) >= 2  # the band on the page and the identity section


def _fallbacks_embedded(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    return {name for name in names if name.startswith("CareCoord")}


def test_a_korean_name_is_set_in_the_hangul_fallback_and_a_latin_one_embeds_no_fallback() -> None:
    assert _fallbacks_embedded(SUMMARY.produce(summary("박지훈")).pdf) == {"CareCoordHangul-Regular"}
    assert _fallbacks_embedded(SUMMARY.produce(summary("陈静")).pdf) == {"CareCoordHan-Regular"}
    assert _fallbacks_embedded(SUMMARY.produce(summary()).pdf) == set()


def test_decomposed_accents_print_composed() -> None:
    decomposed = "Nguye\u0302\u0303n"  # e + circumflex + tilde, as some keyboards type it
    text = pdf_text(SUMMARY.produce(summary(decomposed)).pdf)
    assert "Nguyễn" in text


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        (summary("𠀋"), "The patient's name contains a character the printout cannot show (U+2000B)"),
        (
            summary().model_copy(
                update={"caregivers": (summary().caregivers[0].model_copy(update={"name": "Ana 🌷"}),)}
            ),
            "A caregiver's name contains a character the printout cannot show",
        ),
        (
            summary().model_copy(update={"best_time_note": "after 5 🕔"}),
            "The best-time note contains a character",
        ),
    ],
)
def test_a_character_outside_the_fonts_is_reported_by_field(snapshot: object, message: str) -> None:
    with pytest.raises(UnprintableCharacter, match=re.escape(message)):
        SUMMARY.produce(snapshot)  # type: ignore[arg-type]


def test_the_letterhead_can_be_a4_and_letter() -> None:
    for paper, size in (("letter", (612, 792)), ("a4", (595, 842))):
        practice = summary().frame.practice.model_copy(
            update={"letterhead": Letterhead(paper=paper)}  # type: ignore[arg-type]
        )
        pdf = SUMMARY.produce(summary(frame_kw={"practice": practice})).pdf
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size


def test_a_deceased_patients_age_stops_at_death_in_spanish_too() -> None:
    died = {"frame_kw": {"date_of_death": date(2016, 5, 1), "language": "es"}}
    text = pdf_text(SUMMARY.produce(summary(status="deceased", **died)).pdf)
    assert "Falleció el 01/05/2016" in text and "(falleció a los 64 años)" in text
    assert "(74 años)" not in text
