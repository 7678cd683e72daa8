"""The default condition templates: complete in English and Spanish, measurable, with red flags."""

from __future__ import annotations

import re

import pytest

from carecoord_desktop.domain.care_plan_templates import CarePlanTemplate, for_problems
from carecoord_desktop.storage.care_plan_templates_repo import default_templates

TEMPLATES = default_templates()


def test_the_five_conditions_ship_as_templates() -> None:
    assert [t.key for t in TEMPLATES] == ["copd", "depression", "diabetes", "heart_failure", "hypertension"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_spanish_matches_english_item_for_item(template: CarePlanTemplate) -> None:
    en, es = template.text["en"], template.text["es"]
    for name in ("goals", "interventions", "symptom_management", "education", "call_us_if", "call_911_if"):
        assert len(getattr(en, name)) == len(getattr(es, name)), name
    assert [g.due_in_months for g in en.goals] == [g.due_in_months for g in es.goals]
    assert [i.responsible for i in en.interventions] == [i.responsible for i in es.interventions]
    assert en.name != es.name or en.name == "COPD"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_every_template_has_measurable_goals_and_both_kinds_of_red_flag(template: CarePlanTemplate) -> None:
    for text in template.text.values():
        assert text.goals and all(g.measure and g.target for g in text.goals)
        assert text.interventions and text.education
        call_us, call_911 = text.red_flags
        assert call_us and call_911


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_english_wording_stays_short_for_a_patient(template: CarePlanTemplate) -> None:
    """A rough plain-language check: short sentences and few long words (about a 6th-grade level)."""
    en = template.text["en"]
    lines = [*en.symptom_management, *en.education, *en.call_us_if, *en.call_911_if]
    sentences = [s for line in lines for s in re.split(r"[.!?:]\s", line) if s.strip()]
    words = [w for s in sentences for w in re.findall(r"[A-Za-z]+", s)]
    assert sum(len(re.findall(r"[A-Za-z]+", s)) for s in sentences) / len(sentences) <= 16
    long_words = [w for w in words if len(w) >= 11]
    assert len(long_words) / len(words) < 0.05, long_words


def test_templates_fit_problems_by_icd10_code_or_by_name() -> None:
    assert [t.key for t in for_problems(TEMPLATES, ["E11.9", "I50.22"])] == ["diabetes", "heart_failure"]
    assert [t.key for t in for_problems(TEMPLATES, [None], ["COPD"])] == ["copd"]
    assert for_problems(TEMPLATES, ["M54.5"], ["Low back pain"]) == []


def test_a_template_without_english_or_with_a_bad_code_is_refused() -> None:
    with pytest.raises(ValueError, match="English"):
        CarePlanTemplate.model_validate({"key": "gout", "text": {"es": {"name": "Gota"}}})
    with pytest.raises(ValueError, match="ICD-10-CM"):
        CarePlanTemplate.model_validate(
            {"key": "gout", "condition_codes": "gout", "text": {"en": {"name": "Gout"}}}
        )
