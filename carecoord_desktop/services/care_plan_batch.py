"""Batch printing of care plans for a filtered panel (for example every CCM patient due a review).

The plans are built one patient at a time (progress, and a cancel between patients: nothing is disclosed
until every one is built), merged into one PDF in memory and handed to `deliver` (a file, a printer); then
each patient's copy is recorded as its own disclosure, so the accounting of disclosures lists each patient.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from carecoord_desktop.domain.disclosures import Delivery, Purpose, Recipient, RecipientKind
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.panel import PanelFilter
from carecoord_desktop.services import care_plan_documents, patient_panel, printing
from carecoord_desktop.services.patient_panel import PanelQuery
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.printing import PreparedDocument, PrintRequest
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import care_plans_repo
from carecoord_desktop.storage.atomic import write_atomic

MAX_BATCH = 500
Report = Callable[[str, float], None]
Check = Callable[[], None]


@dataclass(frozen=True)
class BatchSelection:
    """Who a batch would print for: the filtered panel's patients that have an active care plan."""

    patient_ids: list[int]
    without_plan: int


@dataclass(frozen=True)
class BatchResult:
    patients: int
    pages: int
    sha256: str
    disclosure_ids: list[int]


def select_patients(session: Session, flt: PanelFilter) -> BatchSelection:
    """The panel's patients (as the filter shows them, name order) with an active care plan."""
    session.require(Permission.VIEW_CARE_PLANS, "care_plan.batch")
    rows = patient_panel.panel_page(session, PanelQuery(flt), limit=MAX_BATCH + 1)
    if len(rows) > MAX_BATCH:
        raise ValidationFailed(f"Narrow the filter: a batch prints at most {MAX_BATCH} patients at a time.")
    ids = [r.id for r in rows]
    with session.vault.read() as conn:
        planned = care_plans_repo.active_for(conn, ids)
    return BatchSelection([i for i in ids if i in planned], len(ids) - len(planned))


def _merged(documents: list[PreparedDocument]) -> bytes:
    writer = PdfWriter()
    for document in documents:
        writer.append(PdfReader(io.BytesIO(document.pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_batch(
    session: Session,
    patient_ids: list[int],
    recipient: Recipient,
    purpose: Purpose,
    deliver: Callable[[bytes], None],
    *,
    delivery: Delivery = Delivery.SAVE,
    large_print: bool = False,
    report: Report | None = None,
    check: Check | None = None,
) -> BatchResult:
    """Each patient's own copy goes to that patient (the patient version, in their language) or, for an
    outside provider or someone else, the provider version; a batch never goes to caregivers."""
    if recipient.kind is RecipientKind.CAREGIVER:
        raise ValidationFailed(
            "A batch goes to the patients themselves or to one outside recipient, not to caregivers."
        )
    if not patient_ids:
        raise ValidationFailed("No patient in this list has a care plan to print.")
    if len(patient_ids) > MAX_BATCH:
        raise ValidationFailed(f"A batch prints at most {MAX_BATCH} patients at a time.")
    document = care_plan_documents.document_for(recipient.kind)
    prepared: list[PreparedDocument] = []
    for index, patient_id in enumerate(patient_ids):
        if check is not None:
            check()
        if report is not None:
            report(f"Preparing care plan {index + 1} of {len(patient_ids)}", index / (len(patient_ids) + 1))
        prepared.append(
            printing.prepare(session, PrintRequest(document, patient_id, large_print=large_print))
        )
    if check is not None:
        check()
    if report is not None:
        report("Putting the pages together", len(patient_ids) / (len(patient_ids) + 1))
    pdf = _merged(prepared)
    deliver(pdf)
    disclosed = [
        printing.disclose(session, doc, delivery, recipient, purpose, lambda _pdf: None) for doc in prepared
    ]
    if report is not None:
        report("Done", 1.0)
    return BatchResult(
        patients=len(prepared),
        pages=sum(d.pages for d in prepared),
        sha256=hashlib.sha256(pdf).hexdigest(),
        disclosure_ids=disclosed,
    )


def save_batch(
    session: Session,
    patient_ids: list[int],
    path: Path,
    recipient: Recipient,
    purpose: Purpose,
    *,
    large_print: bool = False,
    report: Report | None = None,
    check: Check | None = None,
) -> BatchResult:
    """The batch as one PDF file (owner-only, whole or not at all). If recording the disclosures fails the
    file is removed again; those already recorded stay (the accounting errs towards listing a copy)."""
    written: list[Path] = []

    def deliver(pdf: bytes) -> None:
        write_atomic(path, pdf, what="the PDF")
        written.append(path)

    try:
        return print_batch(
            session,
            patient_ids,
            recipient,
            purpose,
            deliver,
            large_print=large_print,
            report=report,
            check=check,
        )
    except BaseException:
        for done in written:
            with contextlib.suppress(OSError):
                done.unlink()
        raise
