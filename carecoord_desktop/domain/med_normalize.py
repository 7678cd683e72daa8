"""How two entries for the same medicine are compared: the words people and systems use for route, form,
strength and frequency brought to one spelling each ("PO", "oral", "by mouth" -> "by mouth").

Used by the comparison engine (domain/med_comparison.py) to line entries up and to decide whether a value
really differs, not just its spelling.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Final

from carecoord_desktop.domain.medications import Frequency, Medication, MedicationKind

_ROUTES: Final = {
    "by mouth": ("po", "p.o.", "oral", "orally", "by mouth", "mouth", "per os", "swallow"),
    "under the tongue": ("sl", "sublingual", "under the tongue", "sublingually"),
    "into a vein": ("iv", "i.v.", "intravenous", "intravenously"),
    "into a muscle": ("im", "i.m.", "intramuscular", "intramuscularly"),
    "under the skin": ("sc", "sq", "subq", "subcut", "subcutaneous", "subcutaneously", "under the skin"),
    "on the skin": ("topical", "topically", "on the skin", "skin", "cutaneous"),
    "through the skin (patch)": ("transdermal", "patch"),
    "inhaled": ("inhaled", "inhalation", "by inhalation", "inh", "respiratory (inhalation)"),
    "in the nose": ("nasal", "intranasal", "in the nose", "nostril"),
    "in the eye": ("ophthalmic", "eye", "in the eye", "both eyes", "ou", "od", "os"),
    "in the ear": ("otic", "ear", "in the ear", "auricular"),
    "rectal": ("pr", "rectal", "rectally"),
    "vaginal": ("pv", "vaginal", "vaginally", "intravaginal"),
}
_ROUTE_OF: Final = {word: route for route, words in _ROUTES.items() for word in words}

# Where a product acts; entries of one ingredient at different sites are different medicines (a fluticasone
# inhaler and a fluticasone nose spray), so they get their own comparison lines.
_SITES: Final = (
    ("inhaled", ("inhal", "nebuli", "puff")),  # not "ACTUAT": a nitroglycerin spray is under the tongue
    ("nose", ("nasal", "nose")),
    ("eye", ("ophthalmic", "eye")),
    ("ear", ("otic", " ear")),
    ("skin", ("topical", "cream", "ointment", "lotion", "on the skin", "shampoo")),
    ("rectal", ("rectal", "suppositor")),
    ("vaginal", ("vaginal",)),
)
_SITE_OF_ROUTE: Final = {
    "inhaled": "inhaled",
    "in the nose": "nose",
    "in the eye": "eye",
    "in the ear": "ear",
    "on the skin": "skin",
    "rectal": "rectal",
    "vaginal": "vaginal",
}
SYSTEMIC: Final = "systemic"

_RELEASE: Final = (
    ("extended-release", (r"\bextended[ -]release\b", r"\b(?:er|xr|xl|sr|cr|la)\b", r"\b(?:12|24) ?hr?\b")),
    ("delayed-release", (r"\bdelayed[ -]release\b", r"\b(?:dr|ec)\b", r"\benteric")),
)
_BASE_FORMS: Final = (
    ("chewable tablet", ("chewable",)),
    ("dissolving tablet", ("disintegrating", "odt", "dissolving", "orally dissolving")),
    ("tablet", ("tablet", "tab", "caplet")),
    ("capsule", ("capsule", "cap")),
    ("liquid", ("solution", "suspension", "syrup", "elixir", "liquid", "drops")),
    ("injection", ("injection", "injectable", "syringe", "auto-injector", "pen", "vial")),
    ("patch", ("patch", "transdermal")),
    ("inhaler", ("inhaler", "actuat", "inhalation")),
    ("spray", ("spray",)),
    ("cream", ("cream",)),
    ("ointment", ("ointment",)),
    ("gel", ("gel",)),
    ("suppository", ("suppository",)),
)
_AMOUNT: Final = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(mg|mcg|µg|ug|g|units?|unt|iu|meq|ml|%|milligrams?|micrograms?|grams?)\b"
    r"(?:\s*/\s*(ml|actuat|hr|h|dose|puff))?",
    re.IGNORECASE,
)
_UNITS: Final = {
    "µg": "mcg",
    "ug": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
    "milligram": "mg",
    "milligrams": "mg",
    "gram": "g",
    "grams": "g",
    "unit": "units",
    "unt": "units",
    "iu": "units",
    "h": "hr",
    "puff": "actuat",
}
_PLURALS: Final = re.compile(r"\b(tablet|capsule|puff|drop|spray|patch|unit|pill|inhalation)(?:e?s)\b")


def route_of(medication: Medication) -> str | None:
    """The route in one spelling, or the text as written (lower case) when it is not a known route."""
    return None if medication.route is None else _route(medication.route)


@functools.lru_cache(maxsize=1024)
def _route(route: str) -> str:
    """ "PO", "p.o.", "Oral route (qualifier value)" (SNOMED, as FHIR exports send it) -> "by mouth"."""
    text = " ".join(re.sub(r"\(.*?\)", " ", route.casefold()).split())
    if text in _ROUTE_OF:
        return _ROUTE_OF[text]
    bare = " ".join(w for w in text.replace(".", " ").split() if w not in ("route", "use", "administration"))
    return _ROUTE_OF.get(bare, text)


def site_of(medication: Medication) -> str:
    """Where the medicine acts: systemic (swallowed, injected, patch...), or inhaled, nose, eye, ear, skin..."""
    return _site(medication.route, medication.form, medication.display, medication.kind)


@functools.lru_cache(maxsize=4096)
def _site(route_text: str | None, form: str | None, display: str, kind: MedicationKind) -> str:
    route = None if route_text is None else _route(route_text)
    if route in _SITE_OF_ROUTE:
        return _SITE_OF_ROUTE[route]
    if kind is MedicationKind.INHALER:
        return "inhaled"
    text = f" {form or ''} {display} ".casefold()
    for site, words in _SITES:
        if any(word in text for word in words):
            return site
    return SYSTEMIC


def formulation_of(medication: Medication) -> str | None:
    """ "extended-release tablet", "capsule", "liquid"... from the form, else the display; None if unknown."""
    return _formulation(medication.form, medication.display)


@functools.lru_cache(maxsize=4096)
def _formulation(form: str | None, display: str) -> str | None:
    text = " ".join(f"{form or ''} {display}".casefold().split())
    base = next((name for name, pattern in _BASE_PATTERNS if pattern.search(text)), None)
    if base is None:
        return None
    release = next((name for name, pattern in _RELEASE_PATTERNS if pattern.search(text)), None)
    return f"{release} {base}" if release else base


_BASE_PATTERNS: Final = tuple(
    (name, re.compile("|".join(rf"\b{re.escape(word)}(?:s|es)?\b" for word in words)))
    for name, words in _BASE_FORMS
)
_RELEASE_PATTERNS: Final = tuple((name, re.compile("|".join(patterns))) for name, patterns in _RELEASE)


def _number(text: str) -> str:
    """ "5.0" -> "5", "0,5" -> "0.5", "10" stays "10"."""
    try:
        return format(Decimal(text.replace(",", ".")).normalize(), "f")
    except InvalidOperation:
        return text


@functools.lru_cache(maxsize=4096)
def amounts_in(text: str) -> str | None:
    """Every amount in a text in one spelling: "Warfarin Sodium 5.0 MG" -> "5 mg"; None when there is none."""
    found = []
    for number, unit, per in _AMOUNT.findall(text):
        unit = _UNITS.get(unit.casefold(), unit.casefold())
        per_part = f"/{_UNITS.get(per.casefold(), per.casefold())}" if per else ""
        found.append(f"{_number(number)} {unit}{per_part}")
    return " / ".join(found) or None


def strength_of(medication: Medication) -> str | None:
    """The strength as entered, else as written in the display ("Coumadin 5 mg tablet")."""
    if medication.strength is not None:
        return amounts_in(medication.strength) or " ".join(medication.strength.casefold().split())
    return amounts_in(medication.display)


def dose_of(medication: Medication) -> str | None:
    """How much per time ("1 tablet", "2 puffs" -> "2 puff"), in one spelling."""
    if medication.dose is None:
        return None
    text = " ".join(medication.dose.casefold().split())
    text = re.sub(r"\b(one|two|three|four|half)\b", lambda m: _WORD_NUMBERS[m[1]], text)
    text = _PLURALS.sub(lambda match: match[1], text)
    return amounts_in(text) or re.sub(r"(\d+(?:\.\d+)?)", lambda m: _number(m[1]), text)


_WORD_NUMBERS: Final = {"one": "1", "two": "2", "three": "3", "four": "4", "half": "0.5"}


def how_often_of(medication: Medication) -> str | None:
    """The frequency as compared: the code, the words for OTHER, "as needed" added for PRN."""
    if medication.frequency is None and medication.frequency_text is None:
        return "as needed" if medication.prn else None
    if medication.frequency is not None and medication.frequency is not Frequency.OTHER:
        base = medication.frequency.label
    else:
        base = " ".join((medication.frequency_text or "").casefold().split())
    if medication.prn and medication.frequency is not Frequency.AS_NEEDED:
        return f"{base}, as needed"
    return base


def text_key(display: str) -> str:
    """An uncoded entry's identity: its words without amounts, forms or punctuation ("Fish oil 1000 mg caps")."""
    text = _AMOUNT.sub(" ", display.casefold())
    words = re.findall(r"[a-z][a-z'-]+", text)
    forms = {"tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "oral", "liquid"}
    return " ".join(word for word in words if word not in forms) or " ".join(display.casefold().split())
