"""Read medicines and allergies from a FHIR R4 export: a Bundle, or one MedicationRequest or MedicationStatement.

Parsed with the R4B models of ``fhir.resources`` (the package's default models are R5 and refuse R4 shapes such as
``MedicationRequest.medicationCodeableConcept``); imported lazily because the models take about a second to
import. Only the resources needed are validated, one by one, so one bad entry is named (with the reason) instead
of sinking the file. RxNorm codes become ingredients through the bundled vocabulary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from carecoord_desktop.domain.drug_vocabulary import Vocabulary
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.med_comparison import allergen_name
from carecoord_desktop.domain.medications import Frequency, Medication, MedicationStatus
from carecoord_desktop.domain.validation import PatientRules

RXNORM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
MEDICATION_TYPES: Final = ("MedicationRequest", "MedicationStatement")
_STORED: Final = PatientRules().for_stored().context()
_ACTIVE: Final = {"active": MedicationStatus.ACTIVE, "on-hold": MedicationStatus.ON_HOLD}
_ENDED: Final = frozenset({"stopped", "completed", "cancelled"})


class FhirUnreadable(UserError):
    """The file is not a FHIR resource this reader understands; the message says which and why."""


@dataclass(frozen=True)
class Unread:
    """An entry that could not be used, and why, in words."""

    what: str
    why: str


@dataclass(frozen=True)
class ImportedMedications:
    patient_id: str | None
    patient_name: str | None
    #: Active and on-hold medicines, and stopped ones whose stop date the source gives.
    medications: tuple[Medication, ...]
    #: Entries that could not be read at all.
    unread: tuple[Unread, ...]
    #: Entries read but left out: not current (stopped without a date, draft, entered in error...).
    left_out: tuple[Unread, ...]
    #: The patient's current allergies, as substance names (RxNorm ingredient names where coded).
    allergies: tuple[str, ...]

    @property
    def active(self) -> tuple[Medication, ...]:
        return tuple(m for m in self.medications if m.status is MedicationStatus.ACTIVE)


def read_file(path: Path, vocabulary: Vocabulary, *, bundle_only: bool = False) -> ImportedMedications:
    """Read a file; FhirUnreadable (one plain sentence) when it is not JSON, not FHIR, or not a Bundle when
    ``bundle_only``."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as error:
        raise FhirUnreadable(
            f"{path.name} could not be opened ({error.strerror or type(error).__name__})."
        ) from error
    except ValueError as error:
        raise FhirUnreadable(f"{path.name} is not a JSON file, so not a FHIR Bundle.") from error
    return read_json(data, vocabulary, name=path.name, bundle_only=bundle_only)


def read_json(
    data: object, vocabulary: Vocabulary, *, name: str = "The file", bundle_only: bool = False
) -> ImportedMedications:
    kind = data.get("resourceType") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(kind, str):
        raise FhirUnreadable(f"{name} is not a FHIR resource (it has no resourceType).")
    if kind != "Bundle" and (bundle_only or kind not in MEDICATION_TYPES):
        wanted = "a FHIR Bundle" if bundle_only else "a FHIR Bundle, MedicationRequest or MedicationStatement"
        raise FhirUnreadable(f"{name} is a FHIR {kind}, not {wanted}.")
    resources = _bundle_resources(data, name) if kind == "Bundle" else [data]
    return _Reader(vocabulary, resources).read()


def _model(resource_type: str) -> Any:
    from fhir.resources.R4B import get_fhir_model_class  # slow import: only when reading FHIR

    return get_fhir_model_class(resource_type)


def _bundle_resources(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Check the Bundle's own structure with the R4B model (resources aside), and return its resources."""
    entries = data.get("entry") or []
    if not isinstance(entries, list):
        raise FhirUnreadable(f"{name} is not a readable FHIR Bundle: its entries are not a list.")
    shell = {
        **data,
        "entry": [{k: v for k, v in e.items() if k != "resource"} for e in entries if isinstance(e, dict)],
    }
    try:
        _model("Bundle").model_validate(shell)
    except ValidationError as error:
        raise FhirUnreadable(f"{name} is not a readable FHIR R4 Bundle ({_first_problem(error)}).") from error
    resources = []
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict):
            resources.append({**resource, "_fullUrl": entry.get("fullUrl")})
    return resources


def _first_problem(error: ValidationError) -> str:
    detail = error.errors()[0]
    where = ".".join(str(part) for part in detail["loc"]) or "the resource"
    return f"{where}: {detail['msg']}"


