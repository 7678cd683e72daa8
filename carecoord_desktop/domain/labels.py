"""Stored codes as a person says them: 'paid_caregiver' → 'Paid caregiver' (screens and error messages alike)."""

from __future__ import annotations

WORDS = {
    "ccm": "CCM",
    "pcm": "PCM",
    "tcm": "TCM",
    "snomed-ct": "SNOMED CT",
    "icd-10-cm": "ICD-10-CM",
    "not_disclosed": "Prefers not to say",
    "nonbinary": "Non-binary",
    "primary_care_provider": "Primary care provider",
    "all_health_information": "All health information",
    "staff": "Practice staff",
    "external": "Outside provider",
}


def label(code: str) -> str:
    return WORDS.get(code, code.replace("_", " ").capitalize())
