"""Tables of the forward-secure audit seal (migration 0004); see storage/audit_seal.py."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from carecoord_desktop.storage.schema import metadata

# One MAC per audit entry, under that entry's evolving key. Append-only (triggers in migration 0004).
audit_seals = Table(
    "audit_seals",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("mac", String, nullable=False),
)

# The one current appending key (row id 1): the key for entry `next_seq`. Earlier keys are gone.
audit_sealing_key = Table(
    "audit_sealing_key",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("start_seq", Integer, nullable=False),
    Column("next_seq", Integer, nullable=False),
    Column("key", String, nullable=False),
)
