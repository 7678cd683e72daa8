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
    _by_ingredient: dict[str, frozenset[int]] = field(init=False, repr=False, compare=False)
    _by_word: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, set[int]] = {}
        for number, rule in enumerate(self.rules):
            for ingredient in rule.a.members | rule.b.members:
                index.setdefault(ingredient, set()).add(number)
        by_word = tuple(n for n, rule in enumerate(self.rules) if rule.a.contains or rule.b.contains)
        object.__setattr__(self, "_by_ingredient", {key: frozenset(value) for key, value in index.items()})
        object.__setattr__(self, "_by_word", by_word)

    def _candidates(self, ingredient: str) -> frozenset[int]:
        found = self._by_ingredient.get(ingredient, frozenset())
        return found | {
            n for n in self._by_word if ingredient in self.rules[n].a or ingredient in self.rules[n].b
        }

    def involves(self, ingredient: str) -> bool:
        """True when some pair names this ingredient (a quick filter before :meth:`between`)."""
        return bool(self._candidates(ingredient))

    def between(self, first: str, second: str) -> list[InteractionRule]:
        common = self._candidates(first) & self._candidates(second)
        return [self.rules[n] for n in sorted(common) if self.rules[n].matches(first, second)]

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

    _duplicates_of: dict[str, tuple[DrugClass, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {name: use for use in self.classes for name in use.allergy_names}
        object.__setattr__(self, "_by_name", by_name)
        index: dict[str, list[DrugClass]] = {}
        for use in self.classes:
            if use.duplication:
                for member in use.drug_class.members:
                    index.setdefault(member, []).append(use.drug_class)
        object.__setattr__(self, "_duplicates_of", {key: tuple(value) for key, value in index.items()})

    def named(self, allergen: str) -> ClassUse | None:
        """The class an allergy's words name ("Sulfa drugs" -> sulfonamide antibiotics), if any."""
        return self._by_name.get(allergen)

    def allergy_classes_of(self, ingredient: str) -> list[ClassUse]:
        return [use for use in self.classes if use.allergy_names and ingredient in use.drug_class]

    def duplication_classes(self) -> list[DrugClass]:
        return [use.drug_class for use in self.classes if use.duplication]

    def duplication_classes_of(self, ingredient: str) -> tuple[DrugClass, ...]:
        """The duplication classes an ingredient belongs to (members listed, or a family word it contains)."""
        listed = self._duplicates_of.get(ingredient, ())
        by_word = tuple(
            use.drug_class
            for use in self.classes
            if use.duplication and use.drug_class.contains and ingredient in use.drug_class
        )
        return listed + tuple(c for c in by_word if c not in listed)


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
