"""The spellings the engine treats as the same value, and the ones it must not confuse."""

from __future__ import annotations

import pytest

from carecoord_desktop.domain.med_normalize import amounts_in, dose_of, formulation_of, route_of, site_of
from carecoord_desktop.domain.medications import Medication, MedicationKind


@pytest.mark.parametrize(
    ("display", "form"),
    [
        ("Warfarin Sodium 5 MG Oral Tablet", "tablet"),
        ("24 HR metoprolol succinate 100 MG Extended Release Oral Tablet", "extended-release tablet"),
        ("Nifedipine ER 30 mg tabs", "extended-release tablet"),
        ("Omeprazole 20 mg DR capsule", "delayed-release capsule"),
        ("Tylenol 500 mg caps", "capsule"),
        ("Lantus SoloStar pen", "injection"),
        ("Penicillin VK 500 mg", None),  # "pen" inside a word is not a pen
        ("Capecitabine 500 mg", None),
    ],
)
def test_formulation(display: str, form: str | None) -> None:
    assert formulation_of(Medication(display=display)) == form


@pytest.mark.parametrize(
    ("display", "fields", "site"),
    [
        ("Nitroglycerin 0.4 MG/ACTUAT Mucosal Spray", {}, "systemic"),
        ("200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler", {}, "inhaled"),
        ("Flovent HFA", {"kind": MedicationKind.INHALER}, "inhaled"),
        ("Fluticasone 50 mcg nasal spray", {}, "nose"),
        ("Hydrocortisone 10 MG/ML Topical Cream", {}, "skin"),
        ("Timolol 0.5% drops", {"route": "in the eye"}, "eye"),
    ],
)
def test_site(display: str, fields: dict[str, object], site: str) -> None:
    assert site_of(Medication.model_validate({"display": display, **fields})) == site


@pytest.mark.parametrize(
    ("route", "same_as"),
    [
        ("PO", "by mouth"),
        ("p.o.", "by mouth"),
        ("Oral route (qualifier value)", "by mouth"),
        ("SC", "under the skin"),
    ],
)
def test_route(route: str, same_as: str) -> None:
    assert route_of(Medication(display="x", route=route)) == same_as


def test_amounts_and_doses_in_one_spelling() -> None:
    assert amounts_in("Warfarin Sodium 5.0 MG") == "5 mg"
    assert amounts_in("Fluticasone 0.044 MG/ACTUAT") == "0.044 mg/actuat"
    assert amounts_in("Insulin 100 units/mL") == "100 units/ml"
    assert dose_of(Medication(display="x", dose="Two tablets")) == "2 tablet"
    assert dose_of(Medication(display="x", dose="2 puffs")) == "2 puff"
