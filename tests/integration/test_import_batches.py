"""Large imports: several files per transaction, parsing in worker processes, and what happens
when the database refuses a batch."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from glienicke.services import imports
from glienicke.services.database import ConcurrentChange, Database
from glienicke.services.datasets import dump

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "records"


def _corpus_module() -> ModuleType:
    """bench/corpus.py, loaded once per test run (other tests pickle its functions by name)."""
    if "bench_corpus" in sys.modules:
        return sys.modules["bench_corpus"]
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 generated telegrams and memoranda (more than one read-ahead, so workers start), the
    fixture volume and the fixture memorandum."""
    folder = tmp_path_factory.mktemp("corpus")
    _corpus_module().write_text_corpus(folder / "text", 150, per_folder=100)
    shutil.copy(FIXTURES / "volume.xml", folder / "volume.xml")
    shutil.copy(FIXTURES / "memo.txt", folder / "memo.txt")
    return folder


def _documents(db: Database) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads(dump(db, "json")).get("documents", [])
    return documents


def test_workers_file_exactly_what_one_process_files(db: Database, corpus: Path) -> None:
    one = imports.import_paths(db, [corpus], jobs=1)
    alone = _documents(db)
    db.wipe()
    two = imports.import_paths(db, [corpus], jobs=2)
    assert one.filed == two.filed == 150 + 2 + 1  # the volume holds two documents
    assert [f.plain() for f in one.files] == [f.plain() for f in two.files]
    assert _documents(db) == alone


def test_batches_span_files_and_a_second_run_finds_every_file_in_the_ledger(
    db: Database, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transactions: list[int] = []
    real = imports._file

    def counting(repo: Any, batch: list[Any]) -> Any:
        transactions.append(len(batch))
        return real(repo, batch)

    monkeypatch.setattr(imports, "BATCH", 40)
    monkeypatch.setattr(imports, "_file", counting)
    first = imports.import_paths(db, [corpus])
    assert first.filed == 153 and not first.failed
    assert len(transactions) < len(first.files) and max(transactions) > 1
    transactions.clear()
    again = imports.import_paths(db, [corpus])
    assert again.filed == 0 and transactions == []
    assert {f.status for f in again.files} == {"already-imported"}


def test_the_same_file_twice_in_one_import_is_filed_once(db: Database, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        shutil.copy(FIXTURES / "memo.txt", tmp_path / name)
    report = imports.import_paths(db, [tmp_path])
    assert [(f.status, f.filed) for f in report.files] == [
        ("imported", 1),
        ("already-imported", 0),
    ]


def test_a_batch_the_database_refuses_is_filed_file_by_file_and_only_the_culprit_fails(
    db: Database, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = imports._file

    def refusing(repo: Any, batch: list[Any]) -> Any:
        if any(read.path.name == "memo.txt" for read, _parsed in batch):
            raise ConcurrentChange("the change conflicts with another saved at the same moment")
        return real(repo, batch)

    monkeypatch.setattr(imports, "_file", refusing)
    report = imports.import_paths(db, [corpus])
    failed = report.failed
    assert [Path(f.name).name for f in failed] == ["memo.txt"]
    assert "conflicts with another" in failed[0].problems[0]
    assert report.filed == 152 and len(_documents(db)) == 152
    monkeypatch.undo()
    retry = imports.import_paths(db, [corpus / "memo.txt"])
    assert retry.filed == 1 and not retry.failed


def test_an_unexpected_error_while_filing_is_not_swallowed(
    db: Database, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(repo: Any, batch: list[Any]) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "_file", broken)
    with pytest.raises(RuntimeError):
        imports.import_paths(db, [corpus / "memo.txt"])
    assert _documents(db) == []


REPLY = """361.1121 Novotny, K./7: Telegram

The Secretary of State to the Minister in Czechoslovakia (Harlan)

Washington, April 3, 1951, 6 p.m.

88. Your 412, April 2, 7 p.m. Press the Ministry again for a consular visit to Novotny.

Acheson
"""

TELEGRAM = """361.1121 Novotny, K./6: Telegram

The Minister in Czechoslovakia (Harlan) to the Secretary of State

Prague, April 2, {year}, 7 p.m.

412. The Ministry again declined to fix a date for a visit to Novotny.

Harlan
"""


def test_an_open_reference_is_linked_when_its_telegram_arrives_and_not_to_another_year(
    db: Database, tmp_path: Path
) -> None:
    (tmp_path / "reply.txt").write_text(REPLY, encoding="utf-8")
    first = imports.import_paths(db, [tmp_path / "reply.txt"])
    assert first.filed == 1 and not first.failed
    for year in (1949, 1951):
        (tmp_path / f"t{year}.txt").write_text(TELEGRAM.format(year=year), encoding="utf-8")
    imports.import_paths(db, [tmp_path / "t1949.txt"])
    reply = next(d for d in _documents(db) if d.get("telegram_number") == "88")
    assert [r.get("document") for r in reply["references"]] == [None]
    imports.import_paths(db, [tmp_path / "t1951.txt"])
    documents = _documents(db)
    reply = next(d for d in documents if d.get("telegram_number") == "88")
    target = next(
        d["key"] for d in documents if d.get("telegram_number") == "412" and "1951" in d["date"]
    )
    assert [r.get("document") for r in reply["references"]] == [target]
