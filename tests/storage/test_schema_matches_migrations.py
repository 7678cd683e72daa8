"""The tables code queries (storage/schema*, SQLAlchemy metadata) are the tables the migrations create."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.dialects import sqlite

from carecoord_desktop import storage
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage.schema import metadata

NOT_DECLARED = {"alembic_version", "patient_names"}  # Alembic's own table; the FTS5 index (storage/search.py)


def _type(column_type: object) -> str:
    return str(column_type.compile(dialect=sqlite.dialect())).upper()  # type: ignore[attr-defined]


def _declare_every_table() -> None:
    """A feature's tables live in its own storage/schema_<feature>.py: load them all, whatever ran before."""
    for module in pkgutil.iter_modules(storage.__path__):
        if module.name.startswith("schema"):
            importlib.import_module(f"carecoord_desktop.storage.{module.name}")


def test_declared_tables_match_the_migrated_vault(admin_session: Session, vault_path: Path) -> None:
    _declare_every_table()
    with admin_session.vault.read() as conn:
        found = inspect(conn)
        created = {
            name
            for name in found.get_table_names()
            if name not in NOT_DECLARED and not name.startswith("patient_names_")
        }
        assert created == set(metadata.tables)
        for name, table in metadata.tables.items():
            columns = {c["name"]: c for c in found.get_columns(name)}
            declared = {c.name: c for c in table.columns}
            assert set(columns) == set(declared), name
            for column_name, column in declared.items():
                actual = columns[column_name]
                assert _type(actual["type"]) == _type(column.type), f"{name}.{column_name}"
                assert bool(actual["nullable"]) == bool(column.nullable) or column.primary_key, (
                    f"{name}.{column_name} nullability"
                )
            indexes = {i["name"] for i in found.get_indexes(name)}
            assert indexes == {i.name for i in table.indexes}, name
            uniques = {tuple(u["column_names"]) for u in found.get_unique_constraints(name)}
            declared_uniques = {
                tuple(c.name for c in constraint.columns)
                for constraint in table.constraints
                if constraint.__class__.__name__ == "UniqueConstraint"
            } | {(c.name,) for c in table.columns if c.unique}
            assert uniques == declared_uniques, name