class _Reader:
    def __init__(self, vocabulary: Vocabulary, resources: Sequence[dict[str, Any]]) -> None:
        self.vocabulary = vocabulary
        self.resources = resources
        self.unread: list[Unread] = []
        self.left_out: list[Unread] = []
        self.medication_codes: dict[str, Any] = {}

    def _validated(self, resource: dict[str, Any], what: str) -> Any | None:
        body = {k: v for k, v in resource.items() if k != "_fullUrl"}
        try:
            return _model(str(resource["resourceType"])).model_validate(body)
        except ValidationError as error:
            self.unread.append(
                Unread(what, f"not a valid R4 {resource['resourceType']}: {_first_problem(error)}")
            )
            return None

    def read(self) -> ImportedMedications:
        patient_id = patient_name = None
        for resource in self.resources:
            if resource.get("resourceType") == "Patient" and patient_id is None:
                patient = self._validated(resource, "Patient")
                if patient is not None:
                    patient_id, patient_name = patient.id, _person_name(patient)
            elif resource.get("resourceType") == "Medication":
                medication = self._validated(resource, "Medication")
                if medication is not None and medication.code is not None:
                    for key in (resource.get("_fullUrl"), f"Medication/{medication.id}", f"#{medication.id}"):
                        if key:
                            self.medication_codes[str(key)] = medication.code
        medications = []
        allergies: list[str] = []
        for number, resource in enumerate(self.resources, start=1):
            kind = resource.get("resourceType")
            if kind in MEDICATION_TYPES:
                entry = self._medication(resource, f"{kind} {resource.get('id') or number}")
                if entry is not None:
                    medications.append(entry)
            elif kind == "AllergyIntolerance":
                allergy = self._allergy(resource, f"AllergyIntolerance {resource.get('id') or number}")
                if allergy is not None and allergy not in allergies:
                    allergies.append(allergy)
        return ImportedMedications(
            patient_id,
            patient_name,
            tuple(medications),
            tuple(self.unread),
            tuple(self.left_out),
            tuple(allergies),
        )

    def _medication(self, resource: dict[str, Any], what: str) -> Medication | None:
        model = self._validated(resource, what)
        if model is None:
            return None
        concept = model.medicationCodeableConcept
        if concept is None and model.medicationReference is not None:
            concept = self.medication_codes.get(str(model.medicationReference.reference))
        if concept is None:
            self.unread.append(
                Unread(what, "it names no medicine (no code, and its reference is not in the file)")
            )
            return None
        display = concept.text or next((c.display for c in concept.coding or [] if c.display), None)
        rxcui = next((c.code for c in concept.coding or [] if c.system == RXNORM and c.code), None)
        if not display and not rxcui:
            self.unread.append(Unread(what, "its medicine has neither a name nor a code"))
            return None
        status = str(model.status)
        data: dict[str, Any] = {"display": display or f"RxNorm {rxcui}"}
        if status in _ACTIVE:
            data["status"] = _ACTIVE[status]
            if status == "on-hold":
                data["hold_reason"] = _reason_text(model) or "On hold in the source record"
        elif status in _ENDED and (ended := _end_date(model)) is not None:
            data.update(
                status=MedicationStatus.STOPPED, stopped_on=ended, stop_reason=_reason_text(model) or status
            )
        else:
            self.left_out.append(
                Unread(what, f"its status is {status}" + (" with no end date" if status in _ENDED else ""))
            )
            return None
        self._code(data, display, rxcui)
        dosages = getattr(model, "dosageInstruction", None) or getattr(model, "dosage", None) or []
        if dosages:
            data.update(_dosage(dosages[0]))
        reason = next((c.text for c in getattr(model, "reasonCode", None) or [] if c.text), None)
        if reason:
            data["indication"] = reason[:200]
        try:
            return Medication.model_validate(data, context=_STORED)
        except ValidationError as error:
            self.unread.append(Unread(what, f"it could not be read as a medicine ({_first_problem(error)})"))
            return None

    def _code(self, data: dict[str, Any], display: str | None, rxcui: str | None) -> None:
        entry = self.vocabulary.by_rxcui(rxcui) if rxcui else None
        if entry is not None:
            data.update(
                rxnorm=rxcui, ingredients=list(entry.ingredients), form=entry.form, strength=entry.strength
            )
            return
        if rxcui and rxcui.isdigit() and len(rxcui) <= 8:
            data["rxnorm"] = rxcui
        if display:
            data["ingredients"] = list(self.vocabulary.ingredients_in(display))

    def _allergy(self, resource: dict[str, Any], what: str) -> str | None:
        model = self._validated(resource, what)
        if model is None:
            return None
        clinical = _code_of(model.clinicalStatus)
        verification = _code_of(model.verificationStatus)
        if clinical not in (None, "active") or verification in ("refuted", "entered-in-error"):
            return None
        concept = model.code
        if concept is None:
            self.unread.append(Unread(what, "it names no substance"))
            return None
        for coding in concept.coding or []:
            entry = self.vocabulary.by_rxcui(coding.code) if coding.system == RXNORM and coding.code else None
            if entry is not None and len(entry.ingredients) == 1:
                return entry.ingredients[0]
        text = concept.text or next((c.display for c in concept.coding or [] if c.display), None)
        if not text:
            self.unread.append(Unread(what, "its substance has neither a name nor a code"))
            return None
        name = allergen_name(text)
        return self.vocabulary.ingredient(name) or name


