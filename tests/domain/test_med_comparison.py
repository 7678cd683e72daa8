"""The comparison engine against domain.md 1.4, with the shipped tables: one case per discrepancy type, the
cases that must NOT be flagged, and properties over generated lists."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecoord_desktop.domain.med_comparison import (
    BETWEEN_LISTS,
    Comparison,
    DiscrepancyType,
    Finding,
    SourceKind,
    SourceList,
    check_list,
    compare,
)
from carecoord_desktop.domain.medications import Frequency, Medication, MedicationStatus
from carecoord_desktop.interop.drug_data import (
    load_allergy_classes,
    load_default_high_alert,
    load_interactions,
)

T = DiscrepancyType
DAY = date(2026, 11, 27)


def med(display: str, *ingredients: str, **fields: Any) -> Medication:
    return Medication(display=display, ingredients=list(ingredients), **fields)


WARFARIN = med("Coumadin 5 mg tablet", "warfarin", dose="1 tablet", route="by mouth", frequency="once_daily")


def source(kind: SourceKind, *medications: Medication) -> SourceList:
    return SourceList(kind, "Mercy Hospital", DAY, tuple(medications))


def run(
    current: list[Medication], *sources: SourceList, allergies: tuple[str, ...] = (), table: bool = True
) -> Comparison:
    return compare(
        current,
        list(sources),
        allergies=allergies,
        interactions=load_interactions() if table else None,
        high_alert=load_default_high_alert(),
        allergy_classes=load_allergy_classes(),
    )


def only(comparison: Comparison, kind: DiscrepancyType) -> list[Finding]:
    return [f for f in comparison.findings if f.type is kind]


DISCHARGE = SourceKind.HOSPITAL_DISCHARGE


@pytest.mark.parametrize(
    ("current", "discharge", "kind", "ingredients", "sentence"),
    [
        (
            [WARFARIN],
            [],
            T.OMISSION,
            ("warfarin",),
            "Warfarin is on the current list but missing from the hospital discharge list.",
        ),
        (
            [WARFARIN],
            [
                WARFARIN.model_copy(
                    update={"status": MedicationStatus.STOPPED, "stopped_on": DAY, "stop_reason": "bleed"}
                )
            ],
            T.OMISSION,
            ("warfarin",),
            "Warfarin is on the current list but the hospital discharge list stops it (bleed).",
        ),
        (
            [WARFARIN],
            [WARFARIN, med("Amiodarone 200 mg tablet", "amiodarone")],
            T.COMMISSION,
            ("amiodarone",),
            "Amiodarone is on the hospital discharge list but not on the current list.",
        ),
        (
            [WARFARIN],
            [WARFARIN.model_copy(update={"display": "Warfarin 2.5 mg tablet"})],
            T.DOSE,
            ("warfarin",),
            "The strength of warfarin differs: 5 mg on the current list; 2.5 mg on the hospital discharge list.",
        ),
        (
            [WARFARIN],
            [WARFARIN.model_copy(update={"dose": "2 tablets"})],
            T.DOSE,
            ("warfarin",),
            "The dose of warfarin differs: 1 tablet on the current list; 2 tablet on the hospital discharge list.",
        ),
        (
            [WARFARIN],
            [WARFARIN.model_copy(update={"frequency": Frequency.TWICE_DAILY})],
            T.FREQUENCY,
            ("warfarin",),
            "The frequency of warfarin differs: once a day on the current list; twice a day on the hospital "
            "discharge list.",
        ),
        (
            [med("Furosemide 40 mg tablet", "furosemide", route="PO")],
            [med("Furosemide 40 mg", "furosemide", route="IV")],
            T.ROUTE,
            ("furosemide",),
            "The route of furosemide differs: by mouth on the current list; into a vein on the hospital "
            "discharge list.",
        ),
        (
            [med("Metoprolol tartrate 50 mg tablet", "metoprolol")],
            [med("24 HR metoprolol succinate 50 MG Extended Release Oral Tablet", "metoprolol")],
            T.FORMULATION,
            ("metoprolol",),
            "The form of metoprolol differs: tablet on the current list; extended-release tablet on the hospital "
            "discharge list.",
        ),
    ],
)
def test_each_between_list_discrepancy_is_found_and_said_plainly(
    current: list[Medication],
    discharge: list[Medication],
    kind: DiscrepancyType,
    ingredients: tuple[str, ...],
    sentence: str,
) -> None:
    comparison = run(current, source(DISCHARGE, *discharge))
    found = only(comparison, kind)
    assert [(f.ingredients, f.explanation) for f in found] == [(ingredients, sentence)]


@pytest.mark.parametrize(
    ("current", "discharge", "why"),
    [
        (
            [med("Warfarin 5 mg", "warfarin", route="PO", dose="one tablet")],
            [
                med(
                    "Warfarin Sodium 5.0 MG Oral Tablet",
                    "warfarin",
                    route="Oral route (qualifier value)",
                    dose="1 tablet",
                )
            ],
            "spelling of the same dose, route and strength",
        ),
        (
            [med("Fish oil 1000 mg caps", kind="supplement")],
            [med("fish oil", kind="supplement")],
            "an uncoded entry lines up by its words",
        ),
        (
            [med("Fluticasone 50 mcg nasal spray", "fluticasone")],
            [
                med("Fluticasone 50 mcg nasal spray", "fluticasone"),
                med("Flovent inhaler", "fluticasone", kind="inhaler"),
            ],
            "a nose spray and an inhaler of one ingredient are two medicines (the inhaler is new, not a change)",
        ),
    ],
)
def test_what_is_not_a_discrepancy(current: list[Medication], discharge: list[Medication], why: str) -> None:
    comparison = run(current, source(DISCHARGE, *discharge))
    kinds = {f.type for f in comparison.findings} - {T.COMMISSION}
    assert kinds == set(), why


def test_several_sources_merge_into_one_sentence_in_a_fixed_order() -> None:
    comparison = run(
        [WARFARIN, med("Lisinopril 10 mg tablet", "lisinopril")],
        source(SourceKind.PILL_BOTTLES, WARFARIN),
        source(DISCHARGE, WARFARIN),
        source(SourceKind.INTERVIEW, WARFARIN),
    )
    assert [f.explanation for f in comparison.findings] == [
        "Lisinopril is on the current list but missing from the patient/caregiver interview, the pill bottles "
        "and the hospital discharge list."
    ]
    (line,) = [line for line in comparison.lines if line.key == "lisinopril"]
    assert line.by_source == {0: None, 1: None, 2: None}
    assert line.discrepancies == comparison.findings


def test_without_a_current_list_sources_are_compared_with_each_other() -> None:
    comparison = run([], source(SourceKind.INTERVIEW, WARFARIN), source(SourceKind.PILL_BOTTLES))
    assert [f.explanation for f in comparison.findings] == [
        "Warfarin is on the patient/caregiver interview but missing from the pill bottles."
    ]


def test_duplication_of_an_ingredient_and_of_a_class_within_one_list() -> None:
    current = [
        med("Tylenol 500 mg", "acetaminophen", frequency="as_needed"),
        med("Vicodin 5/300.", "acetaminophen", "hydrocodone"),
        med("Advil 200 mg", "ibuprofen"),
        med("Aleve 220 mg", "naproxen"),
        med("Aspirin 81 mg", "aspirin"),
    ]
    found = [(f.ingredients, f.explanation) for f in only(run(current), T.DUPLICATION)]
    assert found == [
        (
            ("acetaminophen",),
            "Acetaminophen is in two medicines on the current list: Tylenol 500 mg and Vicodin 5/300.",
        ),
        (("ibuprofen", "naproxen"), "Ibuprofen and naproxen are both NSAIDs, on the current list."),
    ]


@pytest.mark.parametrize(
    ("ingredients", "rule_source"),
    [
        (("naproxen", "warfarin"), "Additional well-established pair"),
        (
            ("simvastatin", "verapamil"),
            "ONC high-priority DDI list (Phansalkar et al., JAMIA 2012;19:735-43), pair 11",
        ),
        (("haloperidol", "ondansetron"), "pair 8"),
        (("clonazepam", "oxycodone"), "Additional well-established pair"),
        (("fluoxetine", "phenelzine"), "pair 4"),
    ],
)
def test_interactions_between_two_active_medicines_name_their_source(
    ingredients: tuple[str, str], rule_source: str
) -> None:
    first, second = ingredients
    comparison = run([med(first.title(), first)], source(DISCHARGE, med(second.title(), second)))
    (finding,) = only(comparison, T.INTERACTION)
    assert finding.ingredients == ingredients
    assert finding.source is not None and rule_source in finding.source
    assert finding.explanation.startswith(f"{first.capitalize()} and {second} taken together: ")
    assert comparison.interactions_checked


@pytest.mark.parametrize(
    ("medications", "why"),
    [
        ([med("Aspirin 81 mg", "aspirin"), WARFARIN], "aspirin is not counted among the NSAIDs"),
        ([med("Combination", "warfarin", "naproxen")], "a pair needs two different medicines"),
        (
            [med("Amiodarone", "amiodarone"), med("Amiodarone IV", "amiodarone", route="IV")],
            "one ingredient twice",
        ),
        (
            [WARFARIN, med("Naproxen", "naproxen", status="stopped", stopped_on=DAY, stop_reason="GI upset")],
            "a stopped medicine does not interact",
        ),
    ],
)
def test_what_is_not_an_interaction(medications: list[Medication], why: str) -> None:
    assert only(run(medications), T.INTERACTION) == [], why


def test_without_the_table_interaction_checking_is_reported_off_not_clean() -> None:
    comparison = run([WARFARIN, med("Aleve", "naproxen")], table=False)
    assert not comparison.interactions_checked
    assert only(comparison, T.INTERACTION) == []


@pytest.mark.parametrize(
    ("allergy", "medication", "sentence"),
    [
        (
            "Naproxen sodium",
            med("Aleve", "naproxen"),
            "The patient is allergic to naproxen sodium, and this medicine contains naproxen.",
        ),
        (
            "Sulfa drugs",
            med("Bactrim DS", "sulfamethoxazole", "trimethoprim"),
            "The patient is allergic to sulfa drugs; sulfamethoxazole is one of the sulfonamide antibiotics.",
        ),
        (
            "Allergy to amoxicillin",
            med("Ampicillin 500 mg", "ampicillin"),
            "Ampicillin is in the same class (penicillins) as amoxicillin, which the patient is allergic to.",
        ),
        (
            "codeine",
            med("Percocet", "acetaminophen", "oxycodone"),
            "Oxycodone is in the same class (opioids) as codeine, which the patient is allergic to.",
        ),
        (
            "penicillin",
            med("Penicillin VK 500 mg"),
            "The patient is allergic to penicillin, and Penicillin VK 500 mg names it.",
        ),
    ],
)
def test_allergy_conflicts(allergy: str, medication: Medication, sentence: str) -> None:
    assert [f.explanation for f in only(run([medication], allergies=(allergy,)), T.ALLERGY)] == [sentence]


def test_no_allergy_conflict_across_unrelated_classes() -> None:
    assert only(run([med("Cephalexin", "cephalexin")], allergies=("Sulfa", "peanuts")), T.ALLERGY) == []


def test_high_alert_lines_are_marked_with_their_class() -> None:
    comparison = run([WARFARIN, med("Lantus", "insulin glargine"), med("Lisinopril", "lisinopril")])
    marks = {line.key: line.high_alert_class for line in comparison.lines}
    assert marks == {"warfarin": "anticoagulants", "insulin glargine": "insulins", "lisinopril": None}


def test_check_list_reports_only_interactions_duplications_and_allergies_of_active_medicines() -> None:
    findings = check_list(
        [
            WARFARIN,
            med("Aleve", "naproxen"),
            med("Advil", "ibuprofen", status="on_hold", hold_reason="surgery"),
        ],
        allergies=("warfarin",),
        interactions=load_interactions(),
        allergy_classes=load_allergy_classes(),
    )
    assert [(f.type, f.ingredients) for f in findings] == [
        (T.INTERACTION, ("naproxen", "warfarin")),
        (T.ALLERGY, ("warfarin",)),
    ]


# ---------------------------------------------------------------------------------------------- properties

POOL = [
    ("warfarin",),
    ("naproxen",),
    ("ibuprofen",),
    ("sertraline",),
    ("digoxin",),
    ("verapamil",),
    ("simvastatin",),
    ("amiodarone",),
    ("metoprolol",),
    ("acetaminophen",),
    ("acetaminophen", "hydrocodone"),
    ("haloperidol",),
    ("ondansetron",),
    ("amoxicillin",),
    (),
]


@st.composite
def entries(draw: st.DrawFn) -> Medication:
    ingredients = draw(st.sampled_from(POOL))
    status = draw(st.sampled_from(list(MedicationStatus)))
    extra: dict[str, Any] = {}
    if status is MedicationStatus.ON_HOLD:
        extra = {"hold_reason": "procedure"}
    elif status is MedicationStatus.STOPPED:
        extra = {"stopped_on": DAY, "stop_reason": draw(st.sampled_from(["finished", "side effects"]))}
    name = " ".join(ingredients).title() or "Herbal tea"
    return Medication(
        display=draw(st.sampled_from([name, f"{name} (brand)"])),
        ingredients=list(ingredients),
        strength=draw(st.sampled_from([None, "5 mg", "10 mg"])),
        dose=draw(st.sampled_from([None, "1 tablet", "2 tablets"])),
        route=draw(st.sampled_from([None, "PO", "IV"])),
        frequency=draw(st.sampled_from([None, "once_daily", "twice_daily"])),
        status=status,
        **extra,
    )


lists = st.lists(entries(), max_size=6)
source_lists = st.lists(
    st.builds(
        lambda kind, meds: SourceList(kind, "someone", DAY, tuple(meds)),
        st.sampled_from(list(SourceKind)),
        lists,
    ),
    max_size=4,
)


def _facts(comparison: Comparison) -> list[tuple[object, ...]]:
    return [(f.type, f.ingredients, f.explanation, f.source, f.line_keys) for f in comparison.findings]


@settings(max_examples=60, deadline=None)
@given(current=lists, sources=source_lists, data=st.data())
def test_the_order_of_sources_never_changes_the_findings(
    current: list[Medication], sources: list[SourceList], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(sources))
    assert _facts(run(current, *sources, allergies=("codeine",))) == _facts(
        run(current, *shuffled, allergies=("codeine",))
    )


@settings(max_examples=60, deadline=None)
@given(medications=lists, kind=st.sampled_from(list(SourceKind)))
def test_a_list_reconciled_against_itself_has_no_discrepancy(
    medications: list[Medication], kind: SourceKind
) -> None:
    comparison = run(medications, SourceList(kind, "same", DAY, tuple(medications)))
    assert [f for f in comparison.findings if f.type in BETWEEN_LISTS] == []


@settings(max_examples=60, deadline=None)
@given(current=lists, sources=source_lists)
def test_every_finding_names_ingredients_on_an_active_list(
    current: list[Medication], sources: list[SourceList]
) -> None:
    comparison = run(current, *sources, allergies=("sulfa", "amoxicillin"))
    every = [*current, *(m for s in sources for m in s.medications)]
    active = {i for m in every if m.status is not MedicationStatus.STOPPED for i in m.ingredients}
    taking = {i for m in every if m.status is MedicationStatus.ACTIVE for i in m.ingredients}
    for finding in comparison.findings:
        pool = taking if finding.type in (T.INTERACTION, T.ALLERGY, T.DUPLICATION) else active
        assert set(finding.ingredients) <= pool, finding
