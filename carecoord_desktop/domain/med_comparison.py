"""The medication comparison engine (domain.md 1.4): line up the current list and every source list by
ingredient and site, and flag each discrepancy in one sentence a nurse understands.

Pure and deterministic: the same lists in any source order give the same findings. Between-list types
(omission, commission, dose, frequency, route, formulation) compare entries on the same line; duplication is
checked within each list; interactions across the active medicines of all lists; allergy conflicts against the
patient's allergies. The interaction table is not a complete interaction database (docs/medications.md).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import combinations
from typing import Final

from carecoord_desktop.domain.drug_tables import AllergyClassTable, ClassUse, HighAlertList, InteractionTable
from carecoord_desktop.domain.med_normalize import (
    SYSTEMIC,
    dose_of,
    formulation_of,
    how_often_of,
    route_of,
    site_of,
    strength_of,
    text_key,
)
from carecoord_desktop.domain.medications import Medication, MedicationStatus, normalize_ingredient


class SourceKind(StrEnum):
    """Where a source list came from (domain.md 1.2)."""

    INTERVIEW = "interview"
    PILL_BOTTLES = "pill_bottles"
    PATIENT_LIST = "patient_list"
    PRACTICE_EHR = "practice_ehr"
    PHARMACY_FILLS = "pharmacy_fills"
    HOSPITAL_DISCHARGE = "hospital_discharge"
    SPECIALIST_LETTER = "specialist_letter"
    FACILITY_MAR = "facility_mar"

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS: Final = {
    SourceKind.INTERVIEW: "patient/caregiver interview",
    SourceKind.PILL_BOTTLES: "pill bottles",
    SourceKind.PATIENT_LIST: "patient's own list",
    SourceKind.PRACTICE_EHR: "practice EHR list",
    SourceKind.PHARMACY_FILLS: "pharmacy fill history",
    SourceKind.HOSPITAL_DISCHARGE: "hospital discharge list",
    SourceKind.SPECIALIST_LETTER: "specialist letter",
    SourceKind.FACILITY_MAR: "facility MAR",
}
CURRENT_LIST: Final = "current list"
WHERE: Final = "\x00where\x00"  # stands for the lists a merged finding was seen on


@dataclass(frozen=True)
class SourceList:
    kind: SourceKind
    provided_by: str
    obtained_on: date
    medications: tuple[Medication, ...]

    @property
    def label(self) -> str:
        return self.kind.label


class DiscrepancyType(StrEnum):
    OMISSION = "omission"
    COMMISSION = "commission"
    DOSE = "dose"
    FREQUENCY = "frequency"
    ROUTE = "route"
    FORMULATION = "formulation"
    DUPLICATION = "duplication"
    INTERACTION = "interaction"
    ALLERGY = "allergy"


#: The types that compare one list with another; the rest are about the medicines themselves.
BETWEEN_LISTS: Final = frozenset(
    {
        DiscrepancyType.OMISSION,
        DiscrepancyType.COMMISSION,
        DiscrepancyType.DOSE,
        DiscrepancyType.FREQUENCY,
        DiscrepancyType.ROUTE,
        DiscrepancyType.FORMULATION,
    }
)


@dataclass(frozen=True)
class Finding:
    type: DiscrepancyType
    ingredients: tuple[str, ...]
    explanation: str
    #: Where the rule comes from (interactions: the ONC list, the project's reference, or the practice).
    source: str | None
    line_keys: tuple[str, ...]


@dataclass(frozen=True)
class ComparisonLine:
    key: str
    label: str
    current: Medication | None
    #: By position in the ``sources`` given to :func:`compare`; None where that source does not have it.
    by_source: Mapping[int, Medication | None]
    discrepancies: tuple[Finding, ...]
    high_alert: bool
    high_alert_class: str | None = None


@dataclass(frozen=True)
class Comparison:
    lines: tuple[ComparisonLine, ...]
    findings: tuple[Finding, ...]
    #: False when the interaction table could not be loaded: screens and printouts must say checking is off.
    interactions_checked: bool


def line_key(medication: Medication) -> str:
    """What lines entries up: the ingredients (or, uncoded, the words), and the site when not systemic."""
    return _line_key(tuple(medication.ingredients), medication.display, site_of(medication))


@functools.lru_cache(maxsize=4096)
def _line_key(ingredients: tuple[str, ...], display: str, site: str) -> str:
    base = "+".join(sorted(ingredients)) if ingredients else "text:" + text_key(display)
    return base if site == SYSTEMIC else f"{base}@{site}"


@dataclass(frozen=True)
class _List:
    """One list as the engine reads it: its label, its place in the canonical order, its entries."""

    label: str
    order: tuple[int, str]
    entries: tuple[Medication, ...]

    def present(self) -> dict[str, Medication]:
        """Key -> the first entry the patient is on (active or on hold): stopped ones count as absent."""
        found: dict[str, Medication] = {}
        for entry in self.entries:
            if entry.status is not MedicationStatus.STOPPED:
                found.setdefault(line_key(entry), entry)
        return found

    def stopped(self) -> dict[str, Medication]:
        return {line_key(e): e for e in self.entries if e.status is MedicationStatus.STOPPED}


def _join(labels: Sequence[str]) -> str:
    labels = [f"the {label}" for label in labels]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _name(line_entries: Sequence[Medication]) -> str:
    """How a line is named in a sentence: its ingredients, or the words of an uncoded entry."""
    entry = line_entries[0]
    return " + ".join(sorted(entry.ingredients)) if entry.coded else entry.display


class _Findings:
    """Collects findings, merging the same finding seen on several lists into one sentence."""

    def __init__(self) -> None:
        self._items: dict[tuple[object, ...], tuple[DiscrepancyType, tuple[str, ...], tuple[str, ...]]] = {}
        self._where: dict[tuple[object, ...], list[tuple[tuple[int, str], str]]] = defaultdict(list)
        self._say: dict[tuple[object, ...], tuple[str, str | None]] = {}

    def add(
        self,
        identity: tuple[object, ...],
        kind: DiscrepancyType,
        ingredients: Sequence[str],
        line_keys: Sequence[str],
        say: str,
        where: _List | None = None,
        source: str | None = None,
    ) -> None:
        self._items.setdefault(
            identity, (kind, tuple(sorted(set(ingredients))), tuple(sorted(set(line_keys))))
        )
        self._say.setdefault(identity, (say, source))
        if where is not None and (where.order, where.label) not in self._where[identity]:
            self._where[identity].append((where.order, where.label))

    def result(self) -> list[Finding]:
        findings = []
        for identity, (kind, ingredients, keys) in self._items.items():
            say, source = self._say[identity]
            where = (
                _join([label for _, label in sorted(self._where[identity])]) if self._where[identity] else ""
            )
            findings.append(Finding(kind, ingredients, _sentence(say.replace(WHERE, where)), source, keys))
        order = list(DiscrepancyType)
        return sorted(
            findings, key=lambda f: (order.index(f.type), f.line_keys, f.ingredients, f.explanation)
        )


def compare(
    current: Sequence[Medication],
    sources: Sequence[SourceList],
    *,
    allergies: Sequence[str],
    interactions: InteractionTable | None,
    high_alert: HighAlertList,
    allergy_classes: AllergyClassTable,
) -> Comparison:
    """Every line of the comparison with its discrepancies, and all findings (see the module docstring)."""
    source_lists = [
        _List(source.label, (1 + list(SourceKind).index(source.kind), source.provided_by), source.medications)
        for source in sources
    ]
    current_list = _List(CURRENT_LIST, (0, ""), tuple(current))
    every = [current_list, *source_lists]
    present = [lst.present() for lst in every]
    stopped = [lst.stopped() for lst in every]
    keys = sorted({key for found in present for key in found} | {key for found in stopped for key in found})
    findings = _Findings()
    for key in keys:
        _between_lists(key, every, present, stopped, findings)
    for lst in every:
        _duplications(lst, allergy_classes, findings)
    active_lines = _active_lines(every)
    if interactions is not None:
        _interactions(active_lines, interactions, findings)
    _allergies(active_lines, allergies, allergy_classes, findings)
    all_findings = tuple(findings.result())
    lines = []
    for key in keys:
        entries = [found[key] for found in present if key in found] or [s[key] for s in stopped if key in s]
        match = high_alert.match(entries[0].ingredients)
        lines.append(
            ComparisonLine(
                key=key,
                label=entries[0].display,
                current=present[0].get(key) or stopped[0].get(key),
                by_source={
                    i: present[i + 1].get(key) or stopped[i + 1].get(key) for i in range(len(sources))
                },
                discrepancies=tuple(f for f in all_findings if key in f.line_keys),
                high_alert=match is not None,
                high_alert_class=match.label if match is not None else None,
            )
        )
    return Comparison(tuple(lines), all_findings, interactions_checked=interactions is not None)


def _between_lists(
    key: str,
    every: Sequence[_List],
    present: Sequence[dict[str, Medication]],
    stopped: Sequence[dict[str, Medication]],
    findings: _Findings,
) -> None:
    on = [i for i, found in enumerate(present) if key in found]
    if not on:
        return
    entries = [present[i][key] for i in on]
    name, ingredients = _name(entries), entries[0].ingredients
    has_current = bool(present[0])
    if len(every) > 1:
        if has_current and 0 in on:
            for i in range(1, len(every)):
                if i in on:
                    continue
                lst = every[i]
                stop = stopped[i].get(key)
                if stop is not None:
                    why = f" ({stop.stop_reason})" if stop.stop_reason else ""
                    say = f"{name} is on the current list but {WHERE} stops it{why}"
                else:
                    say = f"{name} is on the current list but missing from {WHERE}"
                findings.add(
                    (key, "omission", say),  # the words, not the list, make it one finding: order-free
                    DiscrepancyType.OMISSION,
                    ingredients,
                    [key],
                    say,
                    lst,
                )
        elif has_current:
            for i in on:
                say = f"{name} is on {WHERE} but not on the current list"
                findings.add(
                    (key, "commission"), DiscrepancyType.COMMISSION, ingredients, [key], say, every[i]
                )
        else:
            missing = [every[i] for i in range(1, len(every)) if i not in on]
            having = _join([lbl for _, lbl in sorted((every[i].order, every[i].label) for i in on)])
            for lst in missing:
                say = f"{name} is on {having} but missing from {WHERE}"
                findings.add((key, "omission"), DiscrepancyType.OMISSION, ingredients, [key], say, lst)
    checks: tuple[tuple[DiscrepancyType, str, Callable[[Medication], str | None]], ...] = (
        (DiscrepancyType.DOSE, "strength", strength_of),
        (DiscrepancyType.DOSE, "dose", dose_of),
        (DiscrepancyType.FREQUENCY, "frequency", how_often_of),
        (DiscrepancyType.ROUTE, "route", route_of),
        (DiscrepancyType.FORMULATION, "form", formulation_of),
    )
    for kind, what, value_of in checks:
        values: dict[str, list[tuple[tuple[int, str], str]]] = defaultdict(list)
        for i in on:
            value = value_of(present[i][key])
            if value is not None:
                values[value].append((every[i].order, every[i].label))
        if len(values) < 2:
            continue
        parts = sorted(
            (min(where), value, [lbl for _, lbl in sorted(where)]) for value, where in values.items()
        )
        detail = "; ".join(f"{value} on {_join(labels)}" for _, value, labels in parts)
        text = f"The {what} of {name} differs: {detail}"
        findings.add((key, what), kind, ingredients, [key], text)


def _duplications(lst: _List, classes: AllergyClassTable, findings: _Findings) -> None:
    active = [(line_key(e), e) for e in lst.entries if e.status is MedicationStatus.ACTIVE]
    by_ingredient: dict[tuple[str, str], list[tuple[str, Medication]]] = defaultdict(list)
    for key, entry in active:
        for ingredient in entry.ingredients:
            by_ingredient[(ingredient, site_of(entry))].append((key, entry))
    for (ingredient, _site), holders in sorted(by_ingredient.items()):
        if len(holders) < 2:
            continue
        names = sorted({entry.display for _, entry in holders})
        shown = " and ".join(names) if len(names) > 1 else f"two entries of {names[0]}"
        findings.add(
            ("same", ingredient, tuple(sorted(k for k, _ in holders)), shown),
            DiscrepancyType.DUPLICATION,
            [ingredient],
            [k for k, _ in holders],
            f"{ingredient} is in two medicines on {WHERE}: {shown}",
            lst,
        )
    in_class: dict[str, set[tuple[str, str]]] = defaultdict(set)
    labels: dict[str, str] = {}
    for key, entry in active:
        if site_of(entry) != SYSTEMIC:
            continue
        for ingredient in entry.ingredients:
            for drug_class in classes.duplication_classes_of(ingredient):
                in_class[drug_class.id].add((ingredient, key))
                labels[drug_class.id] = drug_class.label
    for class_id, members in sorted(in_class.items()):
        for (first, key_a), (second, key_b) in combinations(sorted(members), 2):
            if first == second or key_a == key_b:
                continue
            findings.add(
                ("class", class_id, first, second),
                DiscrepancyType.DUPLICATION,
                [first, second],
                [key_a, key_b],
                f"{first} and {second} are both {labels[class_id]}, on {WHERE}",
                lst,
            )


def _active_lines(every: Sequence[_List]) -> dict[str, Medication]:
    """Key -> an active entry, over all lists: the medicines the patient may be taking."""
    lines: dict[str, Medication] = {}
    for lst in every:
        for entry in lst.entries:
            if entry.status is MedicationStatus.ACTIVE:
                lines.setdefault(line_key(entry), entry)
    return lines


def _interactions(lines: Mapping[str, Medication], table: InteractionTable, findings: _Findings) -> None:
    involved = {
        key: [i for i in entry.ingredients if table.involves(i)] for key, entry in sorted(lines.items())
    }
    for (key_a, firsts), (key_b, seconds) in combinations([(k, v) for k, v in involved.items() if v], 2):
        for first in firsts:
            for second in seconds:
                for rule in table.between(first, second):
                    pair = tuple(sorted((first, second)))
                    consequence = rule.consequence[:1].lower() + rule.consequence[1:]
                    findings.add(
                        ("interaction", rule.id, pair),
                        DiscrepancyType.INTERACTION,
                        pair,
                        [key_a, key_b],
                        f"{pair[0]} and {pair[1]} taken together: {consequence.rstrip('.')}",
                        source=rule.source,
                    )


def allergen_name(text: str) -> str:
    """An allergy as recorded, reduced to the substance: "Allergy to penicillin" -> "penicillin"."""
    name = normalize_ingredient(text)
    for prefix in ("allergy to ", "allergic to ", "intolerance to "):
        name = name.removeprefix(prefix)
    for suffix in (" allergy", " intolerance", " (substance)", " (product)"):
        name = name.removesuffix(suffix)
    return name


def _allergies(
    lines: Mapping[str, Medication], allergies: Sequence[str], classes: AllergyClassTable, findings: _Findings
) -> None:
    for allergy in sorted({allergen_name(a) for a in allergies if a.strip()}):
        named = classes.named(allergy)
        allergen_classes = classes.allergy_classes_of(allergy)
        for key, entry in sorted(lines.items()):
            if not entry.coded:
                words = f" {normalize_ingredient(entry.display)} "
                if f" {allergy} " in words:
                    say = f"the patient is allergic to {allergy}, and {entry.display} names it"
                    findings.add(("allergy", allergy, key), DiscrepancyType.ALLERGY, [], [key], say)
                continue
            for ingredient in entry.ingredients:
                reason = _allergy_reason(allergy, ingredient, named, allergen_classes)
                if reason is not None:
                    findings.add(
                        ("allergy", allergy, ingredient),
                        DiscrepancyType.ALLERGY,
                        [ingredient],
                        [key],
                        reason,
                    )


def _allergy_reason(
    allergy: str, ingredient: str, named: ClassUse | None, allergen_classes: Sequence[ClassUse]
) -> str | None:
    if ingredient == allergy or allergy.startswith(ingredient + " ") or ingredient.startswith(allergy + " "):
        return f"the patient is allergic to {allergy}, and this medicine contains {ingredient}"
    if named is not None and ingredient in named.drug_class:
        return f"the patient is allergic to {allergy}; {ingredient} is one of the {named.drug_class.label}"
    for use in allergen_classes:
        if ingredient in use.drug_class:
            label = use.drug_class.label
            return (
                f"{ingredient} is in the same class ({label}) as {allergy}, which the patient is allergic to"
            )
    return None


def check_list(
    medications: Sequence[Medication],
    *,
    allergies: Sequence[str],
    interactions: InteractionTable | None,
    allergy_classes: AllergyClassTable,
) -> list[Finding]:
    """For ``carecoord meds check``: interaction, duplication and allergy findings over the active medicines."""
    active = [m for m in medications if m.status is MedicationStatus.ACTIVE]
    comparison = compare(
        active,
        [],
        allergies=allergies,
        interactions=interactions,
        high_alert=HighAlertList(()),
        allergy_classes=allergy_classes,
    )
    return [f for f in comparison.findings if f.type not in BETWEEN_LISTS]
