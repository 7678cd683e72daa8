"""The printed care plan refers to the medication list as it is on the day it prints (never a copy kept in
the plan); the front desk cannot prepare it."""

from __future__ import annotations

import pytest

from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.services import care_plans, medications, printing
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.session import Session
from tests.documents.samples import clinic, front_desk, nurse, pdf_text

__all__ = ["clinic", "front_desk", "nurse"]


def test_the_printout_shows_todays_medication_list(nurse: Session) -> None:
    data = care_plans.draft_from_templates(nurse, 1, ["diabetes"], "en")
    for item in data["interventions"]:
        item["responsible"] = {**item["responsible"], "kind": "staff", "staff_id": nurse.user.id}
    care_plans.create_plan(nurse, 1, data)
    metformin = medications.add_medication(
        nurse, 1, {"display": "Metformin 500 mg tablet", "dose": "1 tablet"}
    )
    text = pdf_text(printing.prepare(nurse, PrintRequest("care_plan", 1, language="en")).pdf)
    assert "Your medicine list today" in text and "Metformin 500 mg tablet: 1 tablet" in text
    medications.stop_medication(nurse, 1, metformin.id, reason="stomach upset")
    text = pdf_text(printing.prepare(nurse, PrintRequest("care_plan", 1, language="en")).pdf)
    assert "Metformin" not in text and "Your current medicine list is kept up to date" in text


def test_the_front_desk_cannot_prepare_a_care_plan(front_desk: Session) -> None:
    with pytest.raises(PermissionDenied):
        printing.prepare(front_desk, PrintRequest("care_plan", 1))
