"""The panel's readmission risk: the LACE / HOSPITAL band of each patient's latest hospital stay, stored on the
patient row so the panel sorts and filters by it in SQL (issue 13).

The band is computed by the app (domain/readmission_band.py), not here: this migration adds the columns and
leaves a note in `meta` that they still have to be filled for the stays already recorded; the first panel
read after the upgrade fills them and removes the note.

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0013_risk_band
Revises: 0010 (written on 0007; chained after main's head when main was merged in)
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_risk_band"
down_revision = "0011_care_plans"
branch_labels = None
depends_on = None

PENDING_KEY = "readmission_risk_pending"


def upgrade() -> None:
    op.add_column("patients", sa.Column("readmission_rank", sa.Integer, nullable=True))
    op.add_column("patients", sa.Column("readmission_risk", sa.String, nullable=True))
    op.create_index("ix_patients_readmission", "patients", ["readmission_rank", "sort_name"])
    stamp = "2026-11-28T00:00:00.000000Z"
    op.execute(
        sa.text(
            "INSERT INTO meta (key, value, created_at, created_by, updated_at, updated_by) "
            "SELECT :key, 'yes', :at, 'migration 0013', :at, 'migration 0013' "
            "WHERE EXISTS (SELECT 1 FROM transition_stays)"
        ).bindparams(key=PENDING_KEY, at=stamp)
    )


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
