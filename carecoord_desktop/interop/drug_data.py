"""Load the bundled drug data (resources/drugs/, built by scripts/build_drug_data.py).

A file that is missing or damaged raises :class:`DrugDataUnavailable`; callers turn that into "interaction
checking is unavailable" on screen and on paper. Never an empty table in its place: that would read as "no
interactions found".
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from carecoord_desktop.assets import resource_path
from carecoord_desktop.domain.drug_tables import (
    AllergyClassTable,
    ClassUse,
    DrugClass,
    HighAlertList,
    InteractionRule,
    InteractionTable,
)
from carecoord_desktop.domain.drug_vocabulary import Vocabulary, vocabulary_from_rows
from carecoord_desktop.domain.errors import UserError

FOLDER: Final = "drugs"
FORMAT: Final = 1
_T = TypeVar("_T")


class DrugDataUnavailable(UserError):
    """A bundled drug table could not be read; the checks that need it are off and must say so."""


def _read(name: str) -> dict[str, Any]:
    path = resource_path(FOLDER, name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DrugDataUnavailable(
            f"The drug table {name} could not be read ({type(error).__name__}); reinstall CareCoord Desktop."
        ) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DrugDataUnavailable(f"The drug table {name} is not in a format this version reads.")
    return data


def _checked(name: str, build: Callable[[], _T]) -> _T:
    try:
        return build()
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DrugDataUnavailable(
            f"The drug table {name} is damaged; reinstall CareCoord Desktop."
        ) from error


def _classes(data: Mapping[str, Any]) -> dict[str, DrugClass]:
    return {cid: DrugClass.from_data(cid, body) for cid, body in data["classes"].items()}


@functools.cache
def load_vocabulary() -> Vocabulary:
    """The type-ahead vocabulary (about 17,000 names; loads in tens of milliseconds: benchmarks.medrec)."""
    data = _read("vocabulary.json")
    return _checked("vocabulary.json", lambda: vocabulary_from_rows(data["entries"]))


def _interactions(data: Mapping[str, Any]) -> InteractionTable:
    classes = _classes(data)
    rules = tuple(
        InteractionRule(
            id=str(pair["id"]),
            a=classes[pair["a"]],
            b=classes[pair["b"]],
            consequence=str(pair["consequence"]),
            source=str(pair["source"]),
        )
        for pair in data["pairs"]
    )
    if not rules:
        raise ValueError("no pairs")
    return InteractionTable(rules)


@functools.cache
def load_interactions() -> InteractionTable:
    """The shipped pairs: the 15 ONC high-priority pairs and the additional well-established ones."""
    data = _read("interactions.json")
    return _checked("interactions.json", lambda: _interactions(data))


def _class_table(data: Mapping[str, Any]) -> AllergyClassTable:
    uses = []
    for cid, body in data["classes"].items():
        uses.append(
            ClassUse(
                drug_class=DrugClass.from_data(cid, body),
                allergy_names=frozenset(str(name) for name in body["allergy_names"]),
                duplication=bool(body["duplication"]),
            )
        )
    return AllergyClassTable(tuple(uses))


@functools.cache
def load_allergy_classes() -> AllergyClassTable:
    """Drug classes for allergy conflicts and therapeutic duplication."""
    data = _read("drug_classes.json")
    return _checked("drug_classes.json", lambda: _class_table(data))


@functools.cache
def load_default_high_alert() -> HighAlertList:
    """The default high-alert classes a practice starts from (and may edit in Admin)."""
    data = _read("high_alert.json")
    return _checked("high_alert.json", lambda: HighAlertList(tuple(_classes(data).values())))


def interactions_or_none() -> InteractionTable | None:
    """The interaction table, or None when it cannot be loaded (the engine then reports checking as off)."""
    try:
        return load_interactions()
    except DrugDataUnavailable:
        return None
