"""Patients: the panel, search, the chart, edits with history, and duplicate checks.

Front desk sees identity, contact details, preferences, care-team names and appointments; not problems,
allergies, medications or clinical notes. That is enforced here, not only in the UI.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import phonenumbers
from pydantic import ValidationError
from sqlalchemy import Connection, select

from carecoord_desktop.domain import record_diff
from carecoord_desktop.domain.clinical_summary import ClinicalSummary, RiskTier
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.patients import (
    DuplicateReason,
    Patient,
    duplicate_reasons,
    normalize_for_search,
    parse_dob_query,
    phone_digits,
)
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.validation import DEFAULT_RULES, PatientRules, field_errors
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import patients_repo, search, settings_repo
from carecoord_desktop.storage.patients_repo import PanelFilter, PanelRow, PatientColumns
from carecoord_desktop.storage.schema import staff

__all__ = ["PanelFilter", "PanelRow"]

RISK_RANK = {None: 0, RiskTier.LOW: 1, RiskTier.MODERATE: 2, RiskTier.HIGH: 3, RiskTier.COMPLEX: 4}
CLINICAL_FIELDS = frozenset({"clinical"})
CARE_TEAM_FIELDS = frozenset({"care_team"})
RULES_KEY = "patient_rules"
SEARCH_LIMIT = 50


# -- deriving storage columns from a validated patient ------------------------------------------
# Names and condition texts repeat across a panel; folding each once keeps bulk loads fast.
_normalized = functools.lru_cache(maxsize=65536)(normalize_for_search)


def national_digits(e164: str) -> str:
    number = e164.partition(";")[0]
    if number.startswith("+1") and len(number) == 12:
        return number[2:]
    try:
        return str(phonenumbers.parse(number, None).national_number)
    except phonenumbers.NumberParseException:
        return phone_digits(number)


def _word_starts(text: str) -> list[str]:
    """'essential hypertension' → itself and 'hypertension', so a condition filter matches any word's start."""
    words = text.split()
    return [" ".join(words[i:]) for i in range(len(words))]


def sort_name(family: str, given: str) -> str:
    return f"{_normalized(family)} {_normalized(given)}"


def columns_for(patient: Patient, on: date, record_json: str | None = None) -> PatientColumns:
    numbers = list(patient.phones.numbers().values())
    tier = patient.clinical.risk_tier.tier if patient.clinical.risk_tier else None
    given = (
        patient.given_name if not patient.preferred_name else f"{patient.given_name} {patient.preferred_name}"
    )
    return PatientColumns(
        mrn=patient.mrn,
        family_name=patient.family_name,
        given_name=patient.given_name,
        preferred_name=patient.preferred_name,
        sort_name=sort_name(patient.family_name, patient.given_name),
        date_of_birth=patient.date_of_birth,
        phone=numbers[0] if numbers else None,
        coordinator_id=patient.coordinator_id,
        pcp_id=patient.pcp_id,
        risk_tier=tier.value if tier else None,
        risk_rank=RISK_RANK[tier],
        programs=tuple(p.value for p in patient.open_programs(on)),
        status=patient.status.value,
        conditions=tuple(
            (phrase, p.code.upper() if p.code else None)
            for p in patient.clinical.current_problems()
            for phrase in _word_starts(_normalized(p.text))
        ),
        phone_digits=tuple(dict.fromkeys(national_digits(n) for n in numbers)),
        names=search.NameEntry(_normalized(patient.family_name), _normalized(given)),
        record_json=record_json if record_json is not None else patient.model_dump_json(),
    )


def _staff_names(conn: Connection) -> dict[int, str]:
    return {row.id: row.full_name for row in conn.execute(select(staff.c.id, staff.c.full_name))}


def _rules(conn: Connection) -> PatientRules:
    raw = settings_repo.get(conn, RULES_KEY)
    return PatientRules(**raw) if raw else DEFAULT_RULES


