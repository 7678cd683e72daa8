"""Printing and saving patient documents: every one is a disclosure, audited with its recipient and purpose.

`prepare` builds a document in memory (permission checks first: PRINT_PATIENT_DOCUMENTS plus the view
permissions of what it shows); `disclose` records the print or save and hands the bytes to whoever delivers
them (a printer, a file) in the same transaction, so a delivery that fails leaves no disclosure behind and a
'failed' audit entry instead. The app writes no temporary file: the bytes stay in memory until delivered.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from carecoord_desktop.documents.catalogue import resolve_language
from carecoord_desktop.documents.coverage import UnprintableCharacter
from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.registry import DOCUMENTS
from carecoord_desktop.domain.disclosures import Delivery, Purpose, Recipient, RecipientKind
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.services import patients
from carecoord_desktop.services.letterhead import practice_heading
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.print_sources import SOURCES
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import disclosures_repo
from carecoord_desktop.storage.atomic import write_atomic
from carecoord_desktop.storage.disclosures_repo import DisclosureRow

PREPARE = "disclosure.prepare"


class PrintFailed(UserError):
    """The printer or the operating system refused the job."""


@dataclass(frozen=True)
class PrintRequest:
    document: str
    patient_id: int
    #: a catalogue language (en, es); None: the patient's preferred language, English where it has none
    language: str | None = None
    large_print: bool = False
    #: None: clinical content when the role may see it; True asks for it (refused without clinical access)
    include_clinical: bool | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PreparedDocument:
    request: PrintRequest
    title: str
    pdf: bytes
    pages: int
    sha256: str
    language: str
    large_print: bool
    clinical: bool
    caregivers: tuple[str, ...]  # the chart's caregivers: who "caregiver" may name
    #: the one recipient this document may be disclosed to (a referral's directory entry), if any
    addressed_to: Recipient | None = None

    @property
    def patient_id(self) -> int:
        return self.request.patient_id

    @property
    def document(self) -> str:
        return self.request.document


def languages(document: str) -> tuple[str, ...]:
    return DOCUMENTS[document].languages()


def offers_large_print(document: str) -> bool:
    return DOCUMENTS[document].patient_facing


def _permissions(session: Session, request: PrintRequest, action: str) -> bool:
    """Refuse (audited) what the role may not print; whether the copy carries clinical content."""
    if request.document not in DOCUMENTS:
        raise ValidationFailed(f"There is no document called '{request.document}'.")
    source = SOURCES[request.document]
    pid, subject = request.patient_id, request.document
    for permission in (Permission.PRINT_PATIENT_DOCUMENTS, *source.needs):
        session.require(permission, action, patient_id=pid, subject=subject)
    if not source.clinical_needs:
        return False
    wanted = request.include_clinical
    if wanted is None:
        wanted = all(session.can(p) for p in source.clinical_needs)
    for permission in source.clinical_needs if wanted else ():
        session.require(permission, action, patient_id=pid, subject=f"{subject} with clinical content")
    return wanted


def prepare(session: Session, request: PrintRequest) -> PreparedDocument:
    """Build the document in memory, for preview; nothing is disclosed yet."""
    clinical = _permissions(session, request, PREPARE)
    spec = DOCUMENTS[request.document]
    if request.language is not None and request.language not in spec.languages():
        choices = ", ".join(spec.languages())
        message = f"This document can be printed in {choices}; '{request.language}' has no translation yet."
        raise ValidationFailed(message, {"language": message})
    chart = patients.open_chart(session, request.patient_id)
    p = chart.patient
    # A document for the patient speaks their language; one for another provider defaults to English.
    preferred = p.preferred_language if spec.patient_facing else None
    language = request.language or resolve_language(spec.key, preferred)
    large = request.large_print and spec.patient_facing
    frame = FrameFacts(
        practice=practice_heading(session),
        patient_name=p.display_name,
        date_of_birth=p.date_of_birth,
        date_of_death=p.date_of_death,
        printed_at=session.clock.now(),
        language=language,
        large_print=large,
    )
    source = SOURCES[spec.key]
    snapshot = source.load(session, chart, frame, clinical, request.options)
    try:
        built = spec.produce(snapshot)
    except UnprintableCharacter as exc:
        session.audit_separately(
            PREPARE,
            "failed",
            patient_id=request.patient_id,
            subject=spec.key,
            detail={"error": "UnprintableCharacter", "field": exc.field},
        )
        raise
    return PreparedDocument(
        request=request,
        title=spec.title(language),
        pdf=built.pdf,
        pages=built.pages,
        sha256=hashlib.sha256(built.pdf).hexdigest(),
        language=language,
        large_print=large,
        clinical=clinical,
        caregivers=tuple(c.name for c in p.contact.caregivers),
        addressed_to=source.addressed_to(snapshot) if source.addressed_to else None,
    )


def _check_recipient(doc: PreparedDocument, recipient: Recipient) -> None:
    to = doc.addressed_to
    if to is not None and (to.kind, (to.name or "").casefold()) != (
        recipient.kind,
        (recipient.name or "").casefold(),
    ):
        message = f"This document is addressed to {to.name}; it can be disclosed to them only."
        raise ValidationFailed(message, {"recipient": message})
    if recipient.kind is RecipientKind.CAREGIVER and recipient.name is not None:
        named = {name.casefold() for name in doc.caregivers}
        if recipient.name.casefold() not in named:
            message = (
                "A caregiver must be one named on the chart; choose an outside provider or other instead."
            )
            raise ValidationFailed(message, {"recipient": message})


def disclose(
    session: Session,
    doc: PreparedDocument,
    delivery: Delivery,
    recipient: Recipient,
    purpose: Purpose,
    deliver: Callable[[bytes], None],
) -> int:
    """Record the disclosure and deliver the bytes in one transaction; returns the disclosure's id.

    A refusal, a bad recipient or a delivery that fails (a UserError from `deliver`) is audited as well.
    """
    action = delivery.action
    # A copy with clinical content needs clinical access now too, whatever the request left open.
    _permissions(session, replace(doc.request, include_clinical=doc.clinical), action)
    detail: dict[str, Any] = {
        "document": doc.document,
        "recipient": recipient.kind.value,
        "purpose": purpose.kind.value,
        "pages": doc.pages,
        "sha256": doc.sha256,
        "language": doc.language,
        "large_print": doc.large_print,
        "clinical": doc.clinical,
    }
    row = DisclosureRow(
        id=0,
        patient_id=doc.patient_id,
        disclosed_at=session.clock.now_utc(),
        staff_name=session.user.full_name,
        delivery=delivery.value,
        document=doc.document,
        clinical=doc.clinical,
        language=doc.language,
        large_print=doc.large_print,
        recipient_kind=recipient.kind.value,
        recipient_name=recipient.name,
        purpose=purpose.kind.value,
        purpose_text=purpose.text,
        page_count=doc.pages,
        sha256=doc.sha256,
    )
    try:
        _check_recipient(doc, recipient)
        with session.vault.write("the disclosure") as conn:
            disclosure_id = disclosures_repo.add(conn, row, session.user.id, session.user.username)
            deliver(doc.pdf)
            seq = session.record(
                conn,
                action,
                patient_id=doc.patient_id,
                subject=doc.document,
                detail={**detail, "id": disclosure_id},
            )
            disclosures_repo.link_audit_entry(conn, disclosure_id, seq)
    except UserError as exc:
        session.audit_separately(
            action,
            "failed",
            patient_id=doc.patient_id,
            subject=doc.document,
            detail={**detail, "error": type(exc).__name__},
        )
        raise
    return disclosure_id


def _write_private(path: Path, pdf: bytes) -> None:
    """Write where the user chose, owner-only (0600) and whole or not at all; only a regular file is replaced
    (a folder, symlink, FIFO or device is refused)."""
    write_atomic(path, pdf, what="the PDF")


def save_pdf(
    session: Session, doc: PreparedDocument, path: Path, recipient: Recipient, purpose: Purpose
) -> int:
    """Save as PDF, as a disclosure: if recording it fails, the file is removed again."""
    written: list[Path] = []

    def deliver(pdf: bytes) -> None:
        _write_private(path, pdf)
        written.append(path)

    try:
        return disclose(session, doc, Delivery.SAVE, recipient, purpose, deliver)
    except BaseException:
        for done in written:
            with contextlib.suppress(OSError):
                done.unlink()
        raise
