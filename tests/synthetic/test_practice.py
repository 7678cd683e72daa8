"""The synthetic practice: deterministic, valid as generated, and shaped like a real adult primary-care panel."""

from __future__ import annotations

import random
import re
import statistics
import unicodedata
from collections import Counter
from datetime import date

import pytest

from carecoord_desktop.domain.clinical_summary import CodeSystem, RiskTier, normalize_code
from carecoord_desktop.domain.contact import normalize_phone
from carecoord_desktop.domain.patients import CareProgram, Patient, PatientStatus, age_on
from carecoord_desktop.domain.validation import DEFAULT_MRN_PATTERN, PatientRules
from carecoord_desktop.synthetic import data as synthetic_data
from carecoord_desktop.synthetic.practice import SyntheticStaff, generate_patients, validated

AS_OF = date(2026, 1, 15)
STAFF = SyntheticStaff(pcp_ids=(11, 12, 13), coordinator_ids=(21, 22))
SEED = 20260115
PANEL_SIZE = 4000


@pytest.fixture(scope="module")
def panel() -> list[Patient]:
    return list(generate_patients(PANEL_SIZE, SEED, STAFF, as_of=AS_OF))


def dumps(patients: list[Patient]) -> list[dict[str, object]]:
    return [patient.model_dump() for patient in patients]


def scripts(text: str) -> set[str]:
    """The scripts of the letters in ``text``, by Unicode name prefix (LATIN, CJK, CYRILLIC, ARABIC, HANGUL)."""
    return {unicodedata.name(char).split()[0] for char in text if char.isalpha()}


# ---------------------------------------------------------------------------------------------- determinism


def test_same_seed_same_practice(panel: list[Patient]) -> None:
    again = list(generate_patients(PANEL_SIZE, SEED, STAFF, as_of=AS_OF))
    assert dumps(again) == dumps(panel)


def test_different_seeds_differ(panel: list[Patient]) -> None:
    other = list(generate_patients(200, SEED + 1, STAFF, as_of=AS_OF))
    assert [p.mrn for p in other] != [p.mrn for p in panel[:200]]
    assert sum(a.display_name == b.display_name for a, b in zip(other, panel, strict=False)) < 20


def test_a_smaller_run_is_a_prefix_of_a_larger_one(panel: list[Patient]) -> None:
    assert dumps(list(generate_patients(300, SEED, STAFF, as_of=AS_OF))) == dumps(panel[:300])


def test_global_random_state_is_left_alone() -> None:
    random.seed(99)
    before = random.getstate()
    list(generate_patients(50, SEED, STAFF, as_of=AS_OF))
    assert random.getstate() == before


def test_zero_patients_and_bad_counts() -> None:
    assert list(generate_patients(0, SEED, STAFF, as_of=AS_OF)) == []
    with pytest.raises(ValueError, match="between 0 and"):
        list(generate_patients(-1, SEED, STAFF, as_of=AS_OF))


# ---------------------------------------------------------------------------------------------- validity


def test_every_generated_record_passes_full_validation(panel: list[Patient]) -> None:
    rules = PatientRules(today=AS_OF)
    for patient in panel[:1500]:
        assert validated(patient, rules) == patient, patient.mrn


def test_validate_flag_yields_the_same_records(panel: list[Patient]) -> None:
    checked = list(generate_patients(200, SEED, STAFF, as_of=AS_OF, validate=True))
    assert dumps(checked) == dumps(panel[:200])


def test_records_serialize_to_json_and_back(panel: list[Patient]) -> None:
    rules = PatientRules(today=AS_OF)
    for patient in panel[:200]:
        assert Patient.model_validate_json(patient.model_dump_json(), context=rules.context()) == patient


def test_default_as_of_is_today() -> None:
    today = date.today()
    for patient in generate_patients(100, SEED, STAFF):
        assert validated(patient, PatientRules(today=today)) == patient


def test_mrns_are_unique_and_well_formed() -> None:
    mrns = [patient.mrn for patient in generate_patients(20_000, SEED, STAFF, as_of=AS_OF)]
    assert len(set(mrns)) == len(mrns)
    assert all(re.fullmatch(DEFAULT_MRN_PATTERN, mrn) and len(mrn) == 8 for mrn in mrns)


@pytest.mark.parametrize("condition", synthetic_data.CONDITIONS, ids=lambda condition: condition.key)
def test_condition_codes_are_well_formed(condition: synthetic_data.ChronicCondition) -> None:
    assert normalize_code(CodeSystem.ICD_10_CM, condition.icd10) == condition.icd10
    assert normalize_code(CodeSystem.SNOMED_CT, condition.snomed) == condition.snomed


def test_phone_numbers_are_fictional(panel: list[Patient]) -> None:
    numbers = [number for patient in panel for number in patient.phones.numbers().values()]
    numbers += [c.phone for patient in panel for c in patient.contact.caregivers if c.phone]
    numbers += [m.phone for patient in panel for m in patient.care_team if m.phone]
    assert numbers
    for number in numbers:
        assert re.fullmatch(r"\+1[2-9]\d{2}55501\d{2}(;ext=\d+)?", number), number
        assert normalize_phone(number) == number


def test_emails_use_reserved_domains(panel: list[Patient]) -> None:
    emails = [patient.email for patient in panel if patient.email]
    assert len(emails) > PANEL_SIZE * 0.3
    assert all(re.fullmatch(r"[a-z0-9.]+@example\.(com|org|net)", email) for email in emails)


# ---------------------------------------------------------------------------------------------- realism


