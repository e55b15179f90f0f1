"""Engines and schema: SQLite (WAL, foreign keys on) by default, PostgreSQL by URL."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from glienicke.domain.errors import GlienickeError
from glienicke.settings import sqlite_path


class DatabaseUnavailable(GlienickeError):
    code = "database-unavailable"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (or none)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            f"GLIENICKE_DATABASE_URL '{url}' is not a database URL;"
            " use e.g. sqlite:///path/to/file.sqlite or postgresql://host/dbname"
        ) from None
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.get_backend_name() != "sqlite":
        raise DatabaseUnavailable(
            f"database '{parsed.get_backend_name()}' is not supported; use SQLite or PostgreSQL"
        )
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for the URL; a SQLite file's folder is created on first use."""
    url = normalise_url(url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's configuration, pointing at the migrations shipped in the package."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("glienicke.store").joinpath("migrations"))
    )
    # Dated names keep migrations in the order they were written.
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(slug)s_%%(rev)s")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def ensure_schema(engine: Engine) -> None:
    """Create or upgrade the schema on first use."""
    try:
        if not is_current(engine):
            upgrade(engine)
    except Exception as error:  # driver errors vary; say plainly what failed
        if isinstance(error, GlienickeError):
            raise
        raise DatabaseUnavailable(
            f"cannot open the database at {engine.url.render_as_string(hide_password=True)}:"
            f" {str(error).splitlines()[0]}"
        ) from error
