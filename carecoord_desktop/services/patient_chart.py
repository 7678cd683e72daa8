"""The chart and edits: open (audited), add with a duplicate check, edit with a permission per kind of
change, and the history of who changed what.

Front desk sees identity, contact details, preferences, care-team names and appointments; not problems,
allergies, medications or clinical notes. Programme enrolment and consent need EDIT_PROGRAMS. Provenance
(who set a risk tier, and when) is stamped here from the session and the practice clock, never taken from a
form. All of it is enforced here, not only in the UI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from carecoord_desktop.domain import record_diff
from carecoord_desktop.domain.allergies import AllergyRecord
from carecoord_desktop.domain.clinical_summary import ClinicalSummary
from carecoord_desktop.domain.duplicates import DuplicateReason, day_month_swapped, duplicate_reasons
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.panel import PanelRow
from carecoord_desktop.domain.patients import Patient, PatientStatus
from carecoord_desktop.domain.programs import EnrolmentRecord
from carecoord_desktop.domain.stored import Stamps
from carecoord_desktop.services import allergies as allergy_service
from carecoord_desktop.services import due_items
from carecoord_desktop.services import programs as program_service
from carecoord_desktop.services.patient_panel import _visible
from carecoord_desktop.services.patient_records import (
    NOT_IN_RECORD_HISTORY,
    columns_for,
    patient_rules,
    read_patient,
    staff_names,
    stored_record,
    validate_edit,
    validate_input,
    with_clinical_rows,
)
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import NewPatientId, Session
from carecoord_desktop.storage import allergies_repo, patients_repo, programs_repo

CLINICAL_FIELDS = frozenset({"clinical", "care_team"})
PROGRAM_FIELDS = frozenset({"programs"})
#: The one nested object a change may carry in part: {"clinical": {"problems": [...]}} keeps the rest.
MERGED_FIELDS = frozenset({"clinical"})


@dataclass(frozen=True)
class Chart:
    id: int
    patient: Patient  # for roles without clinical access, `clinical` is emptied
    clinical_visible: bool
    can_edit_demographics: bool
    can_edit_clinical: bool
    can_set_risk_tier: bool
    can_edit_programs: bool
    staff_names: dict[int, str]
    updated_at: str
    updated_by: str


def _chart(session: Session, conn: Connection, patient_id: int) -> Chart:
    stored = patients_repo.get(conn, patient_id)
    patient = read_patient(conn, patient_id, with_clinical_rows(conn, patient_id, stored.record))
    clinical_visible = session.can(Permission.VIEW_CLINICAL)
    if not clinical_visible:
        patient = patient.model_copy(update={"clinical": ClinicalSummary()})
    return Chart(
        id=patient_id,
        patient=patient,
        clinical_visible=clinical_visible,
        can_edit_demographics=session.can(Permission.EDIT_PATIENT_DEMOGRAPHICS),
        can_edit_clinical=session.can(Permission.EDIT_CLINICAL),
        can_set_risk_tier=session.can(Permission.SET_RISK_TIER),
        can_edit_programs=session.can(Permission.EDIT_PROGRAMS),
        staff_names=staff_names(conn),
        updated_at=stored.updated_at,
        updated_by=stored.updated_by,
    )


def open_chart(session: Session, patient_id: int) -> Chart:
    """Opening a chart is audited."""
    return session.audited_read(
        Permission.VIEW_PATIENT_DEMOGRAPHICS,
        "chart.open",
        lambda conn: _chart(session, conn, patient_id),
        patient_id=patient_id,
    )


# -- provenance and permissions -------------------------------------------------------------------
def _same_text(a: object, b: object) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.split() == b.split()


def _stamp_provenance(session: Session, current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Who set the risk tier and when come from the session and the practice clock: an unchanged tier and
    reason keep their stamps, anything else is set by the signed-in user today."""
    clinical = data.get("clinical")
    new = clinical.get("risk_tier") if isinstance(clinical, dict) else None
    if not isinstance(clinical, dict) or not isinstance(new, dict):
        return data
    old = (current.get("clinical") or {}).get("risk_tier")
    if (
        isinstance(old, dict)
        and old.get("tier") == new.get("tier")
        and _same_text(old.get("reason"), new.get("reason"))
    ):
        stamped = old
    else:
        stamped = {
            "tier": new.get("tier"),
            "reason": new.get("reason"),
            "set_by": session.user.id,
            "set_on": session.clock.today().isoformat(),
        }
    return {**data, "clinical": {**clinical, "risk_tier": stamped}}


