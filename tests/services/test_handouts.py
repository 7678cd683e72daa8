"""Practice handouts through the services: who may add them, where they are kept, which ones a packet offers
and merges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import (
    auth,
    care_plans,
    discharge_packet,
    handouts,
    patients,
    printing,
    transitions,
)
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.session import Session
from tests.documents.handout_pdfs import handout_pdf
from tests.documents.samples import clinic, page_texts, session_for
from tests.services.test_discharge_packet import stay

__all__ = ["clinic"]

HEART = {"title": "Living well with heart failure", "condition": "heart_failure", "language": "en"}


@pytest.fixture
def admin(clinic: Path) -> Iterator[Session]:
    session = session_for(clinic, "admin")
    yield session
    auth.sign_out(session)


def test_an_admin_adds_a_handout_kept_encrypted_inside_the_vault(admin: Session, clinic: Path) -> None:
    added = handouts.add_handout(admin, HEART, handout_pdf("Weigh yourself every morning", pages=2))
    assert (added.title, added.condition.value, added.language, added.pages) == (
        "Living well with heart failure",
        "heart_failure",
        "en",
        2,
    )
    assert [h.title for h in handouts.list_handouts(admin)] == ["Living well with heart failure"]
    files = {p.name for p in clinic.parent.iterdir()}
    assert not any(name.endswith(".pdf") for name in files)  # never a plain file beside the vault
    for path in clinic.parent.iterdir():
        if path.is_file():
            assert b"Weigh yourself every morning" not in path.read_bytes()  # the vault is encrypted


def test_the_handout_s_facts_and_file_are_checked(admin: Session) -> None:
    with pytest.raises(ValidationFailed, match="Enter the handout's title"):
        handouts.add_handout(admin, {**HEART, "title": "  "}, handout_pdf())
    with pytest.raises(ValidationFailed, match="That file is not a PDF"):
        handouts.add_handout(admin, HEART, b"hello")
    handouts.add_handout(admin, HEART, handout_pdf())
    with pytest.raises(
        ValidationFailed, match="This file is already a handout: “Living well with heart failure”"
    ):
        handouts.add_handout(admin, {**HEART, "title": "Again"}, handout_pdf())
    assert len(handouts.list_handouts(admin)) == 1


def test_a_retired_handout_is_no_longer_offered(admin: Session) -> None:
    added = handouts.add_handout(admin, HEART, handout_pdf())
    handouts.retire_handout(admin, added.id)
    assert handouts.list_handouts(admin) == []
    with pytest.raises(ValidationFailed, match="already removed"):
        handouts.retire_handout(admin, added.id)


def test_a_nurse_may_not_add_handouts(clinic: Path) -> None:
    nurse = session_for(clinic, "nina")
    try:
        with pytest.raises(PermissionDenied):
            handouts.add_handout(nurse, HEART, handout_pdf())
    finally:
        auth.sign_out(nurse)


def test_the_packet_offers_and_merges_the_handouts_matching_the_patient(clinic: Path) -> None:
    admin = session_for(clinic, "admin")
    try:
        handouts.add_handout(admin, HEART, handout_pdf("Weigh yourself every morning", pages=2))
        general = {"title": "Your first week at home", "condition": "general", "language": "en"}
        handouts.add_handout(admin, general, handout_pdf("Your first week at home", pages=1))
        spanish = {
            "title": "Vivir bien con insuficiencia cardiaca",
            "condition": "heart_failure",
            "language": "es",
        }
        handouts.add_handout(admin, spanish, handout_pdf("Pésese cada mañana", pages=1))
        copd = {"title": "Breathing easier with COPD", "condition": "copd", "language": "en"}
        handouts.add_handout(admin, copd, handout_pdf("Use your inhaler", pages=1))
    finally:
        auth.sign_out(admin)
    nurse = session_for(clinic, "nina")
    try:
        transitions.record_stay(nurse, 1, stay())  # heart failure exacerbation
        offers = discharge_packet.offered_handouts(nurse, patients.open_chart(nurse, 1), None, "en")
        assert [(o.handout.title, o.matches) for o in offers] == [
            ("Living well with heart failure", True),
            ("Your first week at home", True),
            ("Breathing easier with COPD", False),
            ("Vivir bien con insuficiencia cardiaca", False),
        ]
        request = PrintRequest("discharge_packet", 1, language="en", options={"handouts": "matching"})
        doc = printing.prepare(nurse, request)
        pages = page_texts(doc.pdf)
        assert doc.pages == len(pages)
        assert pages[-3:] == [
            "Weigh yourself every morning (handout page 1)",
            "Weigh yourself every morning (handout page 2)",
            "Your first week at home (handout page 1)",
        ]
        chosen = [o.handout.id for o in offers if o.handout.condition.value == "copd"]
        doc = printing.prepare(
            nurse, PrintRequest("discharge_packet", 1, language="en", options={"handouts": chosen})
        )
        assert page_texts(doc.pdf)[-1] == "Use your inhaler (handout page 1)"
    finally:
        auth.sign_out(nurse)


def test_the_care_plan_s_conditions_match_handouts_too(clinic: Path) -> None:
    admin = session_for(clinic, "admin")
    try:
        copd = {"title": "Breathing easier with COPD", "condition": "copd", "language": "en"}
        handouts.add_handout(admin, copd, handout_pdf("Use your inhaler", pages=1))
    finally:
        auth.sign_out(admin)
    nurse = session_for(clinic, "nina")
    try:
        transitions.record_stay(nurse, 1, stay())  # heart failure; no COPD anywhere on the chart yet
        chart = patients.open_chart(nurse, 1)
        assert [o.matches for o in discharge_packet.offered_handouts(nurse, chart, None, "en")] == [False]
        draft = care_plans.draft_from_templates(nurse, 1, ["copd"], "en")
        draft["interventions"] = []
        care_plans.create_plan(nurse, 1, draft)
        assert [o.matches for o in discharge_packet.offered_handouts(nurse, chart, None, "en")] == [True]
    finally:
        auth.sign_out(nurse)
