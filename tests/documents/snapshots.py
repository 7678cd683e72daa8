"""Snapshots built straight from the documents layer, without a vault."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carecoord_desktop.documents.frame import FrameFacts, PracticeHeading
from carecoord_desktop.documents.patient_summary import (
    AllergyEntry,
    CaregiverEntry,
    CareTeamEntry,
    ClinicalEntries,
    PatientSummary,
    PhoneEntry,
    ProblemEntry,
    ProgramEntry,
)
from carecoord_desktop.domain.letterhead import Letterhead
from tests.documents.samples import NOW, ZONE

LETTERHEAD = Letterhead(
    address_line1="12 Elm Street, Suite 4",
    city_line="Springfield, IL 62701",
    phone="+12175550100",
    fax="+12175550101",
)


def frame(name: str = "Núñez, José (Pepe)", **kw: Any) -> FrameFacts:
    practice = kw.pop(
        "practice", PracticeHeading(practice_name="Elm Street Family Practice", letterhead=LETTERHEAD)
    )
    return FrameFacts(
        practice=practice,
        patient_name=name,
        date_of_birth=date(1952, 3, 14),
        printed_at=NOW.replace(tzinfo=ZONE),
        **kw,
    )


def summary(name: str = "Núñez, José (Pepe)", *, clinical: bool = True, **kw: Any) -> PatientSummary:
    fields: dict[str, Any] = {
        "frame": frame(name, **kw.pop("frame_kw", {})),
        "mrn": "F-0001",
        "name": name,
        "date_of_birth": date(1952, 3, 14),
        "sex_at_birth": "male",
        "pronouns": "he/him",
        "phones": (PhoneEntry(kind="mobile", number="(217) 555-0142"),),
        "email": "jose.nunez@example.org",
        "address": ("12 Elm Street, Springfield, IL 62701",),
        "preferred_channel": "phone",
        "best_time": "morning",
        "preferred_language": "es",
        "interpreter_needed": True,
        "voicemail": True,
        "caregivers": (
            CaregiverEntry(
                name="María Núñez",
                relationship="spouse",
                phone="(217) 555-0144",
                emergency_contact=True,
                sharing="authorized",
                scopes=("appointments", "medications"),
                authorized_on=date(2025, 1, 5),
            ),
        ),
        "coordinator": "Nina Okafor",
        "pcp": "Dr Priya Raman",
        "care_team": (CareTeamEntry(role="specialist", name="Dr Ana Costa", detail="Cardiology"),),
        "programs": (ProgramEntry(program="ccm", started_on=date(2025, 1, 10)),),
        "clinical": ClinicalEntries(
            allergies=(AllergyEntry(substance="Penicillin", reactions=("Hives",), severity="severe"),),
            problems=(ProblemEntry(text="Type 2 diabetes mellitus", code="E11.9", onset=date(2015, 6, 1)),),
            risk_tier="high",
            risk_reason="Two admissions this year",
        )
        if clinical
        else None,
    }
    return PatientSummary(**{**fields, **kw})


def long_summary(**frame_kw: Any) -> PatientSummary:
    """40-character names, 12 caregivers, 30 problems."""
    name = "Vanderbilt-Montgomery-Worthington-Smythe, Maximiliana-Theodora Konstantinopoulou"
    caregivers = tuple(
        CaregiverEntry(
            name=f"Caregiver{i:02d} Wolfeschlegelsteinhausenbergerdorff",
            relationship="child",
            phone=f"(217) 555-{i:04d}",
            sharing="authorized",
            scopes=("appointments", "care_plan", "test_results"),
            authorized_on=date(2024, 2, 1),
        )
        for i in range(12)
    )
    problems = tuple(
        ProblemEntry(text=f"Problem {i:02d}: a fairly long description of a chronic condition", code="E11.9")
        for i in range(30)
    )
    base = summary(name, frame_kw=frame_kw)
    clinical = base.clinical.model_copy(update={"problems": problems}) if base.clinical else None
    return base.model_copy(update={"caregivers": caregivers, "clinical": clinical})


def printed_at() -> datetime:
    return NOW.replace(tzinfo=ZONE)
