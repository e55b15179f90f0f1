"""The store's promises about the database itself."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from glienicke.services.database import Database
from glienicke.store.db import DatabaseUnavailable, is_current, make_engine, normalise_url


def test_sqlite_runs_with_wal_and_foreign_keys(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas: this run is on PostgreSQL")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_schema_is_at_the_newest_migration(db: Database) -> None:
    assert is_current(db.engine)


def test_a_new_sqlite_file_and_its_folder_are_created_on_first_use(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new" / "folder" / "g.sqlite"
    database = Database.open(f"sqlite:///{path}")
    assert path.exists() and is_current(database.engine)
    database.dispose()


def test_postgresql_urls_use_psycopg_3() -> None:
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert normalise_url("postgresql+psycopg2://u@h/db").startswith("postgresql+psycopg://")


def test_unsupported_or_malformed_urls_are_refused_plainly() -> None:
    with pytest.raises(DatabaseUnavailable, match="'mysql' is not supported"):
        make_engine("mysql://h/db")
    with pytest.raises(DatabaseUnavailable, match="is not a database URL"):
        make_engine("not a url")


def test_an_unreachable_database_is_one_clear_error() -> None:
    with pytest.raises(DatabaseUnavailable, match="cannot open the database"):
        Database.open("postgresql://nobody@127.0.0.1:1/none")
