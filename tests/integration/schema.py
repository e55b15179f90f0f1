"""Moving a test's database between schema versions, in one transaction."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine

from glienicke.store.db import alembic_config


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Upgrade to `revision`, or with `down` downgrade to it."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
