"""The audit trail for admins: browse, export (itself audited), verify."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path

from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import audit, audit_seal
from carecoord_desktop.storage.atomic import write_atomic
from carecoord_desktop.storage.audit import AuditEntry, AuditFilter, ChainReport

__all__ = [
    "AuditEntry",
    "AuditFilter",
    "ChainReport",
    "count",
    "export_csv",
    "filter_choices",
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
