"""Defects of issue 7 in chart edits and the panel, each as a user would notice it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.errors import PermissionDenied, RecordUnreadable, ValidationFailed
from carecoord_desktop.services import auth, patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage.schema import patient_programs, patient_records
from tests.conftest import sign_in

NOV_20 = datetime(2026, 11, 20, 10, 0)


def _new_patient(**extra: Any) -> dict[str, Any]:
    return {
        "mrn": "D-0001",
        "given_name": "Rosa",
        "family_name": "Delgado",
        "date_of_birth": "1950-03-14",
        "sex_at_birth": "female",
        **extra,
    }


PROBLEMS = [
    {"text": "Type 2 diabetes", "status": "active"},
    {"text": "Essential hypertension", "status": "active"},
    {"text": "Chronic kidney disease", "status": "active"},
]


@pytest.fixture
def nina(practice: Path) -> Iterator[Session]:
    session = sign_in(practice, "nina")
    session.clock = PracticeClock.fixed(NOV_20)
    yield session
    auth.sign_out(session)


def _panel_row(session: Session, patient_id: int, flt: PanelFilter | None = None) -> patients.PanelRow | None:
    rows = patients.panel_page(session, PanelQuery(flt or PanelFilter()), limit=100)
    return next((r for r in rows if r.id == patient_id), None)


# -- 1. a partial clinical change keeps the rest of the clinical summary -------------------------------
def test_saving_only_problems_keeps_the_risk_tier_and_allergy_statement(nina: Session) -> None:
    risk = {
        "tier": "high",
        "reason": "Two admissions this year",
        "set_by": nina.user.id,
        "set_on": "2026-11-01",
    }
    patient_id = patients.add_patient(
        nina, _new_patient(clinical={"problems": PROBLEMS, "no_known_allergies": True, "risk_tier": risk})
    )
    chart = patients.update_patient(nina, patient_id, {"clinical": {"problems": PROBLEMS[:2]}})
    assert [p.text for p in chart.patient.clinical.problems] == ["Type 2 diabetes", "Essential hypertension"]
    assert chart.patient.clinical.no_known_allergies is True
    assert chart.patient.clinical.risk_tier is not None
    assert chart.patient.clinical.risk_tier.reason == "Two admissions this year"


# -- 2. history matches list items, not positions -------------------------------------------------------
def test_removing_the_first_of_three_problems_is_one_change_in_history(nina: Session) -> None:
    patient_id = patients.add_patient(nina, _new_patient(clinical={"problems": PROBLEMS}))
    patients.update_patient(nina, patient_id, {"clinical": {"problems": PROBLEMS[1:]}})
    newest = patients.history(nina, patient_id)[0]
    removed = {c.path for c in newest.changes}
    assert all(path.startswith("clinical.problems[0]") for path in removed), removed
    assert {c.old for c in newest.changes if c.new is None} >= {"Type 2 diabetes"}
    assert not any(
        c.old == "Essential hypertension" or c.new == "Essential hypertension" for c in newest.changes
    )


# -- 3. the programs column is computed against the practice's today, not frozen at save time -------------
def test_a_tcm_enrolment_leaves_the_panel_when_its_end_date_passes(nina: Session) -> None:
    tcm = {"program": "tcm", "started_on": "2026-11-10", "ended_on": "2026-12-09"}
    patient_id = patients.add_patient(nina, _new_patient(programs=[tcm]))
    row = _panel_row(nina, patient_id)
    assert row is not None and row.programs == "TCM"
    assert _panel_row(nina, patient_id, PanelFilter(program="tcm")) is not None

    nina.clock = PracticeClock.fixed(datetime(2026, 12, 15, 9, 0))
    row = _panel_row(nina, patient_id)
    assert row is not None and row.programs == ""
    assert _panel_row(nina, patient_id, PanelFilter(program="tcm")) is None
    assert patients.panel_count(nina, PanelFilter(program="tcm")) == 0


# -- 4. reading a stored record does not apply the input rules ---------------------------------------------
def test_a_record_saved_on_a_later_date_opens_on_a_workstation_a_day_behind(nina: Session) -> None:
    """A workstation whose clock ran ahead saved dates that are still in this workstation's future."""
    patient_id = patients.add_patient(nina, _new_patient())
    with nina.vault.write() as conn:
        record = json.loads(
            conn.execute(
                select(patient_records.c.record).where(patient_records.c.patient_id == patient_id)
            ).scalar_one()
        )
        record["clinical"]["problems"] = [{"text": "Asthma", "onset": "2099-01-02", "status": "active"}]
        conn.execute(
            update(patient_records)
            .where(patient_records.c.patient_id == patient_id)
            .values(record=json.dumps(record))
        )
        stamps = {"created_at": "2099-01-02T09:00:00Z", "created_by": "nina"}
        conn.execute(
            insert(patient_programs).values(
                patient_id=patient_id,
                status="active",
                program="ccm",
                started_on=date(2099, 1, 2),
                consent_date=date(2099, 1, 2),
                **stamps,
                updated_at=stamps["created_at"],
                updated_by="nina",
            )
        )
    chart = patients.open_chart(nina, patient_id)
    assert chart.patient.programs[0].started_on == date(2099, 1, 2)
    assert chart.patient.clinical.problems[0].onset == date(2099, 1, 2)
    assert patients.history(nina, patient_id)
    # Saving something else on this workstation keeps the stored dates as they are.
    chart = patients.update_patient(nina, patient_id, {"pronouns": "she/her"})
    assert chart.patient.programs[0].started_on == date(2099, 1, 2)
    assert chart.patient.clinical.problems[0].onset == date(2099, 1, 2)


