"""Test databases: SQLite by default; PostgreSQL when GLIENICKE_TEST_DATABASE_URL names a server.

On PostgreSQL the suite creates its own database beside the one named (it never touches that
one's tables) and empties it after each test; on SQLite each test gets a fresh file copied from
a migrated template. If PostgreSQL is named but unreachable, every database test fails: the
suite never quietly falls back to SQLite.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from glienicke.cli import main
from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import accounts
from glienicke.services.database import Database
from glienicke.settings import load_settings, search_folder
from glienicke.store.db import make_engine, normalise_url, upgrade

PG_URL = os.environ.get("GLIENICKE_TEST_DATABASE_URL")
# One database per test run, so two runs on one server (CI beside a developer's) never share
# or drop each other's tables; the run drops its own at the end.
TEST_DB_NAME = f"glienicke_test_suite_{os.getpid()}"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL' if PG_URL else 'SQLite'}"


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite: the path of a migrated template file. PostgreSQL: the URL of the test database."""
    if PG_URL is None:
        path = tmp_path_factory.mktemp("template") / "template.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
        yield str(path)
        return
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEST_DB_NAME} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {TEST_DB_NAME}"))
    admin.dispose()
    url = make_url(normalise_url(PG_URL)).set(database=TEST_DB_NAME)
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered)
    upgrade(engine)
    engine.dispose()
    yield rendered
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEST_DB_NAME} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def db_url(_template: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty, migrated database for one test."""
    if PG_URL is None:
        path = tmp_path / "glienicke.sqlite"
        shutil.copy(_template, path)
        yield f"sqlite:///{path}"
        return
    yield _template
    wiper = Database(make_engine(_template))
    wiper.wipe(keep_accounts=False)
    wiper.dispose()


# What searches documents in the suite: as the product chooses by default (the embedded index
# on SQLite, the database's own on PostgreSQL), or, set to 'tantivy' or 'database', that one.
SEARCH_ENGINE = os.environ.get("GLIENICKE_TEST_SEARCH_ENGINE", "auto")


@pytest.fixture(autouse=True)
def _search_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every database a test opens (its fixtures', its commands', its server's) searches
    the same way, and an embedded index is the test's own."""
    monkeypatch.setenv("GLIENICKE_SEARCH_ENGINE", SEARCH_ENGINE)
    if SEARCH_ENGINE == "tantivy":
        monkeypatch.setenv("GLIENICKE_SEARCH_INDEX", str(tmp_path / "search-index"))
    else:
        monkeypatch.delenv("GLIENICKE_SEARCH_INDEX", raising=False)


def open_database(url: str) -> Database:
    """The test database at `url`, searching as the suite's setting says."""
    return Database.open(url, search_index=search_folder(load_settings(database_url=url)))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


# Tests act as one account that may do and see everything (every role, top secret, and the
# groups the fixtures' compartments name); access itself is tested with narrower viewers.
EVERY_GROUP = ("gorin-team", "ivanov-team", "team-x")
TESTER = User(
    username="tester",
    name="Test Account",
    roles=list(Role),
    clearance=Classification.TOP_SECRET,
    groups=list(EVERY_GROUP),
)


@pytest.fixture(autouse=True)
def _as_tester() -> Iterator[None]:
    with acting_as("test:tester", "tests", Viewer.of(TESTER)):
        yield


@pytest.fixture
def tester_account(db: Database) -> User:
    """The tester as a stored account (for the command line and the API)."""
    accounts.create_first_accounts(db, [(TESTER, "tester's password")])
    return TESTER


@pytest.fixture
def cli(
    db_url: str,
    tester_account: User,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., CliResult]:
    """Run `glienicke ARGS...` in-process against the test database, as the tester."""
    monkeypatch.setenv("GLIENICKE_DATABASE_URL", db_url)
    monkeypatch.setenv("GLIENICKE_USER", TESTER.username)
    monkeypatch.setenv("COLUMNS", "200")

    return lambda *args: run_cli(capsys, *args)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    """`glienicke ARGS...` in-process, with what it printed and its exit status."""
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


# A shared, noisy machine: no per-example deadline, so property tests never fail on timing.
settings.register_profile("glienicke", deadline=None)
settings.load_profile("glienicke")


@pytest.fixture
def api(db: Database, tester_account: User) -> Callable[..., Any]:
    """A function making an API client over the test database, signed in as the tester."""
    from fastapi.testclient import TestClient

    from glienicke.web.app import create_app

    _token, plain = accounts.create_token(db, tester_account.username, "tests")

    def make(**options: Any) -> TestClient:
        return TestClient(create_app(db, **options), headers={"Authorization": f"Bearer {plain}"})

    return make


def on_file(db: Database, section: str, *records: dict[str, Any]) -> None:
    """Put records on file under exactly these keys, as a dataset load does: the set-up of a
    test about something else (a signed-in writer's new keys are completed, issue 19)."""
    from glienicke.dataset.files import SourceText
    from glienicke.services import datasets

    datasets.load_sources(db, [SourceText("set-up", {section: list(records)})])
