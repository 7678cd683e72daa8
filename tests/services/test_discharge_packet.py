"""The discharge packet through the services: which stay, which version, who may print it, the disclosure."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.disclosures import Purpose, Recipient
from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.medication_records import ChangeMark, ListMarks
from carecoord_desktop.services import (
    appointments,
    auth,
    care_plans,
    disclosures,
    letterhead,
    med_list_document,
    medications,
    printing,
    transitions,
)
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.session import Session
from tests.documents.samples import clinic, front_desk, nurse, pdf_text, session_for
from tests.services.test_med_list_print import SIGNED

__all__ = ["clinic", "front_desk", "nurse"]

PATIENT = Recipient(kind="patient")
TREATMENT = Purpose(kind="treatment")


def stay(**changes: object) -> dict[str, Any]:
    return {
        "kind": "inpatient",
        "facility_name": "Mercy General Hospital",
        "admitted_on": "2026-11-18",
        "discharged_on": "2026-11-24",
        "admission_type": "emergent",
        "disposition": "home_health",
        "diagnoses": ["Heart failure exacerbation"],
        **changes,
    }


def _packet(session: Session, **options: Any) -> printing.PreparedDocument:
    return printing.prepare(session, PrintRequest("discharge_packet", 1, language="en", options=options))


def test_the_packet_is_for_the_latest_discharge_with_the_chart_s_care_team(nurse: Session) -> None:
    transitions.record_stay(
        nurse, 1, stay(facility_name="Older Hospital", discharged_on="2026-10-02", admitted_on="2026-10-01")
    )
    transitions.record_stay(nurse, 1, stay())
    text = pdf_text(_packet(nurse).pdf)
    for expected in (
        "Hospital stay at Mercy General Hospital, 11/18/2026 to 11/24/2026",
        "Where you went Home, with home health care",
        "Heart failure exacerbation",
        "Care coordinator Nina Okafor",
        "Primary care provider Dr Priya Raman",
        "Specialist Dr Ana Costa Cardiology, Springfield Heart Clinic",
        # the TCM visit (high complexity: discharge + 7) is not booked yet
        "You need a visit with your care team by 12/01/2026.",
        # the discharge checklist's pending-tests task, owned by the nurse coordinator
        "Nina Okafor (Care coordinator) will check the results of tests still pending from the hospital by "
        "12/01/2026.",
        "You went home with home health care.",
        "Your medicines",
        "No medicines are recorded with us.",
        "Call 911 if",
        "Questions",
    ):
        assert expected in text, expected
    assert "Older Hospital" not in text
    assert "Transition record" not in text


def test_another_stay_and_the_provider_copy_can_be_asked_for(nurse: Session) -> None:
    older = transitions.record_stay(
        nurse, 1, stay(facility_name="Older Hospital", discharged_on="2026-10-02", admitted_on="2026-10-01")
    )
    transitions.record_stay(nurse, 1, stay())
    text = pdf_text(_packet(nurse, stay_id=older.id, version="provider").pdf)
    assert "Older Hospital" in text and "Mercy General Hospital" not in text
    assert "Transition record" in text
    assert "Allergies Penicillin (Hives)" in text
    with pytest.raises(ValidationFailed, match="Stay #999 is not a current stay"):
        _packet(nurse, stay_id=999)


def test_the_packet_speaks_the_patient_s_language(nurse: Session) -> None:
    transitions.record_stay(nurse, 1, stay())
    doc = printing.prepare(nurse, PrintRequest("discharge_packet", 1))
    assert doc.language == "es"
    assert "Sus medicinas" in pdf_text(doc.pdf)


def test_without_a_recorded_stay_the_packet_says_so(nurse: Session) -> None:
    with pytest.raises(ValidationFailed, match="no recorded hospital stay"):
        _packet(nurse)


def test_the_front_desk_may_not_print_it(front_desk: Session) -> None:
    with pytest.raises(PermissionDenied):
        _packet(front_desk)


def test_saving_the_packet_is_a_disclosure(nurse: Session, tmp_path: Path) -> None:
    transitions.record_stay(nurse, 1, stay())
    doc = _packet(nurse)
    printing.save_pdf(nurse, doc, tmp_path / "packet.pdf", PATIENT, TREATMENT)
    [entry] = disclosures.patient_disclosures(nurse, 1)
    assert entry.row.document == "discharge_packet" and entry.row.recipient_kind == "patient"
    assert entry.row.page_count == doc.pages


def test_the_letterhead_s_phone_and_24_7_line_are_the_numbers_to_call(clinic: Path) -> None:
    admin = session_for(clinic, "admin")
    try:
        letterhead.update_letterhead(admin, phone="(217) 555-0100", after_hours_phone="217 555 0199")
    finally:
        auth.sign_out(admin)
    nurse = session_for(clinic, "nina")
    try:
        transitions.record_stay(nurse, 1, stay())
        text = pdf_text(_packet(nurse).pdf)
    finally:
        auth.sign_out(nurse)
    assert "Call us (217) 555-0100 (when the office is open)" in text
    assert "At night and on weekends (24/7) (217) 555-0199" in text


def _medicines(session: Session) -> tuple[int, int]:
    kept = medications.add_medication(
        session,
        1,
        {"display": "Furosemide 40 mg tablet", "dose": "1 tablet", "frequency": "every_morning"},
    ).id
    stopped = medications.add_medication(session, 1, {"display": "Ibuprofen 200 mg tablet"}).id
    medications.stop_medication(session, 1, stopped, reason="can make heart failure worse")
    return kept, stopped


def test_the_current_list_prints_as_not_yet_reconciled(nurse: Session) -> None:
    transitions.record_stay(nurse, 1, stay())
    _medicines(nurse)
    text = pdf_text(_packet(nurse).pdf)
    assert "Not yet reconciled: this is the list we have on file." in text
    assert "Furosemide 40 mg tablet 1 tablet every morning" in text
    assert "Ibuprofen" not in text  # stopped, and no reconciliation says so


def test_a_reconciliation_signed_after_the_discharge_groups_the_medicines(
    nurse: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(med_list_document, "MARKS_SOURCE", "tests.services.test_med_list_print:signed_marks")
    transitions.record_stay(nurse, 1, stay())
    kept, stopped = _medicines(nurse)
    marks = {kept: (ChangeMark.NEW, None), stopped: (ChangeMark.STOPPED, "can make heart failure worse")}
    SIGNED[1] = ListMarks(signed_on=date(2026, 11, 26), signed_by="Nina Okafor, RN", marks=marks)
    try:
        text = pdf_text(_packet(nurse).pdf)
        assert "Checked against your hospital medicines on 11/26/2026 by Nina Okafor, RN." in text
        assert "NEW: medicines to start Medicine How much When Furosemide 40 mg tablet" in text
        assert (
            "STOPPED: do not take these any more Medicine How much When Change Ibuprofen 200 mg tablet"
            in text
        )
        assert "SAME: keep taking these as before None." in text
        # signed before this discharge: it says nothing about this stay
        SIGNED[1] = ListMarks(signed_on=date(2026, 11, 10), signed_by="Nina Okafor, RN", marks=marks)
        text = pdf_text(_packet(nurse).pdf)
        assert "Not yet reconciled" in text and "NEW:" not in text
    finally:
        SIGNED.clear()


def test_booked_appointments_and_their_month_print_and_the_visit_is_no_longer_due(nurse: Session) -> None:
    record = transitions.record_stay(nurse, 1, stay())
    visit = {
        "on": "2026-12-01",
        "at": "09:30",
        "kind": "tcm_visit",
        "with_whom": "Dr Priya Raman",
        "where": "Elm Street Family Practice",
    }
    appointments.book(nurse, 1, visit, about=("transition_stays", record.id))
    earlier = {"on": "2026-11-20", "with_whom": "Dr Ana Costa", "where": "Riverside Lab"}
    appointments.book(nurse, 1, earlier)  # before the discharge: not this packet's
    text = pdf_text(_packet(nurse).pdf)
    assert "12/01/2026 9:30 AM Dr Priya Raman Elm Street Family Practice Visit after the hospital" in text
    assert "December 2026" in text and "Riverside Lab" not in text
    assert "You need a visit with your care team by" not in text  # booked


def test_red_flags_come_from_the_templates_that_fit_the_stay_without_a_care_plan(nurse: Session) -> None:
    transitions.record_stay(nurse, 1, stay())  # heart failure exacerbation; diabetes on the problem list
    text = pdf_text(_packet(nurse).pdf)
    signs = text[text.index("Call us if") : text.index("Advance directive")]
    assert signs.startswith("Call us if • Your blood sugar is over 300 two times in a row.")  # diabetes
    assert "• You gain more than 3 pounds in a day or 5 pounds in a week." in signs  # heart failure
    assert "Call 911 if •" in signs and "• You have chest pain that does not go away with rest." in signs
    assert "What to know about your condition •" in text and "• Why daily weights matter" in text
    spanish = pdf_text(printing.prepare(nurse, PrintRequest("discharge_packet", 1)).pdf)
    assert "• Sube más de 3 libras en un día o 5 libras en una semana." in spanish


def test_the_care_plan_s_own_red_flags_come_first_in_its_language(nurse: Session) -> None:
    transitions.record_stay(nurse, 1, stay())
    draft = care_plans.draft_from_templates(nurse, 1, ["diabetes"], "en")
    draft["call_us_if"] = ["Your sugar is over 300 twice in a row."]
    draft["interventions"] = []  # who does what is not this test's business
    care_plans.create_plan(nurse, 1, draft)
    text = pdf_text(_packet(nurse).pdf)
    assert "Call us if • Your sugar is over 300 twice in a row." in text
    assert "5 pounds in a week" not in text  # the plan, not the heart failure template
    # the plan is written in English: the Spanish packet says its templates' signs in Spanish
    spanish = pdf_text(printing.prepare(nurse, PrintRequest("discharge_packet", 1)).pdf)
    assert "Your sugar is over 300" not in spanish and "Llámenos si •" in spanish