def test_an_unreadable_stored_record_is_a_plain_error(nina: Session) -> None:
    patient_id = patients.add_patient(nina, _new_patient())
    with nina.vault.write() as conn:
        conn.execute(
            update(patient_records)
            .where(patient_records.c.patient_id == patient_id)
            .values(record=json.dumps({"schema_version": 2, "mrn": "D-0001", "given_name": 5}))
        )
    with pytest.raises(RecordUnreadable, match="could not be read"):
        patients.open_chart(nina, patient_id)
    with pytest.raises(RecordUnreadable, match="could not be read"):
        patients.update_patient(nina, patient_id, {"pronouns": "she/her"})


# -- 5. provenance is stamped by the service -----------------------------------------------------------------
def test_risk_tier_is_recorded_as_set_by_the_signed_in_user_today(nina: Session) -> None:
    patient_id = patients.add_patient(nina, _new_patient())
    other_staff = nina.user.id + 1
    forged = {"tier": "complex", "reason": "Frail", "set_by": other_staff, "set_on": "2026-01-02"}
    chart = patients.update_patient(nina, patient_id, {"clinical": {"risk_tier": forged}})
    tier = chart.patient.clinical.risk_tier
    assert tier is not None
    assert (tier.tier.value, tier.set_by, tier.set_on) == ("complex", nina.user.id, date(2026, 11, 20))
    # Saving the same tier and reason again keeps who set it and when.
    nina.clock = PracticeClock.fixed(datetime(2026, 11, 25, 9, 0))
    again = {"tier": "complex", "reason": "Frail"}
    chart = patients.update_patient(nina, patient_id, {"clinical": {"risk_tier": again}})
    assert chart.patient.clinical.risk_tier is not None
    assert chart.patient.clinical.risk_tier.set_on == date(2026, 11, 20)


# -- 6. saved enrolments are clinical-programme data, ended but never removed ---------------------------------
def _as_front_desk(practice: Path, nina: Session) -> Session:
    auth.sign_out(nina)  # one session per vault at a time
    return sign_in(practice, "fred")


def test_front_desk_cannot_remove_or_change_a_saved_enrolment(practice: Path, nina: Session) -> None:
    ccm = {"program": "ccm", "started_on": "2026-10-01", "consent_date": "2026-09-30"}
    patient_id = patients.add_patient(nina, _new_patient(programs=[ccm]))
    fred = _as_front_desk(practice, nina)
    try:
        with pytest.raises(PermissionDenied, match="programme"):
            patients.update_patient(fred, patient_id, {"programs": []})
        with pytest.raises(PermissionDenied, match="programme"):
            patients.add_patient(fred, _new_patient(mrn="D-0002", given_name="Ana", programs=[ccm]))
        assert [e.program.value for e in patients.open_chart(fred, patient_id).patient.programs] == ["ccm"]
    finally:
        auth.sign_out(fred)


