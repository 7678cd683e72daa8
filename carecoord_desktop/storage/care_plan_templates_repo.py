"""The practice's care plan templates: its copies of the defaults (resources/care_plan_templates/*.json,
copied in once) and its own, edited in Admin. An edit keeps the previous text in record_history."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection, func, insert, select

from carecoord_desktop.assets import resource_path
from carecoord_desktop.domain.care_plan_templates import CarePlanTemplate
from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import new_stamps
from carecoord_desktop.storage.schema import care_plan_templates

ACTIVE: Final = "active"
RETIRED: Final = "retired"


@cache
def default_templates() -> tuple[CarePlanTemplate, ...]:
    """The templates shipped with the app, in file-name order."""
    folder = resource_path("care_plan_templates")
    found = []
    for path in sorted(folder.glob("*.json")):
        with path.open(encoding="utf-8") as stream:
            found.append(CarePlanTemplate.model_validate(json.load(stream)))
    return tuple(found)


def _template(row: Any) -> CarePlanTemplate:
    try:
        return CarePlanTemplate.model_validate_json(row.template)
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(f"Care plan template '{row.key}' could not be read.") from exc


def is_empty(conn: Connection) -> bool:
    return int(conn.execute(select(func.count()).select_from(care_plan_templates)).scalar_one()) == 0


def add(conn: Connection, template: CarePlanTemplate, actor: str) -> None:
    conn.execute(
        insert(care_plan_templates).values(
            key=template.key, status=ACTIVE, template=template.model_dump_json(), **new_stamps(actor)
        )
    )


def listing(conn: Connection, *, include_retired: bool = False) -> list[tuple[CarePlanTemplate, bool]]:
    """(template, active) in the order they were added."""
    query = select(care_plan_templates).order_by(care_plan_templates.c.id)
    if not include_retired:
        query = query.where(care_plan_templates.c.status == ACTIVE)
    return [(_template(row), row.status == ACTIVE) for row in conn.execute(query)]


def _id(conn: Connection, key: str) -> int:
    found = conn.execute(select(care_plan_templates.c.id).where(care_plan_templates.c.key == key)).scalar()
    if found is None:
        raise NotFound(f"There is no care plan template '{key}'.")
    return int(found)


def exists(conn: Connection, key: str) -> bool:
    return (
        conn.execute(select(care_plan_templates.c.id).where(care_plan_templates.c.key == key)).first()
        is not None
    )


def get(conn: Connection, key: str) -> CarePlanTemplate:
    row = conn.execute(select(care_plan_templates).where(care_plan_templates.c.key == key)).first()
    if row is None:
        raise NotFound(f"There is no care plan template '{key}'.")
    return _template(row)


def update(conn: Connection, template: CarePlanTemplate, actor: str, *, active: bool = True) -> None:
    values = {"template": template.model_dump_json(), "status": ACTIVE if active else RETIRED}
    history.versioned_update(conn, care_plan_templates, _id(conn, template.key), values, actor)