def test_age_mix_leans_older(panel: list[Patient]) -> None:
    ages = [age_on(patient.date_of_birth, AS_OF) for patient in panel]
    assert min(ages) >= 18
    assert max(ages) <= 100
    assert 0.30 <= sum(age >= 65 for age in ages) / len(ages) <= 0.45
    assert 0.10 <= sum(age < 35 for age in ages) / len(ages) <= 0.25
    assert sum(age >= 85 for age in ages) > 0
    assert 48 <= statistics.median(ages) <= 62


def test_names_mix_accents_and_non_latin_scripts(panel: list[Patient]) -> None:
    name_scripts = [scripts(patient.given_name + patient.family_name) for patient in panel]
    for script in ("LATIN", "CJK", "CYRILLIC", "ARABIC", "HANGUL"):
        assert any(script in found for found in name_scripts), script
    non_latin = sum(found != {"LATIN"} for found in name_scripts) / len(panel)
    assert 0.02 <= non_latin <= 0.10
    accented = sum(
        not (patient.given_name + patient.family_name).isascii() and found == {"LATIN"}
        for patient, found in zip(panel, name_scripts, strict=True)
    )
    assert accented / len(panel) >= 0.15
    plain_english = sum((patient.given_name + patient.family_name).isascii() for patient in panel) / len(
        panel
    )
    assert plain_english >= 0.6


def test_languages_and_interpreters(panel: list[Patient]) -> None:
    languages = Counter(patient.preferred_language for patient in panel)
    assert languages.most_common(2)[0][0] == "en"
    assert languages.most_common(2)[1][0] == "es"
    assert {"zh", "vi", "ru", "ar", "ko"} <= set(languages)
    for patient in panel:
        if patient.interpreter_needed:
            assert patient.preferred_language != "en"


def test_chronic_conditions_rise_with_age(panel: list[Patient]) -> None:
    def share_with(condition: str, ages: range) -> float:
        group = [p for p in panel if age_on(p.date_of_birth, AS_OF) in ages]
        return sum(any(problem.text == condition for problem in p.clinical.problems) for p in group) / len(
            group
        )

    assert share_with("Essential hypertension", range(75, 101)) > 0.5
    assert share_with("Essential hypertension", range(18, 40)) < 0.15
    assert share_with("Congestive heart failure", range(75, 101)) > share_with(
        "Congestive heart failure", range(18, 60)
    )
    coded = [problem for patient in panel for problem in patient.clinical.problems]
    systems = Counter(problem.code_system for problem in coded)
    assert systems[CodeSystem.ICD_10_CM] > systems[CodeSystem.SNOMED_CT] > systems[None] > 0


def test_risk_tier_follows_condition_count(panel: list[Patient]) -> None:
    counts: dict[RiskTier, list[int]] = {tier: [] for tier in RiskTier}
    for patient in panel:
        risk = patient.clinical.risk_tier
        if risk is not None:
            counts[risk.tier].append(len(patient.clinical.current_problems()))
            assert risk.set_by in STAFF.pcp_ids + STAFF.coordinator_ids
    means = [statistics.mean(counts[tier]) for tier in RiskTier]
    assert means == sorted(means)
    assert all(len(counts[tier]) > 50 for tier in RiskTier)


def test_ccm_only_with_two_chronic_conditions_and_consent(panel: list[Patient]) -> None:
    enrolled = [p for p in panel if any(e.program is CareProgram.CCM for e in p.programs)]
    assert len(enrolled) > PANEL_SIZE * 0.1
    for patient in enrolled:
        assert len(patient.clinical.current_problems()) >= 2
        assert all(e.consent_date is not None for e in patient.programs if e.program.needs_consent)


def test_allergies_are_a_realistic_mix(panel: list[Patient]) -> None:
    with_allergies = sum(bool(p.clinical.allergies) for p in panel) / len(panel)
    no_known = sum(p.clinical.no_known_allergies for p in panel) / len(panel)
    assert 0.25 <= with_allergies <= 0.45
    assert 0.4 <= no_known <= 0.65


def test_caregivers_are_commoner_for_the_oldest(panel: list[Patient]) -> None:
    def share(ages: range) -> float:
        group = [p for p in panel if age_on(p.date_of_birth, AS_OF) in ages]
        return sum(bool(p.contact.caregivers) for p in group) / len(group)

    assert share(range(85, 101)) > 0.5 > 0.15 > share(range(18, 50))


def test_statuses_and_deaths(panel: list[Patient]) -> None:
    statuses = Counter(patient.status for patient in panel)
    assert statuses[PatientStatus.ACTIVE] > PANEL_SIZE * 0.85
    assert all(statuses[status] > 0 for status in PatientStatus)
    for patient in panel:
        assert (patient.date_of_death is not None) == (patient.status is PatientStatus.DECEASED)


def test_staff_assignment_uses_the_given_ids(panel: list[Patient]) -> None:
    pcps = Counter(patient.pcp_id for patient in panel)
    coordinators = Counter(patient.coordinator_id for patient in panel)
    assert set(pcps) == {*STAFF.pcp_ids, None}
    assert set(coordinators) == {*STAFF.coordinator_ids, None}
    assert pcps[None] < PANEL_SIZE * 0.1


def test_no_staff_means_no_assignment() -> None:
    for patient in generate_patients(300, SEED, SyntheticStaff(pcp_ids=()), as_of=AS_OF):
        assert patient.pcp_id is None
        assert patient.coordinator_id is None
        assert patient.clinical.risk_tier is None
        assert all(member.staff_id is None for member in patient.care_team)
