"""Near-duplicate patients, matched as registration clerks expect, each match with its reasons.

Candidates come from the search indexes (same MRN, date of birth or its day/month swapped, phone number,
family name); this module only judges a candidate against the new record:

- the same date of birth with a similar name: spelt alike (edit distance), sounding alike (Soundex),
  a nickname (Bob/Robert), or given and family names swapped;
- the same name (or a similar one) with the day and month of birth swapped;
- the same MRN, the same phone number, the same family name at the same address.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from carecoord_desktop.domain.patients import Patient, normalize_for_search


class DuplicateReason(StrEnum):
    """Why an existing patient is shown as a possible duplicate of a new one (`label`: what the UI says)."""

    SAME_NAME_AND_DOB = "same_name_and_dob"
    SPELT_ALIKE_SAME_DOB = "spelt_alike_same_dob"
    SOUNDS_ALIKE_SAME_DOB = "sounds_alike_same_dob"
    NICKNAME_SAME_DOB = "nickname_same_dob"
    SWAPPED_NAMES_SAME_DOB = "swapped_names_same_dob"
    DAY_MONTH_SWAPPED = "day_month_swapped"
    SAME_MRN = "same_mrn"
    SAME_PHONE = "same_phone"
    SAME_ADDRESS_AND_NAME = "same_address_and_name"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    DuplicateReason.SAME_NAME_AND_DOB: "same name and date of birth",
    DuplicateReason.SPELT_ALIKE_SAME_DOB: "name spelt alike, same date of birth",
    DuplicateReason.SOUNDS_ALIKE_SAME_DOB: "name sounds alike, same date of birth",
    DuplicateReason.NICKNAME_SAME_DOB: "nickname of the same given name, same date of birth",
    DuplicateReason.SWAPPED_NAMES_SAME_DOB: "given and family names swapped, same date of birth",
    DuplicateReason.DAY_MONTH_SWAPPED: "same name, day and month of birth swapped",
    DuplicateReason.SAME_MRN: "same MRN",
    DuplicateReason.SAME_PHONE: "same phone number",
    DuplicateReason.SAME_ADDRESS_AND_NAME: "same family name at the same address",
}

_NICKNAME_GROUPS = (
    ("robert", "bob", "bobby", "rob", "robbie", "bert"),
    ("william", "bill", "billy", "will", "willie", "liam"),
    ("richard", "rick", "ricky", "dick", "rich"),
    ("james", "jim", "jimmy", "jamie"),
    ("john", "jack", "johnny", "jon"),
    ("joseph", "joe", "joey"),
    ("michael", "mike", "mikey", "mick"),
    ("thomas", "tom", "tommy"),
    ("charles", "charlie", "chuck", "chas"),
    ("edward", "ed", "eddie", "ted", "ned"),
    ("anthony", "tony"),
    ("daniel", "dan", "danny"),
    ("david", "dave", "davey"),
    ("steven", "stephen", "steve"),
    ("christopher", "chris", "kit"),
    ("nicholas", "nick", "nicky"),
    ("matthew", "matt"),
    ("andrew", "andy", "drew"),
    ("benjamin", "ben", "benny"),
    ("samuel", "sam", "sammy"),
    ("alexander", "alex", "sasha"),
    ("patrick", "pat", "paddy"),
    ("patricia", "pat", "patty", "trish", "tricia"),
    ("elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "betsy", "libby"),
    ("margaret", "maggie", "meg", "peggy", "marge", "greta"),
    ("katherine", "catherine", "kathryn", "kate", "katie", "kathy", "cathy", "kitty"),
    ("jennifer", "jen", "jenny"),
    ("susan", "sue", "susie"),
    ("deborah", "debra", "deb", "debbie"),
    ("rebecca", "becky", "becca"),
    ("barbara", "barb", "babs"),
    ("dorothy", "dot", "dottie", "dora"),
    ("victoria", "vicky", "tori"),
    ("theresa", "teresa", "terri", "tess"),
    ("jacqueline", "jackie"),
    ("alexandra", "alex", "sandra", "sandy"),
    ("abigail", "abby"),
    ("eleanor", "ellie", "nell", "nora"),
    ("josephine", "jo", "josie"),
    ("francisco", "paco", "pancho"),
    ("jose", "pepe"),
)
_NICKNAMES: dict[str, frozenset[str]] = {}
for _group in _NICKNAME_GROUPS:
    for _name in _group:
        _NICKNAMES[_name] = _NICKNAMES.get(_name, frozenset()) | frozenset(_group)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance with adjacent transpositions (Damerau), cut off at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return min(previous[-1], limit)


_SOUNDEX = {
    c: str(d) for d, letters in enumerate(("", "bfpv", "cgjkqsxz", "dt", "l", "mn", "r")) for c in letters
}


def soundex(name: str) -> str:
    """American Soundex of a normalized Latin name ("" for other scripts, which it cannot key)."""
    letters = [c for c in name if "a" <= c <= "z"]
    if not letters:
        return ""
    key, last = letters[0], _SOUNDEX.get(letters[0], "")
    for char in letters[1:]:
        code = _SOUNDEX.get(char, "")
        if code and code != last:
            key += code
        if char not in "hw":
            last = code
    return (key + "000")[:4]


def _spelt_alike(a: str, b: str) -> bool:
    allowed = 1 if min(len(a), len(b)) <= 3 else 2
    return edit_distance(a, b) <= allowed


class _Likeness(StrEnum):
    SAME = "same"
    NICKNAME = "nickname"
    SPELT = "spelt"
    SOUNDS = "sounds"


_ORDER = tuple(_Likeness)


def _part_likeness(a: str, b: str, *, given: bool) -> _Likeness | None:
    if a == b:
        return _Likeness.SAME
    if given and b in _NICKNAMES.get(a, frozenset()):
        return _Likeness.NICKNAME
    if _spelt_alike(a, b):
        return _Likeness.SPELT
    if soundex(a) and soundex(a) == soundex(b):
        return _Likeness.SOUNDS
    return None


def _name_likeness(
    family: str, givens: set[str], other_family: str, other_givens: set[str]
) -> _Likeness | None:
    """How alike two names are: the weaker of the family and the best given-name match, or None."""
    family_like = _part_likeness(family, other_family, given=False)
    given_like = [g for a in givens for b in other_givens if (g := _part_likeness(a, b, given=True))]
    if family_like is None or not given_like:
        return None
    best_given = min(given_like, key=_ORDER.index)
    return max(family_like, best_given, key=_ORDER.index)


def _names(patient: Patient) -> tuple[str, set[str]]:
    givens = {normalize_for_search(patient.given_name)}
    if patient.preferred_name:
        givens.add(normalize_for_search(patient.preferred_name))
    return normalize_for_search(patient.family_name), givens


def day_month_swapped(day: date) -> date | None:
    """The date with its day and month swapped (12/03 ↔ 03/12), or None when that is no other date."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


