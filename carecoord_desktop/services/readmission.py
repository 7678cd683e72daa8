"""Keeping each patient's readmission risk (the panel's column and filter) current with their stays.

The band (domain/readmission_band.py) is stored on the patient row so the panel sorts and filters by it in
SQL: it is recomputed in the same transaction whenever a stay is added or leaves the chart, and once for the
stays a vault held before migration 0013 (on the first panel read after the upgrade).
"""

from __future__ import annotations

from sqlalchemy import Connection

from carecoord_desktop.domain.readmission_band import latest_hospital_stay, panel_risk
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import readmission_repo, transitions_repo


def refresh_patient(conn: Connection, patient_id: int) -> None:
    """The band of the patient's latest hospital stay (none without one), inside the caller's write."""
    latest = latest_hospital_stay(transitions_repo.for_patient(conn, patient_id))
    readmission_repo.set_risk(conn, patient_id, None if latest is None else panel_risk(latest.stay))


def fill_pending(session: Session) -> None:
    """Fill the band of every patient with stays, once, after migration 0013 (a few thousand at most)."""
    with session.vault.write("the panel's readmission risk column") as conn:
        if not readmission_repo.pending(conn):
            return
        for patient_id in readmission_repo.patients_with_stays(conn):
            refresh_patient(conn, patient_id)
        readmission_repo.filled(conn)