def _permissions_for(paths: list[str]) -> list[Permission]:
    """What a change needs, by what it changes (EDIT_CLINICAL, EDIT_PROGRAMS or EDIT_PATIENT_DEMOGRAPHICS;
    a new risk tier also SET_RISK_TIER), most specific first."""
    needed: list[Permission] = []
    for path in paths:
        top = path.split(".")[0].split("[")[0]
        if top in CLINICAL_FIELDS:
            needed.append(Permission.EDIT_CLINICAL)
            if path.startswith("clinical.risk_tier"):
                needed.append(Permission.SET_RISK_TIER)
        elif top in PROGRAM_FIELDS:
            needed.append(Permission.EDIT_PROGRAMS)
        else:
            needed.append(Permission.EDIT_PATIENT_DEMOGRAPHICS)
    order = [
        Permission.EDIT_CLINICAL,
        Permission.SET_RISK_TIER,
        Permission.EDIT_PROGRAMS,
        Permission.EDIT_PATIENT_DEMOGRAPHICS,
    ]
    return [p for p in order if p in needed]


def _check_mrn_free(conn: Connection, mrn: str, patient_id: int | None) -> None:
    """Inside the write transaction, so no other save can take the MRN between the check and the write."""
    other = patients_repo.id_for_mrn(conn, mrn)
    if other is not None and other != patient_id:
        message = f"Another patient already has MRN {mrn}."
        raise ValidationFailed(message, {"mrn": message})


# -- new patients ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DuplicateMatch:
    row: PanelRow
    reasons: tuple[DuplicateReason, ...]


def check_new_patient(session: Session, data: dict[str, Any]) -> tuple[Patient, list[DuplicateMatch]]:
    """Validate a new patient and list existing patients who may be the same person."""
    session.require(Permission.EDIT_PATIENT_DEMOGRAPHICS, "patient.add")
    patient = validate_input(
        _stamp_provenance(session, {}, data), patient_rules(session), session.clock.today()
    )
    return patient, _duplicates(session, patient, exclude=None)


def _duplicates(session: Session, patient: Patient, exclude: int | None) -> list[DuplicateMatch]:
    today = session.clock.today()
    cols = columns_for(patient, today)
    with session.vault.read() as conn:
        ids = patients_repo.possible_duplicates(
            conn,
            mrn=cols.mrn,
            family=cols.names.family,
            birth_dates=[d for d in (patient.date_of_birth, day_month_swapped(patient.date_of_birth)) if d],
            phone_digits=cols.phone_digits,
            exclude=exclude,
        )
        matches = []
        for row in patients_repo.rows_by_id(conn, ids, today=today):
            reasons = duplicate_reasons(patient, read_patient(conn, row.id))
            if reasons:
                matches.append(DuplicateMatch(row, reasons))
    visible = _visible(session, [m.row for m in matches])
    return [DuplicateMatch(row, m.reasons) for row, m in zip(visible, matches, strict=True)]


