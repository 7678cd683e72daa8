"""The medication list through the services: history kept, entered-in-error, hold/stop, roles, audit."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.medication_records import ReconciledLine
from carecoord_desktop.domain.medications import Frequency, Medication, MedicationStatus
from carecoord_desktop.services import audit_trail, medications
from carecoord_desktop.services.audit_trail import AuditFilter
from tests.referral_practice import ReferralPractice, acting, build

NOW = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def warfarin(**changes: object) -> dict[str, Any]:
    return {
        "display": "Warfarin 5 mg tablet",
        "rxnorm": "855332",
        "ingredients": ["warfarin"],
        "dose": "1 tablet",
        "route": "by mouth",
        "frequency": "once_daily",
        "indication": "atrial fibrillation",
        **changes,
    }


def _actions(path: Path, action: str) -> list[tuple[str, str]]:
    with acting(path, "admin") as admin:
        return [(e.username, e.outcome) for e in audit_trail.search(admin, AuditFilter(action=action))]


def test_an_edit_keeps_the_previous_version_in_the_entry_history(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", NOW) as nurse:
        added = medications.add_medication(nurse, patient, warfarin())
        assert added.stamps.created_by == "nina" and added.medication.coded
        medications.edit_medication(nurse, patient, added.id, warfarin(dose="1.5 tablets"))
        [entry] = medications.medication_history(nurse, patient)
        assert entry.record.medication.dose == "1.5 tablets"
        assert [v.medication.dose for v in entry.versions] == ["1 tablet"]
        assert entry.versions[0].replaced_by == "nina"
    assert ("nina", "ok") in _actions(practice.path, "medication.edit")
    assert ("nina", "ok") in _actions(practice.path, "medications.history")


def test_free_text_is_saved_as_an_uncoded_entry(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina", NOW) as nurse:
        record = medications.add_medication(
            nurse, practice.patient_ids[0], {"display": "Grandma's herbal tea", "kind": "herbal"}
        )
    assert not record.medication.coded and record.medication.ingredients == []


def test_hold_resume_and_stop_carry_their_reasons_and_dates(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", NOW) as nurse:
        entry = medications.add_medication(nurse, patient, warfarin()).id
        held = medications.hold_medication(
            nurse, patient, entry, reason="colonoscopy", until=date(2026, 11, 30)
        )
        assert (held.status, held.medication.hold_reason) == (MedicationStatus.ON_HOLD, "colonoscopy")
        assert [r.id for r in medications.current_list(nurse, patient)] == [entry]  # on hold is current
        resumed = medications.resume_medication(nurse, patient, entry)
        assert resumed.status is MedicationStatus.ACTIVE and resumed.medication.hold_reason is None
        stopped = medications.stop_medication(nurse, patient, entry, reason="bleeding")
        assert stopped.medication.stopped_on == date(2026, 11, 23)  # the practice's today
        assert medications.current_list(nurse, patient) == []
        with pytest.raises(ValidationFailed, match="already stopped"):
            medications.stop_medication(nurse, patient, entry, reason="again")


def test_a_hold_needs_a_reason_and_a_date_not_past(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", NOW) as nurse:
        entry = medications.add_medication(nurse, patient, warfarin()).id
        with pytest.raises(ValidationFailed) as missing:
            medications.hold_medication(nurse, patient, entry, reason="  ")
        assert "hold_reason" in missing.value.field_errors
        with pytest.raises(ValidationFailed) as past:
            medications.hold_medication(nurse, patient, entry, reason="surgery", until=date(2026, 11, 1))
        assert "hold_until" in past.value.field_errors
        assert medications.current_list(nurse, patient)[0].status is MedicationStatus.ACTIVE


def test_entered_in_error_leaves_the_list_and_stays_on_record(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", NOW) as nurse:
        entry = medications.add_medication(nurse, patient, warfarin()).id
        with pytest.raises(ValidationFailed, match="Say why"):
            medications.mark_entered_in_error(nurse, patient, entry, "")
        medications.mark_entered_in_error(nurse, patient, entry, "wrong patient")
        assert medications.current_list(nurse, patient) == []
        [kept] = medications.medication_history(nurse, patient)
        assert (
            kept.record.entered_in_error is not None
            and kept.record.entered_in_error.reason == "wrong patient"
        )
        with pytest.raises(ValidationFailed, match="entered in error"):
            medications.edit_medication(nurse, patient, entry, warfarin(dose="2 tablets"))


def test_an_entry_of_another_chart_is_refused(practice: ReferralPractice) -> None:
    first, second = practice.patient_ids
    with acting(practice.path, "nina", NOW) as nurse:
        entry = medications.add_medication(nurse, first, warfarin()).id
        with pytest.raises(ValidationFailed, match="another patient"):
            medications.stop_medication(nurse, second, entry, reason="x")


def test_bad_input_is_refused_in_plain_words_and_nothing_is_saved(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", NOW) as nurse:
        with pytest.raises(ValidationFailed) as blank:
            medications.add_medication(nurse, patient, {"display": " "})
        assert "display" in blank.value.field_errors
        with pytest.raises(ValidationFailed) as future:
            medications.add_medication(nurse, patient, warfarin(start_date="2026-12-25"))
        assert "start_date" in future.value.field_errors
        assert medications.current_list(nurse, patient) == []


def test_front_desk_never_sees_or_changes_medications(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "fred", NOW) as desk:
        with pytest.raises(PermissionDenied):
            medications.current_list(desk, patient)
        with pytest.raises(PermissionDenied):
            medications.add_medication(desk, patient, warfarin())
    assert _actions(practice.path, "medications.view") == [("fred", "refused")]


def test_a_reconciled_list_replaces_the_current_list_in_one_go(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", NOW) as nurse:
        kept = medications.add_medication(nurse, patient, warfarin())
        dropped = medications.add_medication(
            nurse, patient, {"display": "Ibuprofen 200 mg", "ingredients": ["ibuprofen"], "kind": "otc"}
        )
        changed = kept.medication.model_copy(update={"dose": "0.5 tablet"})
        new = Medication(
            display="Metoprolol 25 mg tablet", ingredients=["metoprolol"], frequency=Frequency.TWICE_DAILY
        )
        with nurse.audited_write(medications.Permission.EDIT_MEDICATIONS, "test.sign") as conn:
            now = medications.apply_reconciled_list(
                nurse, conn, patient, [ReconciledLine(kept.id, changed), ReconciledLine(None, new)]
            )
        assert sorted(r.medication.display for r in now) == [
            "Metoprolol 25 mg tablet",
            "Warfarin 5 mg tablet",
        ]
        history = {h.record.id: h for h in medications.medication_history(nurse, patient)}
        assert history[kept.id].versions[0].medication.dose == "1 tablet"  # the previous list stays
        assert history[dropped.id].record.status is MedicationStatus.STOPPED


def test_only_a_clinical_role_can_apply_a_reconciled_list(practice: ReferralPractice) -> None:
    with (
        acting(practice.path, "fred", NOW) as desk,
        desk.vault.write() as conn,
        pytest.raises(PermissionDenied),
    ):
        medications.apply_reconciled_list(desk, conn, practice.patient_ids[0], [])
