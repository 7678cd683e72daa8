"""Which disclosures the HIPAA accounting must list (45 CFR 164.528, domain.md 8.4), and how the CLI spells
recipients and purposes."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from carecoord_desktop.domain.disclosures import (
    Purpose,
    PurposeKind,
    Recipient,
    RecipientKind,
    accounting_start,
    requires_accounting,
)

P, C, V, ELSE = RecipientKind.PATIENT, RecipientKind.CAREGIVER, RecipientKind.PROVIDER, RecipientKind.OTHER
TREAT, ASKED, COORD, OTHER = (
    PurposeKind.TREATMENT,
    PurposeKind.PATIENT_REQUEST,
    PurposeKind.CARE_COORDINATION,
    PurposeKind.OTHER,
)


@pytest.mark.parametrize(
    ("recipient", "purpose", "listed"),
    [
        (P, OTHER, False),  # to the patient: excluded
        (C, OTHER, False),  # persons involved in care (164.510(b)): excluded
        (V, TREAT, False),  # treatment: excluded
        (V, COORD, False),  # operations: excluded
        (V, ASKED, False),  # the patient's own request stands for an authorization: excluded
        (ELSE, ASKED, False),
        (V, OTHER, True),  # e.g. to a provider for research, or a court order
        (ELSE, OTHER, True),
    ],
)
def test_only_non_tpo_disclosures_to_third_parties_are_listed(
    recipient: RecipientKind, purpose: PurposeKind, listed: bool
) -> None:
    assert requires_accounting(recipient, purpose) is listed


def test_the_accounting_covers_six_years() -> None:
    assert accounting_start(date(2026, 11, 28)) == date(2020, 11, 28)
    assert accounting_start(date(2028, 2, 29)) == date(2022, 2, 28)


def test_recipients_and_purposes_as_the_cli_spells_them() -> None:
    assert Recipient.parse("patient") == Recipient(kind=P)
    assert Recipient.parse("caregiver:María Núñez") == Recipient(kind=C, name="María Núñez")
    assert Recipient.parse("provider:Dr A: Costa").name == "Dr A: Costa"
    assert Purpose.parse("other:Court order 26-114") == Purpose(kind=OTHER, text="Court order 26-114")
    assert Purpose.parse("treatment:ignored").text is None
    with pytest.raises(ValueError, match="must be patient, caregiver:NAME"):
        Recipient.parse("lawyer:Hill")
    with pytest.raises(ValidationError, match="Enter the recipient's name"):
        Recipient.parse("other:")
    with pytest.raises(ValidationError, match="Say what the document is for"):
        Purpose.parse("other")
