"""The provider copy of a signed reconciliation: what it says, who may print it, and that it is a disclosure."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import printing, reconciliation
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.reconciliation_signoff import sign_off
from tests.documents.samples import pdf_text
from tests.referral_practice import ReferralPractice, acting, build
from tests.services.test_reconciliation import MONDAY, gathered, resolve_everything


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _signed(practice: ReferralPractice, **stop: Any) -> int:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        view = resolve_everything(nurse, patient, gathered(nurse, patient))
        warfarin = next(line for line in view.comparison.lines if line.high_alert)
        reconciliation.decide(
            nurse,
            patient,
            view.record.id,
            warfarin.key,
            {
                "resolution": "hold",
                "reason": "INR 4.8 at discharge",
                "hold_until": "12/01/2026",
                "intent": "intentional_documented",
                "double_checked": True,
            },
        )
        sign_off(nurse, patient, view.record.id)
        return view.record.id


def _keep(name: str, pdf: bytes) -> None:
    """MEDREC_PDF_DIR=folder keeps the PDF for a person to look at (pdftoppm)."""
    folder = os.environ.get("MEDREC_PDF_DIR")
    if folder:
        Path(folder, name).write_bytes(pdf)


def test_the_provider_copy_shows_sources_discrepancies_resolutions_and_the_signature(
    practice: ReferralPractice,
) -> None:
    session_id = _signed(practice)
    with acting(practice.path, "priya", MONDAY) as provider:
        prepared = printing.prepare(
            provider, PrintRequest("med_rec", practice.patient_ids[0], options={"session_id": session_id})
        )
    _keep("provider-copy.pdf", prepared.pdf)
    text = " ".join(pdf_text(prepared.pdf).split())
    assert f"Medication reconciliation #{session_id}: provider copy" in text
    assert "After a hospital discharge" in text and "11/20/2026" in text
    assert "Nina" in text  # who signed, with when
    assert "Patient or caregiver interview" in text and "Hospital discharge list" in text
    assert "Mercy General Hospital" in text
    assert "CHANGED" in text and "INR 4.8 at discharge" in text and "until 12/01/2026" in text
    assert "High-alert: double-checked" in text
    assert "Prescriber aware; INR weekly" in text  # the warning's acknowledgement
    assert "not a complete interaction database" in text


def test_only_a_signed_session_has_a_provider_copy_and_front_desk_never_prints_it(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        open_id = gathered(nurse, patient).record.id
        with pytest.raises(ValidationFailed, match="Only a signed reconciliation"):
            printing.prepare(nurse, PrintRequest("med_rec", patient, options={"session_id": open_id}))
    with acting(practice.path, "fred", MONDAY) as front, pytest.raises(PermissionDenied):
        printing.prepare(front, PrintRequest("med_rec", patient, options={"session_id": open_id}))
