"""The audit trail for admins: browse, export (itself audited), verify."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from carecoord_desktop.domain.audit_sentences import sentence
from carecoord_desktop.domain.errors import NotFound, ValidationFailed
from carecoord_desktop.services.patient_panel import search_ids
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import audit, audit_seal, patients_repo, staff_repo
from carecoord_desktop.storage.atomic import write_atomic
from carecoord_desktop.storage.audit import AuditEntry, AuditFilter, ChainReport

__all__ = [
    "AuditEntry",
    "AuditFilter",
    "ChainReport",
    "ReadableEntry",
    "count",
    "describe",
    "export_csv",
    "filter_choices",
    "patient_to_filter",
    "search",
    "verify",
]

CSV_COLUMNS = ["seq", "at", "username", "action", "outcome", "patient_id", "subject", "workstation", "detail"]


def search(session: Session, flt: AuditFilter, *, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    session.require(Permission.VIEW_AUDIT, "audit.view")
    with session.vault.read() as conn:
        return audit.search(conn, flt, limit=limit, offset=offset)


def count(session: Session, flt: AuditFilter) -> int:
    session.require(Permission.VIEW_AUDIT, "audit.view")
    with session.vault.read() as conn:
        return audit.count(conn, flt)


def filter_choices(session: Session) -> dict[str, list[str]]:
    session.require(Permission.VIEW_AUDIT, "audit.view")
    with session.vault.read() as conn:
        return {
            "username": audit.distinct_values(conn, "username"),
            "action": audit.distinct_values(conn, "action"),
        }


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    sentence: str  # "Dr Anika Patel opened the chart of DiMarco, Laura (MRN 45878618)"
    patient: str  # "DiMarco, Laura (MRN 45878618)", or ""


def describe(session: Session, entries: list[AuditEntry]) -> list[ReadableEntry]:
    """Entries as sentences with people's names and the patients' names and MRNs. The audit viewer is the
    one place an administrator sees them, as the practice's privacy officer (opening it is audited)."""
    session.require(Permission.VIEW_AUDIT, "audit.view")
    ids = sorted({e.patient_id for e in entries if e.patient_id is not None})
    with session.vault.read() as conn:
        staff_names = staff_repo.names_by_id(conn)
        labels = {
            row.id: f"{row.family_name}, {row.given_name} (MRN {row.mrn})"
            for row in patients_repo.rows_by_id(conn, ids, today=session.clock.today())
        }
    described = []
    for e in entries:
        actor = staff_names.get(e.staff_id, e.username) if e.staff_id is not None else e.username or "Someone"
        patient = labels.get(e.patient_id, f"patient #{e.patient_id}") if e.patient_id is not None else ""
        described.append(
            ReadableEntry(
                e, sentence(actor, e.action, e.outcome, patient=patient, subject=e.subject), patient
            )
        )
    return described


def patient_to_filter(session: Session, text: str) -> int:
    """The patient whose entries to show, from an MRN or a name; looking for a patient is itself audited."""
    session.require(Permission.VIEW_AUDIT, "audit.filter_patient")
    query = " ".join(text.split())
    if not query:
        raise ValidationFailed("Type a patient's name or MRN.")
    with session.vault.read() as conn:
        exact = patients_repo.id_for_mrn(conn, query.replace(" ", "").upper())
        found = [exact] if exact is not None else search_ids(conn, query, 2, session.clock.today())
    if not found:
        raise NotFound("No patient matches that name or MRN.")
    if len(found) > 1:
        raise ValidationFailed("More than one patient matches; type the MRN or more of the name.")
    session.audited_read(
        Permission.VIEW_AUDIT, "audit.filter_patient", lambda _conn: None, patient_id=found[0]
    )
    return found[0]


def open_viewer(session: Session) -> None:
    """Looking at the audit trail is itself recorded."""
    with session.audited_write(Permission.VIEW_AUDIT, "audit.view"):
        pass


def export_csv(session: Session, flt: AuditFilter, destination: Path) -> int:
    """Write matching entries to CSV; the export is a disclosure, so it is audited with its filter and count."""
    session.require(Permission.EXPORT_AUDIT, "audit.export")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    rows = 0
    with session.vault.read() as conn:
        for entry in audit.iter_all(conn, flt):
            data = asdict(entry)
            data["detail"] = json.dumps(entry.detail, sort_keys=True, ensure_ascii=False)
            writer.writerow([data[c] if data[c] is not None else "" for c in CSV_COLUMNS])
            rows += 1
    filters = {k: v for k, v in asdict(flt).items() if v not in (None, (), [])}
    with session.audited_write(
        Permission.EXPORT_AUDIT,
        "audit.export",
        subject=destination.name,
        detail={"rows": rows, "filter": filters},
    ):
        write_atomic(destination, buffer.getvalue().encode("utf-8"), what="the audit export")
    return rows


def verify(session: Session) -> ChainReport:
    """The hash chain, and the forward-secure seals with the seed from this administrator's key slot.

    A vault whose seals started but whose administrator holds no seed is reported as not verifiable:
    someone may have removed the seed from the keys file to hide a rewrite.
    """
    session.require(Permission.VIEW_AUDIT, "audit.verify")
    with session.vault.read() as conn:
        report = audit.verify(conn, session.vault.audit_key, session.vault.vault_id, session.audit_seed)
        if report.ok and session.audit_seed is None and audit_seal.started(conn):
            report = ChainReport(
                False,
                report.entries_checked,
                None,
                "the forward-secure seals cannot be checked: your key slot holds no verifying key (the keys "
                "file was altered, or your slot was made without one). Verify with the recovery key or as "
                "another administrator.",
            )
    session.audit_separately(
        "audit.verify", "ok" if report.ok else "failed", detail={"checked": report.entries_checked}
    )
    return report
