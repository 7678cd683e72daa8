"""Reconciliation sessions through the services: roles, the due item, and every reason sign-off is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.panel import PanelFilter
from carecoord_desktop.domain.reconciliation import RECONCILIATION_DUE_KINDS, ChecklistItem, Resolution
from carecoord_desktop.services import (
    audit_trail,
    due_items,
    med_list_document,
    medications,
    patients,
    reconciliation,
    transitions,
)
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.patients import PanelQuery
from carecoord_desktop.services.reconciliation import ReconciliationView
from carecoord_desktop.services.reconciliation_signoff import sign_off
from carecoord_desktop.services.session import Session
from tests.referral_practice import ReferralPractice, acting, build

MONDAY = datetime(2026, 11, 23, 10, 0)
DISCHARGE = "2026-11-20"


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


@pytest.fixture
def nurse(practice: ReferralPractice) -> Iterator[Session]:
    with acting(practice.path, "nina", MONDAY) as session:
        yield session


def med(display: str, ingredient: str, dose: str = "1 tablet", **more: Any) -> dict[str, Any]:
    return {
        "display": display,
        "ingredients": [ingredient],
        "dose": dose,
        "route": "by mouth",
        "frequency": "once_daily",
        **more,
    }


def source(kind: str, *medications: dict[str, Any], by: str = "Rosa (patient)") -> dict[str, Any]:
    return {"kind": kind, "provided_by": by, "obtained_on": DISCHARGE, "medications": list(medications)}


INTERVIEW = source(
    "interview", med("Lisinopril 10 mg tablet", "lisinopril"), med("Ibuprofen 200 mg", "ibuprofen")
)
DISCHARGE_LIST = source(
    "hospital_discharge",
    med("Lisinopril 10 mg tablet", "lisinopril", "2 tablets"),
    med("Warfarin 5 mg tablet", "warfarin"),
    by="Mercy General Hospital",
)


def start(session: Session, patient: int, **data: Any) -> int:
    record = reconciliation.start(
        session, patient, {"reason": "post_discharge", "discharged_on": DISCHARGE, **data}
    )
    return record.id


def gathered(session: Session, patient: int) -> ReconciliationView:
    """A post-discharge session on a patient whose current list holds lisinopril and metformin, with the
    interview and the discharge list as sources."""
    medications.add_medication(session, patient, med("Lisinopril 10 mg tablet", "lisinopril"))
    medications.add_medication(
        session, patient, med("Metformin 500 mg tablet", "metformin", frequency="twice_daily")
    )
    session_id = start(session, patient)
    reconciliation.add_source(session, patient, session_id, INTERVIEW)
    return reconciliation.add_source(session, patient, session_id, DISCHARGE_LIST)


def resolve_everything(session: Session, patient: int, view: ReconciliationView) -> ReconciliationView:
    """What a nurse does to make a session signable: every line decided, warnings acknowledged, ticks."""
    session_id = view.record.id
    for line in view.comparison.lines:
        decision: dict[str, Any] = {"resolution": "continue", "double_checked": line.high_alert}
        if line.discrepancies:
            decision["intent"] = "intentional_documented"
        view = reconciliation.decide(session, patient, session_id, line.key, decision)
    for warning in view.warnings:
        key = f"{warning.type.value}:{'+'.join(sorted(warning.ingredients))}"
        view = reconciliation.acknowledge(session, patient, session_id, key, "Prescriber aware; INR weekly")
    for item in (ChecklistItem.IDENTIFIERS_ALLERGIES, ChecklistItem.DETAILS_COMPLETE):
        view = reconciliation.tick(session, patient, session_id, item, True)
    return view


def test_a_post_discharge_session_is_due_a_week_after_discharge_and_done_at_sign_off(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    view = resolve_everything(nurse, patient, gathered(nurse, patient))
    due = {i.item.kind: i.item.due_on for i in due_items.open_items(nurse, patient)}
    assert due["reconciliation"] == date(2026, 11, 27)
    assert view.blockers == ()
    signed = sign_off(nurse, patient, view.record.id)
    assert signed.signed and signed.signed_by == "nina" and signed.outcome is not None
    assert "reconciliation" not in {i.item.kind for i in due_items.open_items(nurse, patient)}
    assert {line.key for line in signed.outcome.lines} == {line.key for line in view.comparison.lines}


def test_a_session_started_from_a_stay_is_due_at_its_visit_and_meets_its_tcm_clock(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    stay = transitions.record_stay(
        nurse,
        patient,
        {
            "kind": "inpatient",
            "facility_name": "Mercy General Hospital",
            "admitted_on": "2026-11-14",
            "discharged_on": DISCHARGE,
            "disposition": "home",
            "diagnoses": ["Heart failure"],
            "complexity": "moderate",
        },
    )
    session_id = start(nurse, patient, stay_id=stay.id, discharged_on="2026-11-19")
    record = reconciliation.sessions_for_patient(nurse, patient)[0]
    assert record.discharged_on == date(2026, 11, 20)  # the stay's own discharge date wins
    due = {i.item.kind: i.item.due_on for i in due_items.open_items(nurse, patient)}
    assert due["reconciliation"] == date(2026, 12, 4)  # moderate complexity: the 14-day visit
    reconciliation.add_source(nurse, patient, session_id, INTERVIEW)
    view = reconciliation.add_source(nurse, patient, session_id, DISCHARGE_LIST)
    sign_off(nurse, patient, resolve_everything(nurse, patient, view).record.id)
    open_kinds = {i.item.kind for i in due_items.open_items(nurse, patient)}
    assert "tcm.med_rec" not in open_kinds and "reconciliation" not in open_kinds


def test_front_desk_can_neither_start_nor_read_a_reconciliation_and_is_audited(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        session_id = start(nurse, patient)
    with acting(practice.path, "fred", MONDAY) as front:
        with pytest.raises(PermissionDenied):
            reconciliation.start(front, patient, {"reason": "visit"})
        with pytest.raises(PermissionDenied):
            reconciliation.open_session(front, patient, session_id)
        with pytest.raises(PermissionDenied):
            sign_off(front, patient, session_id)
    with acting(practice.path, "admin", MONDAY) as admin:
        refused = {
            e.action
            for e in audit_trail.search(admin, AuditFilter(username="fred"))
            if e.outcome == "refused"
        }
    assert {"reconciliation.start", "reconciliation.view", "reconciliation.sign"} <= refused


def test_one_session_at_a_time_and_a_discharge_date_only_after_a_discharge(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    with pytest.raises(ValidationFailed, match="discharge date"):
        reconciliation.start(nurse, patient, {"reason": "post_discharge"})
    with pytest.raises(ValidationFailed, match="Only a reconciliation after a discharge"):
        reconciliation.start(nurse, patient, {"reason": "visit", "discharged_on": DISCHARGE})
    start(nurse, patient)
    with pytest.raises(ValidationFailed, match="already in progress"):
        reconciliation.start(nurse, patient, {"reason": "annual_review"})


def _refusals(session: Session, patient: int, session_id: int) -> str:
    with pytest.raises(ValidationFailed) as refused:
        sign_off(session, patient, session_id)
    return refused.value.field_errors["blockers"]


def test_sign_off_needs_two_sources_one_of_them_the_interview_or_a_reason(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    session_id = start(nurse, patient)
    view = reconciliation.add_source(nurse, patient, session_id, DISCHARGE_LIST)
    resolve_everything(nurse, patient, view)
    blockers = _refusals(nurse, patient, session_id)
    assert "at least 2 different source lists" in blockers
    assert "interview as a source, or record why" in blockers
    view = reconciliation.add_source(
        nurse, patient, session_id, source("pharmacy_fills", by="Main St Pharmacy")
    )
    view = reconciliation.set_interview_not_done(
        nurse, patient, session_id, "Patient aphasic; no caregiver present"
    )
    view = resolve_everything(nurse, patient, view)
    assert view.blockers == ()
    state = {s.item: s.done for s in view.checklist}
    assert state[ChecklistItem.INTERVIEW] and state[ChecklistItem.TWO_SOURCES]


def test_sign_off_needs_the_discharge_list_after_a_discharge(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    session_id = start(nurse, patient)
    reconciliation.add_source(nurse, patient, session_id, INTERVIEW)
    view = reconciliation.add_source(
        nurse, patient, session_id, source("pill_bottles", med("Lisinopril", "lisinopril"))
    )
    resolve_everything(nurse, patient, view)
    assert "hospital discharge medication list" in _refusals(nurse, patient, session_id)


def test_every_line_needs_a_resolution_an_intent_and_no_open_clarification(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    view = resolve_everything(nurse, patient, gathered(nurse, patient))
    session_id = view.record.id
    line = next(line for line in view.comparison.lines if line.discrepancies and not line.high_alert)
    reconciliation.decide(nurse, patient, session_id, line.key, {"resolution": "continue"})
    assert "Say whether the discrepancy" in _refusals(nurse, patient, session_id)
    view = reconciliation.decide(
        nurse,
        patient,
        session_id,
        line.key,
        {"resolution": "clarify", "intent": "unintentional", "question": "Lisinopril 10 or 20 mg?"},
    )
    blockers = _refusals(nurse, patient, session_id)
    assert "waits for the prescriber" in blockers
    assert "prescriber's response" in blockers
    assert not {s.item: s.done for s in view.checklist}[ChecklistItem.LINES_RESOLVED]
    reconciliation.decide(
        nurse,
        patient,
        session_id,
        line.key,
        {
            "resolution": "modify",
            "intent": "unintentional",
            "reason": "Dose raised in hospital",
            "prescriber_response": "Dr Patel: 20 mg daily",
            "medication": med("Lisinopril 20 mg tablet", "lisinopril", "1 tablet"),
        },
    )
    signed = sign_off(nurse, patient, session_id)
    assert signed.outcome is not None
    changed = next(out for out in signed.outcome.lines if out.key == line.key)
    assert (changed.mark.value, changed.mark_reason) == ("changed", "Dose raised in hospital")
    assert changed.result.display == "Lisinopril 20 mg tablet"


def test_high_alert_medicines_need_the_double_check(practice: ReferralPractice, nurse: Session) -> None:
    patient = practice.patient_ids[0]
    view = resolve_everything(nurse, patient, gathered(nurse, patient))
    warfarin = next(line for line in view.comparison.lines if line.high_alert)
    reconciliation.decide(
        nurse,
        patient,
        view.record.id,
        warfarin.key,
        {"resolution": "new", "intent": "intentional_documented", "double_checked": False},
    )
    assert "high-alert medicine: double-check it" in _refusals(nurse, patient, view.record.id)


def test_interaction_warnings_are_acknowledged_with_a_reason(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    view = gathered(nurse, patient)
    assert view.warnings, "warfarin with ibuprofen is an interaction"
    key = f"{view.warnings[0].type.value}:{'+'.join(sorted(view.warnings[0].ingredients))}"
    with pytest.raises(ValidationFailed, match="Say why this warning is acceptable"):
        reconciliation.acknowledge(nurse, patient, view.record.id, key, "  ")
    for line in view.comparison.lines:
        decision: dict[str, Any] = {"resolution": "continue", "double_checked": True}
        if line.discrepancies:
            decision["intent"] = "intentional_documented"
        reconciliation.decide(nurse, patient, view.record.id, line.key, decision)
    assert "Acknowledge the warning with a reason" in _refusals(nurse, patient, view.record.id)


def test_unavailable_interaction_checking_must_be_acknowledged(
    practice: ReferralPractice, nurse: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carecoord_desktop.services import reconciliation_inputs

    monkeypatch.setattr(reconciliation_inputs, "interaction_table", lambda conn: None)
    patient = practice.patient_ids[0]
    view = resolve_everything(nurse, patient, gathered(nurse, patient))
    assert not view.comparison.interactions_checked
    assert "Interaction checking is unavailable" in _refusals(nurse, patient, view.record.id)
    view = reconciliation.acknowledge_interactions_unavailable(
        nurse, patient, view.record.id, "Pharmacist reviewed the list by phone"
    )
    assert view.blockers == ()


def test_the_nurse_ticks_what_the_data_cannot_prove_and_nothing_else(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    view = gathered(nurse, patient)
    with pytest.raises(ValidationFailed, match="ticks itself"):
        reconciliation.tick(nurse, patient, view.record.id, ChecklistItem.TWO_SOURCES, True)
    for line in view.comparison.lines:
        decision: dict[str, Any] = {
            "resolution": "continue",
            "double_checked": True,
            "intent": "unintentional",
            "prescriber_response": "Confirmed by Dr Patel",
        }
        view = reconciliation.decide(nurse, patient, view.record.id, line.key, decision)
    for warning in view.warnings:
        key = f"{warning.type.value}:{'+'.join(sorted(warning.ingredients))}"
        reconciliation.acknowledge(nurse, patient, view.record.id, key, "Known; monitored")
    blockers = _refusals(nurse, patient, view.record.id)
    assert "Tick the checklist item: Two identifiers checked" in blockers


def test_a_signed_session_is_never_changed_and_a_correction_references_it(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    view = resolve_everything(nurse, patient, gathered(nurse, patient))
    sign_off(nurse, patient, view.record.id)
    reopened = reconciliation.open_session(nurse, patient, view.record.id)
    warfarin = next(line for line in reopened.comparison.lines if "warfarin" in line.key)
    assert warfarin.current is None, "shown as signed, not compared again with the list it produced"
    assert set(reopened.decisions) == {line.key for line in view.comparison.lines}
    with pytest.raises(ValidationFailed, match="signed and can no longer be changed"):
        reconciliation.add_source(nurse, patient, view.record.id, INTERVIEW)
    with pytest.raises(ValidationFailed, match="signed and can no longer be changed"):
        sign_off(nurse, patient, view.record.id)
    after = reconciliation.tick(nurse, patient, view.record.id, ChecklistItem.PATIENT_COPY, True)
    assert ChecklistItem.PATIENT_COPY in after.record.ticked
    correction = reconciliation.start_correction(nurse, patient, view.record.id)
    assert correction.corrects_id == view.record.id
    assert len(reconciliation.open_session(nurse, patient, correction.id).sources) == 2


def test_decisions_need_their_reasons(practice: ReferralPractice, nurse: Session) -> None:
    patient = practice.patient_ids[0]
    view = gathered(nurse, patient)
    key = view.comparison.lines[0].key
    for data, message in [
        ({"resolution": "stop"}, "Say why it is stopped"),
        ({"resolution": "hold"}, "Say why it is on hold"),
        ({"resolution": "modify", "reason": "dose"}, "Enter the new dose"),
        ({"resolution": "clarify"}, "Write the question"),
    ]:
        with pytest.raises(ValidationFailed, match=message):
            reconciliation.decide(nurse, patient, view.record.id, key, data)
    assert Resolution.CLARIFY.key == "Q"


def test_sign_off_makes_the_reconciled_list_current_and_marks_each_medicine(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    view = resolve_everything(nurse, patient, gathered(nurse, patient))
    session_id = view.record.id
    keys = {line.key: line for line in view.comparison.lines}
    metformin = next(
        k for k, line in keys.items() if line.current and "metformin" in line.current.ingredients
    )
    warfarin = next(k for k, line in keys.items() if line.current is None and line.high_alert)
    reconciliation.decide(
        nurse,
        patient,
        session_id,
        metformin,
        {
            "resolution": "stop",
            "reason": "Stopped in hospital: kidney function",
            "intent": "intentional_documented",
            "double_checked": True,
        },
    )
    reconciliation.decide(
        nurse,
        patient,
        session_id,
        warfarin,
        {
            "resolution": "new",
            "reason": "Atrial fibrillation",
            "intent": "intentional_documented",
            "double_checked": True,
        },
    )
    sign_off(nurse, patient, session_id)
    current = {r.medication.display: r.medication for r in medications.current_list(nurse, patient)}
    assert "Metformin 500 mg tablet" not in current
    assert {"Lisinopril 10 mg tablet", "Warfarin 5 mg tablet", "Ibuprofen 200 mg"} <= set(current)
    history = {h.record.medication.display: h for h in medications.medication_history(nurse, patient)}
    stopped = history["Metformin 500 mg tablet"].record.medication
    assert (stopped.status.value, stopped.stop_reason) == ("stopped", "Stopped in hospital: kidney function")
    assert history["Metformin 500 mg tablet"].versions, "the previous version stays in history"
    marks = med_list_document.latest_marks(nurse, patient)
    assert marks is not None and marks.signed_by == nurse.user.full_name
    by_name = {history_name: marks.marks.get(h.record.id) for history_name, h in history.items()}
    assert by_name["Metformin 500 mg tablet"] == (ChangeMark.STOPPED, "Stopped in hospital: kidney function")
    assert by_name["Warfarin 5 mg tablet"] == (ChangeMark.NEW, "Atrial fibrillation")
    assert by_name["Lisinopril 10 mg tablet"] == (ChangeMark.SAME, None)


def test_the_panel_filter_finds_patients_whose_reconciliation_is_due(practice: ReferralPractice) -> None:
    first, second = practice.patient_ids
    due = PanelFilter(due_kinds=RECONCILIATION_DUE_KINDS)
    with acting(practice.path, "nina", MONDAY) as nurse:
        view = resolve_everything(nurse, first, gathered(nurse, first))  # due 11/27: a week after discharge
        reconciliation.start(nurse, second, {"reason": "annual_review"})  # not after a discharge: nothing due
        assert patients.panel_count(nurse, due) == 0
    with acting(practice.path, "nina", datetime(2026, 11, 27, 9, 0)) as nurse:
        assert [row.id for row in patients.panel_page(nurse, PanelQuery(due))] == [first]
        sign_off(nurse, first, view.record.id)
        assert patients.panel_count(nurse, due) == 0


def test_a_typed_medicine_is_coded_from_the_vocabulary_and_an_unknown_one_stays_uncoded(
    practice: ReferralPractice, nurse: Session
) -> None:
    patient = practice.patient_ids[0]
    session_id = start(nurse, patient)
    typed = [{"display": "Warfarin 5 mg tablet", "dose": "1 tablet"}, {"display": "Grandma's tea blend"}]
    view = reconciliation.add_source(nurse, patient, session_id, source("pill_bottles", *typed))
    medicines = {m.display: m for m in view.sources[0].entry.medications}
    assert medicines["Warfarin 5 mg tablet"].ingredients == ["warfarin"]
    assert medicines["Grandma's tea blend"].ingredients == []
    assert any(line.high_alert for line in view.comparison.lines)
