"""The panel's readmission risk: one band per patient, from their latest hospital stay (domain.md 6).

The higher of the LACE and HOSPITAL bands that could be scored, shown with both scores and the discharge it
comes from. A score with a missing input is never a band (it is never scored as if the input were zero): a
stay whose two scores are both incomplete is "not scorable yet", rank 0, so a filter can still find it.
Pure: built from a stay as entered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from carecoord_desktop.domain.readmission_risk import RiskBand
from carecoord_desktop.domain.transitions import Stay, StayRecord

RANKS: Final = {RiskBand.LOW: 1, RiskBand.INTERMEDIATE: 2, RiskBand.HIGH: 3}
NOT_SCORABLE: Final = 0


@dataclass(frozen=True)
class PanelRisk:
    rank: int  # RANKS, or NOT_SCORABLE
    text: str  # "High: LACE 12, HOSPITAL 5 (discharged 11/20/2026)"


def panel_risk(stay: Stay) -> PanelRisk | None:
    """The band of a hospital stay (None for an ED visit or a SNF stay: neither score applies)."""
    scores = [s for s in (stay.lace(), stay.hospital()) if s is not None]
    if not scores:
        return None
    parts = ", ".join(
        f"{s.name} {s.score}" if s.score is not None else f"{s.name} incomplete" for s in scores
    )
    detail = f"{parts} (discharged {stay.discharged_on:%m/%d/%Y})"
    bands = [s.band for s in scores if s.band is not None]
    if not bands:
        return PanelRisk(NOT_SCORABLE, f"Not scorable yet: {detail}")
    band = max(bands, key=lambda b: RANKS[b])
    return PanelRisk(RANKS[band], f"{band.label}: {detail}")


def latest_hospital_stay(records: Iterable[StayRecord]) -> StayRecord | None:
    """The patient's latest current inpatient or observation stay (the one LACE and HOSPITAL describe)."""
    hospital = [r for r in records if r.is_current and r.stay.kind.is_hospital_stay]
    return max(hospital, key=lambda r: (r.stay.discharged_on, r.id), default=None)
