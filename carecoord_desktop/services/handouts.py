"""Practice handouts: an administrator adds PDFs (checked, then kept inside the vault, never as a plain file),
tagged by condition and language, and retires them; a discharge packet offers the matching ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from carecoord_desktop.documents.discharge_packet_handouts import check_handout_pdf
from carecoord_desktop.documents.discharge_packet_model import HandoutFile
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.handouts import (
    MAX_BYTES,
    HandoutCondition,
    HandoutFacts,
    HandoutInfo,
    size_text,
)
from carecoord_desktop.domain.validation import validation_failed
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import handouts_repo


def read_file(path: Path) -> bytes:
    """The chosen file's bytes; a folder, a missing file or one far too big is refused before it is read."""
    try:
        if not path.is_file():
            raise ValidationFailed(
                f"{path.name} is not a file. Choose the handout's PDF file.", {"file": "Choose a PDF file"}
            )
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"That PDF is {size_text(size)}; a handout can be at most {size_text(MAX_BYTES)}."
            raise ValidationFailed(message, {"file": message})
        return path.read_bytes()
    except OSError as exc:
        message = f"{path.name} could not be read ({exc.strerror or 'an error'})."
        raise ValidationFailed(message, {"file": message}) from None


def add_handout(session: Session, data: Mapping[str, Any], pdf: bytes) -> HandoutInfo:
    """Check the facts and the file, then keep both in the vault (an audited change of the practice's setup)."""
    session.require(Permission.MANAGE_PRACTICE_SETTINGS, "handout.add")
    try:
        facts = HandoutFacts.model_validate(dict(data))
    except ValidationError as exc:
        raise validation_failed(exc, "The handout") from None
    checked = check_handout_pdf(pdf)
    detail = {"condition": facts.condition.value, "language": facts.language, "pages": checked.pages}
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS,
        "handout.add",
        subject=facts.title,
        detail=detail,
        what="the handout",
    ) as conn:
        same = handouts_repo.same_file_exists(conn, pdf)
        if same is not None:
            message = f"This file is already a handout: “{same}”."
            raise ValidationFailed(message, {"file": message})
        handout_id = handouts_repo.add(conn, facts, pdf, checked.pages, session.user.username)
        return next(x for x in handouts_repo.listed(conn) if x.id == handout_id)


def list_handouts(session: Session) -> list[HandoutInfo]:
    """The handouts in use: for the administrator who keeps them, and for staff who print packets."""
    if not session.can(Permission.PRINT_PATIENT_DOCUMENTS):
        session.require(Permission.MANAGE_PRACTICE_SETTINGS, "handout.list")
    with session.vault.read() as conn:
        return handouts_repo.listed(conn)


def retire_handout(session: Session, handout_id: int) -> None:
    """No longer offered with packets; the row stays (a packet printed with it may be asked about later)."""
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS,
        "handout.retire",
        subject=f"handout #{handout_id}",
        what="the handout",
    ) as conn:
        if not handouts_repo.retire(conn, handout_id, session.user.username):
            raise ValidationFailed("That handout was already removed.")


def matching(
    handouts: Iterable[HandoutInfo], conditions: Iterable[HandoutCondition], language: str
) -> list[HandoutInfo]:
    """Those for the patient's conditions in this language: condition-specific ones first, general ones last."""
    wanted = set(conditions)
    return sorted((x for x in handouts if x.matches(wanted, language)), key=offer_order)


def offer_order(handout: HandoutInfo) -> tuple[bool, str, str, str]:
    return (
        handout.condition is HandoutCondition.GENERAL,
        handout.condition.value,
        handout.language,
        handout.title,
    )


def handout_files(session: Session, ids: Sequence[int]) -> tuple[HandoutFile, ...]:
    """The PDFs to merge, in the order chosen; a handout retired meanwhile is left out."""
    session.require(Permission.PRINT_PATIENT_DOCUMENTS, "handout.merge")
    with session.vault.read() as conn:
        return tuple(HandoutFile(title=title, pdf=pdf) for _id, title, pdf in handouts_repo.files(conn, ids))
