"""The printed care plan: every section in the patient and provider versions, Spanish fixed text, empty
sections, large print, and long content that paginates without losing or clipping anything."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from carecoord_desktop.documents.care_plan import (
    PATIENT,
    PROVIDER,
    CarePlanDocument,
    CoordinationLine,
    GoalLine,
    InterventionLine,
    ReviewLine,
    ServiceLine,
)
from carecoord_desktop.documents.frame import MARGIN
from tests.documents.samples import page_texts, pdf_text
from tests.documents.snapshots import frame
from tests.documents.test_layer import _ink_rows, _render
from tests.documents.test_patient_summary import _font_sizes, _text_positions


def plan(**changes: Any) -> CarePlanDocument:
    frame_kw = changes.pop("frame_kw", {})
    data: dict[str, Any] = {
        "frame": frame(**frame_kw),
        "mrn": "F-0001",
        "title": "Type 2 diabetes care plan",
        "version": 2,
        "written_on": date(2026, 11, 20),
        "written_by": "Nina Okafor",
        "changes": "After the hospital stay\nGoals: 1 added.",
        "copy_given_on": date(2026, 11, 21),
        "practice_phone": "(217) 555-0100",
        "coordinator": "Nina Okafor",
        "problems": ("Type 2 diabetes mellitus",),
        "expected_outcome": "Blood sugar can stay in a safe range.",
        "prognosis": "Good with steady care.",
        "goals": (
            GoalLine(
                description="Bring your average blood sugar down",
                measure="A1C blood test",
                target="Below 7%",
                due_on=date(2027, 5, 20),
                achievement="improving",
            ),
        ),
        "symptom_management": ("Look at your feet every day.",),
        "interventions": (
            InterventionLine(description="Check your blood sugar", who_kind="patient", frequency="Every day"),
            InterventionLine(
                description="Monthly call about your log",
                who_kind="staff",
                who="Nina Okafor",
                role="care_coordinator",
                frequency="Every month",
            ),
            InterventionLine(
                description="Eye exam",
                who_kind="outside",
                who="Springfield Eye Care",
                due_on=date(2027, 1, 15),
                status="scheduled",
            ),
        ),
        "medication_management": "The pharmacist reviews your medicines every 3 months.",
        "medication_list": ("Metformin 500 mg twice a day",),
        "community_services": (ServiceLine(service="Meals on Wheels", contact="(217) 555-0199"),),
        "coordination": (
            CoordinationLine(provider="Harbor Cardiology", how="Reports faxed to Dr Raman", referral="#12"),
        ),
        "education": ("What A1C means.",),
        "call_us_if": ("Your blood sugar is over 300 two times in a row.",),
        "call_911_if": ("You pass out or cannot wake up easily.",),
        "review_every_months": 6,
        "next_review_on": date(2027, 5, 20),
        "reviews": (
            ReviewLine(
                reviewed_on=date(2026, 11, 20),
                reviewer="Dr Priya Raman",
                progress=("Bring your average blood sugar down: Improving (A1C 7.4)",),
            ),
        ),
    }
    return CarePlanDocument(**{**data, **changes})


def test_every_section_of_the_patient_version_prints_in_plain_words() -> None:
    text = pdf_text(PATIENT.produce(plan()).pdf)
    for expected in (
        "Your care plan",
        "This plan is for you",
        "Your health problems",
        "Type 2 diabetes mellitus What we expect",
        "What we expect Blood sugar can stay in a safe range. Good with steady care.",
        "Goals",
        "Bring your average blood sugar down A1C blood test Below 7% 05/20/2027",
        "Managing your symptoms",
        "Interventions (what we will do)",
        "Check your blood sugar You (and your family) Every day",
        "Monthly call about your log Nina Okafor Every month",
        "Eye exam Springfield Eye Care by 01/15/2027",
        "Your medicines",
        "Metformin 500 mg twice a day",
        "Help in your community",
        "Meals on Wheels: (217) 555-0199",
        "Your other providers",
        "Harbor Cardiology Reports faxed to Dr Raman",
        "Learn about your health",
        "Call us at (217) 555-0100 if",
        "Your blood sugar is over 300",
        "Call 911 if",
        "You pass out",
        "Review schedule",
        "every 6 months",
        "Next review: 05/20/2027",
        "Copy given to patient on 11/21/2026",
    ):
        assert expected in text, expected
    for provider_only in ("Improving", "Dr Priya Raman", "What changed", "#12", "care coordinator", "F-0001"):
        assert provider_only not in text, provider_only


def test_the_provider_version_is_complete() -> None:
    text = pdf_text(PROVIDER.produce(plan(provider_copy=True)).pdf)
    for expected in (
        "Care plan (provider copy)",
        "MRN F-0001",
        "Version 2",
        "What changed in this version After the hospital stay Goals: 1 added.",
        "Active Improving",
        "Nina Okafor (care coordinator)",
        "Springfield Eye Care (outside provider)",
        "Scheduled",
        "Harbor Cardiology Reports faxed to Dr Raman #12",
        "Interventions (what we will do)",
        "Review schedule",
        "11/20/2026 Dr Priya Raman Bring your average blood sugar down: Improving (A1C 7.4)",
    ):
        assert expected in text, expected
    assert "This plan is for you" not in text


def test_every_section_prints_even_when_empty() -> None:
    empty = plan(
        problems=(),
        expected_outcome=None,
        prognosis=None,
        goals=(),
        symptom_management=(),
        interventions=(),
        medication_management=None,
        medication_list=(),
        community_services=(),
        coordination=(),
        education=(),
        call_us_if=(),
        call_911_if=(),
        copy_given_on=None,
        practice_phone=None,
    )
    text = pdf_text(PATIENT.produce(empty).pdf)
    for expected in (
        "No problems are listed on this plan.",
        "Goals No goals are set yet.",
        "Interventions (what we will do) Nothing is planned yet.",
        "Your medicines",
        "Help in your community None arranged yet.",
        "No other providers are part of this plan yet.",
        "Call us if Ask your care team",
        "Call 911 if Ask your care team",
        "Review schedule",
        "Copy given to patient on Not yet recorded",
    ):
        assert expected in text, expected


def test_the_spanish_copy_has_spanish_fixed_text() -> None:
    text = pdf_text(PATIENT.produce(plan(frame_kw={"language": "es"})).pdf)
    for expected in (
        "Su plan de cuidado",
        "Metas",
        "Intervenciones (lo que vamos a hacer)",
        "Llame al 911 si",
    ):
        assert expected in text, expected
    assert "Calendario de revisión" in text and "Página 1 de" in text


def test_large_print_body_text_is_14_points() -> None:
    sizes = _font_sizes(PATIENT.produce(plan(frame_kw={"large_print": True})).pdf)
    assert 14 in sizes and min(sizes) >= 12


NAMES = (
    "Nguyễn Thị Ánh Tuyết",
    "Иванова Анна Сергеевна",
    "Françoise Lefèvre-Dûchesne-Montgomery-Wor",  # 40 characters
)


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("provider_copy", [False, True], ids=["patient", "provider"])
def test_long_content_paginates_without_losing_or_clipping_anything(
    large_print: bool, provider_copy: bool
) -> None:
    goals = tuple(
        GoalLine(
            description=f"Goal {i:02d}: walk a little further each week with {NAMES[i % 3]}",
            measure="Minutes of walking each week, counted by a step counter",
            target=f"{150 + i} minutes a week",
            due_on=date(2027, 1 + i % 12, 1),
        )
        for i in range(20)
    )
    interventions = tuple(
        InterventionLine(
            description=f"Intervention {i:02d}: a call about how things are going",
            who_kind="staff",
            who=NAMES[i % 3],
            role="nurse",
            frequency="Every month",
        )
        for i in range(20)
    )
    doc = plan(
        frame=frame(NAMES[2], large_print=large_print),
        provider_copy=provider_copy,
        goals=goals,
        interventions=interventions,
        education=tuple(f"Education line {i:02d} with a few words about healthy living" for i in range(15)),
        call_us_if=tuple(f"Warning sign {i:02d}: something changed today" for i in range(12)),
    )
    built = (PROVIDER if provider_copy else PATIENT).produce(doc)
    pages = page_texts(built.pdf)
    assert built.pages == len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Confidential: contains protected health information" in text
    whole = " ".join(pages)
    letters = "".join(whole.split())
    for i in range(20):
        assert letters.count(f"Goal{i:02d}:") == 1
        assert letters.count(f"Intervention{i:02d}:") == 1
    for i in range(12):
        assert whole.count(f"Warning sign {i:02d}:") == 1
    for name in NAMES:
        assert "".join(name.split()) in letters
    assert whole.index("Review schedule") > whole.index("Call 911 if")
    for _page, x, y, height in _text_positions(built.pdf):
        assert x >= MARGIN - 1 and MARGIN - 1 <= y <= height - MARGIN + 1


def _ink_columns(image: Image.Image) -> list[int]:
    width, height = image.size
    pixels = image.load()
    return [x for x in range(width) if any(pixels[x, y] < 200 for y in range(0, height, 2))]  # type: ignore[index]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_rendered_pages_keep_every_line_inside_the_margins(tmp_path: Path, large_print: bool) -> None:
    """Rendered as a patient sees them (pdftoppm): ink on every page, none of it past the margins."""
    long_goals = tuple(
        GoalLine(
            description=f"Goal {i}: {NAMES[i % 3]} walks further each week", measure="Minutes", target="150"
        )
        for i in range(20)
    )
    pdf = PATIENT.produce(plan(goals=long_goals, frame_kw={"large_print": large_print})).pdf
    pages = _render(pdf, tmp_path)
    margin = round(18 / 25.4 * 50)
    assert len(pages) == len(page_texts(pdf)) >= 2
    for page in pages:
        rows, columns = _ink_rows(page), _ink_columns(page)
        assert rows and rows[0] >= margin - 1 and rows[-1] <= page.size[1] - margin + 1
        assert columns[0] >= margin - 1 and columns[-1] <= page.size[0] - margin + 1
