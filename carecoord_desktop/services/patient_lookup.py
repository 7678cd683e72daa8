"""Finding a patient from a script: by exact MRN, or as quick search finds them (audited as a search)."""

from __future__ import annotations

from carecoord_desktop.domain.errors import NotFound
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import PanelRow
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import patients_repo


def patient_id_for_mrn(session: Session, mrn: str) -> int:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "patient.lookup")
    with session.vault.read() as conn:
        found = patients_repo.id_for_mrn(conn, "".join(mrn.split()).upper())
    if found is None:
        raise NotFound("No patient has that MRN.")
    return found


def search(session: Session, text: str) -> list[PanelRow]:
    """Quick search's matches; the search itself is one audit entry (how many matched, not what was typed)."""
    rows = patients.search_patients(session, text, today=session.clock.today())
    session.audited_read(
        Permission.VIEW_PATIENT_DEMOGRAPHICS,
        "patient.search",
        lambda _conn: None,
        detail={"matches": len(rows)},
    )
    return rows
