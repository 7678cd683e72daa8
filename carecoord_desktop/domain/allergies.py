"""An allergy as stored: its own row with a stable id, a status, stamps and entered-in-error.

The allergy as entered is :class:`~carecoord_desktop.domain.clinical_summary.Allergy`; the chart's allergy list
is the patient's active, not-in-error rows.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict

from carecoord_desktop.domain.clinical_summary import Allergy
from carecoord_desktop.domain.stored import EnteredInError, Stamps

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class AllergyStatus(StrEnum):
    """FHIR AllergyIntolerance.clinicalStatus; entered-in-error is kept apart (verificationStatus)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    RESOLVED = "resolved"


class AllergyRecord(BaseModel):
    model_config = _MODEL_CONFIG

    id: int
    patient_id: int
    allergy: Allergy
    status: AllergyStatus
    entered_in_error: EnteredInError | None
    stamps: Stamps

    @property
    def is_current(self) -> bool:
        return self.status is AllergyStatus.ACTIVE and self.entered_in_error is None
