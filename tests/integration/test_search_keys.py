"""The search finds a document by its key, and the registry lists partial dates newest first in
time order (issue 15, item 18)."""

from __future__ import annotations

from pathlib import Path

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.documents import Document, DocumentKind
from glienicke.services import imports
from glienicke.services import search as searching
from glienicke.services.database import Database
from glienicke.services.records import file_document
from glienicke.store import search as index

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "records"
VOLUME = FIXTURES / "frus1969-76v12-excerpt.xml"


def test_a_documents_key_finds_it_first(db: Database) -> None:
    imports.import_paths(db, [VOLUME])
    found = searching.search_documents(db, "frus1969-76v12-d158")
    assert [r["key"] for r in found["results"]][:1] == ["frus1969-76v12-d158"]
    assert found["total"] >= 1
    # with a filter it does not pass, it is not shown
    telegrams = index.Filters(kinds=frozenset({DocumentKind.TELEGRAM.value}))
    filtered = searching.search_documents(db, "frus1969-76v12-d158", telegrams)
    assert "frus1969-76v12-d158" not in [r["key"] for r in filtered["results"]]
    assert searching.search_documents(db, "no-such-document-1")["results"] == []


def test_newest_first_puts_partial_and_qualified_dates_where_they_belong(db: Database) -> None:
    imports.import_paths(db, [VOLUME])
    asked: dict[str, str] = {}
    for key, day in (
        ("memo-1970-09-01", PartialDate(1970, 9, 1)),
        ("memo-about-1970-04", PartialDate(1970, 4, qualifier=Qualifier.ABOUT)),
        ("memo-1970", PartialDate(1970)),
    ):
        memo = Document(key=key, kind=DocumentKind.MEMORANDUM, title=key, date=day)
        asked[file_document(db, memo).key] = key  # stored with an ending (issue 19)
    listed = searching.list_documents(db, limit=20)
    assert [asked.get(d.key, d.key) for d in listed["documents"]] == [
        "memo-1970-09-01",
        "frus1969-76v12-d903",  # before 15 August 1970
        "frus1969-76v12-d902",  # after 1 July 1970
        "frus1969-76v12-d901",  # June 1970
        "frus1969-76v12-d158",  # 13 May 1970
        "memo-about-1970-04",
        "memo-1970",  # the year alone: from its first day
        "frus1969-76v12-d87",  # 1969
    ]
