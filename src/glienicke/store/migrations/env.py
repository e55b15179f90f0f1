"""Alembic environment: runs on the connection or engine handed over by glienicke.store.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from glienicke.settings import load_settings
from glienicke.store.db import make_engine
from glienicke.store.tables import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
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
