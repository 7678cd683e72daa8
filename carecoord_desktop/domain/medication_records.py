"""A medication entry as stored on the patient's list: its own row with an id, stamps and entered-in-error.

The medicine itself is :class:`~carecoord_desktop.domain.medications.Medication` (owned by the engine); the
patient's current list is the active and on-hold rows not marked entered-in-error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict

from carecoord_desktop.domain.medications import Medication, MedicationStatus
from carecoord_desktop.domain.stored import EnteredInError, Stamps

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")
CURRENT_STATUSES: Final = (MedicationStatus.ACTIVE, MedicationStatus.ON_HOLD)


class MedicationRecord(BaseModel):
    model_config = _MODEL_CONFIG

    id: int
    patient_id: int
    medication: Medication
    entered_in_error: EnteredInError | None
    stamps: Stamps

    @property
    def status(self) -> MedicationStatus:
        return self.medication.status

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES and self.entered_in_error is None


@dataclass(frozen=True)
class MedicationVersion:
    """One earlier version of an entry: the medicine as it was, and who replaced it, when."""

    medication: Medication
    replaced_at: datetime
    replaced_by: str


@dataclass(frozen=True)
class MedicationHistory:
    """An entry as it is now, with every earlier version, oldest first."""

    record: MedicationRecord
    versions: tuple[MedicationVersion, ...]


@dataclass(frozen=True)
class ReconciledLine:
    """One line of a signed reconciliation as it lands on the current list: an existing entry
    (`medication_id`) takes `medication` as its new version, a new one (`None`) is added."""

    medication_id: int | None
    medication: Medication


class ChangeMark(StrEnum):
    """How a medicine changed at the last signed reconciliation (MARQUIS: new / changed / stopped / same)."""

    NEW = "new"
    CHANGED = "changed"
    STOPPED = "stopped"
    SAME = "same"


@dataclass(frozen=True)
class ListMarks:
    """What the latest signed reconciliation says about each entry of the list it produced, for the patient's
    printout: by medication entry id, the mark and the reason for a change."""

    signed_on: date
    signed_by: str
    marks: Mapping[int, tuple[ChangeMark, str | None]]
