"""Clinical summary rules: code formats, the allergy banner, current problems."""

from __future__ import annotations

import pytest

from carecoord_desktop.domain.clinical_summary import (
    AllergySeverity,
    ClinicalSummary,
    CodeSystem,
    Problem,
    allergy_banner,
    normalize_code,
)

# ---------------------------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("system", "typed", "stored"),
    [
        (CodeSystem.ICD_10_CM, "e119", "E11.9"),
        (CodeSystem.ICD_10_CM, "I10", "I10"),
        (CodeSystem.ICD_10_CM, "J45.909", "J45.909"),
        (CodeSystem.ICD_10_CM, "f32.a", "F32.A"),
        (CodeSystem.ICD_10_CM, "Z86.73", "Z86.73"),
        (CodeSystem.SNOMED_CT, " 44054006 ", "44054006"),
        (CodeSystem.SNOMED_CT, "709044004", "709044004"),
    ],
)
def test_codes_are_canonicalized(system: CodeSystem, typed: str, stored: str) -> None:
    assert normalize_code(system, typed) == stored


@pytest.mark.parametrize(
    ("system", "typed"),
    [
        (CodeSystem.ICD_10_CM, "E1"),
        (CodeSystem.ICD_10_CM, "11.9"),
        (CodeSystem.ICD_10_CM, "E11.99999"),
        (CodeSystem.SNOMED_CT, "12345"),
        (CodeSystem.SNOMED_CT, "044054006"),
        (CodeSystem.SNOMED_CT, "44054016"),
        (CodeSystem.SNOMED_CT, "38341004"),
    ],
)
def test_malformed_codes_are_refused(system: CodeSystem, typed: str) -> None:
    with pytest.raises(ValueError, match=r"ICD-10-CM|SNOMED CT"):
        normalize_code(system, typed)


# ---------------------------------------------------------------------------------------------- clinical helpers


@pytest.mark.parametrize(
    ("summary", "banner"),
    [
        (ClinicalSummary(), "Allergies not recorded"),
        (ClinicalSummary(no_known_allergies=True), "No known allergies"),
        (
            ClinicalSummary.model_validate(
                {
                    "allergies": [
                        {"substance": "Codeine"},
                        {"substance": "Penicillin", "severity": "mild"},
                        {"substance": "Peanut", "severity": "severe"},
                    ]
                }
            ),
            "Allergies: Peanut (severe), Penicillin (mild), Codeine",
        ),
    ],
)
def test_allergy_banner(summary: ClinicalSummary, banner: str) -> None:
    assert allergy_banner(summary) == banner


def test_current_problems_leave_out_resolved_ones() -> None:
    summary = ClinicalSummary(
        problems=(Problem(text="Asthma", status="resolved"), Problem(text="Depression", status="relapse"))  # type: ignore[arg-type]
    )
    assert [problem.text for problem in summary.current_problems()] == ["Depression"]
    assert AllergySeverity.SEVERE.value == "severe"
