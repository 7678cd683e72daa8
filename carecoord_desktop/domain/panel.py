"""What the panel shows and filters on: plain values the services hand the UI (storage fills them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PanelRow:
    id: int
    mrn: str
    family_name: str
    given_name: str
    preferred_name: str | None
    date_of_birth: date
    phone: str | None
    coordinator_name: str | None
    pcp_name: str | None
    risk_tier: str | None
    programs: str
    status: str
    next_due_on: date | None
    next_due_label: str | None
    last_contact_on: date | None
    #: The next due item's date has passed (computed at query time against the practice's today).
    overdue: bool = False
    #: Filled for deceased patients only (read from the record for just those rows).
    date_of_death: date | None = None
    #: The LACE / HOSPITAL band of the latest hospital stay, as the panel shows it (domain/readmission_band.py).
    readmission_risk: str | None = None

    @property
    def deceased(self) -> bool:
        return self.status == "deceased"


@dataclass(frozen=True)
class PanelFilter:
    coordinator_id: int | None = None
    pcp_id: int | None = None
    no_coordinator: bool = False  # "Unassigned": patients without a care coordinator
    no_pcp: bool = False  # "No PCP"
    risk_tiers: tuple[str, ...] = ()
    readmission_ranks: tuple[int, ...] = ()  # domain/readmission_band.py RANKS (0: not scorable yet)
    program: str | None = None
    statuses: tuple[str, ...] = ()
    condition: str | None = None  # normalized prefix
    born_after: date | None = None  # inclusive
    born_before: date | None = None  # inclusive
    ids: tuple[int, ...] | None = field(default=None)
    on_high_alert_medication: bool = False  # a current medicine on the practice's high-alert list
    #: the practice's high-alert list as (ingredient names, words an ingredient contains); the service fills it
    high_alert_terms: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    #: patients with an open due item of one of these kinds due today or earlier ("Care plan review due")
    due_kinds: tuple[str, ...] = ()
