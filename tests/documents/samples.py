"""Patients and snapshots the printing tests share: a full chart, and one with very long content."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import auth, patients
from carecoord_desktop.services.session import Session
from tests.conftest import make_practice, sign_in

NOW = datetime(2026, 11, 28, 15, 40)
ZONE = ZoneInfo("America/New_York")
NINA_ID, PRIYA_ID = 2, 4


def full_patient(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "mrn": "F-0001",
        "given_name": "José",
        "family_name": "Núñez",
        "preferred_name": "Pepe",
        "date_of_birth": "1952-03-14",
        "sex_at_birth": "male",
        "gender_identity": "male",
        "pronouns": "he/him",
        "preferred_language": "es",
        "interpreter_needed": True,
        "phones": {"mobile": "+1 217 555 0142", "home": "(217) 555-0143"},
        "email": "jose.nunez@example.org",
        "address": {"line1": "12 Elm Street", "city": "Springfield", "state": "IL", "postal_code": "62701"},
        "pcp_id": PRIYA_ID,
        "coordinator_id": NINA_ID,
        "programs": [{"program": "ccm", "started_on": "2025-01-10", "consent_date": "2025-01-05"}],
        "contact": {
            "preferred_channel": "phone",
            "best_time": "morning",
            "best_time_note": "before 10",
            "voicemail_consent": {"granted": True, "recorded_on": "2025-01-05"},
            "caregivers": [
                {
                    "name": "María Núñez",
                    "relationship": "spouse",
                    "phone": "+12175550144",
                    "is_emergency_contact": True,
                    "sharing": {
                        "authorized": True,
                        "authorized_on": "2025-01-05",
                        "scopes": ["appointments", "medications"],
                    },
                }
            ],
        },
        "care_team": [
            {
                "kind": "external",
                "role": "specialist",
                "name": "Dr Ana Costa",
                "specialty": "Cardiology",
                "organization": "Springfield Heart Clinic",
            }
        ],
        "clinical": {
            "problems": [
                {
                    "text": "Type 2 diabetes mellitus",
                    "code_system": "icd-10-cm",
                    "code": "E11.9",
                    "onset": "2015-06-01",
                }
            ],
            "allergies": [{"substance": "Penicillin", "reactions": ["Hives"], "severity": "severe"}],
            "risk_tier": {
                "tier": "high",
                "set_by": NINA_ID,
                "reason": "Two admissions this year",
                "set_on": "2026-10-01",
            },
        },
    }
    return {**data, **overrides}


def long_patient() -> dict[str, Any]:
    """40-character names, 12 caregivers, 30 problems: the summary must paginate without clipping."""
    caregivers = [
        {
            "name": f"Caregiver {i:02d} Wolfeschlegelsteinhausenberg",
            "relationship": "child",
            "phone": f"+1217555{i:04d}",
            "sharing": {
                "authorized": True,
                "authorized_on": "2024-02-01",
                "scopes": ["appointments", "care_plan"],
            },
        }
        for i in range(12)
    ]
    problems = [
        {"text": f"Problem number {i:02d} with a fairly long description text", "status": "active"}
        for i in range(30)
    ]
    return full_patient(
        mrn="L-0040",
        given_name="Maximiliana-Theodora Konstantinopoulou",  # 38 characters
        family_name="Vanderbilt-Montgomery-Worthington-Smythe",  # 40 characters
        preferred_name=None,
        contact={"caregivers": caregivers},
        clinical={"problems": problems},
    )


def add(session: Session, data: dict[str, Any]) -> int:
    return patients.add_patient(session, data, duplicates_reviewed=True)


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """A practice (admin, nina, fred, priya) with the full patient as patient 1."""
    path = tmp_path / "clinic.ccvault"
    auth.sign_out(make_practice(path))
    nurse = sign_in(path, "nina")
    add(nurse, full_patient())
    auth.sign_out(nurse)
    return path


def session_for(path: Path, username: str) -> Session:
    session = sign_in(path, username)
    session.clock = PracticeClock.fixed(NOW, ZONE)
    return session


@pytest.fixture
def nurse(clinic: Path) -> Iterator[Session]:
    session = session_for(clinic, "nina")
    yield session
    auth.sign_out(session)


@pytest.fixture
def front_desk(clinic: Path) -> Iterator[Session]:
    session = session_for(clinic, "fred")
    yield session
    auth.sign_out(session)


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space (cell wraps included) folded to one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)