def patient_rules(session: Session) -> PatientRules:
    with session.vault.read() as conn:
        return _rules(conn)


def _validate(data: dict[str, Any], rules: PatientRules) -> Patient:
    try:
        return Patient.model_validate(data, context=rules.context())
    except ValidationError as exc:
        fields = field_errors(exc)
        first_field, first_message = next(iter(fields.items()))
        label = first_field.replace("_", " ").replace(".", " › ")
        raise ValidationFailed(f"Check {label}: {first_message}.", fields) from None


# -- the panel and search -------------------------------------------------------------------------
@dataclass(frozen=True)
class PanelQuery:
    filter: PanelFilter = field(default_factory=PanelFilter)
    sort: str = "name"
    descending: bool = False


def default_panel_filter(session: Session) -> PanelFilter:
    """'My patients' for a coordinator; active patients for everyone."""
    mine = session.user.id if session.user.role is Role.NURSE_COORDINATOR else None
    return PanelFilter(coordinator_id=mine, statuses=("active",))


def open_panel(session: Session) -> None:
    """Opening the panel shows patient names: worth one audit entry (paging and sorting are not)."""
    session.audited_read(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view", lambda _conn: None)


CLINICAL_SORTS = frozenset({"risk_tier"})


def _check_clinical_use(session: Session, flt: PanelFilter, sort: str = "name") -> None:
    """Filtering or sorting by clinical facts discloses them: it needs clinical access too."""
    if flt.risk_tiers or flt.condition or sort in CLINICAL_SORTS:
        session.require(Permission.VIEW_CLINICAL, "panel.clinical_filter")


def _visible(session: Session, rows: list[PanelRow]) -> list[PanelRow]:
    """Rows as this role may see them: no risk tier without clinical access."""
    if session.can(Permission.VIEW_CLINICAL):
        return rows
    return [replace(row, risk_tier=None) for row in rows]


def panel_page(session: Session, query: PanelQuery, *, limit: int = 100, offset: int = 0) -> list[PanelRow]:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    if query.sort not in patients_repo.SORT_KEYS:
        raise ValidationFailed(f"The panel cannot be sorted by '{query.sort}'.")
    _check_clinical_use(session, query.filter, query.sort)
    with session.vault.read() as conn:
        rows = patients_repo.panel_page(
            conn, query.filter, sort=query.sort, descending=query.descending, limit=limit, offset=offset
        )
    return _visible(session, rows)


def panel_count(session: Session, flt: PanelFilter) -> int:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    _check_clinical_use(session, flt)
    with session.vault.read() as conn:
        return patients_repo.panel_count(conn, flt)


def search_patients(
    session: Session, text: str, *, limit: int = SEARCH_LIMIT, today: date | None = None
) -> list[PanelRow]:
    """Search as you type: name (any order, prefixes, accents ignored), MRN, date of birth or phone digits."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "patient.search")
    query = text.strip()
    if not query:
        return []
    with session.vault.read() as conn:
        rows = patients_repo.rows_by_id(conn, _search_ids(conn, query, limit, today))
    return _visible(session, rows)


def _search_ids(conn: Connection, query: str, limit: int, today: date | None) -> list[int]:
    ids: list[int] = []

    def add(found: list[int]) -> None:
        ids.extend(i for i in found if i not in ids)

    has_digit = any(c.isdigit() for c in query)
    if has_digit:
        born = parse_dob_query(query, today)
        if born is not None:
            add(search.by_birth_date(conn, born, limit))
        compact = "".join(query.split()).upper()
        add(search.by_mrn_prefix(conn, compact, limit))
        digits = phone_digits(query)
        if len(digits) >= 3 and len(digits) >= len(compact) - 4:
            add(search.by_phone_digits(conn, digits, limit))
    tokens = [t for t in normalize_for_search(query).split() if not t.isdigit()]
    if tokens:
        add(search.by_name(conn, tokens, limit))
    return ids[:limit]


# -- the chart ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chart:
    id: int
    patient: Patient  # for roles without clinical access, `clinical` is emptied
    clinical_visible: bool
    can_edit_demographics: bool
    can_edit_clinical: bool
    can_set_risk_tier: bool
    staff_names: dict[int, str]
    updated_at: str
    updated_by: str


def _chart(session: Session, conn: Connection, patient_id: int) -> Chart:
    stored = patients_repo.get(conn, patient_id)
    patient = Patient.model_validate(stored.record, context=_rules(conn).context())
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
        staff_names=_staff_names(conn),
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


@dataclass(frozen=True)
class DuplicateMatch:
    row: PanelRow
    reasons: tuple[DuplicateReason, ...]


def check_new_patient(session: Session, data: dict[str, Any]) -> tuple[Patient, list[DuplicateMatch]]:
    """Validate a new patient and list existing patients who may be the same person."""
    session.require(Permission.EDIT_PATIENT_DEMOGRAPHICS, "patient.add")
    patient = _validate(data, patient_rules(session))
    return patient, _duplicates(session, patient, exclude=None)


def _duplicates(session: Session, patient: Patient, exclude: int | None) -> list[DuplicateMatch]:
    cols = columns_for(patient, date.today())
    with session.vault.read() as conn:
        ids = patients_repo.possible_duplicates(
            conn,
            mrn=cols.mrn,
            sort_name=cols.sort_name,
            date_of_birth=cols.date_of_birth,
            phone_digits=cols.phone_digits,
            exclude=exclude,
        )
        matches = []
        for row in patients_repo.rows_by_id(conn, ids):
            existing = Patient.model_validate(
                patients_repo.get(conn, row.id).record, context=_rules(conn).context()
            )
            reasons = duplicate_reasons(patient, existing)
            if reasons:
                matches.append(DuplicateMatch(row, reasons))
    visible = _visible(session, [m.row for m in matches])
    return [DuplicateMatch(row, m.reasons) for row, m in zip(visible, matches, strict=True)]


def add_patient(session: Session, data: dict[str, Any], *, duplicates_reviewed: bool = False) -> int:
    """Save a new patient. Unless the user has reviewed possible duplicates, any found refuse the save."""
    if not session.can(Permission.EDIT_CLINICAL) and (data.get("clinical") or data.get("care_team")):
        session.require(Permission.EDIT_CLINICAL, "patient.add")
    patient, duplicates = check_new_patient(session, data)
    if any(DuplicateReason.SAME_MRN in d.reasons for d in duplicates):
        message = f"Another patient already has MRN {patient.mrn}."
        raise ValidationFailed(message, {"mrn": message})
    if duplicates and not duplicates_reviewed:
        raise ValidationFailed(
            f"{len(duplicates)} existing patient(s) may be the same person. Review them before saving.",
            {"__duplicates__": ", ".join(d.row.mrn for d in duplicates)},
        )
    cols = columns_for(patient, date.today())
    # The entry names the new patient by id (known only inside the transaction), never by identifiers.
    with session.vault.write("the new patient") as conn:
        new_id = patients_repo.add(conn, cols, _staff_names(conn), session.user.username)
        session.record(conn, "patient.add", patient_id=new_id)
    return new_id


def update_patient(session: Session, patient_id: int, changes: dict[str, Any]) -> Chart:
    """Apply `changes` (top-level Patient fields) after a permission check per field; history keeps the old version."""
    touches_clinical = bool(CLINICAL_FIELDS & changes.keys())
    touches_team = bool(CARE_TEAM_FIELDS & changes.keys())
    permission = (
        Permission.EDIT_CLINICAL if touches_clinical or touches_team else Permission.EDIT_PATIENT_DEMOGRAPHICS
    )
    session.require(permission, "patient.edit", patient_id=patient_id, subject=",".join(sorted(changes)))
    unknown = set(changes) - set(Patient.model_fields)
    if unknown:
        raise ValidationFailed(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    rules = patient_rules(session)
    with session.vault.read() as conn:
        current = patients_repo.get(conn, patient_id).record
    if touches_clinical:
        old_tier = (current.get("clinical") or {}).get("risk_tier")
        new_tier = (changes["clinical"] or {}).get("risk_tier")
        if old_tier != new_tier:
            session.require(Permission.SET_RISK_TIER, "patient.set_risk_tier", patient_id=patient_id)
    patient = _validate({**current, **changes}, rules)
    record = patient.model_dump(mode="json")
    changed = [c.path for c in record_diff.changes(current, record)]
    if not changed:
        return open_chart(session, patient_id)
    if patient.mrn != current.get("mrn"):
        with session.vault.read() as conn:
            other = patients_repo.id_for_mrn(conn, patient.mrn)
        if other is not None and other != patient_id:
            message = f"Another patient already has MRN {patient.mrn}."
            raise ValidationFailed(message, {"mrn": message})
    fields = sorted({p.split(".")[0].split("[")[0] for p in changed})
    with session.audited_write(
        permission,
        "patient.edit",
        patient_id=patient_id,
        subject=",".join(fields),
        detail={"fields": changed[:50]},
    ) as conn:
        patients_repo.replace(
            conn,
            patient_id,
            columns_for(patient, date.today(), json.dumps(record, ensure_ascii=False)),
            _staff_names(conn),
            session.user.username,
        )
        chart = _chart(session, conn, patient_id)
    return chart


# -- history --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryEntry:
    changed_at: str
    changed_by: str
    changes: list[record_diff.FieldChange]


def history(session: Session, patient_id: int) -> list[HistoryEntry]:
    """Who changed what and when, newest first, with old and new values. Clinical lines need clinical access."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "chart.history", patient_id=patient_id)
    clinical_visible = session.can(Permission.VIEW_CLINICAL)
    with session.vault.read() as conn:
        current = patients_repo.get(conn, patient_id)
        versions = patients_repo.versions(conn, patient_id)
    snapshots = [json.loads(v["data"]["record"]) for v in versions] + [current.record]
    # Version k's record was replaced at version k's changed_at by its changed_by. Creation comes first.
    entries = [HistoryEntry(current.created_at, current.created_by, [])]
    for index, version in enumerate(versions):
        diff = record_diff.changes(snapshots[index], snapshots[index + 1])
        if not clinical_visible:
            diff = [c for c in diff if not c.path.startswith("clinical")]
        if diff:
            entries.append(HistoryEntry(version["changed_at"], version["changed_by"], diff))
    return list(reversed(entries))


# -- saved views ----------------------------------------------------------------------------------
def saved_views(session: Session) -> dict[str, dict[str, Any]]:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    with session.vault.read() as conn:
        return patients_repo.views_for(conn, session.user.id)


def save_view(session: Session, name: str, payload: dict[str, Any]) -> None:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.save_view")
    clean = " ".join(name.split())
    if not clean or len(clean) > 60:
        raise ValidationFailed("Give the view a name of up to 60 characters.", {"name": "Enter a name."})
    with session.vault.write("the saved view") as conn:
        patients_repo.save_view(conn, session.user.id, clean, payload, session.user.username)


def delete_view(session: Session, name: str) -> None:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.delete_view")
    with session.vault.write("the saved view") as conn:
        patients_repo.delete_view(conn, session.user.id, name)


# -- staff pick lists -----------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffChoice:
    id: int
    full_name: str
    role: Role


def staff_choices(session: Session) -> list[StaffChoice]:
    """Active clinical staff, for coordinator, PCP and care-team pickers."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    with session.vault.read() as conn:
        rows = conn.execute(
            select(staff.c.id, staff.c.full_name, staff.c.role)
            .where(staff.c.active.is_(True))
            .order_by(staff.c.full_name)
        )
        return [StaffChoice(r.id, r.full_name, Role(r.role)) for r in rows if r.role != Role.ADMIN.value]
