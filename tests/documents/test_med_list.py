"""The patient's medication list: marks only after a signed reconciliation, the daily grid, both languages,
large type, allergies and who to call."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from carecoord_desktop.documents.med_blocks import MedicineLine
from carecoord_desktop.documents.med_list import SPEC, CallEntry, MedicationList, Reconciled
from carecoord_desktop.documents.patient_summary import AllergyEntry
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.medications import Frequency, MedicationStatus
from tests.documents.samples import page_texts, pdf_text
from tests.documents.snapshots import frame

WARFARIN = MedicineLine(
    display="Warfarin 5 mg tablet",
    indication="atrial fibrillation",
    dose="1 tablet",
    route="by mouth",
    frequency=Frequency.AT_BEDTIME,
    mark=ChangeMark.CHANGED,
    mark_reason="dose lowered after the INR of 11/20",
)
METFORMIN = MedicineLine(
    display="Metformin 500 mg tablet",
    indication="diabetes",
    dose="2 tablets",
    frequency=Frequency.TWICE_DAILY,
    mark=ChangeMark.SAME,
)
INHALER = MedicineLine(
    display="Albuterol inhaler",
    dose="2 puffs",
    frequency=Frequency.AS_NEEDED,
    prn=True,
    prn_reason="shortness of breath",
    mark=ChangeMark.NEW,
    mark_reason="started at the hospital",
)
IBUPROFEN = MedicineLine(
    display="Ibuprofen 200 mg",
    status=MedicationStatus.STOPPED,
    stop_reason="bleeding risk with warfarin",
    mark=ChangeMark.STOPPED,
    mark_reason="bleeding risk with warfarin",
)


def med_list(**changes: object) -> MedicationList:
    fields: dict[str, object] = {
        "frame": frame(),
        "medicines": (WARFARIN, METFORMIN, INHALER, IBUPROFEN),
        "reconciled": Reconciled(signed_on=date(2026, 11, 27), signed_by="Nina Okafor, RN"),
        "allergies": (AllergyEntry(substance="Penicillin", reactions=("hives",)),),
        "calls": (
            CallEntry(role="practice", name="Elm Street Family Practice", phone="(217) 555-0100"),
            CallEntry(role="coordinator", name="Nina Okafor", phone="(217) 555-0100"),
        ),
        **changes,
    }
    return MedicationList.model_validate(fields)


def test_a_reconciled_list_marks_each_medicine_with_its_reason() -> None:
    text = pdf_text(SPEC.produce(med_list()).pdf)
    assert "Checked with your care team on 11/27/2026 by Nina Okafor, RN" in text
    for words in ("CHANGED", "dose lowered after the INR of 11/20", "SAME", "NEW", "started at the hospital"):
        assert words in text
    assert "Stop taking these medicines" in text and "STOPPED" in text and "bleeding risk" in text
    assert "For: atrial fibrillation" in text and "Not yet reconciled" not in text


def test_without_a_signed_reconciliation_the_list_says_so_and_shows_no_marks() -> None:
    text = pdf_text(SPEC.produce(med_list(reconciled=None)).pdf)
    assert "Not yet reconciled" in text
    for mark in ("CHANGED", "SAME", "NEW", "STOPPED", "Stop taking these"):
        assert mark not in text
    assert "Ibuprofen" not in text  # a stopped medicine is not on an unreconciled list


def test_the_daily_grid_puts_each_dose_at_its_times_and_lists_as_needed_apart() -> None:
    [first, *_] = page_texts(SPEC.produce(med_list()).pdf)
    text = " ".join(page_texts(SPEC.produce(med_list()).pdf))
    assert "Daily schedule" in text
    grid = text[text.index("Daily schedule") :]
    assert "Morning Noon Evening Bedtime" in grid
    assert "Warfarin 5 mg tablet 1 tablet" in grid  # at bedtime only: one cell
    assert "Metformin 500 mg tablet 2 tablets 2 tablets" in grid  # morning and evening
    assert "Albuterol" not in grid.split("Only when needed")[0]  # as needed: not on the grid
    assert "Only when needed" in text and "shortness of breath" in text
    assert "Penicillin" in text and "hives" in text
    assert "Questions? Who to call" in text and "(217) 555-0100" in text
    assert first.startswith("Elm Street Family Practice") or "My medicines" in first


def test_a_medicine_on_hold_says_until_when_and_is_off_the_grid() -> None:
    held = METFORMIN.model_copy(
        update={"status": MedicationStatus.ON_HOLD, "hold_until": date(2026, 12, 3), "hold_reason": "CT scan"}
    )
    text = pdf_text(SPEC.produce(med_list(medicines=(WARFARIN, held))).pdf)
    assert "On hold: do not take until 12/03/2026 (CT scan)" in text
    assert "Metformin 500 mg tablet 2 tablets 2 tablets" not in text


def test_the_spanish_copy_translates_the_fixed_text() -> None:
    text = pdf_text(SPEC.produce(med_list(frame=frame(language="es"))).pdf)
    for words in ("Mis medicamentos", "Horario diario", "Mañana", "Al acostarse", "CAMBIADO", "NUEVO"):
        assert words in text
    assert "dos veces al día" in text and "Para: atrial fibrillation" in text
    assert "Daily schedule" not in text


def test_the_list_is_in_large_type_whatever_the_frame_says() -> None:
    sizes: set[float] = set()

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.add(round(size * tm[3], 1))

    for page in PdfReader(io.BytesIO(SPEC.produce(med_list()).pdf)).pages:
        page.extract_text(visitor_text=visit)
    assert 14 in sizes and max(sizes) >= 22  # 14 pt body, 22 pt title
