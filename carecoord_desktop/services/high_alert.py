"""The practice's high-alert medicines: which drug classes (default: anticoagulants, insulins, opioids, oral
hypoglycaemics, digoxin, methotrexate) and which single ingredients the practice added. Entries holding one
are marked on the chart, need a double-check at reconciliation and are found by the panel filter.

Kept in the practice settings as class ids and added ingredient names, resolved against the bundled drug
classes when read. If the bundled classes cannot be read, only the practice's own ingredients count and the
Admin page says so: never a silently empty list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Connection

from carecoord_desktop.domain.drug_tables import DrugClass, HighAlertList
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.medications import normalize_ingredient
from carecoord_desktop.domain.validation import validation_failed
from carecoord_desktop.interop import drug_data
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import settings_repo

KEY: Final = "high_alert_medications"
PRACTICE_CLASS: Final = "practice_added"


class HighAlertChoice(BaseModel):
    """What a practice chose: class ids and single ingredients of its own."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    classes: tuple[str, ...] = ()
    ingredients: tuple[str, ...] = Field(default=(), max_length=200)

    @field_validator("ingredients", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.replace("\n", ",").split(",")
        if isinstance(value, list | tuple):
            names = [normalize_ingredient(str(v)) for v in value]
            return tuple(sorted({n for n in names if n}))
        return value


@dataclass(frozen=True)
class ClassOption:
    id: str
    label: str
    members: tuple[str, ...]
    chosen: bool


@dataclass(frozen=True)
class HighAlertSettings:
    """The Admin page: every class it may choose (ticked when chosen), the added ingredients, and a plain
    sentence when the bundled classes could not be read."""

    options: tuple[ClassOption, ...]
    ingredients: tuple[str, ...]
    problem: str | None
    defaults: tuple[str, ...]  # the class ids a practice starts from


def _catalogue() -> tuple[dict[str, DrugClass], tuple[str, ...], str | None]:
    """Every class a practice may choose (the default high-alert ones first), the default ids, and the
    problem when the bundled data cannot be read."""
    try:
        defaults = drug_data.load_default_high_alert().classes
        others = [use.drug_class for use in drug_data.load_allergy_classes().classes]
    except drug_data.DrugDataUnavailable as exc:
        return {}, (), exc.message
    found = {c.id: c for c in defaults}
    for drug_class in others:
        found.setdefault(drug_class.id, drug_class)
    return found, tuple(c.id for c in defaults), None


def _choice(conn: Connection) -> HighAlertChoice | None:
    raw = settings_repo.get(conn, KEY)
    return None if raw is None else HighAlertChoice.model_validate(raw)


def _resolve(choice: HighAlertChoice | None) -> HighAlertList:
    catalogue, defaults, _problem = _catalogue()
    ids = defaults if choice is None else choice.classes
    classes = [catalogue[i] for i in ids if i in catalogue]
    if choice is not None and choice.ingredients:
        classes.append(DrugClass.of(PRACTICE_CLASS, "added by the practice", choice.ingredients))
    return HighAlertList(tuple(classes))


def practice_list(conn: Connection) -> HighAlertList:
    """The high-alert list as the practice set it (the default classes until it does)."""
    return _resolve(_choice(conn))


def high_alert_list(session: Session) -> HighAlertList:
    """The practice's list, for the reconciliation's double-check marks (no patient data: not audited)."""
    with session.vault.read() as conn:
        return practice_list(conn)


def terms(high_alert: HighAlertList) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(ingredient names, words an ingredient may contain) for a query over stored ingredients."""
    names = sorted({m for c in high_alert.classes for m in c.members})
    words = sorted({w for c in high_alert.classes for w in c.contains})
    return tuple(names), tuple(words)


def high_alert_settings(session: Session) -> HighAlertSettings:
    session.require(Permission.MANAGE_PRACTICE_SETTINGS, "practice.high_alert_view")
    with session.vault.read() as conn:
        choice = _choice(conn)
    catalogue, defaults, problem = _catalogue()
    chosen = set(defaults if choice is None else choice.classes)
    options = tuple(
        ClassOption(c.id, c.label, tuple(sorted(c.members | set(c.contains))), c.id in chosen)
        for c in catalogue.values()
    )
    return HighAlertSettings(options, choice.ingredients if choice else (), problem, defaults)


def update_high_alert(
    session: Session, classes: Sequence[str], ingredients: Sequence[str] | str
) -> HighAlertSettings:
    """The practice's new list: the ticked classes and its own ingredient names."""
    data: dict[str, Any] = {"classes": tuple(classes), "ingredients": ingredients}
    try:
        choice = HighAlertChoice.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The high-alert list") from None
    catalogue, _defaults, _problem = _catalogue()
    unknown = [c for c in choice.classes if catalogue and c not in catalogue]
    if unknown:
        raise ValidationFailed(f"These drug classes are not known: {', '.join(unknown)}.")
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS,
        "practice.high_alert",
        detail={"classes": list(choice.classes), "ingredients": len(choice.ingredients)},
        what="the high-alert list",
    ) as conn:
        settings_repo.put(conn, KEY, choice.model_dump(mode="json"), session.user.username)
    return high_alert_settings(session)
