"""The drug tables the comparison engine reads: classes of ingredients, interaction pairs, the classes used for
allergy and duplication checks, and the practice's high-alert list.

Pure data: interop/drug_data.py builds them from resources/drugs/; a practice's own pairs and high-alert edits
are added through the constructors here. None of this is a complete interaction database (docs/medications.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from carecoord_desktop.domain.medications import normalize_ingredient

PRACTICE_SOURCE = "Added by the practice"


@dataclass(frozen=True)
class DrugClass:
    """A named set of ingredients ("NSAIDs"). ``contains`` catches families named by a word ("insulin ...")."""

    id: str
    label: str
    members: frozenset[str]
    source: str = ""
    contains: tuple[str, ...] = ()

    def __contains__(self, ingredient: object) -> bool:
        if not isinstance(ingredient, str):
            return False
        return ingredient in self.members or any(word in ingredient for word in self.contains)

    @classmethod
    def of(cls, id: str, label: str, members: Iterable[str], source: str = "") -> DrugClass:
        return cls(id, label, frozenset(normalize_ingredient(m) for m in members), source)

    @classmethod
    def from_data(cls, id: str, data: Mapping[str, Any]) -> DrugClass:
        return cls(
            id=id,
            label=str(data["label"]),
            members=frozenset(normalize_ingredient(str(m)) for m in data["members"]),
            source=str(data.get("source", "")),
            contains=tuple(str(word) for word in data.get("contains", ())),
        )


@dataclass(frozen=True)
class InteractionRule:
    """One pair: any ingredient of ``a`` with a different ingredient of ``b`` (``a`` may be ``b``: ONC row 8)."""

    id: str
    a: DrugClass
    b: DrugClass
    consequence: str
    source: str
    practice_added: bool = False

    def matches(self, first: str, second: str) -> bool:
        if first == second:
            return False
        return (first in self.a and second in self.b) or (second in self.a and first in self.b)

    @classmethod
    def practice_pair(cls, first: str, second: str, consequence: str) -> InteractionRule:
        """A pair a practice added in Admin: two ingredients, marked as practice-added."""
        a, b = normalize_ingredient(first), normalize_ingredient(second)
        return cls(
            id=f"practice:{a}+{b}",
            a=DrugClass.of(a, a, [a]),
            b=DrugClass.of(b, b, [b]),
            consequence=consequence,
            source=PRACTICE_SOURCE,
            practice_added=True,
        )


@dataclass(frozen=True)
class InteractionTable:
    rules: tuple[InteractionRule, ...]

    def between(self, first: str, second: str) -> list[InteractionRule]:
        return [rule for rule in self.rules if rule.matches(first, second)]

    def with_practice_pairs(self, pairs: Sequence[InteractionRule]) -> InteractionTable:
        return InteractionTable(self.rules + tuple(pairs))


@dataclass(frozen=True)
class ClassUse:
    """A class used by the allergy and duplication checks; ``allergy_names`` are words meaning "allergic to the
    whole class" ("sulfa", "penicillin")."""

    drug_class: DrugClass
    allergy_names: frozenset[str] = frozenset()
    duplication: bool = False


@dataclass(frozen=True)
class AllergyClassTable:
    """Drug classes for allergy conflicts (an allergy to a class, or to one member) and therapeutic
    duplication (two members on one list)."""

    classes: tuple[ClassUse, ...]
    _by_name: dict[str, ClassUse] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {name: use for use in self.classes for name in use.allergy_names}
        object.__setattr__(self, "_by_name", by_name)

    def named(self, allergen: str) -> ClassUse | None:
        """The class an allergy's words name ("Sulfa drugs" -> sulfonamide antibiotics), if any."""
        return self._by_name.get(allergen)

    def allergy_classes_of(self, ingredient: str) -> list[ClassUse]:
        return [use for use in self.classes if use.allergy_names and ingredient in use.drug_class]

    def duplication_classes(self) -> list[DrugClass]:
        return [use.drug_class for use in self.classes if use.duplication]


@dataclass(frozen=True)
class HighAlertList:
    """The practice's high-alert medicines (default: anticoagulants, insulins, opioids, oral hypoglycaemics,
    digoxin, methotrexate); a practice edits it in Admin."""

    classes: tuple[DrugClass, ...]

    def match(self, ingredients: Iterable[str]) -> DrugClass | None:
        for ingredient in ingredients:
            for drug_class in self.classes:
                if ingredient in drug_class:
                    return drug_class
        return None


NO_HIGH_ALERT = HighAlertList(())
NO_CLASSES = AllergyClassTable(())
