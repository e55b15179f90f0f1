"""The embedded search index: the outbox that feeds it, catching up after a crash, one writer
for several processes, rebuilding, and that it never shows what the database would not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from glienicke.domain.documents import Classification, Document
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services.access import Forbidden
from glienicke.services.database import Database
from glienicke.services.demo import set_up_demo
from glienicke.services.search import filters_from, reindex, search_documents
from glienicke.store.search import add_index_rows, index_rows
from glienicke.store.tables import DocumentRow, SearchOutboxRow
from glienicke.store.tantivy_index import SearchIndex
from tests.conftest import CliResult

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "own-index"


@pytest.fixture
def indexed(db_url: str, folder: Path) -> Database:
    """The test database with an embedded index of its own, whatever the suite's setting."""
    database = Database.open(db_url, search_index=folder)
    yield database  # type: ignore[misc]
    database.dispose()


def _outbox(db: Database) -> int:
    with db.reading() as repo:
        return int(repo.session.scalar(select(func.count()).select_from(SearchOutboxRow)) or 0)


def _keys(db: Database) -> set[str]:
    with db.reading() as repo:
        return set(repo.session.scalars(select(DocumentRow.key)))


def _found(db: Database, words: str) -> list[str]:
    return [r["key"] for r in search_documents(db, words, filters_from(), limit=50)["results"]]


def test_a_change_is_queued_with_it_and_in_the_index_after_commit(indexed: Database) -> None:
    set_up_demo(indexed)
    assert indexed.search is not None
    assert _outbox(indexed) == 0, "the queue is emptied once the index holds it"
    assert indexed.search.keys() == _keys(indexed)
    assert _found(indexed, "probation"), "the demo's documents are found"


