"""Practice handouts: PDFs kept in the vault, tagged by condition and language, merged into discharge packets.

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0012_handouts
Revises: 0013_risk_band
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_handouts"
down_revision = "0013_risk_band"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_handouts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("condition", sa.String, nullable=False),
        sa.Column("language", sa.String, nullable=False),
        sa.Column("pdf", sa.LargeBinary, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("retired_at", sa.String, nullable=True),
        sa.Column("retired_by", sa.String, nullable=True),
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    )
    op.create_index("ix_practice_handouts_offer", "practice_handouts", ["condition", "language"])


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
