"""The discharge packet as a patient reads it: every section, both languages, both versions, long content."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from carecoord_desktop.documents.discharge_packet_model import MedicineSource, PacketMedicines
from carecoord_desktop.documents.frame import MARGIN
from carecoord_desktop.documents.registry import DOCUMENTS
from tests.documents.discharge_snapshots import (
    LONG_NAME,
    empty_packet,
    long_medicine_name,
    long_packet,
    medicines,
    packet,
    provider_packet,
)
from tests.documents.samples import page_texts, pdf_text
from tests.documents.snapshots import LETTERHEAD

PACKET = DOCUMENTS["discharge_packet"]
HEADINGS = ("Your medicines", "Appointments", "Call 911 if", "Questions")


def _text(snapshot: object) -> str:
    return pdf_text(PACKET.produce(snapshot).pdf)  # type: ignore[arg-type]


def test_every_section_prints_in_english() -> None:
    text = _text(packet())
    for expected in (
        *HEADINGS,
        "Going home from the hospital",
        "You left the hospital on 11/24/2026",
        "Hospital stay at Riverside General Hospital, 11/18/2026 to 11/24/2026",
        "Where you went Home, with home health care",
        "Why you were in the hospital • Heart failure exacerbation",
        "Your care team",
        "Care coordinator Nina Okafor",
        "Specialist Dr Ana Costa Cardiology (217) 555-0190",
        "Call us (217) 555-0100 (when the office is open)",
        "At night and on weekends (24/7) (217) 555-0199",
        "Checked against your hospital medicines on 11/25/2026 by Nina Okafor, RN.",
        "NEW: medicines to start",
        "NEW: medicines to start Medicine How much When Furosemide 40 mg tablet For: Extra fluid (swelling) "
        "1 tablet by mouth every morning",
        "CHANGED: take these differently now",
        "Metoprolol succinate 50 mg tablet For: Heart rate 1 tablet by mouth twice a day CHANGED Dose raised "
        "from 25 mg in the hospital",
        "STOPPED: do not take these any more",
        "Ibuprofen 200 mg tablet For: Pain Stopped STOPPED Can make heart failure worse",
        "SAME: keep taking these as before",
        "Acetaminophen 500 mg tablet For: Pain 1 to 2 tablets by mouth only when needed",
        "Your daily medicine schedule",
        # the daily grid: the dose under each time; nothing for the stopped or as-needed medicines
        "Medicine Morning Noon Evening Bedtime Furosemide 40 mg tablet 1 tablet Metoprolol succinate 50 mg "
        "tablet 1 tablet 1 tablet Metformin 500 mg tablet 1 tablet 1 tablet Appointments",
        "12/01/2026 9:30 AM Dr Priya Raman Elm Street Family Practice Visit after the hospital",
        "December 2026",
        "January 2027",
        "Shaded days have an appointment.",
        "Tests still pending",
        "Blood culture Dr Priya Raman 11/30/2026",
        "Nina Okafor (Care coordinator) will check the results of tests still pending from the hospital by "
        "12/01/2026.",
        "Diet, activity and help at home",
        "Less than 2,000 mg of salt a day",
        "Walk a little more each day",
        "A bathroom scale",
        "You went home with home health care.",
        "Call us if • You gain more than 3 pounds in a day or 5 pounds in a week",
        "Call 911 if • You have chest pain or cannot catch your breath",
        "Advance directive Status Living will on file",
        "Health care proxy María Núñez",
        "Teach-back: we went over this plan together",
        "the warning signs, and who to call",
        "Patient or caregiver Staff member Date",
    ):
        assert expected in text, expected
    assert "Transition record" not in text  # the patient version has no provider copy
    assert text.count("☐") == 3  # the teach-back boxes


def test_an_empty_packet_prints_every_section_with_what_to_ask_for() -> None:
    text = _text(empty_packet())
    for expected in (
        *HEADINGS,
        "The reason for your stay is not recorded with us. Ask the hospital for your discharge summary",
        "No care team is recorded with us yet.",
        "Ask us for the number to call when the office is closed",
        "No medicines are recorded with us. Ask the hospital for your list of medicines",
        "No appointments are booked with us yet. Call us to book.",
        "November 2026",  # the month of the discharge, with nothing shaded
        "No test results waiting are recorded with us.",
        "No diet instructions are recorded with us.",
        "No activity instructions are recorded with us.",
        "No equipment is recorded with us.",
        "No home health care is recorded with us.",
        "No warning signs are recorded with us for your conditions yet.",
        "Always call 911 for chest pain, trouble breathing, fainting or signs of a stroke.",
        "No advance directive (living will or health care power of attorney) is recorded with us.",
    ):
        assert expected in text, expected
    assert "Shaded days" not in text and "NEW:" not in text


def test_a_list_not_yet_reconciled_is_one_list_headed_as_such() -> None:
    current = PacketMedicines(source=MedicineSource.CURRENT_LIST, medicines=medicines().medicines)
    text = _text(packet(medicines=current))
    assert "Not yet reconciled: this is the list we have on file." in text
    assert "Checked against" not in text
    for absent in ("NEW:", "CHANGED:", "STOPPED:", "SAME:"):
        assert absent not in text
    assert "Furosemide 40 mg tablet" in text and "Metformin 500 mg tablet" in text
    assert "Your daily medicine schedule" in text


def test_a_visit_not_yet_booked_says_by_when() -> None:
    from datetime import date

    text = _text(packet(appointments=(), visit_due_by=date(2026, 12, 1)))
    assert "You need a visit with your care team by 12/01/2026." in text
    assert "No appointments are booked with us yet." in text
    assert "December 2026" in text


def test_the_spanish_packet_translates_the_fixed_text() -> None:
    text = _text(packet(frame_kw={"language": "es"}))
    for expected in (
        "De regreso a casa después del hospital",
        "Sus medicinas",
        "NUEVAS: medicinas que debe empezar",
        "SUSPENDIDAS: ya no las tome",
        "dos veces al día",  # a coded frequency, said in the patient's language
        "Citas",
        "Diciembre 2026",
        "Llame al 911 si",
        "Preguntas",
        "Página 1 de",
    ):
        assert expected in text, expected
    assert "Your medicines" not in text


def test_the_provider_copy_adds_the_transition_record() -> None:
    pages = page_texts(PACKET.produce(provider_packet()).pdf)
    last = pages[-1]
    for expected in (
        "Discharge packet: provider copy",
        "Transition record",
        "Responsible inpatient practitioner Dr Lena Hart (hospitalist)",
        "Admission Emergent",
        "Discharge diagnoses Heart failure exacerbation Type 2 diabetes mellitus",
        "Procedures or treatment No procedure during the stay.",
        "Allergies Penicillin (Hives)",
        "Discharge summary received 11/25/2026",
        "Interactive contact: due 11/26/2026, met",
        "Face-to-face visit: due 12/01/2026, due",
    ):
        assert expected in last, expected
    assert "Your medicines" in " ".join(pages[:-1])  # and the pages the patient got, before it


def _text_positions(pdf: bytes) -> list[tuple[int, float, float, float, float]]:
    found: list[tuple[int, float, float, float, float]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text: str, cm: list[float], tm: list[float], _f: object, _s: float) -> None:
            if text.strip():
                found.append((number, cm[4] + tm[4], cm[5] + tm[5], width, height))  # noqa: B023

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_long_content_paginates_without_losing_or_clipping_anything(large_print: bool, paper: str) -> None:
    practice = packet().frame.practice.model_copy(
        update={"letterhead": LETTERHEAD.model_copy(update={"paper": paper})}
    )
    built = PACKET.produce(long_packet(large_print=large_print, practice=practice))
    pages = page_texts(built.pdf)
    assert built.pages == len(pages) > 4
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert LONG_NAME in "".join(text.split()) or LONG_NAME in text  # the patient on every page
    letters = "".join(" ".join(pages).split())
    for i in range(30):
        name = "".join(long_medicine_name(i).split())
        # once in its group's list, and once more in the schedule grid unless it was stopped
        assert letters.count(name) == (1 if i % 4 == 2 else 2), name
    for expected in ("Huyếtápcao", "Давление", "Tensionartérielle", "DrИвановаАннаСергеевна07"):
        assert expected in letters
    for i in range(15):
        assert letters.count(f"Warningsign{i:02d}:") == 1
    for _page, x, y, width, height in _text_positions(built.pdf):
        assert MARGIN - 1 <= x <= width - MARGIN + 1 and MARGIN - 1 <= y <= height - MARGIN + 1


def test_large_print_body_text_is_at_least_14_points() -> None:
    sizes: set[float] = set()
    pdf = PACKET.produce(packet(frame_kw={"large_print": True})).pdf
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text: str, _cm: object, _tm: object, _font: object, size: float) -> None:
            if text.strip():
                sizes.add(round(size, 1))

        page.extract_text(visitor_text=visit)
    assert min(sizes) >= 12 and 14 in sizes


@pytest.mark.parametrize("name", ["Nguyễn Thị Ánh Tuyết", "Иванова Анна Сергеевна"])
def test_names_in_other_scripts_print_on_the_cover_and_every_page(name: str) -> None:
    pages = page_texts(PACKET.produce(packet(name)).pdf)
    assert all(name in page for page in pages)
    assert re.search(rf"For {name}", pages[0])