def add_patient(session: Session, data: dict[str, Any], *, duplicates_reviewed: bool = False) -> int:
    """Save a new patient. Unless the user has reviewed possible duplicates, any found refuse the save."""
    for needed in _permissions_for([k for k, v in data.items() if v]):
        session.require(needed, "patient.add")
    patient, duplicates = check_new_patient(session, data)
    if any(DuplicateReason.SAME_MRN in d.reasons for d in duplicates):
        message = f"Another patient already has MRN {patient.mrn}."
        raise ValidationFailed(message, {"mrn": message})
    if duplicates and not duplicates_reviewed:
        raise ValidationFailed(
            f"{len(duplicates)} existing patient(s) may be the same person. Review them before saving.",
            {"__duplicates__": ", ".join(d.row.mrn for d in duplicates)},
        )
    cols = columns_for(patient, session.clock.today())
    # The entry names the new patient by id (known only after the insert), never by identifiers.
    new = NewPatientId()
    with session.audited_write(
        Permission.EDIT_PATIENT_DEMOGRAPHICS, "patient.add", patient_id=new, what="the new patient"
    ) as conn:
        _check_mrn_free(conn, patient.mrn, None)
        new.id = patients_repo.add(conn, cols, staff_names(conn), session.user.username)
        allergy_service.save_list(session, conn, new.id, patient.clinical.allergies)
        program_service.save_list(session, conn, new.id, patient.programs)
    return new.id


# -- edits ----------------------------------------------------------------------------------------
def _merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = {**current, **changes}
    for name in MERGED_FIELDS & changes.keys():
        if isinstance(changes[name], dict) and isinstance(current.get(name), dict):
            merged[name] = {**current[name], **changes[name]}
    return merged