def test_a_saved_enrolment_can_be_ended_but_not_removed(nina: Session) -> None:
    ccm = {"program": "ccm", "started_on": "2026-10-01", "consent_date": "2026-09-30"}
    patient_id = patients.add_patient(nina, _new_patient(programs=[ccm]))
    with pytest.raises(ValidationFailed, match="ended, not removed"):
        patients.update_patient(nina, patient_id, {"programs": []})
    chart = patients.update_patient(nina, patient_id, {"programs": [{**ccm, "ended_on": "2026-11-19"}]})
    assert chart.patient.programs[0].ended_on == date(2026, 11, 19)


def test_front_desk_may_still_edit_demographics(practice: Path, nina: Session) -> None:
    patient_id = patients.add_patient(nina, _new_patient())
    fred = _as_front_desk(practice, nina)
    try:
        chart = patients.update_patient(fred, patient_id, {"pronouns": "she/her"})
        assert chart.patient.pronouns == "she/her"
    finally:
        auth.sign_out(fred)


# -- 8. MRN uniqueness holds inside the write -----------------------------------------------------------------
def test_an_mrn_taken_while_the_form_was_checked_is_a_plain_error(
    nina: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another workstation saves a patient with the same MRN between the duplicate check and the save."""
    from carecoord_desktop.storage import patients_repo

    original = patients_repo.possible_duplicates
    raced = []

    def check_then_other_workstation_saves(*args: Any, **kwargs: Any) -> list[int]:
        found = original(*args, **kwargs)
        if not raced:
            raced.append(True)
            patients.add_patient(nina, _new_patient(given_name="Other", family_name="Person"))
        return found

    monkeypatch.setattr(patients_repo, "possible_duplicates", check_then_other_workstation_saves)
    with pytest.raises(ValidationFailed, match="already has MRN D-0001") as refused:
        patients.add_patient(nina, _new_patient(given_name="Rosa"))
    assert "mrn" in refused.value.field_errors


def test_changing_to_a_taken_mrn_is_a_plain_error(nina: Session) -> None:
    patients.add_patient(nina, _new_patient())
    second = patients.add_patient(nina, _new_patient(mrn="D-0002", given_name="Ana"))
    with pytest.raises(ValidationFailed, match="already has MRN D-0001"):
        patients.update_patient(nina, second, {"mrn": "D-0001"})


def test_the_unique_index_itself_gives_the_plain_mrn_error(nina: Session) -> None:
    """Even a write that skipped the check (two rows for one MRN in one transaction) stops with the plain error."""
    from carecoord_desktop.domain.validation import DEFAULT_RULES
    from carecoord_desktop.services.patient_records import columns_for, validate_input
    from carecoord_desktop.storage import patients_repo

    patient = validate_input(_new_patient(), DEFAULT_RULES, date(2026, 11, 20))
    cols = columns_for(patient, date(2026, 11, 20))
    with pytest.raises(ValidationFailed, match="already has MRN D-0001"), nina.vault.write() as conn:
        patients_repo.add(conn, cols, {}, "nina")
        patients_repo.add(conn, cols, {}, "nina")
    assert patients.panel_count(nina, PanelFilter()) == 0  # nothing half-written


def test_front_desk_saves_identity_with_enrolments_shown_as_typed(practice: Path, nina: Session) -> None:
    """The identity form sends the saved enrolments back in the form's date format: that is no change to them."""
    ccm = {"program": "ccm", "started_on": "2026-10-01", "consent_date": "2026-09-30"}
    patient_id = patients.add_patient(nina, _new_patient(programs=[ccm]))
    fred = _as_front_desk(practice, nina)
    try:
        as_shown = {
            "program": "ccm",
            "started_on": "10/01/2026",
            "consent_date": "09/30/2026",
            "ended_on": None,
        }
        chart = patients.update_patient(fred, patient_id, {"pronouns": "she/her", "programs": [as_shown]})
        assert chart.patient.pronouns == "she/her"
        assert [e.started_on for e in chart.patient.programs] == [date(2026, 10, 1)]
    finally:
        auth.sign_out(fred)
