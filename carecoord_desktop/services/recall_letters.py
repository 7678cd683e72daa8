"""Recall and reminder letters for selected follow-ups: one batch PDF (each letter in its patient's language)
and a mailing-list CSV, written where the user chose; each letter an audited disclosure to the patient and a
"mail, sent" contact attempt on its follow-up.

A follow-up gets no letter (and says why) when it is closed, when the patient is deceased or asked not to be
written to (`due_items.check_outreach` with the mail channel), or when there is no postal address.
Building runs in a worker (`progress`, `check` are the job's callbacks); saving first writes both files
(owner-only, whole or not at all), then records each disclosure; if recording fails the files are removed.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from carecoord_desktop.documents.recall_letter import LetterKind, combine
from carecoord_desktop.domain.contact import PostalAddress
from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome
from carecoord_desktop.domain.disclosures import Delivery, Purpose, PurposeKind, Recipient, RecipientKind
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.followups import FollowUpState
from carecoord_desktop.services import due_items, followups, printing
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import followups_repo, patients_repo
from carecoord_desktop.storage.atomic import write_atomic

DOCUMENT: Final = "recall_letter"
MAX_LETTERS: Final = 500
CSV_COLUMNS: Final = (
    "name",
    "line1",
    "line2",
    "city",
    "state",
    "postal_code",
    "country",
    "letter",
    "language",
)


@dataclass(frozen=True)
class Letter:
    follow_up_id: int
    patient_id: int
    kind: str
    doc: printing.PreparedDocument
    mailing: tuple[str, ...]  # one CSV row


@dataclass(frozen=True)
class Skipped:
    follow_up_id: int
    why: str


@dataclass(frozen=True)
class LetterBatch:
    letters: tuple[Letter, ...]
    skipped: tuple[Skipped, ...]
    pdf: bytes
    csv: bytes

    @property
    def pages(self) -> int:
        return sum(letter.doc.pages for letter in self.letters)


def _check_sendable(session: Session, follow_up_id: int) -> tuple[int, str, tuple[str, ...]]:
    """The follow-up's patient, the letter's kind and its mailing-list row, if a letter may go to them (a
    plain UserError says why not)."""
    with session.vault.read() as conn:
        record = followups_repo.get(conn, follow_up_id)
        if record.entered_in_error is not None or not record.state.is_open:
            raise ValidationFailed(f"The follow-up is {record.state.label.lower()}: no letter is needed.")
        due_items.check_outreach(conn, record.patient_id, AttemptChannel.MAIL, AttemptOutcome.SENT)
        stored = patients_repo.get(conn, record.patient_id).record
    if not stored.get("address"):
        raise ValidationFailed("The patient has no postal address on the chart.")
    a = PostalAddress.model_validate(stored["address"])
    name = " ".join(str(stored.get(k) or "") for k in ("given_name", "family_name")).strip()
    booked = record.state is FollowUpState.SCHEDULED and record.appointment_id is not None
    kind = (LetterKind.REMINDER if booked else LetterKind.RECALL).value
    row = (name, a.line1, a.line2 or "", a.city, a.state or "", a.postal_code, a.country, kind)
    return record.patient_id, kind, row


def build_batch(
    session: Session,
    follow_up_ids: list[int],
    progress: Callable[[str, float], None] | None = None,
    check: Callable[[], None] | None = None,
) -> LetterBatch:
    """Each follow-up's letter (in memory), the batch PDF and the mailing list; nothing is disclosed yet."""
    session.require(Permission.PRINT_PATIENT_DOCUMENTS, printing.PREPARE)
    session.require(Permission.SCHEDULE_FOLLOW_UPS, printing.PREPARE)
    if not follow_up_ids:
        raise ValidationFailed("Choose the follow-ups to write to.")
    if len(follow_up_ids) > MAX_LETTERS:
        raise ValidationFailed(f"Write at most {MAX_LETTERS} letters in one batch.")
    letters: list[Letter] = []
    skipped: list[Skipped] = []
    for index, follow_up_id in enumerate(follow_up_ids):
        if check is not None:
            check()
        if progress is not None:
            progress(f"Letter {index + 1} of {len(follow_up_ids)}", index / len(follow_up_ids))
        try:
            patient_id, kind, row = _check_sendable(session, follow_up_id)
            request = printing.PrintRequest(DOCUMENT, patient_id, options={"follow_up_id": follow_up_id})
            doc = printing.prepare(session, request)
        except UserError as exc:
            skipped.append(Skipped(follow_up_id, exc.message))
            continue
        letters.append(Letter(follow_up_id, patient_id, kind, doc, (*row, doc.language)))
    if not letters:
        reasons = "; ".join(sorted({s.why for s in skipped}))
        raise ValidationFailed(f"None of the chosen follow-ups can get a letter: {reasons}")
    if progress is not None:
        progress("Putting the batch together", 1.0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(letter.mailing for letter in letters)
    pdf = combine([letter.doc.pdf for letter in letters])
    return LetterBatch(tuple(letters), tuple(skipped), pdf, out.getvalue().encode())


def save_batch(session: Session, batch: LetterBatch, pdf_path: Path, csv_path: Path) -> int:
    """Write the batch PDF and the mailing list, then record each letter as a disclosure to its patient
    (purpose: care coordination) and a mailed contact attempt on its follow-up. Returns the letters saved."""
    if pdf_path.resolve() == csv_path.resolve():
        raise ValidationFailed("Choose different files for the letters and the mailing list.")
    written: list[Path] = []
    try:
        write_atomic(pdf_path, batch.pdf, what="the letters")
        written.append(pdf_path)
        write_atomic(csv_path, batch.csv, what="the mailing list")
        written.append(csv_path)
        for letter in batch.letters:
            printing.disclose(
                session,
                letter.doc,
                Delivery.SAVE,
                Recipient(kind=RecipientKind.PATIENT),
                Purpose(kind=PurposeKind.CARE_COORDINATION),
                lambda _pdf: None,  # the batch file above holds it
            )
            followups.log_attempt(
                session,
                letter.patient_id,
                letter.follow_up_id,
                {"channel": "mail", "outcome": "sent", "note": f"{letter.kind.capitalize()} letter"},
            )
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return len(batch.letters)
