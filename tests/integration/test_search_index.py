"""The search index's tags: built by migration 0008 from what is on file, kept up to date when a
document's links change, and the same answers as the rule they encode."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from glienicke.domain.documents import Classification
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import records
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from glienicke.services.search import filters_from, search_documents
from glienicke.store import search as search_index
from glienicke.store.search import fts5_token
from tests.integration.schema import migrate


def _found(db: Database, words: str, **filters: Any) -> list[tuple[str, int]]:
    view = search_documents(db, words, filters_from(**filters))
    return [(r["key"], view["total"]) for r in view["results"]]


QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    ("Gorin", {"case": "gorin"}),
    ("Ivanov", {}),
    ("Ivanov", {"kind": ["letter"], "year_from": 1964}),
    ("release", {"person": "pyk"}),
    ("Katzenbach", {"classification": ["confidential"]}),
]


def test_migration_0008_builds_the_tags_from_what_is_on_file(db: Database) -> None:
    load_demo(db)
    before = [_found(db, words, **filters) for words, filters in QUESTIONS]
    assert all(before[:2]) and before[0] != before[1]
    migrate(db.engine, "0007", down=True)
    try:
        with db.engine.connect() as connection:
            columns = connection.execute(text("SELECT * FROM document_index LIMIT 1")).keys()
            assert "tags" not in list(columns)
    finally:
        migrate(db.engine, "head")
    assert [_found(db, words, **filters) for words, filters in QUESTIONS] == before


def test_the_tags_follow_a_document_linked_to_a_case_later(db: Database) -> None:
    load_demo(db)
    assert _found(db, "Ivanov", case="gorin") == []
    linked = records.link_document(db, "katzenbach-rusk-1964-12-01", "case", "gorin")
    assert "gorin" in linked.cases
    assert [key for key, _n in _found(db, "Ivanov", case="gorin")] == ["katzenbach-rusk-1964-12-01"]


@pytest.mark.parametrize(
    "tag", ["case:gorin-1941", "person:o'neill", "year:1941", "kind:aide-m\u00e9moire"]
)
def test_a_tag_is_one_token_that_survives_stemming_and_no_word_can_equal(tag: str) -> None:
    token = fts5_token(tag)
    assert token.isalnum() and token[-1].isdigit() and token.startswith("tag")
    assert bytes.fromhex(token[3:-1]).decode("utf-8") == tag


def test_a_narrow_viewer_gets_from_the_tags_what_the_rule_allows(db: Database) -> None:
    load_demo(db)
    guest = User(
        username="narrow",
        name="Narrow",
        roles=[Role.AUDITOR],
        clearance=Classification.UNCLASSIFIED,
    )
    with acting_as("cli:narrow", "test", Viewer.of(guest)):
        view = search_documents(db, "Katzenbach", filters_from())
    assert {f["value"] for f in view["facets"]["classification"]} <= {"unclassified"}
    assert "rusk-katzenbach-1964-11-19" not in [r["key"] for r in view["results"]]


def test_a_declassified_document_is_found_under_its_new_level(db: Database) -> None:
    load_demo(db)
    key = "rusk-katzenbach-1964-11-19"
    assert key in [k for k, _n in _found(db, "Ivanov", classification=["confidential"])]
    records.declassify(db, "document", key, "unclassified", on="1999-01-01", authority="review")
    assert key not in [k for k, _n in _found(db, "Ivanov", classification=["confidential"])]
    assert key in [k for k, _n in _found(db, "Ivanov", classification=["unclassified"])]


def test_the_total_is_exact_when_facets_count_only_the_best_matches(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(db)
    everything = search_documents(db, "Ivanov", filters_from())
    assert everything["total"] == everything["facets_counted"] >= 3
    monkeypatch.setattr(search_index, "FACET_DEPTH", 2)
    capped = search_documents(db, "Ivanov", filters_from(), limit=1, offset=1)
    assert capped["total"] == everything["total"] and capped["facets_counted"] == 2
    assert sum(f["count"] for f in capped["facets"]["kind"]) == 2
    assert [r["key"] for r in capped["results"]] == [everything["results"][1]["key"]]
    assert any(piece["match"] for piece in capped["results"][0]["snippet"])


def test_a_prefix_query_gets_its_snippets_from_one_scan(db: Database) -> None:
    load_demo(db)
    view = search_documents(db, "Katzen*", filters_from(), limit=5)
    assert view["total"] >= 2
    for result in view["results"]:
        assert any(p["match"] and p["text"].lower().startswith("katzen") for p in result["snippet"])


def test_a_decimal_file_number_is_found_on_either_engine(db: Database) -> None:
    load_demo(db)
    found = [key for key, _n in _found(db, "311.6121")]
    assert "henderson-welles-1941-02-21" in found
    assert [key for key, _n in _found(db, "311.6121", file="311.6121")] == found


@pytest.mark.parametrize(
    ("year_from", "year_to", "years"),
    [(1964, 1964, {1964}), (1900, 1950, {1941}), (1, 3000, {1941, 1964}), (1965, None, set())],
)
def test_a_year_filter_keeps_the_documents_of_those_years(
    db: Database, year_from: int, year_to: int | None, years: set[int]
) -> None:
    load_demo(db)
    view = search_documents(db, "State", filters_from(year_from=year_from, year_to=year_to))
    assert {int(f["value"]) for f in view["facets"]["year"]} == years


def test_hidden_cases_kept_apart_from_the_engine_find_the_same(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past HIDDEN_IN_ENGINE hidden cases and proposals the rule is a condition on the links,
    not tags in the engine's match: the same matches, totals and facets either way."""
    from glienicke.store import search as index

    load_demo(db)
    outsider = User(
        username="outsider",
        name="Outsider",
        roles=[Role.CASE_OFFICER],
        clearance=Classification.SECRET,
        groups=["gorin-team"],  # not in ivanov-team: Ivanov's case and proposal are hidden
    )
    words = ["Ivanov", "Gorin", "release", "Katzenbach", "telegram", "exchange"]
    with acting_as("cli:outsider", "test", Viewer.of(outsider)):
        inside = [search_documents(db, w, filters_from()) for w in words]
        monkeypatch.setattr(index, "HIDDEN_IN_ENGINE", 0)
        apart = [search_documents(db, w, filters_from()) for w in words]
    assert apart == inside
    assert any(view["total"] for view in inside)
    shown = {r["key"] for view in inside for r in view["results"]}
    assert "rusk-katzenbach-1964-11-19" not in shown
