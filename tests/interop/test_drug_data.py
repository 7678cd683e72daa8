"""The bundled drug data: it loads, fast lookups answer as a nurse expects, and a damaged file is never an
empty table."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from carecoord_desktop.domain.drug_vocabulary import EntryKind
from carecoord_desktop.interop import drug_data
from carecoord_desktop.interop.drug_data import (
    DrugDataUnavailable,
    interactions_or_none,
    load_allergy_classes,
    load_default_high_alert,
    load_interactions,
    load_vocabulary,
)
from tests.sample_data import shared_data


def test_type_ahead_finds_ingredients_brands_and_products_best_first() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.search("warf")[0].name == "warfarin"
    coumadin = vocabulary.search("Couma")[0]
    assert (coumadin.name, coumadin.kind, coumadin.ingredients) == (
        "Coumadin",
        EntryKind.BRAND,
        ("warfarin",),
    )
    assert vocabulary.search("aleve")[0].ingredients == ("naproxen",)
    found = vocabulary.search("metoprolol succ", 3)
    assert found[0].name == "metoprolol succinate" and found[0].ingredients == ("metoprolol",)
    assert any(entry.kind is EntryKind.CLINICAL_DRUG for entry in found)
    assert vocabulary.search("tyl")[0].name == "tylenol", (
        "a medicine of the bundled products before a rare name"
    )
    assert vocabulary.search("   ") == []


def test_codes_and_names_resolve_to_rxnorm_ingredients_without_the_salt() -> None:
    vocabulary = load_vocabulary()
    warfarin = vocabulary.by_rxcui("855332")
    assert warfarin is not None and warfarin.ingredients == ("warfarin",) and warfarin.form == "oral tablet"
    donepezil_memantine = vocabulary.by_rxcui("1599803")
    assert donepezil_memantine is not None and donepezil_memantine.ingredients == ("donepezil", "memantine")
    assert vocabulary.ingredient("Naproxen Sodium") == "naproxen"
    assert vocabulary.ingredient("tylenol") == "acetaminophen"
    assert vocabulary.by_rxcui("99999999") is None


def test_the_interaction_table_is_the_fifteen_onc_pairs_and_the_listed_extras() -> None:
    table = load_interactions()
    ids = [rule.id for rule in table.rules]
    assert ids[:15] == [f"onc-{n}" for n in range(1, 16)]
    assert len(ids) == 25
    assert all(rule.source for rule in table.rules)
    assert [r.id for r in table.between("warfarin", "naproxen")] == ["extra-1"]
    assert table.between("warfarin", "aspirin") == [], "aspirin is not counted among the NSAIDs"
    assert [r.id for r in table.between("sertraline", "ibuprofen")] == ["extra-6"], "SSRIs are ONC row 4"
    assert [r.id for r in table.between("haloperidol", "ondansetron")] == ["onc-8"], "row 8: any two agents"
    assert table.between("amiodarone", "amiodarone") == []


def test_class_tables_and_high_alert_defaults() -> None:
    classes = load_allergy_classes()
    sulfa = classes.named("sulfa")
    assert sulfa is not None and "sulfamethoxazole" in sulfa.drug_class
    assert any(c.id == "nsaids" for c in classes.duplication_classes())
    high_alert = load_default_high_alert()
    assert {c.id for c in high_alert.classes} == {
        "anticoagulants",
        "insulins",
        "opioids",
        "oral_hypoglycaemics",
        "digoxin",
        "methotrexate",
    }
    match = high_alert.match(["insulin glargine"])
    assert match is not None and match.id == "insulins"
    assert high_alert.match(["amlodipine"]) is None


@pytest.fixture
def damaged_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "drugs"
    folder.mkdir()
    monkeypatch.setattr(drug_data, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    for loader in (load_interactions, load_vocabulary, load_allergy_classes, load_default_high_alert):
        loader.cache_clear()
    yield folder
    for loader in (load_interactions, load_vocabulary, load_allergy_classes, load_default_high_alert):
        loader.cache_clear()


@pytest.mark.parametrize(
    "content",
    [None, "{not json", '{"format": 1, "classes": {}, "pairs": []}', '{"format": 99}', '{"format": 1}'],
)
def test_a_missing_or_damaged_table_is_unavailable_never_empty(
    damaged_resources: Path, content: str | None
) -> None:
    if content is not None:
        (damaged_resources / "interactions.json").write_text(content, encoding="utf-8")
    with pytest.raises(DrugDataUnavailable) as caught:
        load_interactions()
    assert "reinstall" in str(caught.value) or "format" in str(caught.value)
    assert interactions_or_none() is None


def test_the_onc_pairs_are_exactly_the_csv_rows() -> None:
    """Each shipped ONC pair has the CSV row's members on each side (row 8: both lists as one class)."""
    with shared_data("ddi", "onc_high_priority_pairs.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rules = {rule.id: rule for rule in load_interactions().rules}
    assert len(rows) == 15
    for row in rows:
        rule = rules[f"onc-{row['pair']}"]

        def names(cell: str) -> set[str]:
            return {item.split(":", 1)[0].lower() for item in cell.split(";") if item}

        obj, precipitant = names(row["object_ingredients"]), names(row["precipitant_ingredients"])
        if row["pair"] == "8":
            assert rule.a.members == rule.b.members == obj | precipitant
        else:
            assert (rule.a.members, rule.b.members) == (obj, precipitant)
        assert rule.source.endswith(f"pair {row['pair']}")