def _code_of(concept: Any) -> str | None:
    if concept is None:
        return None
    return next((str(c.code) for c in concept.coding or [] if c.code), None)


def _person_name(patient: Any) -> str | None:
    for name in patient.name or []:
        if name.text:
            return str(name.text)
        parts = [*(name.given or []), name.family or ""]
        text = " ".join(p for p in parts if p)
        if text:
            return text
    return None


def _reason_text(model: Any) -> str | None:
    reason = getattr(model, "statusReason", None)
    if isinstance(reason, list):
        reason = reason[0] if reason else None
    if reason is None:
        return None
    text = reason.text or next((c.display for c in reason.coding or [] if c.display), None)
    return str(text)[:500] if text else None


def _end_date(model: Any) -> date | None:
    """When the source says the medicine ended (MedicationStatement.effectivePeriod.end), if it says."""
    period = getattr(model, "effectivePeriod", None)
    end = period.end if period is not None else None
    if isinstance(end, datetime):
        return end.date()
    return end if isinstance(end, date) else None


_PERIODS: Final[Mapping[tuple[int, int, str], Frequency]] = {
    (1, 1, "d"): Frequency.ONCE_DAILY,
    (2, 1, "d"): Frequency.TWICE_DAILY,
    (3, 1, "d"): Frequency.THREE_TIMES_DAILY,
    (4, 1, "d"): Frequency.FOUR_TIMES_DAILY,
    (1, 2, "d"): Frequency.EVERY_OTHER_DAY,
    (1, 1, "wk"): Frequency.WEEKLY,
    (1, 7, "d"): Frequency.WEEKLY,
}
_UNIT_WORDS: Final = {"h": "hours", "d": "days", "wk": "weeks", "mo": "months"}


def _number(value: Decimal | float | int) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _dosage(dosage: Any) -> dict[str, Any]:
    """A FHIR Dosage as the medicine's dose, route, frequency and PRN fields."""
    data: dict[str, Any] = {}
    if dosage.asNeededBoolean:
        data["prn"] = True
    if dosage.asNeededCodeableConcept is not None:
        data["prn"] = True
        concept = dosage.asNeededCodeableConcept
        reason = concept.text or next((c.display for c in concept.coding or [] if c.display), None)
        if reason:
            data["prn_reason"] = str(reason)[:200]
    if dosage.route is not None:
        route = dosage.route.text or next((c.display for c in dosage.route.coding or [] if c.display), None)
        if route:
            data["route"] = str(route)[:60]
    for dose_rate in dosage.doseAndRate or []:
        quantity = dose_rate.doseQuantity
        if quantity is not None and quantity.value is not None:
            data["dose"] = f"{_number(quantity.value)} {quantity.unit or quantity.code or ''}".strip()
            break
    repeat = dosage.timing.repeat if dosage.timing is not None else None
    if repeat is not None and repeat.frequency and repeat.period and repeat.periodUnit:
        key = (int(repeat.frequency), int(repeat.period), str(repeat.periodUnit))
        if key in _PERIODS:
            data["frequency"] = _PERIODS[key]
        else:
            unit = _UNIT_WORDS.get(str(repeat.periodUnit), str(repeat.periodUnit))
            data["frequency"] = Frequency.OTHER
            data["frequency_text"] = f"{repeat.frequency} times every {_number(repeat.period)} {unit}"
    if dosage.text:
        data.setdefault("frequency_text", str(dosage.text)[:120])
    if data.get("prn") and "frequency" not in data and "frequency_text" not in data:
        data["frequency"] = Frequency.AS_NEEDED
    return data
