"""Medication reconciliation on Today: a coordinator sees their reconciliations due (until signed), a provider
sees the medication questions waiting on a prescriber (until answered); each row opens the Medications tab."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.today import OpenKind
from carecoord_desktop.services import reconciliation, today
from carecoord_desktop.services.reconciliation_signoff import sign_off
from carecoord_desktop.services.session import Session
from tests.referral_practice import ReferralPractice, acting, build
from tests.services.test_reconciliation import MONDAY, gathered, med, resolve_everything


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _section(session: Session, key: str) -> list[tuple[str, str, str]]:
    [section] = [s for s in today.today_for(session) if s.key == key]
    for row in section.rows:
        assert row.opens.kind is OpenKind.CHART and row.opens.section == "medications"
    return [(r.patient_name, r.status.value, r.what) for r in section.rows]


def test_a_reconciliation_due_is_on_the_coordinators_today_until_it_is_signed(
    practice: ReferralPractice,
) -> None:
    rosa = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        view = resolve_everything(nurse, rosa, gathered(nurse, rosa))
        assert _section(nurse, "reconciliations") == [
            ("Alvarez, Rosa", "due", "Reconcile the medicines after the discharge of 11/20/2026 and sign off")
        ]
        sign_off(nurse, rosa, view.record.id)
        assert _section(nurse, "reconciliations") == []


def test_an_open_question_to_the_prescriber_is_on_the_providers_today_until_answered(
    practice: ReferralPractice,
) -> None:
    rosa = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        view = gathered(nurse, rosa)
        line = next(line for line in view.comparison.lines if line.discrepancies and not line.high_alert)
        question = {"resolution": "clarify", "intent": "unintentional", "question": "Lisinopril 10 or 20 mg?"}
        reconciliation.decide(nurse, rosa, view.record.id, line.key, question)
    with acting(practice.path, "priya", MONDAY) as provider:
        assert _section(provider, "med_questions") == [
            ("Alvarez, Rosa", "due_today", "Waiting on the prescriber: Lisinopril 10 or 20 mg?")
        ]
    with acting(practice.path, "nina", MONDAY) as nurse:
        answer = {
            "resolution": "modify",
            "intent": "unintentional",
            "reason": "Dose raised in hospital",
            "prescriber_response": "Dr Raman: 20 mg daily",
            "medication": med("Lisinopril 20 mg tablet", "lisinopril"),
        }
        reconciliation.decide(nurse, rosa, view.record.id, line.key, answer)
    with acting(practice.path, "priya", MONDAY) as provider:
        assert _section(provider, "med_questions") == []
