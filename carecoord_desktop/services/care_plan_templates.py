"""The practice's care plan templates: the defaults copied into the vault on first use, edited and added to
in Admin. A plan copies what it takes from a template, so a template edit never changes a plan already made.

The discharge packet reads red flags and education here too (`templates_for_problems`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.care_plan_templates import CarePlanTemplate, for_problems
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.validation import validation_failed
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import care_plan_templates_repo

SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class TemplateListing:
    template: CarePlanTemplate
    active: bool


def ensure_defaults(session: Session, conn: Connection) -> None:
    """Copy the shipped templates into a vault that has none yet (once; the practice's edits stay)."""
    if care_plan_templates_repo.is_empty(conn):
        for template in care_plan_templates_repo.default_templates():
            care_plan_templates_repo.add(conn, template, SYSTEM_ACTOR)
        session.record(
            conn,
            "care_plan_template.defaults",
            detail={"count": len(care_plan_templates_repo.default_templates())},
        )


def _may_read(session: Session) -> None:
    if not (session.can(Permission.VIEW_CARE_PLANS) or session.can(Permission.EDIT_CARE_PLAN_TEMPLATES)):
        session.require(Permission.VIEW_CARE_PLANS, "care_plan_template.list")


def list_templates(session: Session, *, include_retired: bool = False) -> list[TemplateListing]:
    """The practice's templates (the defaults, copied in the first time anyone asks)."""
    _may_read(session)
    with session.vault.write("the care plan templates") as conn:
        ensure_defaults(session, conn)
        rows = care_plan_templates_repo.listing(conn, include_retired=include_retired)
    return [TemplateListing(template, active) for template, active in rows]


def get_template(session: Session, key: str) -> CarePlanTemplate:
    _may_read(session)
    with session.vault.write("the care plan templates") as conn:
        ensure_defaults(session, conn)
        return care_plan_templates_repo.get(conn, key)


def templates_for_problems(
    session: Session, codes: Iterable[str | None], names: Iterable[str] = ()
) -> list[CarePlanTemplate]:
    """The active templates that fit a problem list (ICD-10-CM codes, or the problems' words)."""
    return for_problems([t.template for t in list_templates(session)], codes, names)


def _validated(data: dict[str, Any]) -> CarePlanTemplate:
    try:
        return CarePlanTemplate.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The template") from None


def save_template(session: Session, data: dict[str, Any], *, active: bool = True) -> CarePlanTemplate:
    """Add a template, or change one (its earlier text is kept in history). Plans already made keep theirs."""
    template = _validated(data)
    with session.audited_write(
        Permission.EDIT_CARE_PLAN_TEMPLATES,
        "care_plan_template.save",
        subject=template.key,
        what="the template",
    ) as conn:
        ensure_defaults(session, conn)
        if care_plan_templates_repo.exists(conn, template.key):
            care_plan_templates_repo.update(conn, template, session.user.username, active=active)
        elif not active:
            raise ValidationFailed("A new template cannot start retired.")
        else:
            care_plan_templates_repo.add(conn, template, session.user.username)
        return care_plan_templates_repo.get(conn, template.key)
