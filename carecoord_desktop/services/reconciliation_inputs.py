"""What the comparison engine needs for one patient, read in the caller's transaction: the current list
(meds-list's entries, with their ids), active allergies, the practice's high-alert list, the allergy and
duplication classes, and the interaction table (shipped pairs plus the practice's own). Interaction data that
cannot be loaded is reported as None, never replaced by an empty table: the engine then says interaction
checking is unavailable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from carecoord_desktop.domain.drug_tables import (
    NO_CLASSES,
    AllergyClassTable,
    HighAlertList,
    InteractionRule,
    InteractionTable,
)
from carecoord_desktop.domain.med_comparison import Comparison, SourceList, compare
from carecoord_desktop.domain.medication_records import MedicationRecord
from carecoord_desktop.domain.reconciliation import SourceEntry
from carecoord_desktop.interop import drug_data
from carecoord_desktop.services import high_alert
from carecoord_desktop.storage import allergies_repo, medications_repo, reconciliations_repo


@dataclass(frozen=True)
class EngineInputs:
    current: tuple[MedicationRecord, ...]
    allergies: tuple[str, ...]
    high_alert: HighAlertList
    allergy_classes: AllergyClassTable
    interactions: InteractionTable | None


def interaction_table(conn: Connection) -> InteractionTable | None:
    """The shipped interaction table with the practice's own pairs, or None when it cannot be loaded."""
    shipped = drug_data.interactions_or_none()
    if shipped is None:
        return None
    pairs = [
        InteractionRule.practice_pair(a, b, why)
        for _id, a, b, why, _by in reconciliations_repo.active_pairs(conn)
    ]
    return shipped.with_practice_pairs(pairs)


def _allergy_classes() -> AllergyClassTable:
    """The allergy and duplication classes; without them only allergies naming an ingredient are matched."""
    try:
        return drug_data.load_allergy_classes()
    except drug_data.DrugDataUnavailable:
        return NO_CLASSES


def read_inputs(conn: Connection, patient_id: int) -> EngineInputs:
    return EngineInputs(
        current=tuple(medications_repo.for_patient(conn, patient_id)),
        allergies=tuple(
            r.allergy.substance for r in allergies_repo.for_patient(conn, patient_id) if r.is_current
        ),
        high_alert=high_alert.practice_list(conn),
        allergy_classes=_allergy_classes(),
        interactions=interaction_table(conn),
    )


def run_engine(inputs: EngineInputs, sources: Sequence[SourceEntry]) -> Comparison:
    lists = [SourceList(s.kind, s.provided_by, s.obtained_on, tuple(s.medications)) for s in sources]
    return compare(
        [record.medication for record in inputs.current],
        lists,
        allergies=inputs.allergies,
        interactions=inputs.interactions,
        high_alert=inputs.high_alert,
        allergy_classes=inputs.allergy_classes,
    )
