"""Alembic environment: runs on the connection or engine handed over by glienicke.store.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from glienicke.settings import load_settings
from glienicke.store.db import make_engine
from glienicke.store.tables import Base

config = context.config


def _ours(name: str | None, type_: str, _parent: object) -> bool:
    """The search index (an FTS5 table and its shadow tables on SQLite, a tsvector table on
    PostgreSQL) is made by hand in migration 0007, not from the models: leave it out of the
    comparison."""
    return not (type_ == "table" and name is not None and name.startswith("document_index"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_name=_ours,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = config.attributes.get("engine") or make_engine(load_settings().database_url)
    with engine.begin() as fresh:
        _run(fresh)
