"""One row of the referral worklist, as the services hand it to the UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WorklistRow:
    id: int
    group: int  # 0: overdue or due today; else 1 + the state's rank
    patient_id: int
    patient_name: str
    mrn: str
    directory_name: str
    specialty: str
    reason: str
    urgency: str
    requested_by: date
    state: str
    next_action: str | None
    next_action_due: date | None
    escalate_on: date | None
    appointment_on: date | None
    referred_on: date
    coordinator_name: str | None
    provider_name: str
    failed_patient_attempts: int