_SAME_DOB = {
    _Likeness.SAME: DuplicateReason.SAME_NAME_AND_DOB,
    _Likeness.NICKNAME: DuplicateReason.NICKNAME_SAME_DOB,
    _Likeness.SPELT: DuplicateReason.SPELT_ALIKE_SAME_DOB,
    _Likeness.SOUNDS: DuplicateReason.SOUNDS_ALIKE_SAME_DOB,
}


def _name_and_birth(candidate: Patient, existing: Patient) -> DuplicateReason | None:
    family, givens = _names(candidate)
    other_family, other_givens = _names(existing)
    likeness = _name_likeness(family, givens, other_family, other_givens)
    if candidate.date_of_birth == existing.date_of_birth:
        if likeness is not None:
            return _SAME_DOB[likeness]
        swapped = _name_likeness(
            normalize_for_search(candidate.given_name), {family}, other_family, other_givens
        )
        if swapped is not None:
            return DuplicateReason.SWAPPED_NAMES_SAME_DOB
    if likeness is not None and day_month_swapped(candidate.date_of_birth) == existing.date_of_birth:
        return DuplicateReason.DAY_MONTH_SWAPPED
    return None


def _address_key(patient: Patient) -> tuple[str, str] | None:
    if patient.address is None:
        return None
    return normalize_for_search(patient.address.line1), patient.address.postal_code.replace(" ", "")[:5]


def duplicate_reasons(candidate: Patient, existing: Patient) -> tuple[DuplicateReason, ...]:
    """Why `existing` might be the same person as `candidate` (empty: not a duplicate)."""
    reasons: list[DuplicateReason] = []
    if (by_name := _name_and_birth(candidate, existing)) is not None:
        reasons.append(by_name)
    if candidate.mrn == existing.mrn:
        reasons.append(DuplicateReason.SAME_MRN)

    def numbers(patient: Patient) -> set[str]:
        return {number.partition(";")[0] for number in patient.phones.numbers().values()}

    if numbers(candidate) & numbers(existing):
        reasons.append(DuplicateReason.SAME_PHONE)
    address = _address_key(candidate)
    if (
        address is not None
        and address == _address_key(existing)
        and normalize_for_search(candidate.family_name) == normalize_for_search(existing.family_name)
    ):
        reasons.append(DuplicateReason.SAME_ADDRESS_AND_NAME)
    return tuple(reasons)
