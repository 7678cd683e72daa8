"""Practice handouts (migration 0012): PDFs an administrator adds, kept inside the vault (never as a plain file),
tagged by condition and language. A retired handout is no longer offered; its row stays."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, LargeBinary, String, Table

from carecoord_desktop.storage.schema import metadata, stamp_columns

practice_handouts = Table(
    "practice_handouts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String, nullable=False),
    Column("condition", String, nullable=False),  # domain/handouts.py HandoutCondition
    Column("language", String, nullable=False),  # en, es
    Column("pdf", LargeBinary, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("sha256", String, nullable=False),
    Column("retired_at", String, nullable=True),
    Column("retired_by", String, nullable=True),
    *stamp_columns(),
)

Index("ix_practice_handouts_offer", practice_handouts.c.condition, practice_handouts.c.language)