def test_a_crash_after_commit_is_caught_up_at_start(
    indexed: Database, db_url: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The process dies between the commit and applying its queue: the queue stays.
    monkeypatch.setattr(SearchIndex, "catch_up", lambda self, engine, **_: 0)
    set_up_demo(indexed)
    waiting = _outbox(indexed)
    assert waiting > 0
    monkeypatch.undo()
    again = Database.open(db_url, search_index=folder)
    assert _outbox(again) == 0
    assert again.search is not None and again.search.keys() == _keys(again)
    again.dispose()


def test_a_document_hidden_by_a_change_not_yet_applied_is_never_found(
    indexed: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up_demo(indexed)
    reader = User(username="reader", name="Reader", roles=[Role.READER])
    word = "Gorin"
    with acting_as("test:reader", "tests", Viewer.of(reader)):
        seen = _found(indexed, word)
    assert seen, "the reader finds documents about Gorin"
    with indexed.reading() as repo:
        document = repo.get(Document, seen[0])
    # Another process marks it secret and dies before its index learns of it.
    other = Database(indexed.engine, search=indexed.search)
    monkeypatch.setattr(SearchIndex, "catch_up", lambda self, engine, **_: 0)
    with other.transaction() as repo:
        from dataclasses import replace

        repo.reclassify(replace(document, classification=Classification.SECRET), {"to": "secret"})
    assert _outbox(indexed) > 0
    monkeypatch.undo()
    with acting_as("test:reader", "tests", Viewer.of(reader)):
        assert document.key not in _found(indexed, word)


def test_reindex_rebuilds_the_same_index_and_is_audited(
    indexed: Database, cli: Callable[..., CliResult], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up_demo(indexed)
    assert indexed.search is not None
    before = _found(indexed, "release")
    report = reindex(indexed)
    assert report["documents"] == report["expected"] == len(_keys(indexed))
    assert _found(indexed, "release") == before
    monkeypatch.setenv("GLIENICKE_SEARCH_ENGINE", "tantivy")
    monkeypatch.setenv("GLIENICKE_SEARCH_INDEX", str(folder))
    done = cli("reindex")
    assert done.code == 0, done.err
    assert f"{len(_keys(indexed))} document(s) indexed" in done.out
    trail = cli("audit", "list", "-f", "json")
    assert '"reindexed"' in trail.out


def test_reindex_is_refused_when_the_database_searches_itself(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLIENICKE_SEARCH_ENGINE", "database")
    done = cli("reindex")
    assert done.code != 0
    assert "GLIENICKE_SEARCH_ENGINE=tantivy" in done.err


def test_reindex_needs_the_right_to_load(indexed: Database) -> None:
    reader = User(username="reader", name="Reader", roles=[Role.READER])
    with (
        acting_as("test:reader", "tests", Viewer.of(reader)),
        pytest.raises(Forbidden, match="may not load datasets"),
    ):
        reindex(indexed)


def test_several_processes_share_one_index_with_one_writer(
    indexed: Database, db_url: str, folder: Path
) -> None:
    set_up_demo(indexed)
    second = Database.open(db_url, search_index=folder)
    assert second.search is not None and indexed.search is not None
    # The second queues while the first rebuilds; each waits its turn to write.
    with indexed.reading() as repo:
        document = next(iter(repo.all(Document)))
    from dataclasses import replace

    with second.transaction() as repo:
        repo.reclassify(replace(document, classification=Classification.SECRET), {"to": "secret"})
    reindex(indexed)
    assert second.search.keys() == indexed.search.keys() == _keys(indexed)
    assert _outbox(indexed) == 0
    second.dispose()


_IMPORTER = """
import sys
from pathlib import Path
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import imports
from glienicke.services.access import Forbidden
from glienicke.services.database import Database
from glienicke.services.search import reindex

url, folder, what, corpus = sys.argv[1:5]
db = Database.open(url, search_index=Path(folder))
user = User(username="t", name="T", roles=list(Role))
with acting_as("test:t", "tests", Viewer.of(user)):
    print("started", flush=True)
    if what == "import":
        imports.BATCH = 100  # many transactions, so the kill falls between two of them
        imports.import_paths(db, [Path(corpus)], jobs=1)
    else:
        reindex(db)
        print("rebuilt", flush=True)
        reindex(db, progress=lambda n: print("indexing", n, flush=True))
"""


def _killed_midway(url: str, folder: Path, what: str, corpus: Path) -> None:
    """Run an import or a reindex in a process of its own and kill it (SIGKILL) midway: an
    import once some of its documents are filed, a reindex once its second rebuild has
    written some of its documents."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, url, str(folder), what, str(corpus)],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"started"
    if what == "import":
        watcher = Database.open(url)
        deadline = time.monotonic() + 120
        while not _keys(watcher) and time.monotonic() < deadline:
            time.sleep(0.05)
        watcher.dispose()
    else:
        assert child.stdout.readline().strip() == b"rebuilt"
        assert child.stdout.readline().startswith(b"indexing")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


def _corpus(tmp_path: Path, count: int) -> Path:
    from tests.integration.test_import_batches import _corpus_module

    folder = tmp_path / "corpus"
    _corpus_module().write_text_corpus(folder, count, per_folder=200)
    return folder


def _consistent(url: str, folder: Path) -> tuple[set[str], set[str]]:
    again = Database.open(url, search_index=folder)
    assert again.search is not None
    keys = (again.search.keys(), _keys(again))
    assert _outbox(again) == 0
    again.dispose()
    return keys


def test_kill_9_during_an_import_leaves_no_half_document_and_no_stray_entry(
    indexed: Database, db_url: str, folder: Path, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path, 1_000)
    indexed.dispose()
    _killed_midway(db_url, folder, "import", corpus)
    in_index, on_file = _consistent(db_url, folder)
    assert 0 < len(on_file) < 1_000, "killed midway"
    assert in_index == on_file, "every document on file is indexed, and nothing else"


def test_kill_9_during_a_reindex_leaves_the_index_as_it_was(
    indexed: Database, db_url: str, folder: Path, tmp_path: Path
) -> None:
    from glienicke.services import imports

    imports.import_paths(indexed, [_corpus(tmp_path, 1_200)], jobs=2)
    on_file = _keys(indexed)
    assert len(on_file) == 1_200
    indexed.dispose()
    _killed_midway(db_url, folder, "reindex", tmp_path)
    in_index, still = _consistent(db_url, folder)
    assert still == on_file
    assert in_index == on_file


def test_every_search_test_condition_holds_on_both_engines(indexed: Database, db_url: str) -> None:
    """The embedded index and the database's own find the same documents for the same
    query, filters and viewer (ranks may differ: each engine scores in its own way)."""
    set_up_demo(indexed)
    own = Database(indexed.engine)  # the database's own index of the same documents
    with own.transaction() as repo:
        add_index_rows(repo.session, list(index_rows(repo.session)))
    officer = User(username="officer", name="Officer", roles=[Role.CASE_OFFICER])
    queries: list[tuple[str, dict[str, Any]]] = [
        ("probation", {}),
        ('"Attorney General"', {}),
        ("Katzen*", {}),
        ("release -Gorin", {}),
        ("Gorin", {"kind": ["telegram"]}),
        ("Ivanov", {"year_from": 1964, "year_to": 1964}),
    ]
    for viewer in (None, officer):
        for words, given in queries:

            def both(words: str = words, given: dict[str, Any] = given) -> tuple[Any, Any]:
                a = search_documents(indexed, words, filters_from(**given), limit=50)
                b = search_documents(own, words, filters_from(**given), limit=50)
                return a, b

            if viewer is None:
                a, b = both()
            else:
                with acting_as("test:officer", "tests", Viewer.of(viewer)):
                    a, b = both()
            assert {r["key"] for r in a["results"]} == {r["key"] for r in b["results"]}, words
            assert a["total"] == b["total"], words
            assert (
                a["facets"]["kind"]
                and sorted(map(str, a["facets"]["kind"])) == sorted(map(str, b["facets"]["kind"]))
            ) or a["total"] == 0
    own.dispose()


def test_every_document_a_reader_finds_is_one_they_may_open(indexed: Database) -> None:
    """Search and the document page agree, viewer by viewer, on the embedded index."""
    from glienicke.services.views import show

    set_up_demo(indexed)
    viewers = [
        User(username="officer", name="Officer", roles=[Role.CASE_OFFICER]),
        User(
            username="cleared",
            name="Cleared",
            roles=[Role.READER],
            clearance=Classification.CONFIDENTIAL,
        ),
        User(username="team", name="Team", roles=[Role.READER], groups=["ivanov-team"]),
    ]
    for viewer in viewers:
        with acting_as(f"test:{viewer.username}", "tests", Viewer.of(viewer)):
            seen = 0
            for words in ("release", "Gorin", "Ivanov", "Attorney", "prob*", "telegram"):
                for key in _found(indexed, words):
                    assert show(indexed, "document", key)["document"]["key"] == key, key
                    seen += 1
            assert seen, f"{viewer.username} finds something"