def update_patient(session: Session, patient_id: int, changes: dict[str, Any]) -> Chart:
    """Apply `changes` (top-level Patient fields; `clinical` may be partial) after a permission check per kind
    of change; history keeps the old version, allergies keep theirs."""
    unknown = set(changes) - set(Patient.model_fields)
    if unknown:
        raise ValidationFailed(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    rules = patient_rules(session)
    with session.vault.read() as conn:
        current = stored_record(conn, patient_id)
        saved = read_patient(conn, patient_id, current)  # a record this version cannot read is not edited
    # A form a role may not use (clinical, care team) is refused before its content is judged; whether
    # programmes or the risk tier changed is judged on the validated record, since a form sends saved
    # values back as typed (a date as 10/01/2026) without changing them. Refusals are audited.
    subject = ",".join(sorted(changes))
    for permission in _permissions_for([k for k in changes if k not in PROGRAM_FIELDS]):
        session.require(permission, "patient.edit", patient_id=patient_id, subject=subject)
    requested = _stamp_provenance(session, current, _merged(current, changes))
    patient = validate_edit(requested, current, rules, session.clock.today())
    record = patient.model_dump(mode="json")
    changed = [c.path for c in record_diff.changes(current, record)]
    if not changed:
        return open_chart(session, patient_id)
    needed = _permissions_for(changed)
    for permission in needed:
        session.require(permission, "patient.edit", patient_id=patient_id, subject=subject)
    program_service.check_kept(saved.programs, patient.programs)
    fields = sorted({p.split(".")[0].split("[")[0] for p in changed})
    with session.audited_write(
        needed[0],
        "patient.edit",
        patient_id=patient_id,
        subject=",".join(fields),
        detail={"fields": changed[:50]},
    ) as conn:
        if patient.mrn != current.get("mrn"):
            _check_mrn_free(conn, patient.mrn, patient_id)
        patients_repo.replace(
            conn,
            patient_id,
            columns_for(patient, session.clock.today()),
            staff_names(conn),
            session.user.username,
        )
        allergy_service.save_list(session, conn, patient_id, patient.clinical.allergies)
        program_service.save_list(session, conn, patient_id, patient.programs)
        if patient.status is PatientStatus.DECEASED and current.get("status") != PatientStatus.DECEASED.value:
            due_items.close_for_death(session, conn, patient_id)
        chart = _chart(session, conn, patient_id)
    return chart


# -- history --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryEntry:
    changed_at: str
    changed_by: str
    changes: list[record_diff.FieldChange]


def _record_changes(
    old: dict[str, Any], new: dict[str, Any], clinical_visible: bool
) -> list[record_diff.FieldChange]:
    diff = [c for c in record_diff.changes(old, new) if not c.path.startswith(NOT_IN_RECORD_HISTORY)]
    return diff if clinical_visible else [c for c in diff if not c.path.startswith("clinical")]


ALLERGY_FIELDS = ("substance", "category", "reactions", "severity", "code_system", "code", "status")
ENROLMENT_FIELDS = ("program", "started_on", "consent_date", "ended_on")


def _state(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    state = {name: data.get(name) for name in fields}
    reactions = state.get("reactions")
    if isinstance(reactions, str):
        state["reactions"] = ", ".join(json.loads(reactions))
    state["entered_in_error"] = data.get("entered_in_error_reason")
    return state


def _row_entries(
    path: str, stamps: Stamps, states: list[dict[str, Any]], versions: list[dict[str, Any]]
) -> list[HistoryEntry]:
    """A clinical row's creation and each later change, as history entries under `path` (its place in the
    patient's list, as the record's own lists are named: "programs[1]" reads "Programs 2")."""

    def lines(old: dict[str, Any], new: dict[str, Any]) -> list[record_diff.FieldChange]:
        return [
            record_diff.FieldChange(f"{path}.{key}", old.get(key), value)
            for key, value in new.items()
            if old.get(key) != value
        ]

    entries = [HistoryEntry(stamps.created_at, stamps.created_by, lines({}, states[0]))]
    for index, version in enumerate(versions):
        diff = lines(states[index], states[index + 1])
        if diff:
            entries.append(HistoryEntry(version["changed_at"], version["changed_by"], diff))
    return entries


def _error_reason(row: AllergyRecord | EnrolmentRecord) -> str | None:
    return row.entered_in_error.reason if row.entered_in_error else None


def _allergy_entries(index: int, row: AllergyRecord, versions: list[dict[str, Any]]) -> list[HistoryEntry]:
    current = {
        **row.allergy.model_dump(mode="json"),
        "reactions": json.dumps(list(row.allergy.reactions)),
        "status": row.status.value,
        "entered_in_error_reason": _error_reason(row),
    }
    states = [_state(v["data"], ALLERGY_FIELDS) for v in versions] + [_state(current, ALLERGY_FIELDS)]
    return _row_entries(f"clinical.allergies[{index}]", row.stamps, states, versions)


def _enrolment_entries(
    index: int, row: EnrolmentRecord, versions: list[dict[str, Any]]
) -> list[HistoryEntry]:
    current = {**row.enrolment.model_dump(mode="json"), "entered_in_error_reason": _error_reason(row)}
    states = [_state(v["data"], ENROLMENT_FIELDS) for v in versions] + [_state(current, ENROLMENT_FIELDS)]
    return _row_entries(f"programs[{index}]", row.stamps, states, versions)


def history(session: Session, patient_id: int) -> list[HistoryEntry]:
    """One timeline for the chart, newest first: the record's changes and each allergy's, with old and new
    values. Clinical lines need clinical access."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "chart.history", patient_id=patient_id)
    clinical_visible = session.can(Permission.VIEW_CLINICAL)
    with session.vault.read() as conn:
        current = patients_repo.get(conn, patient_id)
        versions = patients_repo.versions(conn, patient_id)
        allergy_rows = (
            allergies_repo.for_patient(conn, patient_id, include_all=True) if clinical_visible else []
        )
        allergy_versions = allergies_repo.versions(conn, patient_id) if clinical_visible else {}
        enrolments = programs_repo.for_patient(conn, patient_id, include_all=True)
        enrolment_versions = programs_repo.versions(conn, patient_id)
    snapshots = [json.loads(v["data"]["record"]) for v in versions] + [current.record]
    # Version k's record was replaced at version k's changed_at by its changed_by. Creation comes first.
    entries = [HistoryEntry(current.created_at, current.created_by, [])]
    for index, version in enumerate(versions):
        diff = _record_changes(snapshots[index], snapshots[index + 1], clinical_visible)
        if diff:
            entries.append(HistoryEntry(version["changed_at"], version["changed_by"], diff))
    for index, row in enumerate(allergy_rows):
        entries.extend(_allergy_entries(index, row, allergy_versions.get(row.id, [])))
    for index, enrolment in enumerate(enrolments):
        entries.extend(_enrolment_entries(index, enrolment, enrolment_versions.get(enrolment.id, [])))
    entries.sort(key=lambda e: e.changed_at)
    return list(reversed(entries))
