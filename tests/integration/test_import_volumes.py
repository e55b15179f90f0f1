"""Importing real FRUS volumes again from elsewhere, and volumes with one bad document (issue 15,
items 5 and 6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from glienicke.domain.documents import Document
from glienicke.services import imports
from glienicke.services.database import Database
from glienicke.store import bulk
from glienicke.store.tables import ImportedFileRow

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "records"
VOLUME = FIXTURES / "frus1969-76v12-excerpt.xml"


def _filed(db: Database, key: str) -> Document | None:
    with db.reading() as repo:
        return repo.find(Document, key)


def test_the_same_volume_from_another_place_and_header_is_on_file_unchanged(
    db: Database, tmp_path: Path
) -> None:
    first = imports.import_paths(db, [VOLUME])
    assert first.filed == 5 and not first.files[0].problems
    # Another copy, under another name in another folder, whose header has been revised.
    copy = tmp_path / "elsewhere" / "v12.xml"
    copy.parent.mkdir()
    text = VOLUME.read_text(encoding="utf-8")
    copy.write_text(
        text.replace("Soviet Union, January 1969\u2013October 1970", "Soviet Union, 1969-1970"),
        encoding="utf-8",
    )
    again = imports.import_paths(db, [copy])
    (report,) = again.files
    assert report.status == "nothing-new" and report.problems == []
    assert (report.filed, report.on_file) == (0, 5)
    filed = _filed(db, "frus1969-76v12-d87")
    assert filed is not None and filed.imported_from == "frus1969-76v12-excerpt.xml#d87"


def test_a_changed_document_is_still_reported_as_other_content(
    db: Database, tmp_path: Path
) -> None:
    imports.import_paths(db, [VOLUME])
    copy = tmp_path / "v12.xml"
    copy.write_text(
        VOLUME.read_text(encoding="utf-8").replace("about 45 minutes", "about 50 minutes"),
        encoding="utf-8",
    )
    (report,) = imports.import_paths(db, [copy]).files
    assert report.on_file == 4
    (problem,) = report.problems
    assert "frus1969-76v12-d87 is on file with other content" in problem


def test_one_bad_document_is_reported_with_its_place_and_the_rest_are_filed(
    db: Database, tmp_path: Path
) -> None:
    bad = tmp_path / "v12.xml"
    bad.write_text(
        VOLUME.read_text(encoding="utf-8").replace(
            'when="1970-05-13"', 'when="1970-02-30"'
        ),  # d158: a day that does not exist
        encoding="utf-8",
    )
    report = imports.import_paths(db, [bad])
    (file,) = report.files
    assert file.status == "imported" and file.filed == 4
    (problem,) = file.problems
    assert "v12.xml, line " in problem and "(d158)" in problem
    assert "1970-02-30" in problem
    assert _filed(db, "frus1969-76v12-d158") is None
    assert _filed(db, "frus1969-76v12-d901") is not None


def test_an_entity_in_one_document_fails_that_document_only(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "v12.xml"
    text = VOLUME.read_text(encoding="utf-8")
    text = text.replace("The Ambassador raised", "The &ambassador; raised").replace(
        "<TEI ", '<!DOCTYPE TEI [<!ENTITY ambassador "Ambassador">]>\n<TEI ', 1
    )
    bad.write_text(text, encoding="utf-8")
    (file,) = imports.import_paths(db, [bad]).files
    assert file.filed == 4
    (problem,) = file.problems
    assert "(d901)" in problem and "&ambassador;" in problem


def test_a_volume_is_filed_in_parts_and_the_count_is_of_documents(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []
    real = imports._linked

    def watching(kind: str, parsed: list[Any], *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(parsed))
        return real(kind, parsed, *args, **kwargs)

    monkeypatch.setattr(imports, "PART", 2)
    monkeypatch.setattr(imports, "_linked", watching)
    counted: list[int] = []
    report = imports.import_paths(db, [VOLUME], documents=counted.append)
    assert sizes == [2, 2, 1]  # never more than a part held
    (file,) = report.files
    assert (file.status, file.filed, file.problems) == ("imported", 5, [])
    assert sum(counted) == 5 == imports.count_documents([VOLUME])
    with db.reading() as repo:
        ledger = repo.session.execute(select(ImportedFileRow.name, ImportedFileRow.documents))
        assert list(ledger) == [("frus1969-76v12-excerpt.xml", 5)]
    assert imports.import_paths(db, [VOLUME]).files[0].status == "already-imported"


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_store_receives_a_volume_before_its_reader_has_finished(
    db: Database, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """However many worker processes, a volume of more than a part is read in this process as
    it is filed: its documents are never all held at once (a worker would send them back
    together)."""
    events: list[str] = []
    reader, filer = imports.read_volume, bulk.file_documents

    def reading(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for parsed in reader(*args, **kwargs):
            events.append("read")
            yield parsed

    def filing(session: Any, documents: Any, *args: Any, **kwargs: Any) -> None:
        events.append(f"filed {len(documents)}")
        filer(session, documents, *args, **kwargs)

    monkeypatch.setattr(imports, "PART", 2)
    monkeypatch.setattr(imports, "BATCH", 2)
    monkeypatch.setattr(imports, "READ_AHEAD", 1)  # two files: the pool is used with jobs > 1
    monkeypatch.setattr(imports, "read_volume", reading)
    monkeypatch.setattr(bulk, "file_documents", filing)
    report = imports.import_paths(db, [VOLUME, FIXTURES / "memo.txt"], jobs=jobs)
    assert [f.filed for f in report.files] == [5, 1]
    assert events.count("read") == 5
    last_read = len(events) - 1 - events[::-1].index("read")
    assert events.index("filed 2") < last_read  # filing began while the volume was being read


def test_large_files_are_read_a_few_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "READ_BYTES", 250)
    paths = []
    for n, size in enumerate([100, 100, 100, 400, 10]):
        path = tmp_path / f"f{n}.txt"
        path.write_bytes(b"x" * size)
        paths.append(path)
    groups = [[p.name for p in g] for g in imports._read_groups(paths)]
    assert groups == [["f0.txt", "f1.txt"], ["f2.txt"], ["f3.txt"], ["f4.txt"]]
