"""The panel's readmission-risk columns on the patient row (migration 0013), and the note the migration
leaves when the stays already recorded still need theirs filled."""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, delete, select, update

from carecoord_desktop.domain.readmission_band import PanelRisk
from carecoord_desktop.storage import vault_meta
from carecoord_desktop.storage.schema import meta, patients, transition_stays

PENDING_KEY: Final = "readmission_risk_pending"  # as migration 0013 writes it


def set_risk(conn: Connection, patient_id: int, risk: PanelRisk | None) -> None:
    conn.execute(
        update(patients)
        .where(patients.c.id == patient_id)
        .values(
            readmission_rank=None if risk is None else risk.rank,
            readmission_risk=None if risk is None else risk.text,
        )
    )


def pending(conn: Connection) -> bool:
    """Whether the columns still have to be filled for stays recorded before migration 0013 (one key lookup)."""
    return vault_meta.get(conn, PENDING_KEY) is not None


def patients_with_stays(conn: Connection) -> list[int]:
    return list(conn.execute(select(transition_stays.c.patient_id).distinct()).scalars())


def filled(conn: Connection) -> None:
    conn.execute(delete(meta).where(meta.c.key == PENDING_KEY))
