"""The bundled drug vocabulary in memory: type-ahead search, and turning a name or RxCUI into ingredients.

Entries come from resources/drugs/vocabulary.json (built by scripts/build_drug_data.py): RxNorm ingredients,
precise-ingredient (salt) names that point to their ingredient, clinical drugs with strength and form, brand names
and other names. Loading is interop/drug_data.py's job; this module is pure.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from carecoord_desktop.domain.medications import normalize_ingredient


class EntryKind(StrEnum):
    INGREDIENT = "ingredient"
    SALT = "salt"
    CLINICAL_DRUG = "clinical_drug"
    BRAND = "brand"
    OTHER_NAME = "other_name"


# Ingredients first, then brands, products, other names; a salt name only when nothing better matches.
_KIND_RANK: Final = {
    EntryKind.INGREDIENT: 0,
    EntryKind.BRAND: 1,
    EntryKind.CLINICAL_DRUG: 2,
    EntryKind.OTHER_NAME: 3,
    EntryKind.SALT: 4,
}


@dataclass(frozen=True, slots=True)
class VocabularyEntry:
    name: str
    kind: EntryKind
    rxcui: str | None
    ingredients: tuple[str, ...]
    form: str | None = None
    strength: str | None = None

    @property
    def hint(self) -> str:
        """What a type-ahead row shows beside the name: the generic for a brand, the kind otherwise."""
        if self.kind in (EntryKind.BRAND, EntryKind.OTHER_NAME, EntryKind.SALT):
            return " + ".join(self.ingredients)
        return "" if self.kind is EntryKind.INGREDIENT else (self.form or "")


class Vocabulary:
    """The entries as loaded (rows of the JSON file), searched in place: one lower-case haystack string and a
    regular expression do the type-ahead in C, so loading builds no index beyond two dictionaries."""

    def __init__(self, rows: Sequence[Sequence[object]]) -> None:
        self._rows = rows
        self._haystack = "\n".join(str(row[0]) for row in rows).casefold()
        self._starts = [0, *(match.end() for match in re.finditer("\n", self._haystack))]

    @functools.cached_property
    def _by_name(self) -> dict[str, int]:
        by_name: dict[str, int] = {}
        rank = _RANK_BY_CODE
        for index, key in enumerate(self._haystack.split("\n")):
            best = by_name.get(key)
            if best is None or rank[str(self._rows[index][1])] < rank[str(self._rows[best][1])]:
                by_name[key] = index
        return by_name

    @functools.cached_property
    def _in_products(self) -> frozenset[str]:
        """Ingredients of the bundled clinical drugs: the ones a primary-care list holds, ranked first in
        type-ahead (so "tyl" offers Tylenol before a veterinary antibiotic)."""
        return frozenset(
            str(ingredient)
            for row in self._rows
            if row[1] == EntryKind.CLINICAL_DRUG.value and isinstance(row[3], list)
            for ingredient in row[3]
        )

    @functools.cached_property
    def _by_rxcui(self) -> dict[str, int]:
        by_rxcui: dict[str, int] = {}
        for index, row in enumerate(self._rows):
            if row[2] is not None:
                by_rxcui.setdefault(str(row[2]), index)
        return by_rxcui

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, index: int) -> VocabularyEntry:
        name, kind, rxcui, ingredients, form, strength = self._rows[index]
        if not isinstance(ingredients, list):
            raise ValueError("malformed vocabulary row")
        return VocabularyEntry(
            name=str(name),
            kind=EntryKind(str(kind)),
            rxcui=str(rxcui) if rxcui is not None else None,
            ingredients=tuple(str(item) for item in ingredients),
            form=str(form) if form is not None else None,
            strength=str(strength) if strength is not None else None,
        )

    def by_rxcui(self, rxcui: str) -> VocabularyEntry | None:
        index = self._by_rxcui.get(rxcui.strip())
        return None if index is None else self.entry(index)

    def by_name(self, name: str) -> VocabularyEntry | None:
        """The entry whose name is exactly this (case and spacing aside), the best kind first."""
        index = self._by_name.get(normalize_ingredient(name))
        return None if index is None else self.entry(index)

    def ingredient(self, name: str) -> str | None:
        """The RxNorm ingredient a single-ingredient name means ("Warfarin Sodium" -> "warfarin"), or None."""
        entry = self.by_name(name)
        if entry is not None and len(entry.ingredients) == 1:
            return entry.ingredients[0]
        return None

    def ingredients_in(self, text: str) -> tuple[str, ...]:
        """The ingredients a free-text drug name spells out ("Lisinopril 10 MG Oral Tablet"): each "/"-separated
        part must be a known name plus only amounts and form words. Anything else ("Tylenol PM": what is PM?)
        gives no ingredients, so the entry stays uncoded rather than coded wrong."""
        entry = self.by_name(text)
        if entry is not None:
            return entry.ingredients
        found: list[str] = []
        for part in normalize_ingredient(text.split("[")[0]).split(" / "):
            words = part.replace(",", " ").split()
            best = self._longest_name(words)
            if best is None:
                return ()
            entry, start, size = best
            rest = words[:start] + words[start + size :]
            if not all(_FILLER.fullmatch(word) for word in rest):
                return ()
            found.extend(entry.ingredients)
        return tuple(dict.fromkeys(found))

    def _longest_name(self, words: Sequence[str]) -> tuple[VocabularyEntry, int, int] | None:
        for size in range(min(5, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                entry = self.by_name(" ".join(words[start : start + size]))
                if entry is not None and entry.kind is not EntryKind.CLINICAL_DRUG:
                    return entry, start, size
        return None

    def search(self, text: str, limit: int = 20) -> list[VocabularyEntry]:
        """Type-ahead: entries where every typed word starts a word of the name, best first: the whole name
        starting with the text; medicines of the bundled products before the rarest names; ingredients before
        brands before products; shorter names first."""
        whole = normalize_ingredient(text)
        query = _words_of(whole)
        if not query:
            return []
        found: dict[int, None] = {}
        haystack, first = self._haystack, query[0]
        for match in re.finditer(re.escape(first), haystack):
            position = match.start()
            if position == 0 or haystack[position - 1] in _WORD_BREAKS:
                found[bisect.bisect_right(self._starts, position) - 1] = None
        scored = []
        for index in found:
            start = self._starts[index]
            end = self._haystack.find("\n", start)
            key = self._haystack[start : end if end >= 0 else len(self._haystack)]
            if query[1:] and not all(_starts_a_word(part, key) for part in query[1:]):
                continue
            kind = _RANK_BY_CODE[str(self._rows[index][1])]
            ingredients = self._rows[index][3]
            common = isinstance(ingredients, list) and any(i in self._in_products for i in ingredients)
            scored.append((0 if key.startswith(whole) else 1, 0 if common else 1, kind, len(key), key, index))
        scored.sort()
        return [self.entry(item[-1]) for item in scored[:limit]]


# Words a drug name may carry besides the drug: amounts, units, forms ("24 HR ... Extended Release Oral Tablet").
_FILLER: Final = re.compile(
    r"[\d.,/%]+|[\d.]*(mg|mcg|g|ml|unt|units?|iu|meq|actuat|hr|mg/ml|mg/actuat)|oral|tablets?|tabs?|capsules?|"
    r"caps?|chewable|extended|delayed|release|er|xr|sr|dr|ec|injection|injectable|solution|suspension|syrup|"
    r"cream|ointment|gel|lotion|topical|patch|transdermal|inhaler|metered|dose|powder|dry|spray|nasal|"
    r"ophthalmic|drops|prefilled|syringe|pen|auto-injector|system|day|pack"
)
_WORD_BREAKS: Final = frozenset("\n /,[(-")


def _starts_a_word(part: str, key: str) -> bool:
    position = key.find(part)
    while position >= 0:
        if position == 0 or key[position - 1] in _WORD_BREAKS:
            return True
        position = key.find(part, position + 1)
    return False


_RANK_BY_CODE: Final = {kind.value: rank for kind, rank in _KIND_RANK.items()}


def _words_of(text: str) -> list[str]:
    return [word for word in text.replace("/", " ").replace(",", " ").replace("[", " ").split() if word]


def vocabulary_from_rows(rows: Sequence[Sequence[object]]) -> Vocabulary:
    """Rows as stored: [name, kind, rxcui, [ingredients], form, strength]; names already single-spaced."""
    if not all(isinstance(row, list) and len(row) == 6 and isinstance(row[0], str) for row in rows):
        raise ValueError("malformed vocabulary row")
    return Vocabulary(rows)
