"""The registry without a query: newest first, the search's filters and the viewer's rule
applied in SQL, paged, and counted up to a cap."""

from __future__ import annotations

from fastapi.testclient import TestClient

from glienicke.domain.documents import Document
from glienicke.services import search as searching
from glienicke.services.database import Database
from glienicke.store.search import Filters


def _all(db: Database) -> list[Document]:
    with db.reading() as repo:
        return repo.all(Document)


def _listed(db: Database, filters: Filters | None = None, **options: int) -> list[str]:
    return [d.key for d in searching.list_documents(db, filters, **options)["documents"]]


def test_the_registry_is_newest_first_and_pages_through_everything(demo: Database) -> None:
    everything = _all(demo)
    first = searching.list_documents(demo, limit=10)
    assert first["total"] == len(everything) and not first["more"]
    pages = [_listed(demo, limit=10, offset=n) for n in range(0, len(everything), 10)]
    keys = [k for page in pages for k in page]
    assert sorted(keys) == sorted(d.key for d in everything)  # each once
    years = [
        d.date.year if d.date else 0 for d in sorted(everything, key=lambda d: keys.index(d.key))
    ]
    dated = [y for y in years if y]
    assert dated == sorted(dated, reverse=True) and years[len(dated) :] == [0] * (
        len(years) - len(dated)
    )


def test_the_registry_applies_the_search_filters(demo: Database) -> None:
    everything = _all(demo)
    telegrams = _listed(demo, Filters(kinds=frozenset({"telegram"})), limit=100)
    assert telegrams and set(telegrams) == {d.key for d in everything if d.kind.value == "telegram"}
    in_1964 = _listed(demo, Filters(year_from=1964, year_to=1964), limit=100)
    assert in_1964 and set(in_1964) == {
        d.key for d in everything if d.date is not None and d.date.year == 1964
    }
    of_gorin = _listed(demo, Filters(case="gorin"), limit=100)
    assert of_gorin and set(of_gorin) == {d.key for d in everything if "gorin" in d.cases}
    capped = searching.list_documents(demo, limit=5, cap=3)
    assert capped["total"] == 3 and capped["more"] and len(capped["documents"]) == 5


def test_the_registry_page_says_how_many_and_pages(negotiator: TestClient, demo: Database) -> None:
    total = len(_all(demo))
    page = negotiator.get("/documents").text
    assert f"{total} documents you may see, newest first" in page
    filtered = negotiator.get("/documents", params={"kind": "telegram"}).text
    assert "you may see with these filters, newest first" in filtered
    assert "/documents/telegram-342-1941-03" in filtered
    assert "/documents/rusk-katzenbach-1964-11-19" not in filtered  # a letter, not a telegram


def test_the_people_list_pages_by_name_and_finds_a_name(demo: Database) -> None:
    from glienicke.domain.people import Person
    from glienicke.services import overview

    with demo.reading() as repo:
        everyone = sorted(repo.all(Person), key=lambda p: (p.name.lower(), p.key))
    first, more = overview.person_rows(demo, limit=5)
    assert more and [p.key for p in first] == [p.key for p in everyone[:5]]
    pages = [overview.person_rows(demo, offset=n, limit=5)[0] for n in range(0, len(everyone), 5)]
    assert [p.key for page in pages for p in page] == [p.key for p in everyone]
    found, more = overview.person_rows(demo, "GORIN")
    assert not more and [p.key for p in found] == [
        p.key for p in everyone if "gorin" in p.name.lower() or "gorin" in p.key
    ]
    assert found and "ussr" in found[0].nationalities


def test_the_people_and_case_lists_page(negotiator: TestClient) -> None:
    people = negotiator.get("/persons", params={"q": "gorin"}).text
    assert "/persons/gorin" in people and "of the people you may see whose name holds" in people
    cases = negotiator.get("/cases").text
    assert "cases you may see." in cases and 'rel="next"' not in cases
