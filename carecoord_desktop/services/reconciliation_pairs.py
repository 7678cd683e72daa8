"""The practice's own interaction pairs (Admin): two ingredients and what taking them together risks. The
engine checks them with the shipped table, each finding marked as added by the practice. Not patient data;
every change is audited all the same."""

from __future__ import annotations

from dataclasses import dataclass

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.interop import drug_data
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import reconciliations_repo


@dataclass(frozen=True)
class PracticePair:
    id: int
    first: str
    second: str
    consequence: str
    added_by: str


def list_pairs(session: Session) -> list[PracticePair]:
    session.require(Permission.MANAGE_PRACTICE_SETTINGS, "interaction_pairs.view")
    with session.vault.read() as conn:
        return [PracticePair(*row) for row in reconciliations_repo.active_pairs(conn)]


def _ingredient(name: str, field: str) -> str:
    """The RxNorm ingredient a typed name means ("Coumadin", "Warfarin Sodium" -> warfarin)."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationFailed("Enter both medicines.", {field: "Enter an ingredient, e.g. warfarin"})
    found = drug_data.load_vocabulary().ingredient(cleaned)
    if found is None:
        message = f"“{cleaned}” is not a single ingredient in the bundled vocabulary; check the spelling."
        raise ValidationFailed(message, {field: message})
    return found


def add_pair(session: Session, first: str, second: str, consequence: str) -> list[PracticePair]:
    """A pair the practice wants flagged (a pair added again replaces its words and becomes active again)."""
    a, b = _ingredient(first, "first"), _ingredient(second, "second")
    if a == b:
        raise ValidationFailed(
            "Choose two different ingredients.", {"second": "Choose a different ingredient"}
        )
    why = " ".join(consequence.split())
    if not why or len(why) > 300:
        message = "Say in one sentence what taking them together risks (up to 300 characters)."
        raise ValidationFailed(message, {"consequence": message})
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS,
        "interaction_pairs.add",
        detail={"pair": f"{min(a, b)}+{max(a, b)}"},
        what="the interaction pair",
    ) as conn:
        reconciliations_repo.add_pair(conn, a, b, why, session.user.username)
    return list_pairs(session)


def retire_pair(session: Session, pair_id: int) -> list[PracticePair]:
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS, "interaction_pairs.remove", subject=f"pair #{pair_id}"
    ) as conn:
        if not reconciliations_repo.retire_pair(conn, pair_id, session.user.username):
            raise ValidationFailed("That pair is no longer on the list.")
    return list_pairs(session)
